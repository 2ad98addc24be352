"""The benchmark's larger dataset: many partner cities and initiatives, written in bulk.

bench/run.py calls it through Django's shell, with the environment of the database to fill:

    .venv/bin/python manage.py shell -c "from bench.generate import generate; generate()"

The same seed gives the same data, so runs on different machines compare like with like.
"""

import datetime
import random

from django.db import transaction
from django.utils import translation

from core.bulk import after_bulk_change
from partnerships.models import Initiative, InitiativeKind, PartnerCity

COUNTRIES = ["FR", "IT", "JP", "DE", "ES", "CN", "BR", "US", "KE", "AU"]
FIRST_DATE = datetime.date(2000, 1, 1)
KOCHANI = "kochani-makedoniya"  # a fixture city whose page the benchmark loads
KOCHANI_EVERY = 10  # every tenth initiative names Kočani: its page lists 500 of them


def generate(cities=1000, initiatives=5000, seed=1970, label="bench"):
    """Add `cities` partner cities and `initiatives` initiatives, each linked to 1–2 cities.

    `label` starts their slugs, so that the tests can add two batches to one database.

    Bulk writes skip save() and the signals: `after_bulk_change()` then refreshes the search text
    and tells the page cache, as any bulk job on this site must.
    """
    rng = random.Random(seed)
    # modeltranslation fills the base columns from the active language, as load_initial_data.
    with translation.override("bg"), transaction.atomic():
        PartnerCity.objects.bulk_create(new_cities(rng, cities, label), batch_size=500)
        created = Initiative.objects.bulk_create(
            new_initiatives(rng, initiatives, label), batch_size=500
        )
        link_to_cities(rng, created)
        after_bulk_change(PartnerCity, Initiative)


def new_cities(rng, count, label):
    """Unsaved cities with names, slugs and places of their own, in ten countries."""
    return [
        PartnerCity(
            name_bg=f"Град {n}",
            name_en=f"City {n}",
            slug=f"{label}-city-{n}",
            country=rng.choice(COUNTRIES),
            since_year=rng.randint(1970, 2025),
            latitude=rng.uniform(-50, 60),
            longitude=rng.uniform(-170, 170),
        )
        for n in range(count)
    ]


def new_initiatives(rng, count, label):
    """Unsaved initiatives spread over 25 years, taking the fixtures' kinds in turn."""
    kinds = list(InitiativeKind.objects.order_by("pk"))
    return [
        Initiative(
            title_bg=f"Инициатива {n}",
            slug=f"{label}-initiative-{n}",
            kind=kinds[n % len(kinds)],
            date=FIRST_DATE + datetime.timedelta(days=rng.randint(0, 9000)),
        )
        for n in range(count)
    ]


def link_to_cities(rng, initiatives):
    """Link each initiative to 1–2 random cities, and every tenth also to Kočani."""
    city_ids = list(PartnerCity._base_manager.values_list("pk", flat=True))
    kochani_id = PartnerCity._base_manager.get(slug=KOCHANI).pk
    through = Initiative.partner_cities.through
    links = []
    for n, initiative in enumerate(initiatives):
        linked = set(rng.sample(city_ids, rng.randint(1, 2)))
        if n % KOCHANI_EVERY == 0:
            linked.add(kochani_id)
        links += [through(initiative_id=initiative.pk, partnercity_id=pk) for pk in linked]
    through.objects.bulk_create(links, batch_size=1000)
