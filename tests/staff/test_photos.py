"""Photos through the admin forms, as staff upload them: small files stay in memory, which is
where the checks once moved the read position and broke every upload under 2.5 MB."""

import re

import pytest
from django.urls import reverse

from partnerships.models import Initiative, InitiativeKind, PartnerCity
from tests.admin_forms import city_form
from tests.photos import EXPECTED_BYTES, PHOTOS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def public_photo(client, url):
    content = client.get(url).content.decode()
    [img] = re.findall(r'<img class="record-photo"[^>]+>', content)
    return img


@pytest.mark.parametrize("kind", PHOTOS)
def test_a_city_photo_uploads_through_the_admin_and_shows_with_its_thumbnails(
    cooperation_client, client, initial_data, media, kind
):
    upload = PHOTOS[kind]()
    low, high = EXPECTED_BYTES[kind]
    assert low <= upload.size <= high
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    response = cooperation_client.post(
        reverse("admin:partnerships_partnercity_change", args=[city.pk]),
        city_form(city, image=upload, image_alt_bg="Площадът в Кочани", image_alt_en=""),
    )
    assert response.status_code == 302, re.findall(r"errorlist.*?</ul>", response.content.decode())
    city.refresh_from_db()
    assert (media / city.image.name).stat().st_size > 0

    img = public_photo(client, city.get_absolute_url())
    assert f'src="/media/{city.image.name}"' in img
    assert 'alt="Площадът в Кочани"' in img
    widths = re.findall(r" (\d+)w", img)
    expected = [str(w) for w in (320, 640, 960) if w < city.image_width] + [str(city.image_width)]
    assert widths == expected
    for thumbnail in re.findall(r"/media/(\S+-\d+\.jpg) \d+w", img):
        assert (media / thumbnail).exists()

    english = public_photo(client, "/en" + city.get_absolute_url())
    assert 'alt="Площадът в Кочани" lang="bg"' in english  # the Bulgarian text, marked as such


def test_a_photo_without_a_bulgarian_description_is_refused_and_nothing_is_lost(
    cooperation_client, initial_data, media
):
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    response = cooperation_client.post(
        reverse("admin:partnerships_partnercity_change", args=[city.pk]),
        city_form(
            city, image=PHOTOS["JPEG of 200 KB"](), since_year="1993", image_alt_en="A square"
        ),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Опишете с няколко думи какво се вижда на снимката" in content
    assert 'value="1993"' in content and 'value="A square"' in content  # what was typed stays
    city.refresh_from_db()
    assert not city.image and city.since_year != 1993
    assert not any(media.rglob("*.*"))


def test_an_initiative_carries_a_photo_too(cooperation_client, client, initial_data, media):
    kind = InitiativeKind.objects.first()
    response = cooperation_client.post(
        reverse("admin:partnerships_initiative_add"),
        {
            "title_bg": "Дни на розата в Кочани", "title_en": "", "slug": "", "kind": kind.pk,
            "date": "2026-06-05", "description_bg": "", "description_en": "", "is_published": "on",
            "image": PHOTOS["PNG of 3 KB"](), "image_alt_bg": "Розови венци на сцената",
            "image_alt_en": "Rose garlands on the stage",
        },
    )  # fmt: skip
    assert response.status_code == 302, re.findall(r"errorlist.*?</ul>", response.content.decode())
    initiative = Initiative.objects.get(title_bg="Дни на розата в Кочани")
    assert initiative.image.name.startswith("initiatives/")
    img = public_photo(client, initiative.get_absolute_url())
    assert 'alt="Розови венци на сцената"' in img and "320w" in img
    assert 'alt="Rose garlands on the stage"' in public_photo(
        client, "/en" + initiative.get_absolute_url()
    )


def test_a_photo_cleared_or_its_record_deleted_in_the_admin_leaves_no_file(
    cooperation_client, initial_data, media, django_capture_on_commit_callbacks
):
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    url = reverse("admin:partnerships_partnercity_change", args=[city.pk])
    with django_capture_on_commit_callbacks(execute=True):
        cooperation_client.post(
            url, city_form(city, image=PHOTOS["JPEG of 200 KB"](), image_alt_bg="Площадът")
        )
    city.refresh_from_db()
    assert (media / city.image.name).exists() and any((media / "cities" / "thumbs").iterdir())
    with django_capture_on_commit_callbacks(execute=True):
        response = cooperation_client.post(url, city_form(city, **{"image-clear": "on"}))
    assert response.status_code == 302
    city.refresh_from_db()
    assert not city.image and not any(media.rglob("*.*"))

    kind = InitiativeKind.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        cooperation_client.post(
            reverse("admin:partnerships_initiative_add"),
            {
                "title_bg": "Дни на розата", "title_en": "", "slug": "", "kind": kind.pk,
                "date": "2026-06-05", "description_bg": "", "description_en": "", "is_published": "on",
                "image": PHOTOS["PNG of 3 KB"](), "image_alt_bg": "Розови венци", "image_alt_en": "",
            },
        )  # fmt: skip
    initiative = Initiative.objects.get(title_bg="Дни на розата")
    assert (media / initiative.image.name).exists() and any(media.rglob("*-320.jpg"))
    with django_capture_on_commit_callbacks(execute=True):
        response = cooperation_client.post(
            reverse("admin:partnerships_initiative_changelist"),
            {"action": "delete_selected", "_selected_action": [initiative.pk], "post": "yes"},
        )
    assert response.status_code == 302 and not Initiative.objects.filter(pk=initiative.pk).exists()
    assert not any(media.rglob("*.*"))
