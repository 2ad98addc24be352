"""Drafts: unpublished records are 404 to the public, and staff who may see them get a preview."""

from django.utils.cache import patch_cache_control

from .page_cache import has_session_cookie


class DraftPreviewMixin:
    """For a DetailView whose model has `is_published` and `objects.published()`, found by slug."""

    def can_preview(self):
        """Only a request with a session cookie may be staff: without one, `request.user` (the
        session) is not read, so the public page does not vary on Cookie and stays cacheable."""
        if not has_session_cookie(self.request):
            return False
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
