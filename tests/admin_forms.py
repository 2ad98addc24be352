"""Admin change forms as the browser posts them: a record's own values, changed where a test says;
and the errors the admin answers with.

Inline formsets are posted empty (no rows added or changed) unless a test passes their fields.
"""

import re
from html import unescape

ERROR_LIST = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)
ERROR_ITEM = re.compile(r"<li>(.*?)</li>", re.S)


def errors(response):
    """The texts of the form's errors as staff read them, field and non-field, in page order:
    tags dropped, entities read („&quot;“ is \")."""
    return [
        unescape(re.sub(r"<[^>]+>", "", item)).strip()
        for block in ERROR_LIST.findall(response.content.decode())
        for item in ERROR_ITEM.findall(block)
    ]


def city_form(city, **changes):
    data = {
        "name_bg": city.name_bg, "name_en": city.name_en or "", "slug": city.slug, "country": city.country.code,
        "relationship_type": city.relationship_type, "status": city.status, "since_year": str(city.since_year),
        "agreement_date": "", "is_published": "on", "sort_order": str(city.sort_order),
        "latitude": str(city.latitude), "longitude": str(city.longitude), "image_alt_bg": "",
        "image_alt_en": "", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    }  # fmt: skip
    return {**data, **changes}


def office_form(office, **changes):
    data = {
        "name_bg": office.name_bg, "name_en": office.name_en or "", "slug": office.slug,
        "description_bg": office.description_bg, "description_en": office.description_en or "",
        "keywords_bg": office.keywords_bg, "keywords_en": office.keywords_en or "",
        "is_published": "on", "sort_order": str(office.sort_order),
        **({"municipal_unit": "on"} if office.municipal_unit else {}),
        "street_address_bg": office.street_address_bg, "street_address_en": office.street_address_en or "",
        "postal_code": office.postal_code, "locality_bg": office.locality_bg,
        "locality_en": office.locality_en or "", "verified_on": "", "internal_note": office.internal_note,
        "opening_hours": "", "phones-TOTAL_FORMS": "0", "phones-INITIAL_FORMS": "0",
        "emails-TOTAL_FORMS": "0", "emails-INITIAL_FORMS": "0",
    }  # fmt: skip
    return {**data, **changes}


def dataset_form(row, **changes):
    """An open dataset's texts (core.Dataset) as they are, changed where a test says;
    `is_published=False` unticks „публикуван“ (a checkbox is posted only when ticked)."""
    data = {
        "title_bg": row.title_bg, "title_en": row.title_en or "",
        "description_bg": row.description_bg, "description_en": row.description_en or "",
        "how_to_reuse_bg": row.how_to_reuse_bg, "how_to_reuse_en": row.how_to_reuse_en or "",
        "frequency": row.frequency, "is_published": row.is_published,
    }  # fmt: skip
    data.update(changes)
    if data.pop("is_published"):
        data["is_published"] = "on"
    return data
