"""Open data: the directory as CSV and JSON, with a stable, documented field list.

One row per office. The field names and their order are part of the public interface (README,
"Open data"): add fields at the end, never rename or remove one. In the CSV, a cell that starts
like a spreadsheet formula gets a leading single quote (core.open_data): every phone
cell („'+35943198201; +35943198202“) does; the JSON keeps the numbers as they are.
"""

from .hours import group_weekdays

OSM_DAYS = {1: "Mo", 2: "Tu", 3: "We", 4: "Th", 5: "Fr", 6: "Sa", 7: "Su"}
OSM_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

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


def osm_times(intervals):
    return ",".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in intervals)


def osm_date(day, after=None):
    """A date as opening_hours writes it, "2026 Dec 24"; after `after` (the first day of a
    range) only what differs from it: "28", "Dec 02" or the whole date."""
    if after is not None and after.year == day.year:
        if after.month == day.month:
            return f"{day.day:02d}"
        return f"{OSM_MONTHS[day.month - 1]} {day.day:02d}"
    return f"{day.year} {OSM_MONTHS[day.month - 1]} {day.day:02d}"


def opening_hours_osm(hours, changes):
    """Hours in OpenStreetMap's opening_hours syntax: "Mo-Fr 08:30-12:30,13:30-17:30", then the
    dated changes: "2026 Sep 26 08:30-12:30" for a working day, "2026 Dec 24 off" and
    "2026 Dec 24-28 off" for closures. A later rule overrides the earlier ones on its days, so the
    working days follow the week and the closures come last: a closure wins, as on the pages.
    An office without weekly hours gets "" (not known), whatever its dated changes."""
    rules = []
    for group in group_weekdays(hours):
        days = OSM_DAYS[group.first_day]
        if group.last_day != group.first_day:
            days += "-" + OSM_DAYS[group.last_day]
        rules.append(f"{days} {osm_times(group.intervals)}")
    if not rules:
        return ""
    for day in sorted({working_day.date for working_day in changes.working_days}):
        rules.append(f"{osm_date(day)} {osm_times(sorted(changes.hours_on(day)))}")
    for closure in changes.closures:
        dates = osm_date(closure.start_date)
        if closure.end_date != closure.start_date:
            dates += "-" + osm_date(closure.end_date, after=closure.start_date)
        rules.append(f"{dates} off")
    return "; ".join(rules)


def office_record(office, url, changes):
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
        "opening_hours": opening_hours_osm(office.hours.all(), changes),
        "verified_on": office.verified_on.isoformat() if office.verified_on else "",
        "url": url,
    }
