"""The open-data export of the directory: CSV and JSON rows equal to the database."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from contacts import exports
from contacts.models import Office
from tests.html_text import csv_rows

pytestmark = pytest.mark.django_db


def expected_rows():
    rows = []
    for office in Office.objects.published().order_by("sort_order", "name"):
        phones = office.phones.order_by("sort_order", "id")
        rows.append(
            {
                "slug": office.slug,
                "name_bg": office.name_bg,
                "name_en": office.name_en,
                "phones": [p.number for p in phones if p.kind != "fax"],
                "fax": [p.number for p in phones if p.kind == "fax"],
                "emails": list(office.emails.values_list("address", flat=True)),
                "postal_code": office.postal_code,
            }
        )
    return rows


def test_json_export_equals_the_database(client, initial_data):
    data = client.get(reverse("contacts:directory_json")).json()
    assert data["fields"] == exports.FIELDS
    got = [{k: record[k] for k in expected_rows()[0]} for record in data["offices"]]
    assert got == expected_rows()
    administration = data["offices"][0]
    assert administration["opening_hours"] == "Mo-Fr 08:30-12:30,13:30-17:30"
    assert administration["url"] == "http://testserver/kontakti/obshtinska-administratsiya/"


def test_csv_export_equals_the_database(client, initial_data):
    rows = csv_rows(client.get(reverse("contacts:directory_csv")))
    assert len(rows) == len(expected_rows())
    assert list(rows[0]) == exports.FIELDS  # the header, in its order
    for row, expected in zip(rows, expected_rows(), strict=True):
        assert row["slug"] == expected["slug"]
        assert row["name_bg"] == expected["name_bg"]
        assert as_list(row["phones"]) == expected["phones"]
        assert as_list(row["emails"]) == expected["emails"]


def as_list(cell):
    """A list cell as a reuser reads it back (README, "Open data"): one leading quote removed,
    then split at "; "."""
    cell = cell.removeprefix("'")
    return cell.split("; ") if cell else []


def test_phone_numbers_are_text_a_spreadsheet_does_not_run(client, initial_data):
    """„+35943198201“ starts like a formula: the CSV quotes it as text; the JSON keeps it as is."""
    rows = csv_rows(client.get(reverse("contacts:directory_csv")))
    offices = client.get(reverse("contacts:directory_json")).json()["offices"]
    with_phones = [(r, o) for r, o in zip(rows, offices, strict=True) if o["phones"]]
    assert len(with_phones) >= 10
    for row, office in with_phones:
        assert row["phones"].startswith("'+359") and office["phones"][0].startswith("+359")
        assert as_list(row["phones"]) == office["phones"]


@pytest.mark.parametrize(
    "formula", ['=HYPERLINK("http://evil.example","ГРАО")', "@SUM(1+1)", "-1+cmd|' /C calc'!A0"]
)
def test_office_text_that_looks_like_a_formula_is_quoted(client, initial_data, formula):
    Office.objects.create(
        name_bg=formula, slug="formula", street_address_bg=formula, is_published=True
    )
    row = next(
        r for r in csv_rows(client.get(reverse("contacts:directory_csv"))) if r["slug"] == "formula"
    )
    assert row["name_bg"] == row["street_address_bg"] == "'" + formula
    offices = client.get(reverse("contacts:directory_json")).json()["offices"]
    assert next(o for o in offices if o["slug"] == "formula")["name_bg"] == formula


@pytest.mark.parametrize("name", ["contacts:directory_json", "contacts:directory_csv"])
def test_a_client_that_accepts_gzip_gets_the_same_export_compressed(client, initial_data, name):
    url = reverse(name)
    plain = client.get(url)
    compressed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain and compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in compressed["Vary"]
    assert compressed["ETag"] != plain["ETag"]  # two representations, two tags
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compressed["ETag"])
    assert again.status_code == 304


def test_the_field_list_is_the_documented_one():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = readme.split("### Directory export", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
    assert documented == exports.FIELDS


def test_exports_keep_a_fixed_number_of_queries(
    client, initial_data, django_assert_max_num_queries
):
    """Phones, e-mails and hours are prefetched: four queries however many offices (and the
    content version's)."""
    for n in range(50):
        Office.objects.create(name_bg=f"Звено {n}", slug=f"zveno-{n}")
    for name in ("contacts:directory_json", "contacts:directory_csv", "contacts:directory_vcard"):
        with django_assert_max_num_queries(7):
            client.get(reverse(name))
