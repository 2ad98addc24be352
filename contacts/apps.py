from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Контакти")

    def ready(self):
        from core.content_signals import invalidate_pages_on_change

        invalidate_pages_on_change(self)  # the models that say PUBLIC_CONTENT = True
        register_search_section()


def register_search_section():
    """The directory's offices in the site search (core): by name or by any digits of a number."""
    from core.search import SearchSection, register_section

    from .models import Office

    register_section(
        SearchSection(
            "offices", _("Контакти"), lambda query: Office.objects.published().search(query), "name"
        )
    )
