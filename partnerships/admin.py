from pathlib import Path
from urllib.parse import quote, urlencode

from django.contrib import admin
from django.db import models
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from core.admin_forms import StaffDatesMixin
from core.history_admin import SafeVersionAdmin
from core.translation_admin import ContentAdmin

from . import proposals
from .models import (
    CityEvent,
    Document,
    Initiative,
    InitiativeKind,
    Organisation,
    PageText,
    PartnerCity,
    Proposal,
)
from .uploads import SafeImageFormField

# Slugs are not prepopulated in the browser: the admin's JavaScript transliterates by Russian
# rules. An empty slug is filled on save from Bulgaria's official transliteration (models.clean).


# Staff paste addresses without a scheme; assume https, as Django 6 will. Images get our checks.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}
PHOTO_FIELDS = {**URL_FIELDS_ASSUME_HTTPS, models.ImageField: {"form_class": SafeImageFormField}}


class CityEventInline(StaffDatesMixin, TranslationTabularInline):
    model = CityEvent
    extra = 0
    fields = ["date", "kind", "description", "document"]
    autocomplete_fields = ["document"]


@admin.register(PartnerCity)
class PartnerCityAdmin(ContentAdmin):
    formfield_overrides = PHOTO_FIELDS
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
class OrganisationAdmin(ContentAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["name", "website", "is_published", "sort_order"]
    list_filter = ["is_published"]
    search_fields = ["name_bg", "name_en", "description_bg", "description_en"]


@admin.register(InitiativeKind)
class InitiativeKindAdmin(ContentAdmin):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name_bg", "name_en"]


@admin.register(Initiative)
class InitiativeAdmin(ContentAdmin):
    list_display = ["title", "kind", "date", "is_published"]
    list_filter = ["kind", "is_published", "date"]
    search_fields = ["title_bg", "title_en", "description_bg", "partner_cities__name_bg"]
    date_hierarchy = "date"
    filter_horizontal = ["partner_cities"]
    list_select_related = ["kind"]
    formfield_overrides = PHOTO_FIELDS
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "date", "partner_cities", "is_published"]}),
        (_("Описание и снимка"), {"fields": ["description", "image", "image_alt"]}),
    ]


@admin.register(Document)
class DocumentAdmin(ContentAdmin):
    list_display = ["title", "published_on", "has_file", "file_size", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title_bg", "title_en"]
    date_hierarchy = "published_on"

    @admin.display(boolean=True, description=_("качен файл"))
    def has_file(self, document):
        return bool(document.file)


@admin.register(PageText)
class PageTextAdmin(ContentAdmin):
    list_display = ["key"]

    def has_add_permission(self, request):
        # The page has a fixed set of sections; once each exists there is nothing to add.
        return super().has_add_permission(request) and PageText.objects.count() < len(PageText.Key)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(SafeVersionAdmin):
    """The inbox: new proposals first; staff set the status and keep an internal note."""

    list_display = [
        "reference",
        "authority_name",
        "country",
        "city",
        "created_at",
        "status",
        "email_ok",
    ]
    list_filter = ["status", "country", "created_at"]
    search_fields = ["reference", "authority_name", "city", "contact_person", "email", "other_area"]
    date_hierarchy = "created_at"
    ordering = [
        models.Case(models.When(status="new", then=0), default=1).asc(),
        "-created_at",
    ]  # new first
    fields = [
        "reference", "status", "internal_note", "created_at", "reply_by", "closed_at", "authority_name", "country",
        "city", "contact_person", "email_link", "phone_number", "areas_list", "message", "attachment_link",
        "language_name",
        "consent_at", "staff_mail", "confirmation_mail", "email_error",
    ]  # fmt: skip
    readonly_fields = [f for f in fields if f not in ("status", "internal_note")]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("areas")
        return queryset.annotate(**proposals.mail_annotations())

    def has_add_permission(self, request):
        return False  # proposals arrive through the site's form

    @admin.display(boolean=True, description=_("писмата"))
    def email_ok(self, proposal):
        """Both delivered; something failed (see the proposal); or still waiting (neither)."""
        delivered = (proposal.staff_delivered or proposal.staff_notified) and (
            proposal.confirmation_delivered or proposal.confirmation_sent
        )
        if delivered:
            return True
        return False if proposal.mail_failed or proposal.email_error else None

    @admin.display(description=_("писмо до служителите"))
    def staff_mail(self, proposal):
        return proposals.mail_state(proposal, "staff")

    @admin.display(description=_("потвърждение до подателя"))
    def confirmation_mail(self, proposal):
        return proposals.mail_state(proposal, "confirmation")

    @admin.display(description=_("електронна поща"))
    def email_link(self, proposal):
        """Answering starts a message with the proposal's reference as its subject."""
        subject = urlencode({"subject": proposal.reference}, quote_via=quote)
        return format_html('<a href="mailto:{}?{}">{}</a>', proposal.email, subject, proposal.email)

    @admin.display(description=_("телефон"))
    def phone_number(self, proposal):
        return proposals.phone_for_reading(proposal.phone) or "—"

    @admin.display(description=_("език"))
    def language_name(self, proposal):
        return proposals.language_name(proposal.language)

    @admin.display(description=_("области на сътрудничество"))
    def areas_list(self, proposal):
        return proposals.areas_for_reading(proposal)

    @admin.display(description=_("обещан отговор до"))
    def reply_by(self, proposal):
        """The day the sender was told to expect an answer by (PROPOSAL_REPLY_DAYS)."""
        return date_format(proposals.reply_by(proposal), "DATE_FORMAT")

    @admin.display(description=_("прикачен файл"))
    def attachment_link(self, proposal):
        if not proposal.attachment:
            return "—"
        url = reverse("admin:partnerships_proposal_attachment", args=[proposal.pk])
        return format_html('<a href="{}">{}</a>', url, proposal.attachment_name or _("изтегляне"))

    def get_urls(self):
        attachment = self.admin_site.admin_view(self.download_attachment)
        return [
            path("<int:pk>/attachment/", attachment, name="partnerships_proposal_attachment"),
            *super().get_urls(),
        ]

    def download_attachment(self, request, pk):
        """Attachments live outside the public media: only staff who may see proposals get them."""
        proposal = get_object_or_404(Proposal, pk=pk)
        if not self.has_view_permission(request, proposal) or not proposal.attachment:
            raise Http404
        name = f"{proposal.reference}{Path(proposal.attachment.name).suffix}"
        response = FileResponse(proposal.attachment.open("rb"), as_attachment=True, filename=name)
        response["X-Content-Type-Options"] = "nosniff"
        return response
