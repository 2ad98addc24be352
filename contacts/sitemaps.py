from core.sitemaps import BilingualSitemap, NamedPagesSitemap

from .models import Office


class PagesSitemap(NamedPagesSitemap):
    names = ("contacts:directory",)


class OfficeSitemap(BilingualSitemap):
    def items(self):
        return Office.objects.published().only("slug")
