"""RSS 2.0 and Atom feeds of the newest joint initiatives, in the page's language."""

import copy
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import Initiative, PartnerCity

FEED_SIZE = 20


class InitiativesFeed(Feed):
    """Links are built from the request's host: the Sites table's domain is not the site's name."""

    request = None

    def __call__(self, request, *args, **kwargs):
        feed = copy.copy(self)  # one instance serves every request: keep this one's own
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    def feed_url(self):
        return self.absolute(self.request.path)

    def title(self):
        return _("Съвместни инициативи на Община Казанлък")

    def description(self):
        return _("Най-новите съвместни инициативи с побратимените и партньорските градове.")

    def link(self):
        return self.absolute(reverse("partnerships:initiative_list"))

    def item_link(self, item):
        return self.absolute(item.get_absolute_url())

    def items(self):
        cities = Prefetch("partner_cities", queryset=PartnerCity.objects.published())
        return (
            Initiative.objects.published()
            .select_related("kind")
            .prefetch_related(cities)[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        names = ", ".join(city.name for city in item.partner_cities.all())
        return " — ".join(part for part in (item.kind.name, names, item.description) if part)

    def item_pubdate(self, item):
        # Initiatives have a day, not a time: noon in Sofia, so the day is right in any zone.
        return timezone.make_aware(datetime.combine(item.date, time(12, 0)))

    def item_categories(self, item):
        return [item.kind.name]


class InitiativesAtomFeed(InitiativesFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
