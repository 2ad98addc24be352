"""The closures and extra working days to come as an iCalendar feed (RFC 5545), made with vobject:
`/kontakti/closures.ics` in Bulgarian, `/en/kontakti/closures.ics` in English.

Calendar apps subscribe to it and read it again now and then (REFRESH-INTERVAL): each published
closure or working day that has not ended is an all-day event with the reason and the offices
concerned, under a UID that stays the same while the record lives, so an app updates the event
when staff change it and drops it when they delete it or make it a draft. DTSTAMP and
LAST-MODIFIED are the record's last change, so the feed's bytes (and its ETag) change only with
the data and the day.
"""

import datetime
from urllib.parse import urlsplit

import vobject
from dateutil import tz
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Closure, Office, WorkingDay

FILENAME = "obshtina-kazanlak-zatvoreno.ics"
REFRESH = "PT6H"  # how often subscribers should read the feed again


def changes_calendar(today, site_url):
    """The feed's text, in the active language: the closures and working days from `today` on.
    Three queries: the closures and the working days, each with its offices' ids, and the
    published offices' names."""
    offices = {
        office.pk: office
        for office in Office.objects.published().only("pk", "slug", "name_bg", "name_en")
    }
    closures = Closure.objects.published().not_ended(today).with_office_ids()
    working_days = WorkingDay.objects.published().not_ended(today).with_office_ids()
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

    events = [
        (closure.first_day, f"closure-{closure.pk}@{host}", closure, closure_summary)
        for closure in closures
    ] + [(w.first_day, f"working-day-{w.pk}@{host}", w, working_summary) for w in working_days]
    for _first_day, uid, record, summary in sorted(events, key=lambda event: event[:2]):
        chosen = [offices[pk] for pk in sorted(record.office_ids) if pk in offices]
        if record.office_ids and not chosen:
            continue  # only offices that are not published: nothing public changes
        add_event(calendar, uid, record, summary(record, chosen), chosen, site_url)
    return fold(calendar.serialize())


def fold(text, octets=75):
    """Content lines of at most 75 octets (RFC 5545, 3.1), never split inside a character.
    vobject counts characters, so a line of 40 Cyrillic letters (80 octets) stays whole: unfold
    its lines and fold them again."""
    lines = []
    for line in text.replace("\r\n ", "").split("\r\n"):
        parts, part, size = [], "", 0
        for char in line:
            width = len(char.encode())
            if size + width > (octets if not parts else octets - 1):  # after the fold's space
                parts.append(part)
                part, size = "", 0
            part += char
            size += width
        parts.append(part)
        lines.append("\r\n ".join(parts))
    return "\r\n".join(lines)


def closure_summary(closure, chosen):
    return named(_("Затворено: %(reason)s") % {"reason": closure.reason}, chosen)


def working_summary(working_day, chosen):
    return named(
        _("Отворено %(hours)s: %(reason)s")
        % {"hours": working_day.hours_label, "reason": working_day.reason},
        chosen,
    )


def named(summary, chosen):
    """The offices' names after the summary when there are a few, so that the calendar's own
    list says who: „Затворено: Инвентаризация (ГРАО)“."""
    if chosen and len(chosen) <= 3:
        return f"{summary} ({', '.join(office.name for office in chosen)})"
    return summary


def add_event(calendar, uid, record, summary, chosen, site_url):
    event = calendar.add("vevent")
    event.add("uid").value = uid
    changed = record.changed_at.astimezone(tz.UTC)
    event.add("dtstamp").value = changed
    event.add("last-modified").value = changed
    event.add("dtstart").value = record.first_day
    event.add("dtend").value = record.last_day + datetime.timedelta(days=1)  # exclusive
    event.add("summary").value = summary
    if chosen:
        offices = _("Звена: %(offices)s.") % {"offices": ", ".join(o.name for o in chosen)}
    else:
        offices = _("Всички звена от телефонния указател.")
    event.add("description").value = offices
    event.add("transp").value = "TRANSPARENT"  # an office's day, not the subscriber's busy time
    path = chosen[0].get_absolute_url() if len(chosen) == 1 else reverse("contacts:directory")
    event.add("url").value = site_url + path
