from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from core.bulk import after_bulk_change
from core.translation_admin import ContentAdmin

from .forms import OfficeForm
from .hours import weekly_hours_line
from .models import EmailAddress, Office, OpeningHours, PhoneNumber


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
