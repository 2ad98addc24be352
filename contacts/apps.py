from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Контакти")

    def ready(self):
        from kazanlak_site.content_signals import invalidate_pages_on_change

        invalidate_pages_on_change(self)  # the models that say PUBLIC_CONTENT = True
