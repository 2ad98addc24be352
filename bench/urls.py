"""The site's URLs plus /bench/minimal/, the yardstick every page is compared with.

The minimal view is the cheapest response Django can give, yet it goes through the same
middleware stack as the pages (page cache included): a page's requests per second divided by the
minimal view's shows what the page itself costs, whatever the machine.
"""

from django.http import HttpResponse
from django.urls import path

import kazanlak_site.urls


def minimal_view(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal_view), *kazanlak_site.urls.urlpatterns]
