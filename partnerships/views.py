import math
import time
from datetime import UTC, date, datetime
from itertools import groupby
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateformat import time_format
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import DetailView, ListView, TemplateView
from django_ratelimit.core import get_usage

from core.drafts import DraftPreviewMixin
from core.open_data import OpenDataExportView
from core.page_cache import has_session_cookie
from core.search import fold

from . import exports, maps, proposals
from .facets import CityFacets, InitiativeFacets
from .forms import CityFilterForm, InitiativeFilterForm, ProposalForm
from .models import (
    CityEvent,
    Document,
    Initiative,
    InitiativeKind,
    Organisation,
    PageText,
    PartnerCity,
)
from .uploads import SizeLimitedUploadHandler

KAZANLAK = (42.61667, 25.4)  # GeoNames 730496: the centre of the map's home marker
# The initiatives list's page size: a city page shows as many of the latest and links to the rest.
INITIATIVES_PER_PAGE = 20


class FilteredListMixin:
    """A list filtered by a GET form: a bad value answers 400 with the form and its errors."""

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["form"].errors:
            response.status_code = 400
        return response


def empty_result_context(request, form, facets):
    """What a filtered list says when it is empty: `total`, the records there are at all, with
    `all_url`, the list without conditions; and, when the chosen conditions together give nothing,
    `relaxations`: each condition that, dropped, gives results, with their number and address."""
    query = request.GET.copy()
    for name in ("page", *form.FACETS):
        query.pop(name, None)
    relaxations = []
    chosen = form.chosen()
    if len(chosen) > 1 and not facets.count():
        for name, condition in form.conditions():
            count = facets.count(without=name)
            if count:
                without = request.GET.copy()
                without.pop(name, None)
                without.pop("page", None)
                relaxations.append(
                    {"condition": condition, "count": count, "url": address(request, without)}
                )
    return {
        "total": facets.total,
        "all_url": address(request, query),
        "relaxations": relaxations,
    }


def address(request, query):
    return f"{request.path}?{query.urlencode()}" if query else request.path


def published_cities_prefetch():
    return Prefetch("partner_cities", queryset=PartnerCity.objects.published())


class CooperationView(TemplateView):
    """The international cooperation page: the municipality's source page, from the database.

    It lists the first CITIES_SHOWN cities (by year); when there are more, it says so and links
    to the city list with its map and filters: the page stays one screenful of reading, and costs
    the same, however many cities there are."""

    template_name = "partnerships/cooperation.html"
    CITIES_SHOWN = 40

    def get_context_data(self, **kwargs):
        """One query per list (texts, cities, kinds with their numbers of initiatives,
        organisations, documents): the cities' country is a field, not a relation."""
        cities = list(PartnerCity.objects.published()[: self.CITIES_SHOWN + 1])
        return super().get_context_data(
            texts={text.key: text for text in PageText.objects.all()},
            cities=cities[: self.CITIES_SHOWN],
            more_cities=len(cities) > self.CITIES_SHOWN,
            # The kinds that have published initiatives, with their number: a link to a kind
            # never leads to an empty list.
            initiative_kinds=InitiativeKind.objects.annotate(
                published_initiatives=Count("initiatives", filter=Q(initiatives__is_published=True))
            ).filter(published_initiatives__gt=0),
            organisations=Organisation.objects.published(),
            documents=Document.objects.published(),
            **kwargs,
        )


def map_context(cities):
    """The map of the cities around Kazanlak (partnerships.maps), under the name the pages'
    templates pass to partnerships/map.html. No query: the cities are already loaded."""
    return {"markers": maps.city_map(cities, home=KAZANLAK)}


class CityListView(FilteredListMixin, ListView):
    template_name = "partnerships/partnercity_list.html"
    context_object_name = "cities"
    canonical_query = ("country", "continent", "type", "sort")  # kept in og:url and canonical

    def get_form(self):
        """The form, its menus counted by one query (partnerships.facets.CityFacets)."""
        form = CityFilterForm(self.request.GET)
        self.facets = CityFacets(form.chosen())
        form.offer_counts(self.facets)
        return form

    def get_queryset(self):
        self.form = self.get_form()
        cities = PartnerCity.objects.published()
        if not self.form.is_valid():
            return cities
        filters = self.form.filters()
        if "country" in filters:
            cities = cities.filter(country=filters["country"])
        if "continent" in filters:
            cities = cities.in_continent(filters["continent"])
        if "type" in filters:
            cities = cities.filter(relationship_type=filters["type"])
        if filters.get("sort") == "name":
            # Sorted here, not in SQL: the folded name orders „Kočani“ by k on every database.
            return sorted(cities, key=lambda city: fold(city.name))
        return cities

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, **kwargs)
        context.update(map_context(context["cities"]))
        context.update(empty_result_context(self.request, self.form, self.facets))
        return context


class TimelineView(TemplateView):
    """The relationships by year, from the first (1970) to today, with the staff's dated events,
    each with its sources.

    A city enters in its `since_year` ("since" entry) unless one of its start events falls in
    that year: then that event stands for it, with its sources. A start event of another year
    (a source that dates the start differently) has its own entry in its year."""

    template_name = "partnerships/timeline.html"

    def get_context_data(self, **kwargs):
        """Three queries whatever the number of cities, events and sources: the cities, the
        events with their city, and the events' sources (CityEventQuerySet.with_sources)."""
        cities = list(PartnerCity.objects.published())
        position = {city.pk: n for n, city in enumerate(cities)}
        events = list(
            CityEvent.objects.filter(city__is_published=True).select_related("city").with_sources()
        )
        start_years = {(e.city_id, e.date.year) for e in events if e.is_start}
        # Each entry: (year, 0 for a start and 1 for any other event, the city's place in the
        # list (starts follow the list's order), date, "since" for a city's own line or "event",
        # the city or the event). The template tells the events apart by their kind.
        entries = [
            (city.since_year, 0, position[city.pk], None, "since", city)
            for city in cities
            if (city.pk, city.since_year) not in start_years
        ]
        for event in events:
            place = (0, position[event.city_id]) if event.is_start else (1, 0)
            entries.append((event.date.year, *place, event.date, "event", event))
        entries.sort(key=lambda e: (e[0], e[1], e[2], e[3] or date.min, e[-1].pk))
        years = [
            (year, [(kind, item) for *_keys, kind, item in group])
            for year, group in groupby(entries, key=lambda e: e[0])
        ]
        return super().get_context_data(
            years=years,
            first_year=years[0][0] if years else None,
            this_year=timezone.localdate().year,
            **kwargs,
        )


class CityDetailView(DraftPreviewMixin, DetailView):
    template_name = "partnerships/partnercity_detail.html"
    context_object_name = "city"
    model = PartnerCity

    def get_queryset(self):
        return self.visible(PartnerCity.objects.all())

    def get_context_data(self, **kwargs):
        """The initiatives come with their kind (select_related: no query per initiative), the
        events with their document, and then their sources (CityEventQuerySet.with_sources:
        one query for all, none per event or source)."""
        city = self.object
        # One more than shown, to know whether to link to the rest.
        latest = list(
            city.initiatives.published().select_related("kind")[: INITIATIVES_PER_PAGE + 1]
        )
        events = list(city.events.select_related("document").with_sources())
        return super().get_context_data(
            initiatives=latest[:INITIATIVES_PER_PAGE],
            more_initiatives=len(latest) > INITIATIVES_PER_PAGE,
            events=events,
            **start_of_relationship(city, events),
            previous_city=self.neighbour(before=True),
            next_city=self.neighbour(before=False),
            city_map=map_context([city]),
            **kwargs,
        )

    def neighbour(self, before):
        """The previous or next city in the list's order (year, ordering, Bulgarian name)."""
        c = self.object
        lt, order = ("lt", "-") if before else ("gt", "")
        condition = (
            Q(**{f"since_year__{lt}": c.since_year})
            | Q(since_year=c.since_year, **{f"sort_order__{lt}": c.sort_order})
            | Q(since_year=c.since_year, sort_order=c.sort_order, **{f"name_bg__{lt}": c.name_bg})
        )
        keys = [f"{order}since_year", f"{order}sort_order", f"{order}name_bg"]
        return (
            PartnerCity.objects.published()
            .filter(condition)
            .order_by(*keys)
            .only("slug", "name_bg", "name_en")
            .first()
        )


def start_of_relationship(city, events):
    """What the city page says about when the relationship began (README, "Sourced history").

    `since_line`: whether to print the list's year (`since_year`) as a line of its own, i.e. no
    start event falls in it; `start_years_differ`: whether the start events and `since_year`
    give more than one year (the page then says so above the events, each shown with its
    sources), with `start_years_text`, the start events' years („1980 г. и 1982 г.“);
    `cited_sources`: every published source on the page, once, for the JSON-LD."""
    start_years = sorted({event.date.year for event in events if event.is_start})
    cited = {}
    for event in events:
        for source in event.cited:
            cited.setdefault(source.pk, source)
    return {
        "since_line": city.since_year not in start_years,
        "start_years_differ": bool(start_years) and set(start_years) != {city.since_year},
        "start_years_text": get_text_list(
            [_("%(year)s г.") % {"year": year} for year in start_years], _("и")
        ),
        "cited_sources": list(cited.values()),
    }


class InitiativeListView(FilteredListMixin, ListView):
    template_name = "partnerships/initiative_list.html"
    context_object_name = "initiatives"
    paginate_by = INITIATIVES_PER_PAGE
    canonical_query = ("kind", "city", "year", "page")  # kept in og:url and canonical

    def get_form(self):
        """The form, its menus counted by three queries (partnerships.facets.InitiativeFacets):
        the kinds and the cities counted are also the values the form accepts."""
        facets = InitiativeFacets.requested(self.request.GET)
        form = InitiativeFilterForm(self.request.GET, kinds=facets.kinds, cities=facets.cities)
        if form.chosen() != facets.chosen:  # a bad value: the whole list, counted as such
            facets = InitiativeFacets(form.chosen())
        self.facets = facets
        form.offer_counts(facets)
        return form

    def get_queryset(self):
        self.form = self.get_form()
        initiatives = Initiative.objects.published().select_related("kind")
        initiatives = initiatives.prefetch_related(published_cities_prefetch())
        if not self.form.is_valid():
            return initiatives
        filters = self.form.filters()
        if "kind" in filters:
            initiatives = initiatives.filter(kind__slug=filters["kind"])
        if "city" in filters:
            initiatives = initiatives.filter(partner_cities__slug=filters["city"])
        if "year" in filters:
            initiatives = initiatives.filter(date__year=filters["year"])
        return initiatives

    def paginate_queryset(self, queryset, page_size):
        # A page number that is not a number, or past the end, shows the nearest page (no 404).
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, **kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        context.update(empty_result_context(self.request, self.form, self.facets))
        if not context["total"]:
            # None recorded yet: what the cooperation takes in, from the cooperation page's texts.
            context["texts"] = {
                text.key: text
                for text in PageText.objects.filter(
                    key__in=[PageText.Key.INITIATIVES, PageText.Key.RECENT_YEARS]
                )
            }
        return context


class InitiativeDetailView(DraftPreviewMixin, DetailView):
    template_name = "partnerships/initiative_detail.html"
    context_object_name = "initiative"
    model = Initiative

    def get_queryset(self):
        initiatives = Initiative.objects.select_related("kind").prefetch_related(
            published_cities_prefetch()
        )
        return self.visible(initiatives)


class OrganisationListView(ListView):
    template_name = "partnerships/organisation_list.html"
    context_object_name = "organisations"

    def get_queryset(self):
        return Organisation.objects.published()


class DocumentListView(ListView):
    """Published documents; staff who may see drafts see them here too, marked, never cached."""

    template_name = "partnerships/document_list.html"
    context_object_name = "documents"

    def get_queryset(self):
        # Without a session cookie, not staff: the session is not read (no `Vary: Cookie`).
        if has_session_cookie(self.request) and self.request.user.has_perm(
            "partnerships.view_document"
        ):
            return Document.objects.all()
        return Document.objects.published()

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if any(not document.is_published for document in context["documents"]):
            patch_cache_control(response, private=True, no_store=True)
        return response


class ExportView(OpenDataExportView):
    """`export(build_url)` and `fields` come from partnerships.exports, from the URL."""

    export = None

    def build_url(self, name, slug):
        """An item's absolute address. Reversed once per export and filled in per row: a
        thousand reverse() calls were most of the time of a large export."""
        if name not in self._url_patterns:
            pattern = self.request.build_absolute_uri(reverse(name, kwargs={"slug": "__slug__"}))
            self._url_patterns[name] = pattern
        return self._url_patterns[name].replace("__slug__", slug)

    def collect(self):
        self._url_patterns = {}
        records = self.export(self.build_url)
        # A list of objects (a city's sources) becomes one cell: core.open_data's csv_cell joins
        # a list of strings only.
        if self.format == "csv":
            records = [exports.for_csv(record) for record in records]
        return records


def legacy_city_redirect(request, slug):
    """The municipality's old per-city addresses (`/kochani-makedoniya`), moved for good."""
    city = get_object_or_404(PartnerCity.objects.published(), slug=slug)
    return redirect(city, permanent=True)


@csrf_exempt  # CSRF is checked below, once the upload handlers are in place
def proposal_form(request):
    """The cooperation proposal form: limits first, then CSRF, the rate limit and the form."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.PROPOSAL_MAX_REQUEST_BYTES:
        # Refused before a byte of the body is read.
        return render(request, "partnerships/proposal_too_large.html", status=413)
    request.upload_handlers.insert(0, SizeLimitedUploadHandler(request))
    return _proposal_form(request)


@csrf_protect
def _proposal_form(request):
    if request.method != "POST":
        return render_proposal_form(request, ProposalForm())
    form = ProposalForm(
        request.POST, request.FILES, oversized_upload=hasattr(request, "oversized_upload")
    )
    if form.is_bot:
        # A filled-in hidden field: say thank you as to anyone, store nothing.
        return redirect_to_thanks(proposals.new_reference())
    # Only accepted proposals count: a sender who mistypes is not locked out by the corrections.
    usage = proposal_limit_usage(request, count_one=False)
    if usage and usage["count"] >= usage["limit"]:
        return render_limited(request, usage)
    if not form.is_valid():
        return render_proposal_form(request, form, status=400)
    usage = proposal_limit_usage(request, count_one=True)  # atomic: two at once cannot both pass
    if usage and usage["should_limit"]:
        return render_limited(request, usage)
    proposal = proposals.save_proposal(form, language=get_language())
    admin_url = request.build_absolute_uri(
        reverse("admin:partnerships_proposal_change", args=[proposal.pk])
    )
    proposals.notify(proposal, admin_url)
    return redirect_to_thanks(proposal.reference)


def proposal_limit_usage(request, count_one):
    """This client address's accepted proposals in the current period (django-ratelimit), with
    one more counted if `count_one`; None while the shared cache cannot count (fail open)."""
    return get_usage(
        request,
        group="proposals",
        key="ip",
        rate=settings.PROPOSALS_RATE_LIMIT,
        method="POST",
        increment=count_one,
    )


def render_limited(request, usage):
    """429 with its own message, in the visitor's language: how many, and from when another one
    can be sent. The form keeps what was typed, without checking it (nothing can be sent now)."""
    seconds_left = max(usage["time_left"], 0)
    # Rounded up to the minute: „after 14:35“ is never a minute too early.
    next_at = math.ceil((time.time() + seconds_left) / 60) * 60
    local = timezone.localtime(datetime.fromtimestamp(next_at, tz=UTC))
    when = time_format(local, "H:i")
    if local.date() != timezone.localdate():
        when = f"{date_format(local, 'SHORT_DATE_FORMAT')} {when}"
    count = usage["limit"]
    period = settings.PROPOSALS_RATE_LIMIT.rpartition("/")[2]
    if period in {"s", "m", "h"}:
        sent = ngettext(
            "Изпратихте вече %(count)s предложение за последния час.",
            "Изпратихте вече %(count)s предложения за последния час.",
            count,
        )
    else:
        sent = ngettext(
            "Изпратихте вече %(count)s предложение за кратко време.",
            "Изпратихте вече %(count)s предложения за кратко време.",
            count,
        )
    # Senders are abroad: the hour is Bulgarian, so the minutes left are said too.
    after = _("Можете да изпратите следващо след %(time)s българско време (след %(minutes)s мин.).")
    minutes = max(math.ceil(seconds_left / 60), 1)
    message = f"{sent % {'count': count}} {after % {'time': when, 'minutes': minutes}}"
    typed = {
        name: request.POST.getlist(name) if name == "areas" else request.POST.get(name)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", "website")
    }
    form = ProposalForm(initial=typed)
    response = render_proposal_form(request, form, status=429, limit_message=message)
    response["Retry-After"] = str(seconds_left)
    return response


def privacy_notice():
    """Who controls the data (in the page's language), whom to ask about it, how long it is kept."""
    language = get_language()
    dpo = settings.DATA_PROTECTION_OFFICER_EMAIL
    return {
        "controller_name": settings.DATA_CONTROLLER_NAME.get(
            language, settings.DATA_CONTROLLER_NAME["bg"]
        ),
        "controller_address": settings.DATA_CONTROLLER_ADDRESS.get(
            language, settings.DATA_CONTROLLER_ADDRESS["bg"]
        ),
        "dpo_email": dpo,
        "rights_email": dpo or settings.PROPOSAL_CONTACT_EMAIL,
        "retention_months": settings.PROPOSALS_RETENTION_MONTHS,
    }


def render_proposal_form(request, form, status=200, limit_message=""):
    context = {
        "form": form,
        "documents": Document.objects.published(),
        "limit_message": limit_message,
        **privacy_notice(),
    }
    return render(request, "partnerships/proposal_form.html", context, status=status)


def redirect_to_thanks(reference):
    url = (
        reverse("partnerships:proposal_thanks")
        + "?"
        + urlencode({"ref": proposals.signed_reference(reference)})
    )
    return redirect(url)


def proposal_thanks(request):
    reference = proposals.reference_from(request.GET.get("ref", ""))
    if reference is None:
        raise Http404("No such proposal reference")
    context = {
        "reference": reference,
        "reply_days": settings.PROPOSAL_REPLY_DAYS,
        "contact_email": settings.PROPOSAL_CONTACT_EMAIL,
        # Answering starts a message with the reference as its subject.
        "contact_query": urlencode({"subject": reference}, quote_via=quote),
    }
    return render(request, "partnerships/proposal_thanks.html", context)
