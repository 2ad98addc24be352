from .models import Office


def footer_contacts(request):
    """The footer's address, main phones and hours, read from the database on every page that
    renders the footer (a queryset runs when the template reads it: the admin never does).
    `with_details()` prefetches the numbers, e-mails and hours: 4 queries, however many offices."""
    return {"footer_offices": Office.objects.published().filter(in_footer=True).with_details()}
