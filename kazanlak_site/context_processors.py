from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language


def language_alternates(request):
    """Lazy: on most pages the header that uses it comes from the fragment cache."""
    return {"language_alternates": SimpleLazyObject(lambda: _alternates(request))}


def _alternates(request):
    """The current page in every language: for the language switch and the hreflang links.

    `translate_url` maps `/gradove/kochani-makedoniya/` to `/en/gradove/kochani-makedoniya/` and
    back. A path it cannot resolve (a 404 page) falls back to the other language's home page.
    """
    current = get_language()
    path = request.get_full_path()
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
