"""Latin slugs for Bulgarian names, filled in when staff leave the field empty.

Django's `slugify` keeps only ASCII and drops Cyrillic („Казанлък 2“ → `2`), and the admin's
JavaScript URLify follows Russian rules (ъ dropped, щ → "sch"). The municipality's own site spells
addresses with Bulgaria's official streamlined transliteration (ъ → a, щ → sht, ц → ts), e.g.
`/kochani-makedoniya`; the `transliterate` library's Bulgarian pack does exactly that.
"""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from transliterate import translit

SLUG_TAKEN = _("Този адрес (slug) вече е зает: изберете друг.")


def slug_field(max_length, help_text):
    """The `slug` of an AutoSlug model: unique, and empty on the form until save fills it."""
    return models.SlugField(
        _("адрес (slug)"),
        max_length=max_length,
        unique=True,
        blank=True,
        help_text=help_text,
        error_messages={"unique": SLUG_TAKEN},
    )


def latin_slug(*parts):
    text = " ".join(str(part) for part in parts if part)
    return slugify(translit(text, "bg", reversed=True))


def unique_slug(instance, base):
    """`base`, or `base-2`, `base-3`… : the first one no other row of the model uses."""
    max_length = instance._meta.get_field("slug").max_length
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    candidate, number = base[:max_length], 1
    while others.filter(slug=candidate).exists():
        number += 1
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate


class AutoSlug(models.Model):
    """A model whose empty `slug` is made from `slug_parts()` in `clean()` (so the admin form's
    checks see it) and again in `save()` (for records made in code)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_slug()
        super().save(*args, **kwargs)

    def slug_parts(self):
        raise NotImplementedError

    def fill_slug(self):
        if not self.slug:
            base = latin_slug(*self.slug_parts())
            if base:
                self.slug = unique_slug(self, base)

    def clean(self):
        super().clean()
        self.fill_slug()
