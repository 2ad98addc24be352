from core.sitemaps import BilingualSitemap, NamedPagesSitemap

from .models import Initiative, PartnerCity


class PagesSitemap(NamedPagesSitemap):
    names = (
        "partnerships:cooperation",
        "partnerships:city_list",
        "partnerships:timeline",
        "partnerships:initiative_list",
        "partnerships:organisation_list",
        "partnerships:document_list",
    )


class CitySitemap(BilingualSitemap):
    def items(self):
        return PartnerCity.objects.published().only("slug")


class InitiativeSitemap(BilingualSitemap):
    def items(self):
        return Initiative.objects.published().only("slug", "date")

    def lastmod(self, item):
        return item.date
