"""The site-wide pages: the site search, the accessibility statement, the site map, and the
open-data page with its DCAT-AP catalogue."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView

from . import catalogue
from .open_data import OpenDataExportView
from .search import SECTIONS, clean_query

RESULTS_PER_SECTION = 20


class SiteSearchView(TemplateView):
    """One search over every kind of record the apps register (core.search.register_section)."""

    template_name = "core/search.html"
    canonical_query = ("q",)  # kept in og:url and canonical

    def get_context_data(self, **kwargs):
        query = clean_query(self.request.GET.get("q", ""))
        results = [(section, self.hits(section, query)) for section in SECTIONS] if query else []
        return super().get_context_data(
            query=query,
            results=[(section, hits) for section, hits in results if hits],
            found=sum(len(hits) for _section, hits in results),
            **kwargs,
        )

    @staticmethod
    def hits(section, query):
        return [
            {
                "item": item,
                "title": getattr(item, section.title_field),
                "detail": section.detail(item) if section.detail else "",
            }
            for item in section.find(query)[:RESULTS_PER_SECTION]
        ]


class AccessibilityStatementView(TemplateView):
    """The accessibility statement the EU directive 2016/2102 asks of public-sector sites."""

    template_name = "core/accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            # The configured address, never the request's Host header.
            site=urlsplit(settings.SITE_URL).netloc,
            statement_date=settings.ACCESSIBILITY_STATEMENT_DATE,
            email=settings.ACCESSIBILITY_CONTACT_EMAIL,
            **kwargs,
        )


class SiteMapView(TemplateView):
    """„Карта на сайта“: the pages of sitemap.xml for people, in the visitor's language.

    The sections are sitemap.xml's own (kazanlak_site/urls.py passes SITEMAP_SECTIONS), so a page
    added to the sitemap appears here too. Neighbouring sections with the same heading (the
    directory and its offices) make one group. One query per section of records, however many.
    """

    template_name = "core/site_map.html"
    sections = {}

    def get_context_data(self, **kwargs):
        groups = []
        for sitemap in (section() for section in self.sections.values()):
            pages = [self.page(sitemap, item) for item in sitemap.items()]
            if groups and groups[-1]["heading"] == sitemap.heading:
                groups[-1]["pages"] += pages
            else:
                groups.append({"heading": sitemap.heading, "pages": pages})
        return super().get_context_data(groups=[g for g in groups if g["pages"]], **kwargs)

    @staticmethod
    def page(sitemap, item):
        return {
            "url": sitemap.location(item),
            "title": sitemap.title(item),
            "lang": sitemap.title_fallback_language(item),
        }


class OpenDataView(TemplateView):
    """„Отворени данни“: each published dataset (core.catalogue) with its fields, files, licence
    and how often it changes, how to reuse it, and the catalogue's files for data portals. Two
    queries of its own, however many datasets and records."""

    template_name = "core/open_data.html"

    def get_context_data(self, **kwargs):
        licence_url, licence = catalogue.licence()
        return super().get_context_data(
            datasets=[self.dataset(entry) for entry in catalogue.published_entries()],
            # Whole seconds: HTML's <time datetime> takes at most three digits of a second.
            last_change=catalogue.last_change().replace(microsecond=0),
            licence_url=licence_url,
            licence=licence,
            contact_email=settings.DIRECTORY_CORRECTIONS_EMAIL,
            **kwargs,
        )

    def dataset(self, entry):
        registered = entry.dataset
        return {
            "key": registered.key,
            "row": entry.row,
            "fields": registered.fields,
            "files": [
                {
                    "label": data_file.file_type,
                    "url": reverse(data_file.url_name),
                    # for programs and portals: the one address the catalogue names
                    "address": self.request.build_absolute_uri(
                        catalogue.bulgarian_path(data_file.url_name)
                    ),
                }
                for data_file in registered.files
            ],
            "other_links": [
                {"label": link.label, "url": reverse(link.url_name)}
                for link in registered.other_links
            ],
            "landing_page": reverse(registered.landing_page),
        }


class CatalogueFileView(OpenDataExportView):
    """The catalogue in DCAT-AP 3.0 for data portals, as Turtle or JSON-LD (`format`, from the
    URL): served like the exports it describes (gzip when asked, ETag, readable from any site)."""

    format = "turtle"

    def make_response(self):
        from . import dcat  # here, not at the top: rdflib is loaded only when a portal asks

        graph = dcat.catalogue_graph(self.request)
        return HttpResponse(
            dcat.serialize(graph, self.format), content_type=dcat.MEDIA_TYPES[self.format]
        )
