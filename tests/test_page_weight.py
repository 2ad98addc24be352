"""The page-weight measure (tests/page_weight.py) that tests/test_public_pages.py applies to every
public page: it counts what a browser downloads, so a page that grows past its budget fails."""

import io
import os
import random
import string

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partnerships.models import PartnerCity
from tests.page_weight import IMAGE_BUDGET, TEXT_BUDGET, compressed_size, page_weight

pytestmark = pytest.mark.django_db
CITY = "/gradove/kochani-makedoniya/"


def noise_jpeg(width, height):
    """A photo of noise: it does not compress, so its size is what a browser downloads."""
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile("snimka.jpg", buffer.getvalue(), content_type="image/jpeg")


def weight(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return page_weight(client, url, response.content.decode())


def test_the_stylesheet_and_the_map_are_counted_with_the_page(client, initial_data):
    html = client.get(CITY).content.decode()
    text, images = weight(client, CITY)
    assert text > compressed_size(html.encode()) + 1024  # the site's CSS comes with it
    assert images > 1024  # the world map the city page draws its marker on (an SVG sprite)


def test_a_page_past_its_text_budget_is_caught(client, initial_data):
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    words = random.Random(1).choices(string.ascii_lowercase, k=120_000)  # compresses to ~70 KB
    city.description_bg = "".join(words)
    city.save()
    text, _images = weight(client, CITY)
    assert text > TEXT_BUDGET


def test_a_page_past_its_image_budget_is_caught(client, initial_data, settings, tmp_path):
    """The largest image of a photo's srcset is counted: the most any screen downloads."""
    settings.MEDIA_ROOT = tmp_path
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    _text, images_before = weight(client, CITY)
    city.image = noise_jpeg(1200, 800)
    city.image_alt_bg = "Шум"
    city.save()
    _text, images = weight(client, CITY)
    assert images > IMAGE_BUDGET
    with city.image.open("rb") as photo:
        assert images - images_before == compressed_size(photo.read())
