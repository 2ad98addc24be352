"""sitemap.xml: every public page in both languages, with hreflang alternates, at SITE_URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.urls import reverse

from contacts.models import Office
from partnerships.models import Initiative, PartnerCity


class ConfiguredSite:
    """SITE_URL's host, in the shape the sitemaps framework reads a Site."""

    def __init__(self, url):
        self.domain = self.name = urlsplit(url).netloc


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        # The configured address: not the Sites table's (example.com), nor the request's Host
        # (whose port nothing checks: a forged one would be handed to search engines).
        return super().get_urls(
            page=page,
            site=ConfiguredSite(settings.SITE_URL),
            protocol=urlsplit(settings.SITE_URL).scheme,
        )


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
    return django_sitemap(request, sitemaps=SECTIONS)
