"""Latin slugs for Bulgarian names.

Django's `slugify` keeps only ASCII and drops Cyrillic („Казанлък 2“ → `2`), and the admin's
JavaScript URLify follows Russian rules (ъ dropped, щ → "sch"). The municipality's own site spells
addresses with Bulgaria's official streamlined transliteration (ъ → a, щ → sht, ц → ts), e.g.
`/kochani-makedoniya`; the `transliterate` library's Bulgarian pack does exactly that.
"""

from django.utils.text import slugify
from transliterate import translit


def latin_slug(*parts):
    text = " ".join(str(part) for part in parts if part)
    return slugify(translit(text, "bg", reversed=True))
