from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Международно сътрудничество")

    def ready(self):
        from core.content_signals import invalidate_pages_on_change

        invalidate_pages_on_change(self)  # the models that say PUBLIC_CONTENT = True
        register_search_sections()


def register_search_sections():
    """What the site search (core) finds in this app, in the order the results page shows it."""
    from core.search import SearchSection, register_section

    from .models import Document, Initiative, Organisation, PartnerCity

    def finder(model):
        return lambda query: model.objects.published().matching_words(query)

    for section in (
        SearchSection(
            "cities",
            _("Градове"),
            finder(PartnerCity),
            "name",
            detail=lambda city: city.country.name,
        ),
        SearchSection("initiatives", _("Инициативи"), finder(Initiative), "title"),
        SearchSection("organisations", _("Организации"), finder(Organisation), "name"),
        SearchSection("documents", _("Документи"), finder(Document), "title"),
    ):
        register_section(section)
