from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from kazanlak_site.translation_admin import SideBySideTranslationAdmin

from .models import (
    CityEvent,
    Document,
    Initiative,
    InitiativeKind,
    Organisation,
    PageText,
    PartnerCity,
)

# Slugs are not prepopulated in the browser: the admin's JavaScript transliterates by Russian
# rules. An empty slug is filled on save from Bulgaria's official transliteration (models.clean).


# Staff paste addresses without a scheme; assume https, as Django 6 will.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class CityEventInline(TranslationTabularInline):
    model = CityEvent
    extra = 0
    fields = ["date", "kind", "description", "document"]
    autocomplete_fields = ["document"]


@admin.register(PartnerCity)
class PartnerCityAdmin(SideBySideTranslationAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    inlines = [CityEventInline]
    list_display = ["name", "country", "relationship_type", "status", "since_year", "is_published"]
    list_filter = ["relationship_type", "status", "is_published", "country"]
    search_fields = ["name_bg", "name_en", "slug"]
    list_editable = ["is_published"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "country", "is_published", "sort_order"]}),
        (
            _("Отношения"),
            {"fields": ["relationship_type", "status", "since_year", "agreement_date"]},
        ),
        (_("Представяне"), {"fields": ["description", "website", "image", "image_alt"]}),
        (_("Място на картата"), {"fields": ["latitude", "longitude"]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(SideBySideTranslationAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["name", "website", "is_published", "sort_order"]
    list_filter = ["is_published"]
    search_fields = ["name_bg", "name_en", "description_bg", "description_en"]


@admin.register(InitiativeKind)
class InitiativeKindAdmin(SideBySideTranslationAdmin):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name_bg", "name_en"]


@admin.register(Initiative)
class InitiativeAdmin(SideBySideTranslationAdmin):
    list_display = ["title", "kind", "date", "is_published"]
    list_filter = ["kind", "is_published", "date"]
    search_fields = ["title_bg", "title_en", "description_bg", "partner_cities__name_bg"]
    date_hierarchy = "date"
    filter_horizontal = ["partner_cities"]
    list_select_related = ["kind"]


@admin.register(Document)
class DocumentAdmin(SideBySideTranslationAdmin):
    list_display = ["title", "published_on", "has_file", "file_size", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title_bg", "title_en"]
    date_hierarchy = "published_on"

    @admin.display(boolean=True, description=_("качен файл"))
    def has_file(self, document):
        return bool(document.file)


@admin.register(PageText)
class PageTextAdmin(SideBySideTranslationAdmin):
    list_display = ["key"]

    def has_add_permission(self, request):
        # The page has a fixed set of sections; once each exists there is nothing to add.
        return PageText.objects.count() < len(PageText.Key)

    def has_delete_permission(self, request, obj=None):
        return False
