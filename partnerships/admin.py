from pathlib import Path
from urllib.parse import quote, urlencode

from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.db import models
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

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
    Source,
)
from .uploads import SafeImageFormField

# Slugs are not prepopulated in the browser: the admin's JavaScript transliterates by Russian
# rules. An empty slug is filled on save from Bulgaria's official transliteration (models.clean).


# Staff paste addresses without a scheme; assume https, as Django 6 will. Images get our checks.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}
PHOTO_FIELDS = {**URL_FIELDS_ASSUME_HTTPS, models.ImageField: {"form_class": SafeImageFormField}}


class CityEventInline(StaffDatesMixin, TranslationStackedInline):
    """The city's history, each event with the sources that state it (chosen by typing part of
    a title or publisher; „+“ adds a new source without leaving the page)."""

    model = CityEvent
    extra = 0
    formfield_overrides = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 3})}}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("date", "date_precision"),
                    ("kind", "reference", "marks_start"),
                    "description",
                    "sources",
                    "document",
                ]
            },
        )
    ]
    autocomplete_fields = ["sources", "document"]


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


@admin.register(Source)
class SourceAdmin(StaffDatesMixin, SafeVersionAdmin):
    """Sources are not translated: a title is kept as the source gives it, in its language."""

    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["title", "publisher", "dated", "language", "cited_by_count", "is_published"]
    list_filter = ["is_published", "language"]
    search_fields = ["title", "publisher", "url"]
    ordering = ["title", "id"]  # explicit: Meta.ordering does not apply to the counted list
    autocomplete_fields = ["document"]
    readonly_fields = ["cited_by"]
    fieldsets = [
        (None, {"fields": ["title", "language", "publisher", "date", "is_published"]}),
        (_("Къде се намира"), {"fields": ["url", "document"]}),
        (_("Посочен при"), {"fields": ["cited_by"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cited_by_number=Count("events"))

    @admin.display(description=_("дата"), ordering="date")
    def dated(self, source):
        return date_format(source.date, "SHORT_DATE_FORMAT") if source.date else _("без дата")

    @admin.display(description=_("посочен при"), ordering="cited_by_number")
    def cited_by_count(self, source):
        return source.cited_by_number

    def get_deleted_objects(self, objs, request):
        """Django names the links from events to a source by their table („Cityevent-source
        релация: CityEvent_sources object (1)“): name the events that will no longer cite it."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if counts.pop(CityEvent.sources.through._meta.verbose_name_plural, None) is None:
            return deleted, counts, perms_needed, protected
        sources, source, readable = iter(objs), None, []
        for item in deleted:  # each source, then (a list) what goes with it: its links
            if isinstance(item, list):
                note = _("събитието остава, без този източник")
                item = [
                    format_html("{}: {} — {} ({})", event.city, event.when, event.label, note)
                    for event in source.events.select_related("city")
                ]
            else:
                source = next(sources)
            readable.append(item)
        return readable, counts, perms_needed, protected

    @admin.display(description=_("събития"))
    def cited_by(self, source):
        """The events that cite the source, each linked to its city's page in the admin."""
        events = source.events.select_related("city") if source.pk else []
        if not events:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>: {} — {}</li>',
                (
                    (
                        reverse("admin:partnerships_partnercity_change", args=[event.city_id]),
                        event.city,
                        event.when,
                        event.label,
                    )
                    for event in events
                ),
            ),
        )


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
