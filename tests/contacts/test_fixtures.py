"""The contacts fixture holds every phone, e-mail, address and working hours of the source."""

import pytest

from contacts.models import EmailAddress, Office, PhoneNumber, Weekday
from tests import source_facts

pytestmark = pytest.mark.django_db


def test_every_number_of_the_source_and_no_other(initial_data):
    source_numbers = source_facts.phone_numbers()
    assert len(source_numbers) == 12
    assert sorted(PhoneNumber.objects.values_list("number", flat=True)) == sorted(source_numbers)


def test_the_kinds_of_the_special_numbers(initial_data):
    assert PhoneNumber.objects.get(number="+35943198266").kind == "fax"
    assert PhoneNumber.objects.get(number="+35970040056").kind == "hotline"
    for mobile in ("+359887311884", "+359877431220"):
        assert PhoneNumber.objects.get(number=mobile).kind == "mobile"


def test_local_revenue_has_both_of_its_numbers(initial_data):
    office = Office.objects.get(name_bg="Местни приходи")
    assert office.phones.count() == 2


def test_every_email_of_the_source_and_no_other(initial_data):
    assert sorted(EmailAddress.objects.values_list("address", flat=True)) == sorted(
        source_facts.emails()
    )


def test_the_municipalitys_address(initial_data):
    office = Office.objects.get(name_bg="Общинска администрация")
    assert office.postal_code == "6100"
    assert "Розова долина" in office.street_address_bg
    assert office.locality_bg == "Казанлък"
    assert "6100" in source_facts.text() and "Розова Долина" in source_facts.text()


def test_the_three_sets_of_working_hours_monday_to_friday(initial_data):
    hours = source_facts.working_hours()
    assert len(hours) == 3
    weekdays = list(range(Weekday.MONDAY, Weekday.FRIDAY + 1))
    for name, intervals in hours.items():
        office = Office.objects.get(name_bg=name)
        stored = sorted((h.weekday, h.opens, h.closes) for h in office.hours.all())
        assert stored == sorted((day, o, c) for day in weekdays for o, c in intervals), name
        # The text names no days: the record says so where staff will see it.
        assert "понеделник – петък" in office.internal_note
