"""Phone numbers: stored in E.164, shown the way the reader dials them.

Parsing and validation are libphonenumber's (the `phonenumbers` port). Its national format splits
a Kazanlak number as "0431 982 01"; the municipality writes "0431/98201". We show geographic
numbers as area code and subscriber number and every other number (mobile, 0700) in
libphonenumber's grouping. Bulgarian pages show a Bulgarian number as it is dialled inside
Bulgaria ("0431 98201"), English pages in international form ("+359 431 98201"): the same
groups without the trunk zero. Both link to the same `tel:+35943198201`. A foreign number is
always international ("+389 33 274 001").
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

DEFAULT_REGION = "BG"


def parse(raw):
    """Return a valid `PhoneNumber` or raise `ValidationError` with a message for staff."""
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("„%(raw)s“ не е телефонен номер."), params={"raw": raw}, code="invalid"
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("„%(raw)s“ не е валиден номер. Пример: 0431 98201 или +359 431 98201."),
            params={"raw": raw},
            code="invalid",
        )
    return number


def to_e164(raw):
    return phonenumbers.format_number(parse(raw), phonenumbers.PhoneNumberFormat.E164)


LOCAL_LANGUAGE = "bg"  # pages in this language show Bulgarian numbers as dialled in Bulgaria


def for_reading(e164, international=None):
    """A stored number as people read it: „0431 98201“ or "+359 431 98201".

    `international` None follows the active language (international on every page but the
    Bulgarian one); True is for readers abroad whatever the language (e.g. a proposal's sender).
    What cannot be read as a number (an old record) is returned as stored.
    """
    if international is None:
        international = (translation.get_language() or LOCAL_LANGUAGE) != LOCAL_LANGUAGE
    try:
        number = phonenumbers.parse(e164, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code != phonenumbers.country_code_for_region(DEFAULT_REGION):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    local = _local_reading(number)
    return f"+{number.country_code} {local.removeprefix('0')}" if international else local


def _local_reading(number):
    """A Bulgarian number as dialled in Bulgaria, with the trunk zero: „0431 98201“."""
    area_length = phonenumbers.length_of_geographical_area_code(number)
    if area_length:
        significant = phonenumbers.national_significant_number(number)
        return f"0{significant[:area_length]} {significant[area_length:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def search_digits(e164):
    """The digits a visitor might type, stored for searching: the national number (43198201)."""
    return phonenumbers.national_significant_number(phonenumbers.parse(e164, DEFAULT_REGION))


def query_digits(query):
    """The digits of a query as they would appear in `search_digits`, or "" if it has too few.

    "0431/98201", "+359 431 98201", "00359 43198201" and "98 201" all lose their country code
    and trunk zero so that they meet the stored national number.
    """
    digits = "".join(c for c in query if c.isdigit())
    for prefix in ("00359", "359"):
        if digits.startswith(prefix) and len(digits) > len(prefix) + 4:
            digits = digits[len(prefix) :]
            break
    digits = digits.lstrip("0")
    return digits if len(digits) >= 3 else ""
