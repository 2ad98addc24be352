"""Every model that public pages show makes them afresh when it changes, whichever way it
changes: `save()`/`delete()` by themselves, bulk writes through `core.bulk.after_bulk_change()`.

The models are listed from the app registry: a new model of the site's apps fails here until it
says `PUBLIC_CONTENT = True` (public pages show its rows) or `False` (they never do).
"""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError

from contacts.models import Office, PhoneNumber
from core.bulk import after_bulk_change
from core.models import ContentVersion
from partnerships.models import Initiative, InitiativeKind, PartnerCity
from tests.factories import (
    make_closure,
    make_event,
    make_initiative,
    make_proposal,
    make_working_day,
)
from tests.site_search import search_results

pytestmark = pytest.mark.django_db
CITY = "/gradove/kochani-makedoniya/"

PROJECT_MODELS = [
    model
    for config in apps.get_app_configs()
    if Path(config.path).parent == settings.BASE_DIR  # the site's own apps, not Django's
    for model in config.get_models()
]
NOT_PRIVATE = [m for m in PROJECT_MODELS if getattr(m, "PUBLIC_CONTENT", None) is not False]


def label(model):
    return model._meta.label


def version():
    return ContentVersion.objects.get().token


def test_the_site_apps_are_found():
    assert {"core", "partnerships", "contacts"} <= {m._meta.app_label for m in PROJECT_MODELS}
    assert {"Proposal", "PartnerCity", "PhoneNumber"} <= {m.__name__ for m in PROJECT_MODELS}


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=label)
def test_every_model_says_whether_public_pages_show_it(model):
    assert getattr(model, "PUBLIC_CONTENT", None) in (True, False), (
        f"{label(model)}: say PUBLIC_CONTENT = True (public pages show its rows) or"
        " PUBLIC_CONTENT = False (they never do), see core/bulk.py"
    )


@pytest.fixture
def a_row_of_every_model(initial_data):
    """The fixtures have rows of most models; these are the others."""
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    make_initiative(cities=[city])
    make_event(city)
    office = Office.objects.first()
    make_closure(offices=[office], reason_bg="Бъдни вечер")
    make_working_day(offices=[office])


@pytest.mark.parametrize("model", NOT_PRIVATE, ids=label)
def test_saving_or_deleting_any_row_not_declared_private_makes_a_new_version(
    model, a_row_of_every_model
):
    row = model._base_manager.first()
    assert row is not None, f"{label(model)}: add a row to a_row_of_every_model()"
    before = version()
    row.save()
    assert version() != before, f"{label(model)}: a save leaves the cached pages in use"
    for field in model._meta.local_many_to_many:
        before = version()
        getattr(row, field.name).clear()
        assert version() != before, f"{label(model)}.{field.name}: a change leaves the pages"
    assert a_deletion_makes_a_new_version(model), f"{label(model)}: a deletion leaves the pages"


class RollBack(Exception):
    pass


def a_deletion_makes_a_new_version(model):
    """Deletes (and restores) the first row that other rows do not protect."""
    for row in model._base_manager.all():
        before = version()
        try:
            with transaction.atomic():
                row.delete()
                changed = version() != before
                raise RollBack
        except ProtectedError:
            continue
        except RollBack:
            return changed
    pytest.fail(f"{label(model)}: every row is protected; add one to a_row_of_every_model()")


def test_a_proposal_received_leaves_the_cached_pages_in_use(initial_data):
    before = version()
    make_proposal()
    assert version() == before


def test_rows_written_in_bulk_show_on_pages_and_in_search_after_the_bulk_call(client, initial_data):
    assert "Кочани на Брегалница" not in client.get(CITY).content.decode()  # now cached
    assert "0431 99777" not in client.get("/kontakti/grao/").content.decode()
    grao = Office.objects.get(name_bg="ГРАО")
    with transaction.atomic():
        PartnerCity.objects.filter(slug="kochani-makedoniya").update(
            name="Кочани на Брегалница", name_bg="Кочани на Брегалница"
        )
        [festival] = Initiative.objects.bulk_create(
            [
                Initiative(
                    title="Розов фестивал в Кочани",
                    title_bg="Розов фестивал в Кочани",
                    slug="rozov-festival-v-kochani",
                    kind=InitiativeKind.objects.first(),
                    date=datetime.date(2026, 6, 5),
                )
            ]
        )
        festival.partner_cities.through.objects.bulk_create(
            [
                festival.partner_cities.through(
                    initiative_id=festival.pk,
                    partnercity_id=PartnerCity.objects.get(slug="kochani-makedoniya").pk,
                )
            ]
        )
        PhoneNumber.objects.bulk_create([PhoneNumber(office=grao, number="+35943199777")])

        # Until the bulk call: the cached page, and search texts not yet written.
        assert "Кочани на Брегалница" not in client.get(CITY).content.decode()
        assert search_results(client, "брегалница") == {} and search_results(client, "99777") == {}

        after_bulk_change(PartnerCity, Initiative, PhoneNumber)

    page = client.get(CITY).content.decode()
    assert "Кочани на Брегалница" in page and "Розов фестивал в Кочани" in page
    assert "0431 99777" in client.get("/kontakti/grao/").content.decode()
    assert search_results(client, "брегалница")["cities"] == [
        "Кочани на Брегалница (Северна Македония)"
    ]
    assert search_results(client, "rozov festival")["initiatives"] == ["Розов фестивал в Кочани"]
    assert search_results(client, "99777")["offices"] == ["ГРАО"]
