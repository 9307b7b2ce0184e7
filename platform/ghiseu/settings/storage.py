"""Object storage: S3 when AWS_STORAGE_BUCKET_NAME is set, else the local file system.

Keys always start with the tenant's schema name (see tenants.models.coat_of_arms_key).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from .env import IS_TEST, REPO_ROOT, VAR_DIR, env

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
# Tests store into a fresh directory per run, so no run sees another's files.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ghiseu-test-media-")) if IS_TEST else VAR_DIR / "media"
if IS_TEST:
    atexit.register(shutil.rmtree, MEDIA_ROOT, True)
MEDIA_URL = "/media/"  # never served directly: every download goes through a view

# Amazon S3 encrypts with KMS; an S3-compatible store without a key service (MinIO on a
# county's own server) takes "" (no header; encrypt its disk instead) or "AES256".
AWS_S3_SERVER_SIDE_ENCRYPTION = env.str("AWS_S3_SERVER_SIDE_ENCRYPTION", default="aws:kms")
# Documents download through 5-minute signed links to the store; off, they stream through
# the application, so a store on a private network never faces browsers.
AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=True)

if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": env.str("AWS_S3_REGION_NAME", default="eu-central-1"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            # "path" for stores reached by a host name of their own (http://minio:9000/bucket)
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            "default_acl": None,
            "querystring_auth": AWS_QUERYSTRING_AUTH,
            "querystring_expire": 300,
            "file_overwrite": False,
            "object_parameters": (
                {"ServerSideEncryption": AWS_S3_SERVER_SIDE_ENCRYPTION}
                if AWS_S3_SERVER_SIDE_ENCRYPTION
                else {}
            ),
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }

STATIC_URL = "/static/"
# Collected files (see STORAGES below); a run of the tests collects into a directory of its own.
STATIC_ROOT = VAR_DIR / "static"
if IS_TEST:
    STATIC_ROOT = Path(tempfile.mkdtemp(prefix="ghiseu-test-static-"))
    atexit.register(shutil.rmtree, STATIC_ROOT, True)
STATICFILES_DIRS = [REPO_ROOT / "platform" / "ghiseu" / "static"]
# Files every client asks for at the root of a site, whatever the pages say (the icon).
WHITENOISE_ROOT = REPO_ROOT / "platform" / "ghiseu" / "static_root"

STORAGES = {
    "default": _default_storage,
    # Everywhere (production, the demo, the tests) static files are collected into
    # STATIC_ROOT under names that carry their content's hash, gzip-compressed beside them;
    # WhiteNoise serves them compressed with a year's caching (a new version has a new name).
    # The production image collects them when it is built, the demo when it starts, the test
    # suite once per run.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
