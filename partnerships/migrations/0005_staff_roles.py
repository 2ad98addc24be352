from django.contrib.auth.management import create_permissions
from django.db import migrations

from kazanlak_site.roles import ROLES, sync_group


def create_roles(apps, schema_editor):
    # On a fresh database permissions are made after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    for role in ROLES:
        sync_group(role, apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[r["name"] for r in ROLES.values()]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("contacts", "0002_search_columns_and_verified_on"),
        ("partnerships", "0004_proposals"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
