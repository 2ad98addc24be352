"""Drafts: unpublished records are 404 to the public, and staff who may see them get a preview."""

from django.utils.cache import patch_cache_control


class DraftPreviewMixin:
    """For a DetailView whose model has `is_published` and `objects.published()`."""

    def can_preview(self):
        opts = self.model._meta
        return self.request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def visible(self, queryset):
        return queryset if self.can_preview() else queryset.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=not self.object.is_published, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context.get("is_preview"):
            patch_cache_control(response, private=True, no_store=True)  # never in a shared cache
        return response
