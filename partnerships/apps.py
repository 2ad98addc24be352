from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Международно сътрудничество")

    def ready(self):
        from kazanlak_site.content_signals import invalidate_pages_on_change

        # Proposals never appear on public pages: receiving one leaves the cache alone.
        invalidate_pages_on_change(m for m in self.get_models() if m.__name__ != "Proposal")
