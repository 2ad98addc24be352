"""sitemap.xml: every public page in both languages, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.contrib.sites.requests import RequestSite
from django.urls import reverse

from contacts.models import Office
from partnerships.models import Initiative, PartnerCity


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    request_site = None

    def get_urls(self, page=1, site=None, protocol=None):
        # The host the visitor used (checked against ALLOWED_HOSTS), not the Sites table's.
        return super().get_urls(page=page, site=self.request_site or site, protocol=protocol)


class PagesSitemap(BilingualSitemap):
    priority = 0.8

    def items(self):
        return [
            "partnerships:cooperation",
            "partnerships:city_list",
            "partnerships:timeline",
            "partnerships:initiative_list",
            "partnerships:organisation_list",
            "partnerships:document_list",
            "contacts:directory",
        ]

    def location(self, item):
        return reverse(item)


class CitySitemap(BilingualSitemap):
    def items(self):
        return PartnerCity.objects.published().only("slug")


class InitiativeSitemap(BilingualSitemap):
    def items(self):
        return Initiative.objects.published().only("slug", "date")

    def lastmod(self, item):
        return item.date


class OfficeSitemap(BilingualSitemap):
    def items(self):
        return Office.objects.published().only("slug")


SECTIONS = {
    "pages": PagesSitemap,
    "cities": CitySitemap,
    "initiatives": InitiativeSitemap,
    "offices": OfficeSitemap,
}


def sitemap(request):
    site = RequestSite(request)
    sections = {}
    for name, section_class in SECTIONS.items():
        section = section_class()
        section.request_site = site
        sections[name] = section
    return django_sitemap(request, sitemaps=sections)
