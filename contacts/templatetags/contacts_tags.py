from django import template

from contacts.hours import group_weekdays

register = template.Library()


@register.filter
def weekday_groups(hours):
    """Group an office's (prefetched) hours into runs of days: see contacts.hours."""
    return group_weekdays(hours)
