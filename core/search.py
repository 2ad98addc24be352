"""Text folded for searching, the same way on SQLite and PostgreSQL.

SQLite's LOWER() and LIKE fold ASCII only, so „ГРАО“ would not match „грао“ there. We store a
folded copy of the searchable text (Unicode case folding, accents dropped, plus a Latin
transliteration of any Cyrillic) and fold the visitor's words the same way before comparing:
„Кочани“, „кочани“, "kochani", "Kočani" and "KOCANI" all meet in „кочани kochani kocani“.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from transliterate import translit

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
MAX_QUERY_LENGTH = 200  # longer queries are cut: no office name is that long
MAX_QUERY_WORDS = 10


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return without_accents.casefold()


def search_document(*texts):
    """What is stored: each text folded, and folded again in Latin letters if it is Cyrillic."""
    parts = []
    for text in texts:
        if not text:
            continue
        parts.append(fold(text))
        if CYRILLIC.search(text):
            parts.append(fold(translit(text, "bg", reversed=True)))
    return " ".join(parts)


def clean_query(raw):
    """A visitor's query made safe: control characters (NUL included) removed, length bounded."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", raw or "")[:MAX_QUERY_LENGTH].split())


def query_words(query):
    return [fold(word) for word in query.split()][:MAX_QUERY_WORDS]


def folded_names(names):
    """{key: (name, …)} -> {key: its names' search document}, for `names_containing`."""
    return {key: search_document(*texts) for key, texts in names.items()}


def names_containing(word, documents):
    """The keys of `documents` (from `folded_names`) that contain the folded `word`: for small
    sets matched in Python (kinds, countries), since the database cannot fold Cyrillic."""
    return [key for key, document in documents.items() if word in document]


@dataclass(frozen=True)
class Excerpt:
    """A passage of a longer text around the first word of a query that it contains."""

    before: str
    match: str  # the word as the text writes it: shown marked
    after: str
    cut_start: bool  # the passage begins inside the text: shown with „…“
    cut_end: bool


def excerpt(text, query, width=160):
    """The passage of `text` (about `width` characters, whole words) around the first of the
    query's words that it contains, or its beginning if it contains none."""
    folded, positions = "", []  # folded text, and each folded character's place in `text`
    for index, character in enumerate(text):
        piece = fold(character)
        folded += piece
        positions += [index] * len(piece)
    start = end = 0
    for word in query_words(query):
        found = folded.find(word)
        if found >= 0:
            start, end = positions[found], positions[found + len(word) - 1] + 1
            break
    first = max(0, start - (width - (end - start)) // 2)
    last = min(len(text), max(end, first + width))
    if first > 0:
        first = text.find(" ", first, start) + 1 or first  # from the next word on
    if last < len(text):
        space = text.rfind(" ", end, last)
        last = space if space > 0 else last  # up to the previous word's end
    cut_end = last < len(text)
    return Excerpt(
        before=text[first:start].lstrip(),
        match=text[start:end],
        after=text[end:last].rstrip(" ,;:–—-") if cut_end else text[end:last].rstrip(),
        cut_start=first > 0,
        cut_end=cut_end,
    )


class SearchableQuerySet:
    """Mixin for a model's QuerySet: `search(query)` over the stored `search_text`."""

    def matching_words(self, query, also=None):
        """Rows with every word of `query` in their `search_text`. `also(word)`, if given, is a
        `Q` that lets a word match elsewhere instead (an office's e-mail, a city's country)."""
        words = query_words(query)
        if not words:
            return self.none()
        condition = Q()
        for word in words:
            found = Q(search_text__contains=word)
            if also is not None:
                found |= also(word)
            condition &= found
        return self.filter(condition)


class Searchable(models.Model):
    """Abstract base: keeps `search_text`, a folded copy of `SEARCH_FIELDS` in every language.

    Written in `save()`; rows written without it (loaddata, bulk_create, update) get it from
    `refresh_search_text()`.
    """

    SEARCH_FIELDS = ()

    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self):
        return search_text_of(self, self.SEARCH_FIELDS)


def search_text_of(row, fields):
    """The folded text of `fields` in every language (`name_bg`, `name_en`, …) of a row."""
    return search_document(
        *(getattr(row, f"{f}_{code}", None) for f in fields for code, _ in settings.LANGUAGES)
    )


def refresh_search_text(model, fields=None):
    """Recompute `search_text` for every row; migrations pass `fields` (historical models)."""
    fields = fields or model.SEARCH_FIELDS
    rows = list(model._base_manager.all())
    for row in rows:
        row.search_text = search_text_of(row, fields)
    model._base_manager.bulk_update(rows, ["search_text"], batch_size=500)


@dataclass(frozen=True)
class SearchSection:
    """One kind of record on the site search's results page. Each app registers its own in its
    AppConfig.ready(), so that the site search (core.views) names no app."""

    kind: str  # the section's id on the page: results-<kind>
    heading: str  # a lazy translation
    find: Callable  # the visitor's query -> the published rows that match, details prefetched
    title_field: str  # the link's text: "name" or "title"
    detail: Callable | None = None  # a row -> a short note after the link, e.g. the country
    # The template of one result (an <li> given `hit`), when a link and a note are not enough:
    # an office's numbers and hours. Empty: the link, with the note after it.
    template: str = ""


SECTIONS = []


def register_section(section):
    """Add a section once (ready() may run again, e.g. in tests that reload the apps)."""
    if all(known.kind != section.kind for known in SECTIONS):
        SECTIONS.append(section)
