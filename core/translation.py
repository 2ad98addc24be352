"""Fields of core's models that visitors read, translated with django-modeltranslation.

Only text fields are registered: fallbacks apply to every registered field (PITFALLS.md).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Dataset


@register(Dataset)
class DatasetTranslationOptions(TranslationOptions):
    fields = ("title", "description", "how_to_reuse")
