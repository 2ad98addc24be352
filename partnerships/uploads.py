"""Files sent by visitors: kept out of the public media folder, checked by their content.

A proposal's attachment is stored under PRIVATE_MEDIA_ROOT, which no URL serves: staff download it
through the admin. It gets a random name (the visitor's name for it is kept only as text), and its
type is read from its first bytes (filetype), never from its name.
"""

import os
import uuid
from pathlib import Path

import filetype
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

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


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT (read when used, so settings overrides apply), no URL."""

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
