"""The initial keywords for search of the offices the fixtures hold, and „Балканинвест“ ЕООД (a
company) marked as not part of the municipality, on databases loaded before these fields existed.
A database loaded afresh gets the same from fixtures/contacts.json.

Only offices still without keywords are filled (staff may have written their own); the folded
search text is then made again from the names and keywords.
"""

import re
import unicodedata

from django.db import migrations
from transliterate import translit

# Frozen copies, as they were when this migration was written (a migration must not import the
# project: the live code changes, and a fresh `migrate` must still run this).
LANGUAGES = ("bg", "en")
CYRILLIC = re.compile("[\u0400-\u04ff]")

# By slug: (Bulgarian, English), drawn from each office's function as its name states it. The
# source spells out no function for „КД и ПИС“ or „Балканинвест“ ЕООД: left to the staff.
KEYWORDS = {
    "obshtinska-administratsiya": (
        "община, общинска управа, приемно време",
        "municipality, town hall, city hall, office hours",
    ),
    "tehnicheski-satrudnik-na-kmeta": (
        "кабинет на кмета, приемна на кмета, среща с кмета",
        "mayor's office, mayor's secretary, meeting the mayor",
    ),
    "tsentar-za-informatsiya-i-uslugi": (
        "административни услуги, обслужване на граждани, едно гише, заявления, искания, удостоверения, справки, информация",
        "administrative services, citizen services, one-stop shop, service desk, applications, requests, certificates, information",
    ),
    "kmetstva": (
        "села, кмет на село, кметове на кметства, кметски наместник",
        "villages, village mayor, village mayors, mayoral deputy",
    ),
    "domashen-sotsialen-patronazh": (
        "социални услуги, доставка на храна, храна по домовете, възрастни хора, хора с увреждания, грижа в дома",
        "social services, meals on wheels, meal delivery, elderly people, people with disabilities, home care",
    ),
    "grao": (
        "адресна регистрация, гражданска регистрация, гражданско състояние, акт за раждане, актове за раждане, акт за смърт, акт за граждански брак, удостоверения, постоянен адрес, настоящ адрес, ЕГН",
        "address registration, civil registration, civil status, birth certificate, death certificate, marriage certificate, certificates, permanent address, current address, personal number",
    ),
    "mestni-prihodi": (
        "данъци, данък, местни данъци, такси, такса смет, данък сгради, данък върху недвижимите имоти, данък върху превозните средства, данък МПС, данъчна оценка, патентен данък",
        "taxes, tax, local taxes, fees, waste collection fee, property tax, vehicle tax, car tax, tax assessment, patent tax",
    ),
    "obshto-delovodstvo": (
        "входящи документи, подаване на документи, входящ номер, писма, жалби, заявления, кореспонденция",
        "incoming documents, submitting documents, reference number, letters, complaints, applications, correspondence",
    ),
    "delovodstvo-tehnicheski-uslugi": (
        "строителство, разрешение за строеж, строителни книжа, скица, виза за проектиране, устройство на територията, ЗУТ, кадастър, архитектура, благоустройство",
        "construction, building permit, building documents, site plan, design permit, spatial planning, cadastre, architecture, public works",
    ),
    "goresht-telefon": (
        "сигнали, сигнал, нередности, корупция, подкуп, злоупотреби, оплаквания",
        "reports, report, irregularities, corruption, bribery, abuse, complaints, whistleblowing",
    ),
    "priyut-za-kucheta": (
        "кучета, куче, бездомни кучета, осиновяване, осиновяване на куче, приют, животни, домашни любимци",
        "dogs, dog, stray dogs, adoption, adopt a dog, animal shelter, animals, pets",
    ),
}
NOT_OF_THE_MUNICIPALITY = ("balkaninvest",)


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_document(*texts):
    parts = []
    for text in texts:
        if not text:
            continue
        parts.append(fold(text))
        if CYRILLIC.search(text):
            parts.append(fold(translit(text, "bg", reversed=True)))
    return " ".join(parts)


def fill_keywords(apps, schema_editor):
    Office = apps.get_model("contacts", "Office")
    for office in Office.objects.all():
        fields = ["search_text"]
        known = KEYWORDS.get(office.slug)
        if known and not (office.keywords_bg or office.keywords_en):
            office.keywords_bg, office.keywords_en = known
            office.keywords = known[0]
            fields += ["keywords", "keywords_bg", "keywords_en"]
        if office.slug in NOT_OF_THE_MUNICIPALITY:
            office.municipal_unit = False
            fields.append("municipal_unit")
        office.search_text = search_document(
            *(
                getattr(office, f"{field}_{code}")
                for field in ("name", "keywords")
                for code in LANGUAGES
            )
        )
        office.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0004_office_keywords_municipal_unit"),
    ]

    operations = [
        migrations.RunPython(fill_keywords, migrations.RunPython.noop),
    ]
