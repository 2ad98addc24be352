from django.utils.functional import SimpleLazyObject

from kazanlak_site.page_cache import content_version, when_used

from .models import Office


def footer_contacts(request):
    """The footer's address, main phones and hours, read from the database on every page.

    Lazy: a page that does not render the footer (the admin), or finds it in the fragment
    cache, runs no query.
    """
    return {
        "footer_offices": when_used(
            lambda: Office.objects.published().filter(in_footer=True).with_details()
        ),
        # The footer is a cached fragment; any content change gives it a new key.
        "content_version": SimpleLazyObject(content_version),  # read at most once a request
    }
