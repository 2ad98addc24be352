from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from core.bulk import after_bulk_change
from core.translation_admin import ContentAdmin

from .forms import OfficeForm
from .hours import weekly_hours_line
from .models import Closure, EmailAddress, Office, OpeningHours, PhoneNumber, WorkingDay
from .opening import date_range_text


class PhoneNumberInline(TranslationTabularInline):
    model = PhoneNumber
    extra = 0
    fields = ["kind", "number", "label", "sort_order"]


class EmailAddressInline(TranslationTabularInline):
    model = EmailAddress
    extra = 0
    fields = ["address", "label", "sort_order"]


@admin.register(Office)
class OfficeAdmin(ContentAdmin):
    form = OfficeForm  # the week's hours in one textarea, not one inline row per interval
    list_display = [
        "name",
        "numbers",
        "weekly_hours",
        "verified_on",
        "in_footer",
        "is_published",
        "sort_order",
    ]
    list_filter = ["in_footer", "is_published", "municipal_unit", "verified_on"]
    actions = ["mark_verified_today"]
    search_fields = [
        "name_bg",
        "name_en",
        "keywords_bg",
        "keywords_en",
        "phones__number",
        "emails__address",
    ]
    inlines = [PhoneNumberInline, EmailAddressInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "description",
                    "keywords",
                    "municipal_unit",
                    "is_published",
                    "in_footer",
                    "sort_order",
                ]
            },
        ),
        (_("Адрес"), {"fields": ["street_address", "postal_code", "locality"]}),
        (None, {"fields": ["opening_hours"]}),
        (_("За служителите"), {"fields": ["verified_on", "internal_note"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("phones", "hours")

    def reversion_register(self, model, **kwargs):
        """The hours are no inline any more, so django-reversion would not know them: record them
        with their office, as the phones and e-mails are, so that restoring an office restores
        its hours too."""
        if model is Office:
            super().reversion_register(OpeningHours)
            kwargs["follow"] = (*kwargs.get("follow", ()), "hours")
        super().reversion_register(model, **kwargs)

    @admin.action(description=_("Отбележи избраните като проверени днес"))
    def mark_verified_today(self, request, queryset):
        count = queryset.update(verified_on=timezone.localdate())
        after_bulk_change(Office)  # update() skips save() and sends no signals
        self.message_user(
            request, _("Отбелязани като проверени: %(count)d.") % {"count": count}, messages.SUCCESS
        )

    @admin.display(description=_("телефони"))
    def numbers(self, office):
        return ", ".join(phone.for_reading for phone in office.phones.all())

    @admin.display(description=_("работно време"))
    def weekly_hours(self, office):
        return weekly_hours_line(office.hours.all()) or None


class ComingOrPastFilter(admin.SimpleListFilter):
    """Coming (not ended: what the site shows and counts) or past."""

    title = _("кога")
    parameter_name = "when"
    last_day_field = ""

    def lookups(self, request, model_admin):
        return [("coming", _("предстоящи и днешни")), ("past", _("минали"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "coming":
            return queryset.filter(**{f"{self.last_day_field}__gte": today})
        if self.value() == "past":
            return queryset.filter(**{f"{self.last_day_field}__lt": today})
        return queryset


class ClosureWhenFilter(ComingOrPastFilter):
    last_day_field = "end_date"


class WorkingDayWhenFilter(ComingOrPastFilter):
    last_day_field = "date"


class HoursChangeAdmin(ContentAdmin):
    """Closures and working days: dates typed day first („24.12.2026“), the offices chosen from
    the list (none: every office), drafts, and the history like every content record."""

    filter_horizontal = ["offices"]
    search_fields = ["reason_bg", "reason_en", "offices__name_bg"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("offices")

    @admin.display(description=_("звена"))
    def offices_list(self, record):
        return ", ".join(office.name for office in record.offices.all()) or _("всички звена")


@admin.register(Closure)
class ClosureAdmin(HoursChangeAdmin):
    list_display = ["dates", "reason", "offices_list", "is_published"]
    list_filter = [ClosureWhenFilter, "is_published", "offices"]
    date_hierarchy = "start_date"
    ordering = ["-start_date", "-id"]
    fieldsets = [
        (None, {"fields": [("start_date", "end_date"), "reason", "offices", "is_published"]}),
    ]

    @admin.display(description=_("дати"), ordering="start_date")
    def dates(self, closure):
        return date_range_text(closure.start_date, closure.end_date)


@admin.register(WorkingDay)
class WorkingDayAdmin(HoursChangeAdmin):
    list_display = ["date", "hours", "reason", "offices_list", "is_published"]
    list_filter = [WorkingDayWhenFilter, "is_published", "offices"]
    date_hierarchy = "date"
    ordering = ["-date", "-id"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "date",
                    ("opens", "closes"),
                    ("break_starts", "break_ends"),
                    "reason",
                    "offices",
                    "is_published",
                ]
            },
        ),
    ]

    @admin.display(description=_("часове"))
    def hours(self, working_day):
        return working_day.hours_label
