"""vCard 3.0 for an office or the whole directory, made with vobject (importable by phone apps)."""

import vobject
from django.utils.translation import gettext as _

# vCard TYPE parameters for our kinds of number.
TEL_TYPES = {
    "phone": ["WORK", "VOICE"],
    "fax": ["WORK", "FAX"],
    "mobile": ["WORK", "CELL"],
    "hotline": ["WORK", "VOICE"],
}


def office_vcard(office, address_office=None):
    """One card. Offices without their own address get the municipality's (`address_office`)."""
    card = vobject.vCard()
    card.add("fn").value = office.name
    card.add("n").value = vobject.vcard.Name(family=office.name)
    card.add("org").value = [_("Община Казанлък"), office.name]
    for phone in office.phones.all():
        tel = card.add("tel")
        tel.value = phone.number
        tel.type_paramlist = TEL_TYPES[phone.kind]
    for email in office.emails.all():
        item = card.add("email")
        item.value = email.address
        item.type_paramlist = ["INTERNET", "WORK"]
    source = office if office.has_address else address_office
    if source is not None and source.has_address:
        adr = card.add("adr")
        adr.value = vobject.vcard.Address(
            street=source.street_address,
            city=source.locality,
            code=source.postal_code,
            country=_("България"),
        )
        adr.type_param = "WORK"
    return card


def directory_vcards(offices, address_office=None):
    return "".join(office_vcard(office, address_office).serialize() for office in offices)
