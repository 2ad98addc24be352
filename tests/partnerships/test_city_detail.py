import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pytest_django.asserts import assertContains

from partnerships.models import CityEvent, Document, PartnerCity
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (155, 27, 74)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_photo_gets_thumbnails_and_a_responsive_lazy_image(client, initial_data, media):
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    city.image = jpeg(1200, 800)
    city.image_alt_bg = "Площадът в Кочани"
    city.save()
    thumbs = sorted(p.name for p in (media / "cities" / "thumbs").iterdir())
    assert len(thumbs) == 3
    for width in (320, 640, 960):
        name = next(t for t in thumbs if t.endswith(f"-{width}.jpg"))
        with Image.open(media / "cities" / "thumbs" / name) as thumb:
            assert thumb.size == (width, round(800 * width / 1200))
    content = client.get(city.get_absolute_url()).content.decode()
    [img] = re.findall(r'<img class="record-photo"[^>]+>', content)
    assert 'width="1200"' in img and 'height="800"' in img and 'loading="lazy"' in img
    assert re.search(
        r'srcset="[^"]+-320\.jpg 320w, [^"]+-640\.jpg 640w, [^"]+-960\.jpg 960w, [^"]+ 1200w"', img
    )
    assert 'alt="Площадът в Кочани"' in img


def test_a_small_photo_is_not_enlarged(initial_data, media):
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    city.image = jpeg(500, 300)
    city.save()
    assert [p.name.rsplit("-", 1)[1] for p in (media / "cities" / "thumbs").iterdir()] == [
        "320.jpg"
    ]


def test_facts_history_initiatives_map_and_neighbours(client, initial_data):
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    form = Document.objects.get()
    CityEvent.objects.create(
        city=city, kind="agreement", date="1994-05-12", description_bg="Подписване.", document=form
    )
    initiative = make_initiative(cities=[city], title="Фестивал на розата")
    content = client.get(city.get_absolute_url()).content.decode()
    assert "Побратимен град, активно" in content
    assert "1994 г. — начало на отношенията" in content
    assert "12 май 1994 г. — Споразумение: <span>Подписване.</span>" in content
    assert f'<a href="{initiative.get_absolute_url()}">Фестивал на розата</a>' in content
    assert f'data-slug="{city.slug}"' in content
    assert '<a href="/gradove/sent-erblen-frantsiya/" rel="prev">' in content
    assert '<a href="/gradove/targovishte-rumaniya/" rel="next">' in content


def test_the_first_and_last_cities_have_one_neighbour(client, initial_data):
    first = client.get("/gradove/nadkanizha-ungariya/").content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    last = client.get("/gradove/katsago-san-martino-italiya/").content.decode()
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_open_graph_and_schema_org(client, initial_data):
    response = client.get("/en/gradove/kochani-makedoniya/")
    assertContains(response, '<meta property="og:title" content="Kočani">', html=True)
    assertContains(
        response,
        '<meta property="og:url" content="http://testserver/en/gradove/kochani-makedoniya/">',
        html=True,
    )
    assertContains(response, '<meta property="og:locale" content="en_GB">', html=True)
    [block] = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    data = json.loads(block)
    assert data["@type"] == "City" and data["name"] == "Kočani"
    assert data["containedInPlace"] == {
        "@type": "Country",
        "name": "North Macedonia",
        "identifier": "MK",
    }
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 41.91639, "longitude": 22.41278}
