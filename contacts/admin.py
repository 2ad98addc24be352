from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from kazanlak_site.translation_admin import SideBySideTranslationAdmin

from .models import EmailAddress, Office, OpeningHours, PhoneNumber


class PhoneNumberInline(TranslationTabularInline):
    model = PhoneNumber
    extra = 0
    fields = ["kind", "number", "label", "sort_order"]


class EmailAddressInline(TranslationTabularInline):
    model = EmailAddress
    extra = 0
    fields = ["address", "label", "sort_order"]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Office)
class OfficeAdmin(SideBySideTranslationAdmin):
    list_display = ["name", "numbers", "in_footer", "is_published", "sort_order"]
    list_filter = ["in_footer", "is_published"]
    search_fields = ["name_bg", "name_en", "phones__number", "emails__address"]
    inlines = [PhoneNumberInline, EmailAddressInline, OpeningHoursInline]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "description", "is_published", "in_footer", "sort_order"]},
        ),
        (_("Адрес"), {"fields": ["street_address", "postal_code", "locality"]}),
        (_("За служителите"), {"fields": ["internal_note"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("phones")

    @admin.display(description=_("телефони"))
    def numbers(self, office):
        return ", ".join(phone.for_reading for phone in office.phones.all())
