from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Контакти")

    def ready(self):
        from core.content_signals import invalidate_pages_on_change

        invalidate_pages_on_change(self)  # the models that say PUBLIC_CONTENT = True
        register_search_section()
        register_open_dataset()


def register_search_section():
    """The directory's offices in the site search (core): by name, keyword, e-mail address, kind
    of number or any digits of a number, each shown with its numbers, e-mails and hours (four
    queries, however many offices)."""
    from core.search import SearchSection, register_section

    from .models import Office

    register_section(
        SearchSection(
            "offices",
            _("Контакти"),
            lambda query: Office.objects.published().search(query).with_details(),
            "name",
            template="contacts/search_hit.html",
        )
    )


def register_open_dataset():
    """The directory on the open-data page and in its catalogue (core)."""
    from core.catalogue import register_dataset

    from .datasets import DIRECTORY

    register_dataset(DIRECTORY)
