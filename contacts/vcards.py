"""vCard 3.0 for an office or the whole directory, made with vobject (importable by phone apps).

A card gives only what is known of its office: its own numbers, e-mails and address (an office
with no address of its own gets none: the municipality's is not put in its place), and
„Община Казанлък“ as its organisation only if it is part of the municipality
(`Office.municipal_unit`): a company such as „Балканинвест“ ЕООД is its own organisation.
"""

import vobject
from django.utils.translation import gettext as _

from .text_lines import fold

# vCard TYPE parameters for our kinds of number.
TEL_TYPES = {
    "phone": ["WORK", "VOICE"],
    "fax": ["WORK", "FAX"],
    "mobile": ["WORK", "CELL"],
    "hotline": ["WORK", "VOICE"],
}


def organisation(office):
    """The card's ORG: the municipality and the office, or the office alone."""
    return [_("Община Казанлък"), office.name] if office.municipal_unit else [office.name]


def office_vcard(office):
    """One card, from the office's prefetched numbers and e-mails."""
    card = vobject.vCard()
    card.add("fn").value = office.name
    card.add("n").value = vobject.vcard.Name(family=office.name)
    card.add("org").value = organisation(office)
    for phone in office.phones.all():
        tel = card.add("tel")
        tel.value = phone.number
        tel.type_paramlist = TEL_TYPES[phone.kind]
    for email in office.emails.all():
        item = card.add("email")
        item.value = email.address
        item.type_paramlist = ["INTERNET", "WORK"]
    if office.has_address:
        adr = card.add("adr")
        adr.value = vobject.vcard.Address(
            street=office.street_address,
            city=office.locality,
            code=office.postal_code,
            country=_("България"),
        )
        adr.type_param = "WORK"
    return card


def vcard_text(office):
    """The office's card as a file holds it, its lines folded at 75 octets (contacts.text_lines)."""
    return fold(office_vcard(office).serialize())


def directory_vcards(offices):
    return "".join(vcard_text(office) for office in offices)
