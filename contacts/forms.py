"""The office's admin form: the week's hours typed as people say them, in one field."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .hours import parse_weekly_hours, weekly_hours_text
from .models import OpeningHours


class WeeklyHoursField(forms.CharField):
    """A textarea read by `parse_weekly_hours`; its cleaned value is [(weekday, opens, closes)]."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 60})

    def to_python(self, value):
        return parse_weekly_hours(super().to_python(value))

    def has_changed(self, initial, data):
        """Changed only if the hours differ: „пн–пт 8:30–17:30“ is the same as the prefill
        „понеделник – петък: 8:30–17:30“, so rewording alone neither rewrites the rows nor
        shows as a change in the history."""
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


class OfficeForm(forms.ModelForm):
    """The admin builds its Meta (the model and the fieldsets' fields)."""

    opening_hours = WeeklyHoursField(
        label=_("Работно време"),
        required=False,
        help_text=_(
            "По един ред за група от дни, например „понеделник – петък: 8:30–12:30, 13:30–17:30“, "
            "„пн–пт 8:30–17:30“ или „съб 9:00–13:00“. Час на затваряне преди часа на отваряне "
            "означава, че интервалът продължава след полунощ. Празно поле: без работно време."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "opening_hours" not in self.initial:
            self.initial["opening_hours"] = weekly_hours_text(self.instance.hours.all())

    def _save_m2m(self):
        super()._save_m2m()
        if "opening_hours" in self.changed_data:
            self.replace_hours(self.cleaned_data["opening_hours"])

    def replace_hours(self, intervals):
        """One row per interval, as "open now", JSON-LD, exports and vCards read them. Each row is
        saved and deleted singly, so the page cache and the history (django-reversion) see it."""
        with transaction.atomic():
            for row in self.instance.hours.all():
                row.delete()
            for weekday, opens, closes in intervals:
                OpeningHours.objects.create(
                    office=self.instance, weekday=weekday, opens=opens, closes=closes
                )
