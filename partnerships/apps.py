from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Международно сътрудничество")

    def ready(self):
        from core.content_signals import invalidate_pages_on_change

        invalidate_pages_on_change(self)  # the models that say PUBLIC_CONTENT = True
        register_search_sections()
        register_open_datasets()


def register_search_sections():
    """What the site search (core) finds in this app, in the order the results page shows it:
    cities also by country and initiatives also by kind, in either language (.search)."""
    from core.search import SearchSection, register_section

    from . import search
    from .models import Document, Organisation

    def finder(model):
        return lambda query: model.objects.published().matching_words(query)

    for section in (
        SearchSection(
            "cities",
            _("Градове"),
            search.find_cities,
            "name",
            detail=lambda city: city.country.name,
        ),
        SearchSection("initiatives", _("Инициативи"), search.find_initiatives, "title"),
        SearchSection("organisations", _("Организации"), finder(Organisation), "name"),
        SearchSection("documents", _("Документи"), finder(Document), "title"),
        SearchSection(
            "pages",
            _("Текстове на сайта"),
            search.find_page_texts,
            "body",
            template="partnerships/search_hit_text.html",
        ),
    ):
        register_section(section)


def register_open_datasets():
    """The partner cities and the initiatives on the open-data page and in its catalogue (core)."""
    from core.catalogue import register_dataset

    from .datasets import DATASETS

    for dataset in DATASETS:
        register_dataset(dataset)
