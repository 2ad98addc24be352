from django.contrib.auth.management import create_permissions
from django.db import migrations

# The roles as they were when this migration was written, frozen here: a migration must not import
# the project (the live roles change, and a fresh `migrate` must still run this). Later changes to
# the roles reach the groups through `post_migrate` and `create_staff_user`.
FULL = ("add", "change", "delete", "view")
ROLES = {
    "Редактор – международно сътрудничество": {
        "partnerships": {
            "partnercity": FULL,
            "cityevent": FULL,
            "organisation": FULL,
            "initiativekind": FULL,
            "initiative": FULL,
            "document": FULL,
            "pagetext": ("change", "view"),
            "proposal": ("change", "delete", "view"),
        },
    },
    "Редактор – контакти": {
        "contacts": {
            "office": FULL,
            "phonenumber": FULL,
            "emailaddress": FULL,
            "openinghours": FULL,
        },
    },
}


def create_roles(apps, schema_editor):
    # On a fresh database permissions are made after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, areas in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                )
                for app_label, models in areas.items()
                for model, actions in models.items()
                for action in actions
            ]
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("contacts", "0002_search_columns_and_verified_on"),
        ("partnerships", "0004_proposals"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
