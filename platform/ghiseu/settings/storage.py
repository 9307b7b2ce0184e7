"""Object storage: S3 when AWS_STORAGE_BUCKET_NAME is set, else the local file system.

Keys always start with the tenant's schema name (see tenants.models.coat_of_arms_key).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from .env import IS_PRODUCTION, IS_TEST, VAR_DIR, env

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

STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        # Hashed, compressed files are collected when the production image is built;
        # elsewhere WhiteNoise serves the source files directly.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
