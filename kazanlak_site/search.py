"""Text folded for searching, the same way on SQLite and PostgreSQL.

SQLite's LOWER() and LIKE fold ASCII only, so „ГРАО“ would not match „грао“ there. We store a
folded copy of the searchable text (Unicode case folding, accents dropped, plus a Latin
transliteration of any Cyrillic) and fold the visitor's words the same way before comparing:
„Кочани“, „кочани“, "kochani", "Kočani" and "KOCANI" all meet in „кочани kochani kocani“.
"""

import re
import unicodedata

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
