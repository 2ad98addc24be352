"""Staff roles: each a group with the permissions of one area of the site and nothing else.

Neither role can see users, groups or the other area; superusers manage accounts. The groups are
created by a data migration (partnerships 0005, with its own frozen copy of these definitions) and
kept in step after every `migrate` (core.apps) and by `create_staff_user`.
"""

from django.utils.translation import gettext_lazy as _

FULL = ("add", "change", "delete", "view")

ROLES = {
    "cooperation": {
        "name": "Редактор – международно сътрудничество",
        "label": _("редактор на международното сътрудничество"),
        "permissions": {
            "partnerships": {
                "partnercity": FULL,
                "cityevent": FULL,
                "source": FULL,
                "organisation": FULL,
                "initiativekind": FULL,
                "initiative": FULL,
                "document": FULL,
                "pagetext": ("change", "view"),
                "proposal": ("change", "delete", "view"),  # proposals arrive through the site
            },
            "core": {"dataset": ("change", "view")},  # its open datasets' texts (core.catalogue)
        },
    },
    "contacts": {
        "name": "Редактор – контакти",
        "label": _("редактор на контактите"),
        "permissions": {
            "core": {"dataset": ("change", "view")},  # its open dataset's texts (core.catalogue)
            "contacts": {
                "office": FULL,
                "phonenumber": FULL,
                "emailaddress": FULL,
                "openinghours": FULL,
                "closure": FULL,
                "workingday": FULL,
            },
        },
    },
}


def codenames(role):
    for app_label, models in ROLES[role]["permissions"].items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, f"{action}_{model}"


def sync_group(role, group_model, permission_model):
    """Create or update a role's group so that it has exactly the role's permissions."""
    group, _created = group_model.objects.get_or_create(name=ROLES[role]["name"])
    permissions = [
        permission_model.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames(role)
    ]
    group.permissions.set(permissions)
    return group
