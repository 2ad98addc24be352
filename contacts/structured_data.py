"""schema.org JSON-LD for the contacts pages: the municipality as a GovernmentOrganization with
its address, opening hours and a ContactPoint per office of its own; an office that is not part of
the municipality (a company, `Office.municipal_unit` unticked) as an Organization of its own.

Only what is known of each office: its numbers, e-mails and hours, and an address only if it has
its own (the municipality's is the GovernmentOrganization's, never put on another office).
"""

import json

from django.utils.translation import gettext as _

from .hours import group_weekdays
from .models import Weekday

SCHEMA_DAYS = {
    Weekday.MONDAY: "Monday",
    Weekday.TUESDAY: "Tuesday",
    Weekday.WEDNESDAY: "Wednesday",
    Weekday.THURSDAY: "Thursday",
    Weekday.FRIDAY: "Friday",
    Weekday.SATURDAY: "Saturday",
    Weekday.SUNDAY: "Sunday",
}

# json.dumps leaves <, > and & as they are; inside <script> they must not close the element.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def opening_hours_specification(hours):
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [SCHEMA_DAYS[day] for day in range(group.first_day, group.last_day + 1)],
            "opens": opens.strftime("%H:%M"),
            "closes": closes.strftime("%H:%M"),
        }
        for group in group_weekdays(hours)
        for opens, closes in group.intervals
    ]


def postal_address(office):
    return {
        "@type": "PostalAddress",
        "streetAddress": office.street_address,
        "postalCode": office.postal_code,
        "addressLocality": office.locality,
        "addressCountry": "BG",
    }


def contact_point(office, url):
    point = {"@type": "ContactPoint", "name": office.name, "contactType": office.name, "url": url}
    voice = [p.number for p in office.phones.all() if p.kind != "fax"]
    fax = [p.number for p in office.phones.all() if p.kind == "fax"]
    emails = [e.address for e in office.emails.all()]
    if voice:
        point["telephone"] = voice[0] if len(voice) == 1 else voice
    if fax:
        point["faxNumber"] = fax[0]
    if emails:
        point["email"] = emails[0] if len(emails) == 1 else emails
    hours = office.hours.all()
    if hours:
        point["hoursAvailable"] = opening_hours_specification(hours)
    return point


def municipality(offices, address_office, build_url):
    """The municipality with a ContactPoint per office in `offices` (its own units).
    `build_url(office)` gives an office's absolute address."""
    data = {
        "@type": "GovernmentOrganization",
        "name": _("Община Казанлък"),
        "contactPoint": [contact_point(office, build_url(office)) for office in offices],
    }
    if address_office is not None:
        data["address"] = postal_address(address_office)
        if address_office.hours.all():
            data["openingHoursSpecification"] = opening_hours_specification(
                address_office.hours.all()
            )
    return data


def organisation(office, url):
    """An office that is not part of the municipality: an Organization of its own, reached
    through its ContactPoint, with its address only if it has one."""
    data = {
        "@type": "Organization",
        "name": office.name,
        "url": url,
        "contactPoint": contact_point(office, url),
    }
    if office.has_address:
        data["address"] = postal_address(office)
    return data


def graph(offices, address_office, build_url):
    """The JSON-LD of a page that shows `offices` (details prefetched): the municipality with its
    units' ContactPoints (left out on the page of a company alone), then each other office."""
    units = [office for office in offices if office.municipal_unit]
    others = [office for office in offices if not office.municipal_unit]
    nodes = [municipality(units, address_office, build_url)] if units or not others else []
    nodes += [organisation(office, build_url(office)) for office in others]
    return {"@context": "https://schema.org", "@graph": nodes}


def as_script_content(data):
    """JSON for a `<script type="application/ld+json">` element (not executed: CSP allows it)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_HTML_SAFE)
