"""Drafts: unpublished records are 404 to the public, and staff who may see them get a preview."""

from django.http import Http404
from django.utils.cache import patch_cache_control

from .page_cache import cached_for_version, key_part


class DraftPreviewMixin:
    """For a DetailView whose model has `is_published` and `objects.published()`, found by slug."""

    def can_preview(self):
        opts = self.model._meta
        return self.request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def visible(self, queryset):
        return queryset if self.can_preview() else queryset.published()

    def get_object(self, queryset=None):
        """Staff get the row as the database has it now, drafts included; visitors a copy made
        once per content version (a change anywhere makes it afresh)."""
        if queryset is not None or self.can_preview():
            return super().get_object(queryset)
        slug = self.kwargs[self.slug_url_kwarg]
        key = f"published:{self.model._meta.label_lower}:{key_part(slug)}"
        found = cached_for_version(key, lambda: self.get_queryset().filter(slug=slug).first())
        if found is None:
            raise Http404(f"No published {self.model._meta.verbose_name} at this address.")
        return found

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=not self.object.is_published, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context.get("is_preview"):
            patch_cache_control(response, private=True, no_store=True)  # never in a shared cache
        return response
