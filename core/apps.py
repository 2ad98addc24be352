from django.apps import AppConfig
from django.core import checks
from django.core.management import call_command
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from mailer.apps import MailerConfig


def complete_the_data(sender, using, plan=None, **kwargs):
    """After `migrate` and `flush`: a first version for every record without a history, so that
    its original values can be restored (records from `loaddata` or from before the history
    existed; django-reversion's `createinitialrevisions` skips records that have one), then the
    open-data catalogue's missing rows (core.catalogue), which get theirs from the next `migrate`,
    `load_initial_data` or their first change."""
    if plan is not None and not fully_migrated(using):
        return  # migrated part of the way, or back: the models need not match the tables
    from .catalogue import create_missing_rows

    call_command("createinitialrevisions", using=using, model_db=using, verbosity=0)
    create_missing_rows(using)


def fully_migrated(using):
    executor = MigrationExecutor(connections[using])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def sync_roles(sender, using, apps=None, **kwargs):
    """After `migrate`, each role's group has exactly the role's permissions as the code now says
    (core.roles): a role that gains a permission on a newly added model gets it here,
    never inside an old migration."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from core.roles import ROLES, sync_group

    for app_config in global_apps.get_app_configs():  # apps later in the list have none yet
        create_permissions(app_config, verbosity=0, using=using)
    for role in ROLES:
        sync_group(role, Group, Permission)


class CoreConfig(AppConfig):
    """What every section of the site uses; imports no section app."""

    default = True  # the one Django picks for "core"; MailQueueConfig is named in INSTALLED_APPS
    name = "core"
    verbose_name = _("Сайт")

    def ready(self):
        from .checks import DEPLOY_CHECKS

        for check in DEPLOY_CHECKS:
            checks.register(check, checks.Tags.security, deploy=True)
        # Once per `migrate` (and `flush`), after every app's migrations: post_migrate is sent
        # for each app only when all of them are migrated.
        post_migrate.connect(sync_roles, sender=self)
        post_migrate.connect(complete_the_data, sender=self)
        # A change to any record of the site makes the cached pages afresh.
        from .content_signals import invalidate_pages_on_change

        invalidate_pages_on_change(self)


class MailQueueConfig(MailerConfig):
    """django-mailer's tables (queue and log), under a Bulgarian name in the admin."""

    default = False

    verbose_name = _("Изходяща поща")
