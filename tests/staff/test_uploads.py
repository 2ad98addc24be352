"""Uploads staff make: verified images without metadata under random names, documents checked by
content, and no file left behind when replaced or deleted."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from partnerships import uploads
from partnerships.models import Document, PartnerCity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg_with_gps(width=800, height=600):
    image = Image.new("RGB", (width, height), (155, 27, 74))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    gps = {1: "N", 2: (42.0, 37.0, 0.0), 3: "E", 4: (25.0, 24.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("IMG_2041.jpg", buffer.getvalue(), "image/jpeg")


def image_file(fmt, size=(60, 40), name=None, mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, fmt)
    return SimpleUploadedFile(
        name or f"picture.{fmt.lower()}", buffer.getvalue(), f"image/{fmt.lower()}"
    )


def save_city_image(upload):
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    city.image = upload
    city.image_alt_bg = "Изглед към града"
    city.full_clean()
    city.save()
    return city


def test_a_photo_loses_its_metadata_and_gets_a_random_name(initial_data, media):
    original = jpeg_with_gps()
    with Image.open(original) as check:
        assert check.getexif().get(0x8825)  # the upload does carry GPS
    original.seek(0)
    city = save_city_image(original)
    assert city.image.name.startswith("cities/") and "IMG_2041" not in city.image.name
    assert len(city.image.name.removeprefix("cities/").removesuffix(".jpg")) == 32
    with Image.open(media / city.image.name) as stored:
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info
        assert stored.size == (800, 600)


BAD_IMAGES = [
    (lambda: image_file("GIF"), "Позволени са JPEG, PNG и WebP"),
    (
        lambda: SimpleUploadedFile("photo.jpg", b"not an image at all", "image/jpeg"),
        "не е изображение",
    ),
    (lambda: image_file("PNG", size=(5000, 4100), mode="1"), "най-много 20 мегапиксела"),  # 20.5 MP
    (
        lambda: image_file("PNG", size=(7000, 7000), mode="1"),
        "най-много 20 мегапиксела",
    ),  # a bomb: 49 MP
]


@pytest.mark.parametrize(("upload", "message"), BAD_IMAGES)
def test_bad_images_are_refused_with_a_clear_message(upload, message):
    with pytest.raises(ValidationError) as error:
        uploads.validate_image(upload())
    assert message in " ".join(error.value.messages)


@pytest.mark.parametrize(("upload", "message"), BAD_IMAGES)
def test_the_admin_says_so_and_saves_nothing(
    cooperation_client, initial_data, media, upload, message
):
    from django.urls import reverse

    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    data = {
        "name_bg": city.name_bg, "name_en": city.name_en, "slug": city.slug, "country": "MK",
        "relationship_type": "twinned", "status": "active", "since_year": "1994", "is_published": "on",
        "sort_order": "1", "latitude": "41.91639", "longitude": "22.41278", "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0", "image": upload(),
    }  # fmt: skip
    response = cooperation_client.post(
        reverse("admin:partnerships_partnercity_change", args=[city.pk]), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    city.refresh_from_db()
    assert not city.image and not any(media.rglob("*.*"))


def test_the_pillow_limit_is_the_sites(settings):
    assert Image.MAX_IMAGE_PIXELS == uploads.IMAGE_MAX_PIXELS == 20_000_000


def test_a_replaced_photo_and_its_thumbnails_do_not_linger(
    initial_data, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        city = save_city_image(image_file("PNG", size=(1000, 700)))
    first = media / city.image.name
    thumbs = list((media / "cities" / "thumbs").iterdir())
    assert first.exists() and len(thumbs) == 3
    with django_capture_on_commit_callbacks(execute=True):
        city = save_city_image(image_file("JPEG", size=(700, 500)))
    assert not first.exists() and not any(t.exists() for t in thumbs)
    assert (media / city.image.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        PartnerCity.objects.filter(pk=city.pk).delete()  # as the admin's "delete selected" does
    assert not any((media / "cities").rglob("*.*"))


@pytest.mark.django_db(transaction=True)  # real commits and a real rollback
def test_a_replaced_photo_goes_only_once_the_change_commits(initial_data, media):
    city = save_city_image(image_file("PNG", size=(1000, 700)))
    first = media / city.image.name
    thumbs = sorted((media / "cities" / "thumbs").iterdir())
    assert first.exists() and len(thumbs) == 3

    with pytest.raises(RuntimeError), transaction.atomic():
        save_city_image(image_file("JPEG", size=(700, 500)))
        raise RuntimeError("a later step of the same change fails: it is all rolled back")
    city.refresh_from_db()
    assert media / city.image.name == first  # the page still shows the first photo...
    assert first.exists() and all(t.exists() for t in thumbs)  # ...and it is all there

    with transaction.atomic():
        city = save_city_image(image_file("JPEG", size=(700, 500)))
        assert first.exists() and all(t.exists() for t in thumbs)  # others still see it
    assert not first.exists() and not any(t.exists() for t in thumbs)
    assert (media / city.image.name).exists()


def pdf(name="formulyar.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "application/pdf")


def test_documents_are_checked_by_content_and_named_unguessably(
    initial_data, media, django_capture_on_commit_callbacks
):
    document = Document.objects.get()
    document.file = SimpleUploadedFile(
        "formulyar.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf"
    )
    with pytest.raises(ValidationError, match="PDF, DOCX или ODT"):
        document.full_clean()
    document.file = pdf("Formulyar FINAL (2).pdf")
    document.full_clean()
    with django_capture_on_commit_callbacks(execute=True):
        document.save()
    directory, name = document.file.name.removeprefix("documents/").split("/")
    assert len(directory) == 32 and name == "formulyar-za-satrudnichestvo.pdf"
    assert document.file_size == len(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    first = media / document.file.name
    document.file = pdf()
    with django_capture_on_commit_callbacks(execute=True):
        document.save()
    assert not first.exists() and (media / document.file.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not (media / document.file.name).exists()
