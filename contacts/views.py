import datetime

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView, View

from kazanlak_site.drafts import DraftPreviewMixin
from kazanlak_site.open_data import OpenDataExportView
from kazanlak_site.page_cache import cached_for_version, key_part, local_cache, versioned
from kazanlak_site.search import clean_query

from . import exports, structured_data, vcards
from .models import Office, OpeningHours
from .opening import describe, opening_status

# Pages that show "open now" are cached at most this long, and never past the next change.
MAX_STATUS_CACHE_SECONDS = 300
DETAILS = ("phones", "emails", "hours")


def hours_by_office():
    """{office id: [(weekday, opens, closes), ...]}: one query per content version."""

    def build():
        table = {}
        rows = OpeningHours.objects.values_list(
            "office_id", "weekday", "opens", "closes", named=True
        )
        for row in rows:
            table.setdefault(row.office_id, []).append(row)
        return table

    return cached_for_version("opening-hours", build)


def listed_offices(query):
    """The published offices the directory lists for `query` ("" for all), found once per
    content version and query. Their details come only for cards not in the fragment cache."""

    def build():
        offices = Office.objects.published()
        return list(offices.search(query) if query else offices)

    return cached_for_version(f"directory:{key_part(query)}", build)


def statuses_now(now):
    """{office id: (status, text)} for every office with hours: made once, then reused until the
    first of them changes (at most MAX_STATUS_CACHE_SECONDS), per language and content version."""
    key = versioned(f"opening-statuses:{get_language()}")
    found = local_cache().get(key)
    if found is not None:
        made, until, statuses = found
        if made <= now < until:
            return statuses
    statuses = {}
    for office_id, hours in hours_by_office().items():
        status = opening_status(hours, now)
        statuses[office_id] = (status, describe(status, now) if status else "")
    wait = seconds_until_first_change([status for status, _text in statuses.values()], now)
    until = now + datetime.timedelta(seconds=wait)
    local_cache().set(key, (now, until, statuses), timeout=MAX_STATUS_CACHE_SECONDS)
    return statuses


def seconds_until_first_change(statuses, now):
    waits = [
        status.seconds_until_change(now) for status in statuses if status and status.next_change
    ]
    return min([MAX_STATUS_CACHE_SECONDS, *waits])


class BulkPrefetch:
    """Called from a template where an office's card is not in the fragment cache: fetches the
    numbers, e-mails and hours once, for every office of the page (a fixed number of queries)."""

    def __init__(self, offices):
        self.offices, self.done = offices, False

    def __call__(self):
        if not self.done:
            prefetch_related_objects(self.offices, *DETAILS)
            self.done = True
        return ""


class OfficesMixin:
    """Published offices with their details, their opening status now, and the municipality's
    address for those without their own."""

    def get_queryset(self):
        return Office.objects.published().with_details()

    def with_status(self, offices):
        """Each office with its status now."""
        self.now = timezone.now()
        offices = list(offices)
        statuses = statuses_now(self.now)
        load_details = BulkPrefetch(offices)
        for office in offices:
            office.status, office.status_text = statuses.get(office.pk, (None, ""))
            office.load_details = load_details
        return offices

    def seconds_until_a_status_changes(self, offices):
        return seconds_until_first_change([office.status for office in offices], self.now)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        max_age = self.seconds_until_a_status_changes(context["status_offices"])
        patch_cache_control(response, max_age=max_age)
        return response

    def absolute(self, office):
        return self.request.build_absolute_uri(office.get_absolute_url())

    def json_ld(self, offices, scope):
        """The schema.org data, made once per content version, language and host."""
        key = f"json-ld:{get_language()}:{self.request.get_host()}:{scope}"

        def build():
            listed = offices()
            prefetch_related_objects(listed, *DETAILS)
            address = Office.objects.main_address()
            return structured_data.as_script_content(
                structured_data.municipality(listed, address, self.absolute)
            )

        return cached_for_version(key, build, timeout=600)

    def report_context(self):
        return {"corrections_email": settings.DIRECTORY_CORRECTIONS_EMAIL}


class DirectoryView(OfficesMixin, ListView):
    template_name = "contacts/office_list.html"
    context_object_name = "offices"

    def get_queryset(self):
        self.query = clean_query(self.request.GET.get("q", ""))
        return listed_offices(self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offices = self.with_status(context["offices"])
        # The JSON-LD describes the whole directory, also on a search page.
        everyone = (lambda: offices) if not self.query else (lambda: listed_offices(""))
        context.update(
            offices=offices,
            status_offices=offices,
            query=self.query,
            # The list is one cached fragment; a change of any status gives a new one.
            statuses_key="|".join(o.status_text for o in offices),  # {% cache %} hashes it
            json_ld=self.json_ld(everyone, "all"),
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
        scope = f"office:{self.object.pk}:{self.object.is_published}"
        context.update(
            status_offices=offices,
            json_ld=self.json_ld(lambda: offices, scope),
            **self.report_context(),
        )
        return context


def vcard_response(text, filename):
    response = HttpResponse(text, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class OfficeVCardView(OfficesMixin, DetailView):
    def render_to_response(self, context, **kwargs):
        card = vcards.office_vcard(self.object, Office.objects.main_address())
        return vcard_response(card.serialize(), f"{self.object.slug}.vcf")


class DirectoryVCardView(OfficesMixin, View):
    def get(self, request):
        text = vcards.directory_vcards(self.get_queryset(), Office.objects.main_address())
        return vcard_response(text, "obshtina-kazanlak.vcf")


class DirectoryExportView(OfficesMixin, OpenDataExportView):
    """The directory's open-data export (README, "Directory export")."""

    fields = exports.FIELDS
    filename = "obshtina-kazanlak-kontakti"
    items_key = "offices"

    def collect(self):
        return [
            exports.office_record(office, self.absolute(office)) for office in self.get_queryset()
        ]
