from django.conf import settings
from django.templatetags.static import static
from django.urls import translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language


def canonical_path(request):
    """The page's address without the visitor's own additions: the path, and of the query string
    only the parameters the page itself reads (its view's `canonical_query`: the list filters, the
    search, the page number). `?utm_source=…` and the like never reach og:url, the canonical link,
    the hreflang links or the language switch."""
    match = request.resolver_match
    view_class = getattr(match.func, "view_class", None) if match else None
    kept = getattr(view_class, "canonical_query", ())
    query = [(name, value) for name, value in request.GET.items() if name in kept and value]
    return request.path + (f"?{urlencode(query)}" if query else "")


# Open Graph names the languages with their territory.
OPEN_GRAPH_LOCALES = {"bg": "bg_BG", "en": "en_GB"}


def language_alternates(request):
    """The page's own addresses (canonical, og:url, hreflang, the language switch) and what
    base.html's Open Graph and Twitter card tags need: the locale and the default share image,
    drawn in the page's language by tools/make_brand_images.py."""
    path = canonical_path(request)
    language = get_language() if get_language() in OPEN_GRAPH_LOCALES else settings.LANGUAGE_CODE
    return {
        "canonical_url": request.build_absolute_uri(path),
        "language_alternates": _alternates(request, path),
        "open_graph_locale": OPEN_GRAPH_LOCALES[language],
        "open_graph_other_locales": [
            locale for code, locale in OPEN_GRAPH_LOCALES.items() if code != language
        ],
        "share_image_url": request.build_absolute_uri(static(f"brand/share.{language}.png")),
    }


def _alternates(request, path):
    """The current page in every language: for the language switch and the hreflang links.

    `translate_url` maps `/gradove/kochani-makedoniya/` to `/en/gradove/kochani-makedoniya/` and
    back. A path it cannot resolve (a 404 page) falls back to the other language's home page.
    """
    current = get_language()
    alternates = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            url = translate_url("/", code) if current == settings.LANGUAGE_CODE else "/"
        alternates.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "is_current": code == current,
            }
        )
    return alternates
