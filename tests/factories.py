"""Small builders for unit tests: valid objects with only what a test cares about spelled out."""

import datetime
from itertools import count

from django.utils import timezone

from contacts.models import Closure, Office, OpeningHours, PhoneNumber, WorkingDay
from partnerships.models import CityEvent, Initiative, InitiativeKind, PartnerCity, Proposal
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


def make_event(city, sources=(), **fields):
    """A dated step in `city`'s history (a visit unless a test says), citing `sources`."""
    values = {"kind": CityEvent.Kind.VISIT, "date": datetime.date(2019, 5, 1)}
    values.update(fields)
    event = CityEvent.objects.create(city=city, **values)
    if sources:
        event.sources.set(sources)
    return event


def make_office(phones=(), hours=(), **fields):
    n = next(_serial)
    office = Office.objects.create(**{"name": f"Звено {n}", "slug": f"zveno-{n}", **fields})
    for number in phones:
        PhoneNumber.objects.create(office=office, number=number)
    for weekday, opens, closes in hours:
        OpeningHours.objects.create(office=office, weekday=weekday, opens=opens, closes=closes)
    return office


def make_closure(offices=(), **fields):
    """A one-day closure (Christmas Eve 2026 unless a test says), of every office unless
    `offices` are given (contacts.opening: none chosen means all)."""
    values = {"start_date": datetime.date(2026, 12, 24), "reason_bg": "Затворено"}
    values.update(fields)
    closure = Closure.objects.create(**values)
    if offices:
        closure.offices.set(offices)
    return closure


def make_working_day(offices=(), **fields):
    """A working Saturday morning (26.09.2026, 8:30–12:30 unless a test says), of every office
    unless `offices` are given."""
    values = {
        "date": datetime.date(2026, 9, 26),
        "opens": datetime.time(8, 30),
        "closes": datetime.time(12, 30),
        "reason_bg": "Отработване",
    }
    values.update(fields)
    working_day = WorkingDay.objects.create(**values)
    if offices:
        working_day.offices.set(offices)
    return working_day


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
