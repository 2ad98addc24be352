"""The site's own 400 and 405 pages, in the language of the address (English under /en/).

They may be asked for by the thousand, or with a forged Host header: they read neither the
database nor the request's Host (templates/error_base.html), so that they cannot fail again.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token


def language_of(request):
    """The language of the address; LocaleMiddleware may not have run (a bad Host header is
    refused before it)."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


@requires_csrf_token
def bad_request(request, exception):
    """handler400: a bad Host header, a malformed request (SuspiciousOperation). Nothing about
    the request is shown."""
    with translation.override(language_of(request)):
        return HttpResponseBadRequest(loader.render_to_string("400.html"))


def method_not_allowed(request, allowed):
    with translation.override(language_of(request)):
        content = loader.render_to_string("405.html", {"method": request.method[:20]})
    response = HttpResponseNotAllowed(allowed, content, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
