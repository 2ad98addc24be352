from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _
from mailer.apps import MailerConfig


class CoreConfig(AppConfig):
    """What every section of the site uses; imports no section app."""

    default = True  # the one Django picks for "core"; MailQueueConfig is named in INSTALLED_APPS
    name = "core"
    verbose_name = _("Сайт")

    def ready(self):
        from .checks import DEPLOY_CHECKS

        for check in DEPLOY_CHECKS:
            checks.register(check, checks.Tags.security, deploy=True)


class MailQueueConfig(MailerConfig):
    """django-mailer's tables (queue and log), under a Bulgarian name in the admin."""

    default = False

    verbose_name = _("Изходяща поща")
