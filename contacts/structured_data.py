"""schema.org JSON-LD for the contacts pages: the municipality as a GovernmentOrganization with
its address, opening hours and a ContactPoint per office of its own; an office that is not part of
the municipality (a company, `Office.municipal_unit` unticked) as an Organization of its own.

Only what is known of each office: its numbers, e-mails and hours, and an address only if it has
its own (the municipality's is the GovernmentOrganization's, never put on another office).

Closures and extra working days (contacts.opening) are dated OpeningHoursSpecifications, valid
from and through their dates: a closed day opens and closes at 00:00 (what search engines read as
"closed all day"), a working day has its hours. The municipality gives those of its address as
`specialOpeningHoursSpecification`; a ContactPoint, which has no such property, adds each
office's to its `hoursAvailable`, after the weekly hours.
"""

import json

from django.utils.translation import gettext as _

from .hours import group_weekdays
from .models import Closure, Weekday

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


def special_opening_hours_specification(changes, today):
    """An office's closures and working days (HoursChanges) from `today` on, those its pages
    list; a closure that began before today is valid from today."""
    periods = []
    for record in changes.listed(today):
        if isinstance(record, Closure):
            periods.append((max(record.start_date, today), record.end_date, "00:00", "00:00"))
        else:
            periods += [
                (record.date, record.date, f"{o:%H:%M}", f"{c:%H:%M}") for o, c in record.intervals
            ]
    return [
        {
            "@type": "OpeningHoursSpecification",
            "validFrom": start.isoformat(),
            "validThrough": end.isoformat(),
            "opens": opens,
            "closes": closes,
        }
        for start, end, opens, closes in periods
    ]


class Context:
    """What every node of a page needs: each office's absolute address and its dated changes
    (contacts.opening.UpcomingChanges, from `today` on)."""

    def __init__(self, build_url, changes, today):
        self.build_url = build_url
        self.changes = changes
        self.today = today

    def special_hours(self, office):
        """The office's changes as the page worked them out for its status (`for_office` keeps
        them), not again."""
        return special_opening_hours_specification(self.changes.for_office(office.pk), self.today)


def postal_address(office):
    return {
        "@type": "PostalAddress",
        "streetAddress": office.street_address,
        "postalCode": office.postal_code,
        "addressLocality": office.locality,
        "addressCountry": "BG",
    }


def contact_point(office, context):
    url = context.build_url(office)
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
        point["hoursAvailable"] = [
            *opening_hours_specification(hours),
            *context.special_hours(office),
        ]
    return point


def municipality(offices, address_office, context):
    """The municipality with a ContactPoint per office in `offices` (its own units)."""
    data = {
        "@type": "GovernmentOrganization",
        "name": _("Община Казанлък"),
        "contactPoint": [contact_point(office, context) for office in offices],
    }
    if address_office is not None:
        data["address"] = postal_address(address_office)
        if address_office.hours.all():
            data["openingHoursSpecification"] = opening_hours_specification(
                address_office.hours.all()
            )
            special = context.special_hours(address_office)
            if special:
                data["specialOpeningHoursSpecification"] = special
    return data


def organisation(office, context):
    """An office that is not part of the municipality: an Organization of its own, reached
    through its ContactPoint, with its address only if it has one."""
    data = {
        "@type": "Organization",
        "name": office.name,
        "url": context.build_url(office),
        "contactPoint": contact_point(office, context),
    }
    if office.has_address:
        data["address"] = postal_address(office)
    return data


def graph(offices, address_office, build_url, changes, today):
    """The JSON-LD of a page that shows `offices` (details prefetched): the municipality with its
    units' ContactPoints (left out on the page of a company alone), then each other office.
    `build_url(office)` gives an office's absolute address; `changes`
    (contacts.opening.UpcomingChanges) the closures and working days, from `today` on."""
    context = Context(build_url, changes, today)
    units = [office for office in offices if office.municipal_unit]
    others = [office for office in offices if not office.municipal_unit]
    nodes = [municipality(units, address_office, context)] if units or not others else []
    nodes += [organisation(office, context) for office in others]
    return {"@context": "https://schema.org", "@graph": nodes}


def as_script_content(data, ascii_only=False):
    """JSON for a `<script type="application/ld+json">` element (not executed: CSP allows it).
    `ascii_only`: every character beyond ASCII as a \\uXXXX escape, the same data to any reader,
    for text in another language than the page's (a script's text can carry no `lang`)."""
    text = json.dumps(data, ensure_ascii=ascii_only, separators=(",", ":"))
    return text.translate(_HTML_SAFE)
