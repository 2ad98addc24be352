"""Open data: the directory as CSV and JSON, with a stable, documented field list.

One row per office. The field names and their order are part of the public interface (README,
"Open data"): add fields at the end, never rename or remove one. In the CSV, a cell that starts
like a spreadsheet formula gets a leading single quote (core.open_data): every phone
cell („'+35943198201; +35943198202“) does; the JSON keeps the numbers as they are.
"""

from .hours import group_weekdays

OSM_DAYS = {1: "Mo", 2: "Tu", 3: "We", 4: "Th", 5: "Fr", 6: "Sa", 7: "Su"}

FIELDS = [
    "slug",
    "name_bg",
    "name_en",
    "phones",
    "fax",
    "emails",
    "street_address_bg",
    "street_address_en",
    "postal_code",
    "locality_bg",
    "locality_en",
    "opening_hours",
    "verified_on",
    "url",
]


def opening_hours_osm(hours):
    """Hours in OpenStreetMap's opening_hours syntax: "Mo-Fr 08:30-12:30,13:30-17:30"."""
    rules = []
    for group in group_weekdays(hours):
        days = OSM_DAYS[group.first_day]
        if group.last_day != group.first_day:
            days += "-" + OSM_DAYS[group.last_day]
        times = ",".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in group.intervals)
        rules.append(f"{days} {times}")
    return "; ".join(rules)


def office_record(office, url):
    phones = office.phones.all()
    return {
        "slug": office.slug,
        "name_bg": office.name_bg,
        "name_en": office.name_en or "",
        "phones": [p.number for p in phones if p.kind != "fax"],
        "fax": [p.number for p in phones if p.kind == "fax"],
        "emails": [e.address for e in office.emails.all()],
        "street_address_bg": office.street_address_bg,
        "street_address_en": office.street_address_en or "",
        "postal_code": office.postal_code,
        "locality_bg": office.locality_bg,
        "locality_en": office.locality_en or "",
        "opening_hours": opening_hours_osm(office.hours.all()),
        "verified_on": office.verified_on.isoformat() if office.verified_on else "",
        "url": url,
    }
