"""Dates and times in the admin as Bulgarian staff write them: „15.09.2026“ and „8:30“.

The input formats themselves are in kazanlak_site/formats/<language>/formats.py (day first, or ISO;
never a slash form, which reads two ways). This module adds what a format cannot: a message that
shows the expected form, a date copied from the site with its „г.“ („15.09.2026 г.“), and times shown
without a leading zero or seconds („8:30“, as the site prints them), which Python's strftime cannot
write portably.

`StaffDatesMixin` goes first in the bases of a ModelAdmin or an inline. It works through
`formfield_for_dbfield` rather than `formfield_overrides`, because a subclass's
`formfield_overrides` replaces its base class's.
"""

import datetime
import re

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

DATE_EXAMPLE = _("Въведете датата във вида дд.мм.гггг, например 15.09.2026.")
TIME_EXAMPLE = _("Въведете часа във вида 8:30.")
NO_SUCH_DATE = _("Няма такава дата: %(value)s.")

DAY_FIRST = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")
YEAR_SUFFIX = re.compile(r"\s*г\.?$")  # „15.09.2026 г.“, as the site's short dates read


def time_for_staff(value):
    """„8:30“; seconds only where there are some, so that saving the form again loses nothing."""
    if value.second or value.microsecond:
        return dateformat.time_format(value, "G:i:s")
    return dateformat.time_format(value, "G:i")


class StaffDateField(forms.DateField):
    default_error_messages = {"invalid": DATE_EXAMPLE}

    def to_python(self, value):
        if isinstance(value, str):
            value = YEAR_SUFFIX.sub("", value.strip())
        try:
            return super().to_python(value)
        except ValidationError as error:
            if isinstance(value, str) and DAY_FIRST.fullmatch(value):  # the form, but 31.02.2026
                raise ValidationError(
                    NO_SUCH_DATE, code="invalid", params={"value": value}
                ) from error
            raise


class StaffTimeField(forms.TimeField):
    default_error_messages = {"invalid": TIME_EXAMPLE}


class StaffSplitDateTimeField(forms.SplitDateTimeField):
    default_error_messages = {"invalid_date": DATE_EXAMPLE, "invalid_time": TIME_EXAMPLE}


class StaffDateWidget(widgets.AdminDateWidget):
    """The admin's date input with its calendar; the picker writes DATE_INPUT_FORMATS[0]."""

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs={"placeholder": _("дд.мм.гггг"), **(attrs or {})}, format=format)


class StaffTimeWidget(widgets.AdminTimeWidget):
    def format_value(self, value):
        if isinstance(value, datetime.time):
            return time_for_staff(value)
        return super().format_value(value)


class StaffSplitDateTimeWidget(widgets.AdminSplitDateTime):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets = [StaffDateWidget(attrs=attrs), StaffTimeWidget(attrs=attrs)]


class StaffDatesMixin:
    """Every date, time and date-time field of the admin form typed the Bulgarian way."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField):
            defaults = {"form_class": StaffSplitDateTimeField, "widget": StaffSplitDateTimeWidget}
        elif isinstance(db_field, models.DateField):
            defaults = {"form_class": StaffDateField, "widget": StaffDateWidget}
        elif isinstance(db_field, models.TimeField):
            defaults = {"form_class": StaffTimeField, "widget": StaffTimeWidget}
        else:
            defaults = {}
        return super().formfield_for_dbfield(db_field, request, **{**defaults, **kwargs})
