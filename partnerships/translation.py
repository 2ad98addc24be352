"""Fields that visitors read, translated with django-modeltranslation (`_bg`, `_en` columns).

Only text fields are registered: fallbacks apply to every registered field, so booleans, numbers
and slugs stay untranslated.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    CityEvent,
    Document,
    Initiative,
    InitiativeKind,
    Organisation,
    PageText,
    PartnerCity,
)


@register(PartnerCity)
class PartnerCityTranslationOptions(TranslationOptions):
    fields = ("name", "description", "image_alt")


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(InitiativeKind)
class InitiativeKindTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Initiative)
class InitiativeTranslationOptions(TranslationOptions):
    fields = ("title", "description", "image_alt")


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "how_to_obtain")


@register(PageText)
class PageTextTranslationOptions(TranslationOptions):
    fields = ("body",)


@register(CityEvent)
class CityEventTranslationOptions(TranslationOptions):
    fields = ("description",)
