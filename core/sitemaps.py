"""sitemap.xml: every public page in both languages, with hreflang alternates, at SITE_URL.

Each app lists its own pages (its sitemaps module); the root URLs put the sections together."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.urls import reverse


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


class NamedPagesSitemap(BilingualSitemap):
    """Pages with no record behind them, by their URL names."""

    priority = 0.8
    names = ()

    def items(self):
        return list(self.names)

    def location(self, item):
        return reverse(item)


class SitePagesSitemap(NamedPagesSitemap):
    names = ("core:accessibility",)


def sitemap(request, sections):
    return django_sitemap(request, sitemaps=sections)
