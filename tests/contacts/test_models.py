import datetime

import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from contacts import phones
from contacts.hours import group_weekdays
from contacts.models import OpeningHours, PhoneNumber
from partnerships import proposals
from tests import source_facts
from tests.factories import make_office


@pytest.mark.parametrize("raw", source_facts.raw_phone_numbers())
def test_every_number_of_the_source_is_valid_for_libphonenumber(raw):
    assert phonenumbers.is_valid_number(phonenumbers.parse(raw, "BG"))


@pytest.mark.parametrize(
    ("raw", "e164", "reading"),
    [
        ("0431/98201", "+35943198201", "0431 98201"),
        ("0431/98 346", "+35943198346", "0431 98346"),
        ("+359 431 98201", "+35943198201", "0431 98201"),
        ("0 700 400 56", "+35970040056", "0700 40 056"),
        ("0887311884", "+359887311884", "088 731 1884"),
    ],
)
def test_numbers_are_stored_in_e164_and_read_as_people_write_them(raw, e164, reading):
    assert phones.to_e164(raw) == e164
    assert phones.for_reading(e164) == reading


@pytest.mark.parametrize(
    ("e164", "local", "international"),
    [
        ("+35943198201", "0431 98201", "+359 431 98201"),
        ("+35970040056", "0700 40 056", "+359 700 40 056"),
        ("+359887311884", "088 731 1884", "+359 88 731 1884"),
        ("+38933274001", "+389 33 274 001", "+389 33 274 001"),  # foreign: always international
    ],
)
def test_bulgarian_pages_read_numbers_locally_english_ones_internationally(
    e164, local, international
):
    """One formatter (contacts.phones.for_reading) for every page, the footer and the proposals
    inbox: the page's language decides unless the caller asks for the international form."""
    assert phones.for_reading(e164) == local  # tests start in Bulgarian
    with translation.override("en"):
        assert phones.for_reading(e164) == international
    assert phones.for_reading(e164, international=True) == international
    assert proposals.phone_for_reading(e164) == international  # senders are abroad
    assert PhoneNumber(number=e164).tel_uri == f"tel:{e164}"  # the same link in both


def test_what_is_not_a_number_is_shown_as_stored():
    assert phones.for_reading("+999") == "+999"
    assert proposals.phone_for_reading("") == ""


@pytest.mark.parametrize("raw", ["12", "0431/9", "телефон", "+359 1 2"])
def test_an_invalid_number_gets_a_clear_message(raw):
    with pytest.raises(ValidationError) as error:
        phones.to_e164(raw)
    assert raw in error.value.messages[0]


@pytest.mark.django_db
def test_clean_normalises_and_the_database_refuses_what_is_not_e164():
    office = make_office()
    phone = PhoneNumber(office=office, number="0431/98 201")
    phone.full_clean()
    assert phone.number == "+35943198201"
    with pytest.raises(IntegrityError), transaction.atomic():
        PhoneNumber.objects.create(office=office, number="0431/98201")


@pytest.mark.django_db
def test_the_database_refuses_an_empty_interval():
    office = make_office()
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHours.objects.create(office=office, weekday=1, opens="08:00", closes="08:00")


def hours(*rows):
    return [
        OpeningHours(weekday=d, opens=datetime.time(*o), closes=datetime.time(*c))
        for d, o, c in rows
    ]


def test_consecutive_days_with_the_same_hours_are_grouped_with_the_lunch_break():
    rows = [(d, o, c) for d in range(1, 6) for o, c in (((8, 30), (12, 30)), ((13, 30), (17, 30)))]
    groups = group_weekdays(hours(*rows))
    assert len(groups) == 1
    assert groups[0].days_label == "понеделник – петък"
    assert len(groups[0].intervals) == 2


def test_different_days_stay_apart():
    groups = group_weekdays(hours((1, (8, 0), (17, 0)), (2, (8, 0), (17, 0)), (4, (8, 0), (12, 0))))
    assert [g.days_label for g in groups] == ["понеделник – вторник", "четвъртък"]
