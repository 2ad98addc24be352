from django.utils.translation import gettext_lazy as _

from core.sitemaps import BilingualSitemap, NamedPagesSitemap

from .models import Office


class PagesSitemap(NamedPagesSitemap):
    heading = _("Телефонен указател")
    names = {"contacts:directory": _("Телефонен указател")}


class OfficeSitemap(BilingualSitemap):
    heading = _("Телефонен указател")  # under the directory on the HTML site map

    def items(self):
        return Office.objects.published().only("slug", "name_bg", "name_en")
