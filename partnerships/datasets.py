"""The open datasets of this app, registered with the catalogue (core.catalogue) in ready().

Their fields are the exports' own lists (partnerships.exports, README "Open data"), each with a
description here (tests/test_open_data_catalogue.py fails for a field without one); their files
are the exports' JSON and CSV addresses. The texts in `defaults` are the first values of each dataset's
`core.Dataset` row, which staff edit in the admin from then on.
"""

from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from core.catalogue import OtherLink, RegisteredDataset, described_fields, json_and_csv
from core.models import Frequency

from . import exports
from .models import Initiative, PartnerCity

CITY_FIELDS = {  # the export's field: what it holds
    "slug": _("постоянният идентификатор на града, същият като в адреса на страницата му"),
    "name_bg": _("името на града на български"),
    "name_en": _("името на града на английски (празно, ако не е преведено)"),
    "country": _("кодът на държавата по ISO 3166-1 (две букви)"),
    "country_name_bg": _("името на държавата на български"),
    "country_name_en": _("името на държавата на английски"),
    "continent": _("кодът на континента по GeoNames (EU, AS, AF, NA, SA, OC)"),
    "relationship_type": _("видът на отношенията: twinned, partner или friendly"),
    "status": _("състоянието на отношенията: active, suspended или ended"),
    "since_year": _("годината, от която датират отношенията"),
    "agreement_date": _("датата на споразумението по ISO 8601 (празно, ако не е известна)"),
    "latitude": _("географската ширина в десетични градуси (WGS 84)"),
    "longitude": _("географската дължина в десетични градуси (WGS 84)"),
    "website": _("официалният сайт на града (празно, ако не е записан)"),
    "url": _("адресът на страницата на града на този сайт"),
    "sources": _(
        "публикуваните източници, цитирани в събитията от историята на града: заглавие, език, "
        "издател, дата и адрес на всеки; в CSV в една клетка, разделени с „ | “"
    ),
}

INITIATIVE_FIELDS = {  # the export's field: what it holds
    "slug": _("постоянният идентификатор на инициативата"),
    "title_bg": _("заглавието на български"),
    "title_en": _("заглавието на английски (празно, ако не е преведено)"),
    "kind": _("идентификаторът на вида инициатива (например concerts)"),
    "kind_name_bg": _("видът на инициативата на български"),
    "kind_name_en": _("видът на инициативата на английски"),
    "date": _("датата по ISO 8601"),
    "partner_cities": _("идентификаторите (slug) на участващите градове; в CSV, разделени с „; “"),
    "description_bg": _("описанието на български"),
    "description_en": _("описанието на английски"),
    "url": _("адресът на страницата на инициативата на този сайт"),
}


def years_of_relationships(_last_change):
    """From the year the oldest relationship began; ongoing."""
    first = PartnerCity.objects.published().aggregate(first=Min("since_year"))["first"]
    return first, None


def dates_of_initiatives(_last_change):
    dates = Initiative.objects.published().aggregate(first=Min("date"), last=Max("date"))
    return dates["first"], dates["last"]


PARTNER_CITIES = RegisteredDataset(
    key="partner-cities",
    defaults={
        "title_bg": "Побратимени и партньорски градове на Община Казанлък",
        "title_en": "Twin and partner cities of the Municipality of Kazanlak",
        "description_bg": (
            "Градовете, с които Община Казанлък е побратимена или си партнира: името на града на "
            "български и английски, държавата и континентът, видът и състоянието на отношенията, "
            "годината, от която датират, датата на споразумението, когато е известна, "
            "координатите на града и официалният му сайт. По един запис на град, само "
            "публикуваните на сайта."
        ),
        "description_en": (
            "The cities the Municipality of Kazanlak is twinned or in partnership with: the "
            "city's name in Bulgarian and English, its country and continent, the kind and status "
            "of the relationship, the year it began, the date of the agreement where it is known, "
            "the city's coordinates and its official website. One record per city, only those "
            "published on the site."
        ),
        "how_to_reuse_bg": (
            "Полето slug е постоянният идентификатор на града, същият като в адреса на страницата "
            "му: по него инициативите сочат градовете си (полето partner_cities в набора "
            "„Съвместни инициативи“). Координатите са в десетични градуси (WGS 84) и се поставят "
            "направо на карта; кодът на държавата е по ISO 3166-1."
        ),
        "how_to_reuse_en": (
            "The slug field is the city's permanent identifier, the same as in the address of "
            "its page: the initiatives name their cities by it (the partner_cities field of the "
            "“Joint initiatives” dataset). The coordinates are decimal degrees (WGS 84) and go "
            "straight onto a map; the country code is ISO 3166-1."
        ),
        "frequency": Frequency.IRREGULAR,
    },
    fields=described_fields(exports.CITY_FIELDS, CITY_FIELDS),
    files=json_and_csv("partnerships:cities"),
    landing_page="partnerships:city_list",
    themes=("INTR", "GOVE"),
    keywords=(_("побратимени градове"), _("международно сътрудничество"), _("Казанлък")),
    coverage=years_of_relationships,
)

INITIATIVES = RegisteredDataset(
    key="initiatives",
    defaults={
        "title_bg": "Съвместни инициативи с побратимените и партньорските градове",
        "title_en": "Joint initiatives with the twin and partner cities",
        "description_bg": (
            "Съвместните инициативи на Община Казанлък с побратимените и партньорските ѝ градове: "
            "заглавието и описанието на български и английски, видът на инициативата, датата и "
            "участващите градове, с адреса на страницата на всяка инициатива. Най-новите са "
            "първи; само публикуваните на сайта."
        ),
        "description_en": (
            "The joint initiatives of the Municipality of Kazanlak with its twin and partner "
            "cities: the title and description in Bulgarian and English, the kind of initiative, "
            "its date and the cities taking part, with the address of each initiative's page. "
            "Newest first; only those published on the site."
        ),
        "how_to_reuse_bg": (
            "Полето partner_cities изброява идентификаторите (slug) на участващите градове, "
            "същите като в полето slug на набора „Побратимени и партньорски градове“: така двата "
            "набора се свързват. Полето kind е постоянният идентификатор на вида инициатива, а "
            "датите са във вида ГГГГ-ММ-ДД (ISO 8601). Новите инициативи се следят и през "
            "емисиите RSS и Atom, които съдържат последните двадесет."
        ),
        "how_to_reuse_en": (
            "The partner_cities field lists the identifiers (slugs) of the cities taking part, the "
            "same as in the slug field of the “Twin and partner cities” dataset: that is how the "
            "two datasets are joined. The kind field is the permanent identifier of the kind of "
            "initiative, and dates are written YYYY-MM-DD (ISO 8601). New initiatives can also be "
            "followed through the RSS and Atom feeds, which hold the latest twenty."
        ),
        "frequency": Frequency.IRREGULAR,
    },
    fields=described_fields(exports.INITIATIVE_FIELDS, INITIATIVE_FIELDS),
    files=json_and_csv("partnerships:initiatives"),
    landing_page="partnerships:initiative_list",
    themes=("INTR", "EDUC"),
    keywords=(_("съвместни инициативи"), _("международно сътрудничество"), _("Казанлък")),
    coverage=dates_of_initiatives,
    other_links=(
        OtherLink("partnerships:initiative_feed_rss", _("емисия RSS на последните двадесет")),
        OtherLink("partnerships:initiative_feed_atom", _("емисия Atom на последните двадесет")),
    ),
)

DATASETS = (PARTNER_CITIES, INITIATIVES)
