"""Embedded stand-ins for PostgreSQL and Redis, so a new user needs nothing but Python.

Used only outside production: settings start them when DATABASE_URL / REDIS_URL are unset,
and ``python -m demo`` starts them once for all the demo's processes.
"""
