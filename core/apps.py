from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every section of the site uses; imports no section app."""

    name = "core"
    verbose_name = _("Сайт")
