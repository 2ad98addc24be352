"""Users and groups in the admin, with permissions named in the staff's language.

Django stores a permission's name in English when it migrates („Can add partner city“), and no
catalogue can translate stored text. The choice lists show the area, the record type (its
translated verbose name) and the action instead: „Международно сътрудничество | партньорски град |
добавяне“.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.mail import admin as mail_admin  # noqa: F401 (registers the mail queue's admin)
from core.models import Dataset
from core.translation_admin import ContentAdmin

ACTIONS = {
    "add": _("добавяне"),
    "change": _("промяна"),
    "delete": _("изтриване"),
    "view": _("преглед"),
}


def permission_label(permission):
    model = permission.content_type.model_class()
    action, _sep, _model_name = permission.codename.partition("_")
    if model is None or action not in ACTIONS:
        return permission.name  # a permission of a removed model, or a custom one
    area = capfirst(model._meta.app_config.verbose_name)
    return f"{area} | {model._meta.verbose_name} | {ACTIONS[action]}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, permission):
        return permission_label(permission)


class TranslatedPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class StaffUserAdmin(TranslatedPermissionsMixin, UserAdmin):
    pass


@admin.register(Group)
class StaffGroupAdmin(TranslatedPermissionsMixin, GroupAdmin):
    pass


@admin.register(Dataset)
class DatasetAdmin(ContentAdmin):
    """The open datasets (core.catalogue): one row per dataset an app registers, made by
    `migrate`; staff edit the texts and may unpublish one, never add or delete one."""

    list_display = ["title", "key", "frequency", "is_published"]
    list_filter = ["is_published", "frequency"]
    search_fields = ["title_bg", "title_en", "key"]
    fieldsets = [
        (None, {"fields": ["title", "description", "frequency", "is_published"]}),
        (_("Как да се използва"), {"fields": ["how_to_reuse"]}),
    ]

    def has_add_permission(self, request):
        return False  # the apps' registrations decide which datasets there are

    def has_delete_permission(self, request, obj=None):
        return False  # to take one off the page and the catalogue, untick „публикуван“
