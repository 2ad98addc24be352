"""The directory as an open dataset, registered with the catalogue (core.catalogue) in ready().

Its fields are the export's own list (contacts.exports, README "Directory export"), each with a
description here (tests/test_open_data_catalogue.py fails for a field without one); its files are
the export's JSON and CSV addresses. The texts in `defaults` are the first values of its `core.Dataset` row,
which staff edit in the admin from then on.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.catalogue import OtherLink, RegisteredDataset, described_fields, json_and_csv
from core.models import Frequency

from . import exports

FIELDS = {  # the export's field: what it holds
    "slug": _("постоянният идентификатор на звеното, същият като в адреса на страницата му"),
    "name_bg": _("името на звеното на български"),
    "name_en": _("името на звеното на английски (празно, ако не е преведено)"),
    "phones": _("телефонните номера (стационарни, мобилни, горещи линии) във формат E.164"),
    "fax": _("номерата на факсовете във формат E.164"),
    "emails": _("адресите на електронна поща"),
    "street_address_bg": _("улицата и номерът на български (празно, ако звеното няма свой адрес)"),
    "street_address_en": _("улицата и номерът на английски"),
    "postal_code": _("пощенският код"),
    "locality_bg": _("населеното място на български"),
    "locality_en": _("населеното място на английски"),
    "opening_hours": _("работното време в синтаксиса opening_hours на OpenStreetMap"),
    "verified_on": _("датата по ISO 8601, на която служителите последно са проверили записа"),
    "url": _("адресът на страницата на звеното на този сайт"),
}


def as_of_last_change(last_change):
    """A directory says how things are now: the records hold from their last change on."""
    return timezone.localdate(last_change), None


DIRECTORY = RegisteredDataset(
    key="directory",
    defaults={
        "title_bg": "Телефонен указател на Община Казанлък",
        "title_en": "Telephone directory of the Municipality of Kazanlak",
        "description_bg": (
            "Звената и службите в телефонния указател на Община Казанлък с техните телефонни "
            "номера, факсове, адреси на електронна поща, адрес и работно време, и датата, на "
            "която служителите последно са проверили всеки запис. По един запис на звено, само "
            "публикуваните на сайта."
        ),
        "description_en": (
            "The offices and services in the telephone directory of the Municipality of Kazanlak "
            "with their telephone and fax numbers, e-mail addresses, address and working hours, "
            "and the date the staff last checked each entry. One record per office, only those "
            "published on the site."
        ),
        "how_to_reuse_bg": (
            "Номерата са във формат E.164 (+35943198201): готови за набиране и за сравняване. "
            "Работното време е в синтаксиса opening_hours на OpenStreetMap "
            "(Mo-Fr 08:30-12:30,13:30-17:30), който библиотеки на много езици четат. В CSV файла "
            "клетките с телефони започват с апостроф, за да не ги превърнат програмите за "
            "електронни таблици в числа или формули: махнете го или използвайте JSON файла. "
            "Целият указател е и във формат vCard за телефони и адресни книги."
        ),
        "how_to_reuse_en": (
            "Numbers are in E.164 form (+35943198201): ready to dial and to compare. Working "
            "hours are in OpenStreetMap's opening_hours syntax (Mo-Fr 08:30-12:30,13:30-17:30), "
            "which libraries in many languages read. In the CSV file the phone cells begin with "
            "an apostrophe, so that spreadsheet programs do not turn them into numbers or "
            "formulas: remove it, or use the JSON file. The whole directory is also a vCard file "
            "for phones and address books."
        ),
        "frequency": Frequency.IRREGULAR,
    },
    fields=described_fields(exports.FIELDS, FIELDS),
    files=json_and_csv("contacts:directory"),
    landing_page="contacts:directory",
    themes=("GOVE",),
    keywords=(_("телефонен указател"), _("работно време"), _("Казанлък")),
    coverage=as_of_last_change,
    other_links=(OtherLink("contacts:directory_vcard", _("целият указател като vCard")),),
)
