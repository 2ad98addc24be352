"""Files sent by visitors: kept out of the public media folder, checked by their content.

A proposal's attachment is stored under PRIVATE_MEDIA_ROOT, which no URL serves: staff download it
through the admin. It gets a random name (the visitor's name for it is kept only as text), and its
type is read from its first bytes (filetype), never from its name.
"""

import os
import uuid
import warnings
from io import BytesIO
from pathlib import Path

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from core.files import OWNER_ONLY_FILE, OWNER_ONLY_FOLDER

ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ALLOWED_ATTACHMENTS = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}
ALLOWED_DESCRIPTION = _("PDF, DOCX, ODT или изображение (JPEG, PNG, WebP)")
PRIVATE_FILE_MODE = OWNER_ONLY_FILE
PRIVATE_FOLDER_MODE = OWNER_ONLY_FOLDER


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT (read when used, so settings overrides apply), no URL.

    They hold senders' personal data: readable by the site's own user only (0600 files in 0700
    folders, whatever the process's umask), as `restore` leaves them too.
    """

    file_permissions_mode = PRIVATE_FILE_MODE
    directory_permissions_mode = PRIVATE_FOLDER_MODE

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None  # url() refuses: these files are not public


def private_storage():
    return PrivateStorage()


def proposal_attachment_path(instance, filename):
    extension = Path(filename).suffix.lower()
    return f"proposals/{uuid.uuid4().hex}{extension}"


def detected_type(uploaded):
    """The MIME type read from the file's first bytes, or None."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def is_real_image(uploaded):
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            image.verify()
        return True
    except Exception:  # any failure to parse means "not an image"
        return False
    finally:
        uploaded.seek(0)


class SizeLimitedUploadHandler(FileUploadHandler):
    """Drops a file as soon as it passes the limit, so a large upload is never stored whole.

    The rest of the request is still parsed, so the visitor's typed fields come back with the
    error; `request.oversized_upload` tells the form which file was dropped.
    """

    def __init__(self, request=None, limit=ATTACHMENT_MAX_BYTES):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.oversized_upload = self.field_name
            raise SkipFile  # Django discards what the other handlers had of this file
        return raw_data

    def file_complete(self, file_size):
        return None


# Photos of cities, uploaded by staff.
IMAGE_MAX_PIXELS = 20_000_000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
}
# Pillow refuses images over twice this and warns over it; we make the warning an error too.
Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS


def _open_image(upload):
    """Open an upload as an image within the limits, or raise ValidationError in plain words."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            image.verify()  # a truncated or fake file fails here
        upload.seek(0)
        image = Image.open(upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("Изображението е твърде голямо: най-много %(mp)s мегапиксела."),
            params={"mp": IMAGE_MAX_PIXELS // 10**6},
        ) from error
    except Exception as error:  # any other failure to read it: not an image we can use
        raise ValidationError(_("Файлът не е изображение или е повреден.")) from error
    if image.format not in IMAGE_FORMATS:
        raise ValidationError(
            _("Позволени са JPEG, PNG и WebP; този файл е %(format)s."),
            params={"format": image.format},
        )
    if image.width * image.height > IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("Изображението е твърде голямо: най-много %(mp)s мегапиксела."),
            params={"mp": IMAGE_MAX_PIXELS // 10**6},
        )
    return image


def check_image(upload):
    """Raise ValidationError unless the upload is an image we accept; leave it as it was found.

    Reading moves the file's position, and Django's own checks read on from there: a small upload
    (kept in memory, no temporary file to reopen) would then look broken.
    """
    try:
        _open_image(upload)
    finally:
        upload.seek(0)


def validate_image(upload):
    if getattr(upload, "_committed", True) and not hasattr(upload, "content_type"):
        return  # a file already stored (and checked) when it was uploaded
    check_image(upload)


def sanitised_image(upload):
    """The upload re-encoded from its pixels: no EXIF, GPS or other metadata; a random name."""
    image = _open_image(upload)
    image.load()  # read the pixels now, whatever reads the upload next
    image_format = image.format
    image = ImageOps.exif_transpose(image)  # keep the photo upright once the EXIF is gone
    buffer = BytesIO()
    options = {
        "JPEG": {"quality": 90, "optimize": True},
        "PNG": {"optimize": True},
        "WEBP": {"quality": 90},
    }
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.save(buffer, image_format, **options[image_format])
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{IMAGE_FORMATS[image_format]}")


def validate_document(upload):
    if getattr(upload, "_committed", True) and not hasattr(upload, "content_type"):
        return
    mime = detected_type(upload)
    if mime not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Документите се публикуват като PDF, DOCX или ODT; този файл не е такъв.")
        )


def document_name(upload, slug):
    """`documents/<random>/<slug>.pdf`: unguessable, yet a readable name when downloaded."""
    extension = DOCUMENT_TYPES[detected_type(upload)]
    return f"{uuid.uuid4().hex}/{slug}.{extension}"


class SafeImageFormField(forms.ImageField):
    """The admin's image field: our limits and their plain-words messages come first (Django's
    own field would only say "not a valid image" about a decompression bomb)."""

    def to_python(self, data):
        if data:
            check_image(data)
        return super().to_python(data)
