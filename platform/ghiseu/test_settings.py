"""Settings for the test suite: the normal settings in the ``test`` profile.

A separate module (not ghiseu.settings.test) because importing a submodule of ghiseu.settings
would first run the package in its default profile and start the development database.
"""

import os

os.environ["DJANGO_ENV"] = "test"

from ghiseu.settings import *  # noqa: F403

# Hashing passwords slowly is the point in production and a waste in tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The suites of other features sign their administrators in with a password alone; the
# two-factor suites switch enforcement on (accounts/tests, tests/e2e/test_two_factor.py).
GHISEU_TWO_FACTOR_ENFORCED = False
