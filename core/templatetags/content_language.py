"""Template filters that mark content shown in the fallback language with its own `lang`.

modeltranslation shows the Bulgarian text when a field has no English; WCAG 3.1.2 asks that such
a passage carry `lang="bg"` so that screen readers pronounce it as Bulgarian.

    <h1{{ city|lang_attr:"name" }}>{{ city.name }}</h1>
"""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


def shown_language(obj, field):
    """The language of the value that `obj.<field>` shows now: the active one or the fallback."""
    current = get_language()
    if getattr(obj, f"{field}_{current}", None):
        return current
    for fallback in settings.MODELTRANSLATION_FALLBACK_LANGUAGES:
        if getattr(obj, f"{field}_{fallback}", None):
            return fallback
    return current


@register.filter
def lang_attr(obj, field):
    """` lang="bg"` when the field is shown in a language other than the page's; else nothing."""
    language = shown_language(obj, field)
    if language == get_language():
        return ""
    return format_html(' lang="{}"', language)
