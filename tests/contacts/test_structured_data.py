"""schema.org JSON-LD on the contacts pages, parsed and checked against the database."""

import pytest
from django.urls import reverse

from contacts.models import Office, PhoneNumber
from tests.html_text import json_ld

pytestmark = pytest.mark.django_db


def municipality(response):
    """The GovernmentOrganization of the page's graph (the first node)."""
    data = json_ld(response)
    assert data["@context"] == "https://schema.org"
    return data["@graph"][0]


def test_the_directory_describes_the_municipality(client, initial_data):
    data = municipality(client.get(reverse("contacts:directory")))
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Община Казанлък"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "бул. „Розова долина“ № 6",
        "postalCode": "6100",
        "addressLocality": "Казанлък",
        "addressCountry": "BG",
    }
    hours = {
        (tuple(s["dayOfWeek"]), s["opens"], s["closes"]) for s in data["openingHoursSpecification"]
    }
    weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
    assert hours == {(weekdays, "08:30", "12:30"), (weekdays, "13:30", "17:30")}


def test_a_contact_point_per_office_with_its_numbers(client, initial_data):
    """Each office's ContactPoint: the municipality's units under it, a company under its own
    Organization node."""
    nodes = json_ld(client.get(reverse("contacts:directory")))["@graph"]
    points = nodes[0]["contactPoint"] + [node["contactPoint"] for node in nodes[1:]]
    assert [p["name"] for p in points] == list(Office.objects.values_list("name_bg", flat=True))
    assert all(p["@type"] == "ContactPoint" for p in points)
    listed = []
    for point in points:
        for key in ("telephone", "faxNumber"):
            value = point.get(key, [])
            listed += value if isinstance(value, list) else [value]
    assert sorted(listed) == sorted(PhoneNumber.objects.values_list("number", flat=True))
    mayor = next(p for p in points if p["name"] == "Технически сътрудник на кмета")
    assert mayor["email"] == "mayor@kazanlak.bg" and mayor["faxNumber"] == "+35943198266"


def test_an_office_page_has_its_own_contact_point(client, initial_data):
    office = Office.objects.get(name_bg="Местни приходи")
    [point] = municipality(client.get(office.get_absolute_url()))["contactPoint"]
    assert point["telephone"] == ["+35943198373", "+35943198497"]


def test_text_cannot_break_out_of_the_script_element(client, initial_data):
    Office.objects.filter(name_bg="ГРАО").update(name_bg="</script><b>ГРАО</b>")
    response = client.get(reverse("contacts:directory"))
    assert "</script><b>" not in response.content.decode().split("ld+json")[1].split("</script>")[0]
    assert any(p["name"] == "</script><b>ГРАО</b>" for p in municipality(response)["contactPoint"])
