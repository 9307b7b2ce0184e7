"""The demo: ``make demo`` runs ``python -m demo``, the whole platform on one machine, with a
seeded county. It sits outside every app because its seed needs all of them."""
