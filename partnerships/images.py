"""Smaller copies of a city's photo, made by the site with Pillow, for `srcset`.

Each copy is re-encoded from pixels (so it carries none of the original's metadata) and named
after the original, so that the copies can be found without a database column.
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

THUMBNAIL_WIDTHS = (320, 640, 960)
JPEG_QUALITY = 82


def thumbnail_name(original_name, width):
    path = PurePosixPath(original_name)
    return str(path.parent / "thumbs" / f"{path.stem}-{width}.jpg")


def thumbnail_widths(original_width):
    return [w for w in THUMBNAIL_WIDTHS if w < original_width]


def make_thumbnails(image_field):
    """Write the missing thumbnails of an ImageField's file; returns their names."""
    names = []
    with image_field.open("rb"), Image.open(image_field) as original:
        picture = ImageOps.exif_transpose(original).convert("RGB")
        for width in thumbnail_widths(picture.width):
            name = thumbnail_name(image_field.name, width)
            names.append(name)
            if default_storage.exists(name):
                continue
            height = round(picture.height * width / picture.width)
            buffer = BytesIO()
            picture.resize((width, height), Image.Resampling.LANCZOS).save(
                buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
            )
            default_storage.save(name, ContentFile(buffer.getvalue()))
    return names


def srcset(image_field, original_width):
    """`srcset` text: each thumbnail and the original, with their widths."""
    entries = [
        f"{default_storage.url(thumbnail_name(image_field.name, w))} {w}w"
        for w in thumbnail_widths(original_width)
    ]
    entries.append(f"{image_field.url} {original_width}w")
    return ", ".join(entries)
