"""Admin base class that shows each translated field's languages side by side.

modeltranslation's tabbed admin needs jQuery UI from a CDN, and the site makes no third-party
requests. Django's admin already puts the fields of a tuple on one row, so `name_bg` and `name_en`
become one row: Bulgarian left, English right. English may stay empty: the site then shows the
Bulgarian text (modeltranslation's fallback).
"""

from django.conf import settings
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import translator

from .admin_forms import StaffDatesMixin
from .history_admin import SafeVersionAdmin

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class SideBySideTranslationAdmin(TranslationAdmin):
    def get_fieldsets(self, request, obj=None):
        translated = translator.get_options_for_model(self.model).all_fields
        return [
            (name, {**options, "fields": self._pair_languages(options["fields"], translated)})
            for name, options in super().get_fieldsets(request, obj)
        ]

    @staticmethod
    def _pair_languages(fields, translated):
        rows, done = [], set()
        for field in fields:
            if field in done:
                continue
            base, _sep, code = field.rpartition("_") if isinstance(field, str) else ("", "", "")
            if base in translated and code in LANGUAGE_CODES:
                pair = tuple(f"{base}_{language}" for language in LANGUAGE_CODES)
                rows.append(pair)
                done.update(pair)
                continue
            rows.append(field)
        return rows


class ContentAdmin(StaffDatesMixin, SafeVersionAdmin, SideBySideTranslationAdmin):
    """Admin of a content model: languages side by side, and a history (django-reversion) of who
    changed what and when, where staff can open an earlier version and restore it. Inlines are
    recorded with their parent, so restoring an office brings back its numbers too. Dates and times
    are typed as staff write them, „15.09.2026“ and „8:30“ (admin_forms)."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """The two-box chooser (`filter_horizontal`) without Django's „Задръжте Control…“: that
        hint is for a plain multiple select, and here a click on the arrows does the choosing."""
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in (*self.filter_horizontal, *self.filter_vertical):
            field.help_text = db_field.help_text
        return field
