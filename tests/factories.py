"""Small builders for unit tests: valid objects with only what a test cares about spelled out."""

from itertools import count

from django.utils import timezone

from contacts.models import Office, OpeningHours, PhoneNumber
from partnerships.models import Initiative, InitiativeKind, PartnerCity, Proposal
from partnerships.proposals import unused_reference

_serial = count(1)


def make_city(**fields):
    n = next(_serial)
    values = {
        "name": f"Град {n}",
        "slug": f"grad-{n}",
        "country": "FR",
        "since_year": 2000,
        "latitude": "45.00000",
        "longitude": "5.00000",
    }
    values.update(fields)
    return PartnerCity.objects.create(**values)


def make_kind(**fields):
    n = next(_serial)
    return InitiativeKind.objects.create(**{"name": f"Вид {n}", "slug": f"vid-{n}", **fields})


def make_initiative(cities=(), **fields):
    n = next(_serial)
    values = {"title": f"Инициатива {n}", "slug": f"initsiativa-{n}", "date": "2019-05-01"}
    values.update(fields)
    if "kind" not in values:
        values["kind"] = make_kind()
    initiative = Initiative.objects.create(**values)
    initiative.partner_cities.set(cities)
    return initiative


def make_office(phones=(), hours=(), **fields):
    n = next(_serial)
    office = Office.objects.create(**{"name": f"Звено {n}", "slug": f"zveno-{n}", **fields})
    for number in phones:
        PhoneNumber.objects.create(office=office, number=number)
    for weekday, opens, closes in hours:
        OpeningHours.objects.create(office=office, weekday=weekday, opens=opens, closes=closes)
    return office


def make_proposal(**fields):
    """A proposal as the site's form saves it (no history version yet)."""
    values = {
        "reference": unused_reference(),
        "authority_name": "Община Кочани",
        "country": "MK",
        "city": "Кочани",
        "contact_person": "Марија Петровска",
        "email": "marija@kocani.example",
        "message": "Предлагаме съвместен фестивал.",
        "consent_at": timezone.now(),
    }
    values.update(fields)
    return Proposal.objects.create(**values)
