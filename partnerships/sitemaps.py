from django.utils.translation import gettext_lazy as _

from core.sitemaps import BilingualSitemap, NamedPagesSitemap

from .models import Initiative, PartnerCity


class PagesSitemap(NamedPagesSitemap):
    heading = _("Международно сътрудничество")
    names = {
        "partnerships:cooperation": _("Международно сътрудничество"),
        "partnerships:city_list": _("Побратимени и партньорски градове"),
        "partnerships:timeline": _("Хронология на отношенията"),
        "partnerships:initiative_list": _("Съвместни инициативи"),
        "partnerships:organisation_list": _("Членство в международни организации"),
        "partnerships:document_list": _("Документи"),
        "partnerships:proposal": _("Предложение за сътрудничество"),
    }


class CitySitemap(BilingualSitemap):
    heading = _("Побратимени и партньорски градове")

    def items(self):
        # What the HTML site map shows too: no query per city.
        return PartnerCity.objects.published().only("slug", "name_bg", "name_en", "country")


class InitiativeSitemap(BilingualSitemap):
    heading = _("Съвместни инициативи")
    title_field = "title"

    def items(self):
        return Initiative.objects.published().only("slug", "date", "title_bg", "title_en")

    def lastmod(self, item):
        return item.date
