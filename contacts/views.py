import csv

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView, View

from kazanlak_site.drafts import DraftPreviewMixin
from kazanlak_site.search import clean_query

from . import exports, structured_data, vcards
from .models import Office
from .opening import describe, opening_status

# Pages that show "open now" are cached at most this long, and never past the next change.
MAX_STATUS_CACHE_SECONDS = 300


class OfficesMixin:
    """Published offices with their details, their opening status now, and the municipality's
    address for those without their own."""

    def get_queryset(self):
        return Office.objects.published().with_details()

    def with_status(self, offices):
        self.now = timezone.now()
        offices = list(offices)
        for office in offices:
            office.status = opening_status(office.hours.all(), self.now)
            office.status_text = describe(office.status, self.now) if office.status else ""
        return offices

    def seconds_until_a_status_changes(self, offices):
        waits = [
            office.status.seconds_until_change(self.now)
            for office in offices
            if office.status and office.status.next_change
        ]
        return min([MAX_STATUS_CACHE_SECONDS, *waits])

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        patch_cache_control(
            response, max_age=self.seconds_until_a_status_changes(context["status_offices"])
        )
        return response

    def absolute(self, office):
        return self.request.build_absolute_uri(office.get_absolute_url())

    def json_ld(self, offices):
        data = structured_data.municipality(offices, Office.objects.main_address(), self.absolute)
        return structured_data.as_script_content(data)

    def report_context(self):
        return {"corrections_email": settings.DIRECTORY_CORRECTIONS_EMAIL}


class DirectoryView(OfficesMixin, ListView):
    template_name = "contacts/office_list.html"
    context_object_name = "offices"

    def get_queryset(self):
        self.query = clean_query(self.request.GET.get("q", ""))
        offices = super().get_queryset()
        return offices.search(self.query) if self.query else offices

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offices = self.with_status(context["offices"])
        context.update(
            offices=offices,
            status_offices=offices,
            query=self.query,
            json_ld=self.json_ld(offices),
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
        context.update(
            status_offices=offices, json_ld=self.json_ld(offices), **self.report_context()
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


class DirectoryExportView(OfficesMixin, View):
    """The open-data export; `format` is "csv" or "json" (from the URL)."""

    format = "json"

    def get(self, request):
        records = [exports.office_record(o, self.absolute(o)) for o in self.get_queryset()]
        if self.format == "csv":
            return self.csv_response(records)
        response = JsonResponse(
            {"fields": exports.FIELDS, "offices": records},
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
        response["Access-Control-Allow-Origin"] = "*"  # open data: reusable from any site
        return response

    @staticmethod
    def csv_response(records):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="obshtina-kazanlak-kontakti.csv"'
        response["Access-Control-Allow-Origin"] = "*"
        response.write("\ufeff")  # BOM: spreadsheet programs then read the Cyrillic as UTF-8
        writer = csv.writer(response)
        writer.writerow(exports.FIELDS)
        writer.writerows(exports.csv_row(record) for record in records)
        return response
