"""django-reversion's admin, kept to the model it serves and to the editor's area.

reversion's `recover/<version_id>/` and `<pk>/history/<version_id>/` views load any version id,
whatever its model, and revert its revision before the admin checks permissions (PITFALLS.md): an
editor of offices could restore a partner city, and see a proposal's reference in the error
message. Here both views first check the editor's permissions (change, and add to recover), then
accept only a version of this admin's model (and, for an earlier version, of that very object),
and revert a revision only if the editor may change everything in it. Anything else is answered
403 or 404 before a revision is touched, on GET as on POST. And a record that came from outside
the admin gets its first version before its first change.
"""

import reversion
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from reversion.admin import VersionAdmin
from reversion.models import Version


class SafeVersionAdmin(VersionAdmin):
    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            self._record_first_version(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id)
        self._check_revision_permissions(request, version)
        return super().recover_view(request, version.pk, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_change_permission(request, self.get_object(request, unquote(object_id))):
            raise PermissionDenied
        versions = Version.objects.get_for_object_reference(self.model, unquote(object_id))
        version = get_object_or_404(versions, pk=version_id)
        self._check_revision_permissions(request, version)
        return super().revision_view(request, object_id, version.pk, extra_context)

    def _record_first_version(self, request, object_id):
        """A record made outside the admin (a proposal sent through the site's form) has no
        version yet: keep it as it is before its first change, so that the original can be
        restored, as `createinitialrevisions` does for the initial data."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            return
        if not Version.objects.get_for_object(obj).exists():
            with reversion.create_revision():
                reversion.set_comment("Initial version.")
                reversion.add_to_revision(obj)

    @staticmethod
    def _check_revision_permissions(request, version):
        """Restoring a version restores its whole revision (an office with its numbers): the
        editor must be allowed to change every kind of record in it."""
        content_types = ContentType.objects.filter(
            pk__in=version.revision.version_set.values("content_type")
        )
        for content_type in content_types:
            model = content_type.model_class()
            if model is None or not request.user.has_perm(
                f"{model._meta.app_label}.{get_permission_codename('change', model._meta)}"
            ):
                raise PermissionDenied
