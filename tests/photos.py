"""Photos as staff take them: a small PNG drawing, a JPEG and a WebP of real sizes.

Noise does not compress, so these sizes hold on any Pillow; what matters is that the small files
stay in memory when uploaded (under Django's 2.5 MB) and the 1 MB one too.
"""

import io
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw


def drawing_png(size=(480, 320)):
    """About 3 KB: a few flat shapes, as a logo or a map would be."""
    image = Image.new("RGB", size, (155, 27, 74))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 60):
        draw.ellipse((x, 40, x + 40, 80), fill=(255, 200, 0))
    return _encode(image, "PNG", "emblema.png")


def photo_jpeg(size=(560, 440)):
    """About 200 KB."""
    return _encode(_noise(size), "JPEG", "IMG_2041.JPG", quality=85)


def photo_webp(size=(1300, 940)):
    """About 1 MB."""
    return _encode(_noise(size), "WEBP", "ploshtad.webp", quality=90)


def _noise(size):
    return Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))


def _encode(image, fmt, name, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return SimpleUploadedFile(name, buffer.getvalue(), f"image/{fmt.lower()}")


PHOTOS = {"PNG of 3 KB": drawing_png, "JPEG of 200 KB": photo_jpeg, "WebP of 1 MB": photo_webp}
EXPECTED_BYTES = {"PNG of 3 KB": (1_000, 8_000), "JPEG of 200 KB": (150_000, 260_000),
                  "WebP of 1 MB": (800_000, 1_400_000)}  # fmt: skip
