"""The closures and extra working days to come as an iCalendar feed (RFC 5545), made with vobject:
`/kontakti/closures.ics` in Bulgarian, `/en/kontakti/closures.ics` in English.

Calendar apps subscribe to it and read it again now and then (REFRESH-INTERVAL): each published
closure or working day that has not ended and that the directory lists (not a working day that a
closure takes back: the pages' rule, contacts.opening) is an all-day event with the reason and the
offices concerned, under a UID that stays the same while the record lives, so an app updates the
event when staff change it and drops it when they delete it or make it a draft. DTSTAMP and
LAST-MODIFIED are the record's last change, so the feed's bytes (and its ETag) change only with
the data and the day.
"""

import datetime
from urllib.parse import urlsplit

import vobject
from dateutil import tz
from django.utils.translation import gettext as _

from .models import Closure, Office, page_of
from .opening import UpcomingChanges
from .text_lines import fold

FILENAME = "obshtina-kazanlak-zatvoreno.ics"
REFRESH = "PT6H"  # how often subscribers should read the feed again


def changes_calendar(today, site_url):
    """The feed's text, in the active language: the closures and working days from `today` on
    that the directory lists (a working day that a closure takes back is left out, as there).
    Three queries: the closures and the working days, each with its offices' ids, and the
    published offices' names."""
    offices = {
        office.pk: office
        for office in Office.objects.published().only("pk", "slug", "name_bg", "name_en")
    }
    records = UpcomingChanges.load(today).listed(today)
    host = urlsplit(site_url).hostname

    calendar = vobject.iCalendar()
    calendar.add("prodid").value = "-//Obshtina Kazanlak//Telefonen ukazatel//BG"
    calendar.add("method").value = "PUBLISH"
    calendar.add("x-wr-calname").value = _("Община Казанлък: неработни и извънредни работни дни")
    calendar.add("x-wr-timezone").value = "Europe/Sofia"
    refresh = calendar.add("refresh-interval")
    refresh.value = REFRESH
    refresh.value_param = "DURATION"
    calendar.add("x-published-ttl").value = REFRESH

    for record in sorted(records, key=lambda record: (record.first_day, event_uid(record, host))):
        chosen = [offices[pk] for pk in sorted(record.office_ids) if pk in offices]
        if record.office_ids and not chosen:
            continue  # only offices that are not published: nothing public changes
        add_event(calendar, event_uid(record, host), record, chosen, site_url)
    return fold(calendar.serialize())


def event_uid(record, host):
    kind = "closure" if isinstance(record, Closure) else "working-day"
    return f"{kind}-{record.pk}@{host}"


def event_summary(record, chosen):
    if isinstance(record, Closure):
        text = _("Затворено: %(reason)s") % {"reason": record.reason}
    else:
        text = _("Отворено %(hours)s: %(reason)s") % {
            "hours": record.hours_label,
            "reason": record.reason,
        }
    return named(text, chosen)


def named(summary, chosen):
    """The offices' names after the summary when there are a few, so that the calendar's own
    list says who: „Затворено: Инвентаризация (ГРАО)“."""
    if chosen and len(chosen) <= 3:
        return f"{summary} ({', '.join(office.name for office in chosen)})"
    return summary


def add_event(calendar, uid, record, chosen, site_url):
    event = calendar.add("vevent")
    event.add("uid").value = uid
    changed = record.changed_at.astimezone(tz.UTC)
    event.add("dtstamp").value = changed
    event.add("last-modified").value = changed
    event.add("dtstart").value = record.first_day
    event.add("dtend").value = record.last_day + datetime.timedelta(days=1)  # exclusive
    event.add("summary").value = event_summary(record, chosen)
    if chosen:
        offices = _("Звена: %(offices)s.") % {"offices": ", ".join(o.name for o in chosen)}
    else:
        offices = _("Всички звена от телефонния указател.")
    event.add("description").value = offices
    event.add("transp").value = "TRANSPARENT"  # an office's day, not the subscriber's busy time
    event.add("url").value = site_url + page_of(chosen)
