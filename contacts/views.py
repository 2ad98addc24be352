from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView, View

from core.drafts import DraftPreviewMixin
from core.open_data import OpenDataExportView
from core.search import clean_query

from . import calendar, exports, structured_data, vcards
from .models import Office, main_address_among
from .opening import UpcomingChanges, describe, opening_status, seconds_until_midnight

# Pages that show "open now" are cached at most this long, and never past the next change.
MAX_STATUS_CACHE_SECONDS = 300


def seconds_until_first_change(statuses, now):
    """How long a page may be kept: until the first of its offices opens or closes, and at most
    until midnight, when "tomorrow" becomes "today" and the notices of the day that ended go."""
    waits = [
        status.seconds_until_change(now) for status in statuses if status and status.next_change
    ]
    return min([MAX_STATUS_CACHE_SECONDS, seconds_until_midnight(now), *waits])


class OfficesMixin:
    """Published offices with their details (numbers, e-mails, hours: prefetched, a fixed number
    of queries however many offices), the dated changes to their hours (closures and working
    days: two queries), their opening status now, and the municipality's address (its own, in
    the JSON-LD: never given to an office without one)."""

    def get_queryset(self):
        return Office.objects.published().with_details()

    def load_changes(self):
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.changes = UpcomingChanges.load(self.today)
        return self.changes

    def with_status(self, offices):
        """Each office with its dated changes and its status now (from its prefetched hours and
        those changes)."""
        self.load_changes()
        offices = list(offices)
        for office in offices:
            office.hours_changes = self.changes.for_office(office.pk)
            office.status = opening_status(office.hours.all(), self.now, office.hours_changes)
            office.status_text = describe(office.status, self.now) if office.status else ""
        return offices

    def render_to_response(self, context, **kwargs):
        """The "open now" status is never served stale: the page says `Cache-Control: max-age`,
        the seconds until the first of its offices opens or closes (at most
        MAX_STATUS_CACHE_SECONDS, and never past midnight). The page cache
        (core.page_cache.PageCacheMiddleware) keeps a page no longer than its max-age, and tells
        browsers `no-cache`: the first request after 12:30 is made afresh."""
        response = super().render_to_response(context, **kwargs)
        offices = context["status_offices"]
        max_age = seconds_until_first_change([office.status for office in offices], self.now)
        patch_cache_control(response, max_age=max_age)
        return response

    def absolute(self, office):
        return self.request.build_absolute_uri(office.get_absolute_url())

    def json_ld(self, offices, address):
        """The schema.org data of `offices` (details prefetched) and of the municipality at its
        address (`address`: the office that has it, or None), with the dated changes of both."""
        return structured_data.as_script_content(
            structured_data.graph(offices, address, self.absolute, self.changes, self.today)
        )

    def report_context(self):
        return {"corrections_email": settings.DIRECTORY_CORRECTIONS_EMAIL}


class DirectoryView(OfficesMixin, ListView):
    template_name = "contacts/office_list.html"
    context_object_name = "offices"
    canonical_query = ("q",)  # kept in og:url and the canonical link

    def get_queryset(self):
        self.query = clean_query(self.request.GET.get("q", ""))
        offices = super().get_queryset()
        return offices.search(self.query) if self.query else offices

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offices = self.with_status(context["offices"])
        for office in offices:  # the changes of all offices are listed once, above the cards
            office.notices = self.changes.own_to(office.pk).notices(self.today)
        # The JSON-LD describes the whole directory, also on a search page.
        everyone = offices if not self.query else list(super().get_queryset())
        context.update(
            offices=offices,
            status_offices=offices,
            every_office_notices=self.changes.for_every_office().notices(self.today),
            query=self.query,
            json_ld=self.json_ld(everyone, address=main_address_among(everyone)),
            **self.report_context(),
        )
        return context


class OfficeDetailView(DraftPreviewMixin, OfficesMixin, DetailView):
    template_name = "contacts/office_detail.html"
    context_object_name = "office"
    model = Office

    def get_queryset(self):
        return self.visible(Office.objects.with_details())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offices = self.with_status([self.object])
        self.object.notices = self.object.hours_changes.notices(self.today)
        context.update(
            status_offices=offices,
            json_ld=self.json_ld(offices, Office.objects.main_address()),
            **self.report_context(),
        )
        return context


def vcard_response(text, filename):
    response = HttpResponse(text, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class OfficeVCardView(OfficesMixin, DetailView):
    def render_to_response(self, context, **kwargs):
        return vcard_response(vcards.vcard_text(self.object), f"{self.object.slug}.vcf")


class DirectoryVCardView(OfficesMixin, View):
    def get(self, request):
        text = vcards.directory_vcards(self.get_queryset())
        return vcard_response(text, "obshtina-kazanlak.vcf")


class DirectoryExportView(OfficesMixin, OpenDataExportView):
    """The directory's open-data export (README, "Directory export")."""

    fields = exports.FIELDS
    filename = "obshtina-kazanlak-kontakti"
    items_key = "offices"

    def collect(self):
        changes = self.load_changes()
        return [
            exports.office_record(office, self.absolute(office), changes.for_office(office.pk))
            for office in self.get_queryset()
        ]


class ClosuresCalendarView(View):
    """The closures and extra working days to come, as an iCalendar feed that calendar apps
    subscribe to (contacts.calendar). Kept no later than midnight, when the day that ended
    leaves the feed."""

    def get(self, request):
        now = timezone.now()
        text = calendar.changes_calendar(timezone.localdate(now), settings.SITE_URL)
        response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{calendar.FILENAME}"'
        response["Access-Control-Allow-Origin"] = "*"  # open data: reusable from any site
        patch_cache_control(response, max_age=seconds_until_midnight(now))
        return response
