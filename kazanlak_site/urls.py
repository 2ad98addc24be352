from pathlib import Path

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.urls import include, path, re_path, reverse
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView

from contacts import sitemaps as contact_sitemaps
from core import sitemaps as site_sitemaps
from core.health import healthz
from core.views import SiteMapView
from partnerships import sitemaps as cooperation_sitemaps
from partnerships.views import legacy_city_redirect

admin.site.site_header = settings.ADMIN_SITE_HEADER
admin.site.site_title = settings.ADMIN_SITE_HEADER


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",  # never the request's Host
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Both site maps, sitemap.xml and the HTML „Карта на сайта“, in this order.
SITEMAP_SECTIONS = {
    "pages": cooperation_sitemaps.PagesSitemap,
    "cities": cooperation_sitemaps.CitySitemap,
    "initiatives": cooperation_sitemaps.InitiativeSitemap,
    "contact-pages": contact_sitemaps.PagesSitemap,
    "offices": contact_sitemaps.OfficeSitemap,
    "site-pages": site_sitemaps.SitePagesSitemap,
}

# Where browsers, feed readers and phones look for the site's icon without reading a page (pages
# name theirs in base.html): the files of static/brand/, drawn by tools/make_brand_images.py.
ICON_TYPES = {".ico": "image/vnd.microsoft.icon", ".png": "image/png"}


@require_GET
def icon_at_the_root(request, static_name):
    found = finders.find(static_name)
    if not found:
        raise Http404(static_name)
    with open(found, "rb") as file:
        return HttpResponse(file.read(), content_type=ICON_TYPES[Path(found).suffix])


def moved_to(pattern_name):
    return RedirectView.as_view(pattern_name=pattern_name, permanent=True)


handler400 = "core.error_pages.bad_request"
handler500 = "core.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("sitemap.xml", site_sitemaps.sitemap, {"sections": SITEMAP_SECTIONS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", icon_at_the_root, {"static_name": "brand/favicon.ico"}, name="favicon"),
    path(
        "apple-touch-icon.png",
        icon_at_the_root,
        {"static_name": "brand/apple-touch-icon.png"},
        name="apple_touch_icon",
    ),
    # The municipality's current addresses keep working (301 to the new pages).
    path("cat-553.html", moved_to("partnerships:cooperation"), name="legacy_cooperation"),
    path("cat-554.html", moved_to("partnerships:organisation_list"), name="legacy_memberships"),
]

# Bulgarian at the unprefixed addresses, English under /en/.
urlpatterns += i18n_patterns(
    path("kontakti/", include("contacts.urls")),
    path(
        "karta-na-sayta/",
        SiteMapView.as_view(sections=SITEMAP_SECTIONS),
        name="site_map",
    ),
    path("", include("core.urls")),
    path("", include("partnerships.urls")),
    prefix_default_language=False,
)

urlpatterns += [
    # Old per-city addresses: a city slug has a hyphen (name-country), which keeps this pattern
    # away from single-word addresses that APPEND_SLASH should complete (/kontakti → /kontakti/).
    re_path(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)+)/?$", legacy_city_redirect, name="legacy_city"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
