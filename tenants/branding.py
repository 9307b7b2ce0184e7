"""Branding assets: the coat of arms checked by content, never by its name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_SIDE_PIXELS = 4096
CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
# Phone cameras write JPEGs with extra MPF data, which Pillow calls MPO: still a JPEG file.
SAME_AS = {"MPO": "JPEG"}


@dataclass(frozen=True)
class CheckedImage:
    content: bytes
    sha256: str
    content_type: str
    extension: str


def coat_of_arms_check(upload: UploadedFile) -> CheckedImage:
    """Accept a PNG, JPEG or WebP image up to the configured size; anything else is refused."""
    limit = settings.GHISEU_LOGO_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("Stema este prea mare (%(size)s KB); se acceptă cel mult %(limit)s KB.")
            % {"size": upload.size // 1024, "limit": limit // 1024},
            code="image_too_large",
        )
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(
            _("Stema este prea mare; se acceptă cel mult %(limit)s KB.") % {"limit": limit // 1024},
            code="image_too_large",
        )
    try:
        with Image.open(BytesIO(content), formats=["PNG", "JPEG", "WEBP"]) as image:
            image_format = SAME_AS.get(image.format or "", image.format or "")
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("Fișierul nu este o imagine PNG, JPEG sau WebP validă."), code="not_an_image"
        ) from None
    if image_format not in settings.GHISEU_LOGO_FORMATS:
        raise ValidationError(_("Se acceptă doar imagini PNG, JPEG sau WebP."), code="image_format")
    if width > MAX_SIDE_PIXELS or height > MAX_SIDE_PIXELS:
        raise ValidationError(
            _("Imaginea depășește %(max)s pixeli pe o latură.") % {"max": MAX_SIDE_PIXELS},
            code="image_dimensions",
        )
    return CheckedImage(
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        content_type=CONTENT_TYPES[image_format],
        extension=EXTENSIONS[image_format],
    )
