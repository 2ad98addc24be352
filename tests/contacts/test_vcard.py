"""vCards made with vobject, parsed back with vobject."""

import pytest
import vobject
from django.urls import reverse

from contacts.models import Office
from contacts.vcards import office_vcard

pytestmark = pytest.mark.django_db


def parse(response):
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    return list(vobject.readComponents(response.content.decode()))


def test_an_office_card_has_name_numbers_with_types_and_email(client, initial_data):
    """The source gives the technical assistant numbers and an e-mail address but no address of
    its own: the card has none (tests/contacts/test_cards_match_fixtures.py checks every office)."""
    office = Office.objects.get(name_bg="Технически сътрудник на кмета")
    [card] = parse(client.get(reverse("contacts:office_vcard", args=[office.slug])))
    assert card.version.value == "3.0"
    assert card.fn.value == office.name_bg
    assert card.org.value == ["Община Казанлък", office.name_bg]
    tels = {tel.value: tel.params["TYPE"] for tel in card.contents["tel"]}
    assert tels == {"+35943198201": ["WORK", "VOICE"], "+35943198266": ["WORK", "FAX"]}
    assert [e.value for e in card.contents["email"]] == ["mayor@kazanlak.bg"]
    assert "adr" not in card.contents


def test_an_office_with_its_own_address_has_it_on_its_card(client, initial_data):
    office = Office.objects.get(name_bg="Общинска администрация")
    [card] = parse(client.get(reverse("contacts:office_vcard", args=[office.slug])))
    address = card.adr.value
    assert (address.street, address.city, address.code, address.country) == (
        "бул. „Розова долина“ № 6",
        "Казанлък",
        "6100",
        "България",
    )


def test_unticking_part_of_the_municipality_takes_the_municipality_off_the_card(
    client, initial_data
):
    office = Office.objects.get(name_bg="Домашен социален патронаж")
    office.municipal_unit = False
    office.save()
    [card] = parse(client.get(reverse("contacts:office_vcard", args=[office.slug])))
    assert card.org.value == ["Домашен социален патронаж"]


def test_mobiles_are_cells(client, initial_data):
    office = Office.objects.get(name_bg="Общински приют за бездомни кучета")
    [card] = parse(client.get(reverse("contacts:office_vcard", args=[office.slug])))
    assert card.tel.params["TYPE"] == ["WORK", "CELL"]
    assert card.tel.value == "+359887311884"


def test_the_whole_directory_in_one_file_equals_the_database(client, initial_data):
    cards = parse(client.get(reverse("contacts:directory_vcard")))
    assert [c.fn.value for c in cards] == list(Office.objects.values_list("name_bg", flat=True))
    numbers = sorted(t.value for c in cards for t in c.contents.get("tel", []))
    assert numbers == sorted(
        Office.objects.values_list("phones__number", flat=True).exclude(phones__number=None)
    )


def test_english_cards_carry_english_names(client, initial_data):
    cards = parse(client.get("/en" + reverse("contacts:directory_vcard")))
    assert cards[0].fn.value == "Municipal administration"


def test_a_draft_office_has_no_card(client, initial_data):
    office = Office.objects.get(name_bg="ГРАО")
    office.is_published = False
    office.save()
    assert client.get(reverse("contacts:office_vcard", args=[office.slug])).status_code == 404


def unfolded(text):
    return text.replace("\r\n ", "")


@pytest.mark.parametrize(
    ("url", "offices"),
    [
        (reverse("contacts:directory_vcard"), {}),
        (
            reverse("contacts:office_vcard", args=["tsentar-za-informatsiya-i-uslugi"]),
            {"slug": "tsentar-za-informatsiya-i-uslugi"},
        ),
    ],
    ids=["directory", "office"],
)
def test_lines_are_folded_at_75_octets_never_inside_a_letter(client, initial_data, url, offices):
    """At most 75 octets a line (RFC 2425, 5.8.1), not 75 letters: a Cyrillic letter takes two, so
    „Център за информация и услуги на гражданите“ (83 octets after FN:) goes on over two lines.
    Unfolded, the file says what vobject wrote, each line whole UTF-8."""
    response = client.get(url)
    lines = response.content.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75 and lines[-1] == b""
    assert any(line.startswith(b" ") for line in lines)  # some were folded
    text = "\r\n".join(line.decode() for line in lines)  # no letter split between two lines
    cards = Office.objects.published().with_details().filter(**offices)
    assert unfolded(text) == unfolded("".join(office_vcard(card).serialize() for card in cards))
