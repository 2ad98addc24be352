"""sitemap.xml and the HTML site map („Карта на сайта“): every public page, from one list.

Each app lists its own pages (its sitemaps module); the root URLs put the sections together, in
the order the HTML site map shows them. sitemap.xml gives every page in both languages, with
hreflang alternates, at SITE_URL; the HTML site map (core.views.SiteMapView) gives the same pages
in the visitor's language, each section under its `heading`, each page by its `title()`."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.templatetags.content_language import shown_language


class ConfiguredSite:
    """SITE_URL's host, in the shape the sitemaps framework reads a Site."""

    def __init__(self, url):
        self.domain = self.name = urlsplit(url).netloc


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    heading = ""  # the HTML site map's heading for this section (sections may share one)
    title_field = "name"  # what names a record on the HTML site map

    def title(self, item):
        return getattr(item, self.title_field)

    def title_fallback_language(self, item):
        """The title's language when it is not the page's (modeltranslation's fallback), else
        None: the HTML site map marks such a title with `lang` (WCAG 3.1.2)."""
        language = shown_language(item, self.title_field)
        return language if language != get_language() else None

    def get_urls(self, page=1, site=None, protocol=None):
        # The configured address: not the Sites table's (example.com), nor the request's Host
        # (whose port nothing checks: a forged one would be handed to search engines).
        return super().get_urls(
            page=page,
            site=ConfiguredSite(settings.SITE_URL),
            protocol=urlsplit(settings.SITE_URL).scheme,
        )


class NamedPagesSitemap(BilingualSitemap):
    """Pages with no record behind them: {URL name: the page's title, as its <h1> says it}."""

    priority = 0.8
    names = {}

    def items(self):
        return list(self.names)

    def location(self, item):
        return reverse(item)

    def title(self, item):
        return self.names[item]

    def title_fallback_language(self, item):
        return None  # translated with the interface, always in the page's language


class SitePagesSitemap(NamedPagesSitemap):
    heading = _("За сайта")
    names = {
        "core:search": _("Търсене в сайта"),
        "core:accessibility": _("Декларация за достъпност"),
        "core:open_data": _("Отворени данни"),
        "site_map": _("Карта на сайта"),
    }


def sitemap(request, sections):
    return django_sitemap(request, sitemaps=sections)
