"""Every office's vCard and JSON-LD give what the fixtures know of it, and nothing else (issue 16,
item 5): no municipality's address for an office without its own, no „Община Казанлък“ as the
organisation of a company. Generated over every office of fixtures/contacts.json, compared with
the file itself (not with the database the site reads)."""

import json
from collections import defaultdict
from pathlib import Path

import pytest
import vobject
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.html_text import json_ld

pytestmark = pytest.mark.django_db

ROWS = json.loads((Path(settings.BASE_DIR) / "fixtures" / "contacts.json").read_text())
OFFICES = [row for row in ROWS if row["model"] == "contacts.office"]
DETAILS = defaultdict(lambda: defaultdict(list))  # {office pk: {model: [fields]}}
for row in ROWS:
    if row["model"] != "contacts.office":
        DETAILS[row["fields"]["office"]][row["model"]].append(row["fields"])

TEL_TYPES = {"phone": "VOICE", "hotline": "VOICE", "fax": "FAX", "mobile": "CELL"}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ADMINISTRATION = next(o["fields"] for o in OFFICES if o["fields"]["street_address_bg"])


def by_slug(office):
    return office["fields"]["slug"]


def known(office):
    """What the fixtures say of an office: numbers by kind, e-mails, hours, address."""
    fields, details = office["fields"], DETAILS[office["pk"]]
    phones = sorted(details["contacts.phonenumber"], key=lambda p: p["sort_order"])
    return {
        "name": fields["name_bg"],
        "municipal_unit": fields["municipal_unit"],
        "tels": {p["number"]: TEL_TYPES[p["kind"]] for p in phones},
        "voice": [p["number"] for p in phones if p["kind"] != "fax"],
        "fax": [p["number"] for p in phones if p["kind"] == "fax"],
        "emails": [e["address"] for e in details["contacts.emailaddress"]],
        "hours": {
            (DAYS[h["weekday"] - 1], h["opens"][:5], h["closes"][:5])
            for h in details["contacts.openinghours"]
        },
        "address": (fields["street_address_bg"], fields["locality_bg"], fields["postal_code"])
        if fields["street_address_bg"]
        else None,
    }


def vcard(client, slug, prefix=""):
    with translation.override("bg"):  # the Bulgarian address, whatever the last page's language
        path = reverse("contacts:office_vcard", args=[slug])
    response = client.get(prefix + path)
    [card] = vobject.readComponents(response.content.decode())
    return card


def listed(value):
    return value if isinstance(value, list) else [value]


def hours_of(point):
    return {
        (day, spec["opens"], spec["closes"])
        for spec in point.get("hoursAvailable", [])
        for day in spec["dayOfWeek"]
    }


@pytest.mark.parametrize("office", OFFICES, ids=by_slug)
def test_the_vcard_gives_what_is_known_and_nothing_else(client, initial_data, office):
    facts = known(office)
    card = vcard(client, by_slug(office))
    assert set(card.contents) <= {"version", "fn", "n", "org", "tel", "email", "adr"}
    assert card.fn.value == facts["name"]
    if facts["municipal_unit"]:
        assert card.org.value == ["Община Казанлък", facts["name"]]
    else:
        assert card.org.value == [facts["name"]]
    tels = {tel.value: tel.params["TYPE"] for tel in card.contents.get("tel", [])}
    assert tels == {number: ["WORK", kind] for number, kind in facts["tels"].items()}
    assert [e.value for e in card.contents.get("email", [])] == facts["emails"]
    if facts["address"] is None:
        assert "adr" not in card.contents
    else:
        address = card.adr.value
        assert (address.street, address.city, address.code) == facts["address"]


@pytest.mark.parametrize("office", OFFICES, ids=by_slug)
def test_the_json_ld_gives_what_is_known_and_nothing_else(client, initial_data, office):
    facts = known(office)
    response = client.get(reverse("contacts:office_detail", args=[by_slug(office)]))
    data = json_ld(response)
    assert data["@context"] == "https://schema.org"
    nodes = data["@graph"]
    if facts["municipal_unit"]:
        [municipality] = nodes
        assert municipality["@type"] == "GovernmentOrganization"
        assert municipality["name"] == "Община Казанлък"
        # The municipality's own address, never an office's: the administration's in the source.
        assert municipality["address"]["streetAddress"] == ADMINISTRATION["street_address_bg"]
        [point] = municipality["contactPoint"]
    else:
        [organisation] = nodes
        assert organisation["@type"] == "Organization"
        assert organisation["name"] == facts["name"]
        assert ("address" in organisation) == (facts["address"] is not None)
        assert "Община Казанлък" not in json.dumps(data, ensure_ascii=False)
        point = organisation["contactPoint"]
    assert set(point) <= {
        "@type", "name", "contactType", "url", "telephone", "faxNumber", "email", "hoursAvailable"
    }  # fmt: skip
    assert point["name"] == facts["name"]
    assert listed(point.get("telephone", [])) == facts["voice"]
    assert listed(point.get("faxNumber", [])) == facts["fax"]
    assert listed(point.get("email", [])) == facts["emails"]
    assert hours_of(point) == facts["hours"]


def test_the_directory_names_each_office_once_and_a_company_apart(client, initial_data):
    nodes = json_ld(client.get(reverse("contacts:directory")))["@graph"]
    [municipality, *others] = nodes
    units = [o["fields"]["name_bg"] for o in OFFICES if o["fields"]["municipal_unit"]]
    companies = [o["fields"]["name_bg"] for o in OFFICES if not o["fields"]["municipal_unit"]]
    assert [p["name"] for p in municipality["contactPoint"]] == units
    assert [(o["@type"], o["name"]) for o in others] == [("Organization", n) for n in companies]
    assert companies == ["„Балканинвест“ ЕООД"]


def test_the_whole_directory_file_is_the_offices_cards(client, initial_data):
    response = client.get(reverse("contacts:directory_vcard"))
    cards = list(vobject.readComponents(response.content.decode()))
    assert [card.serialize() for card in cards] == [
        vcard(client, by_slug(office)).serialize() for office in OFFICES
    ]


def test_english_cards_name_the_municipality_in_english_and_no_address_either(client, initial_data):
    assert vcard(client, "grao", prefix="/en").org.value == [
        "Municipality of Kazanlak",
        "Civil registration (GRAO)",
    ]
    assert "adr" not in vcard(client, "priyut-za-kucheta", prefix="/en").contents
    assert vcard(client, "balkaninvest", prefix="/en").org.value == ["Balkaninvest EOOD"]
