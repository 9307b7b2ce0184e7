"""One UAT out and in: ``uat_export`` writes an archive, ``uat_import`` restores it.

The archive is a plain tar whose last member, ``manifest.json``, lists every other member with
its SHA-256 and size:

- ``schema/<table>.copy.gz``: each table of the UAT's schema, as PostgreSQL ``COPY`` text
  (gzip), read in one REPEATABLE READ snapshot together with the public rows; the schema's
  ``django_migrations`` table is one of them, and the manifest repeats its migration state;
- ``public/<app>.<model>.copy.gz``: the public-schema rows that belong to the UAT (the UAT, its
  domains, its usage, ...), found through the registry each app contributes to
  (``AppConfig.uat_public_rows``, see :mod:`tenants.transfer.registry`);
- ``objects/<key>``: every storage object under ``<schema>/`` (documents, coat of arms), raw.

The import executes no SQL from the archive: it creates the schema from the code's own schema
template (or by migrations up to the archive's state, then forward), loads the rows with
``COPY``, renumbers the public rows, maps references to shared rows (a UAT's offer names a
catalog service by id) through their natural key, and writes the objects, all in one
transaction; anything it refuses or fails on changes nothing.
"""
