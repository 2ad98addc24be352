"""The one way to change content in bulk: after update()/bulk_create()/loaddata call this.

A model says whether public pages show its rows with a class attribute:

    class PartnerCity(...):
        PUBLIC_CONTENT = True   # saving or deleting a row makes the cached pages afresh

    class Proposal(models.Model):
        PUBLIC_CONTENT = False  # never on a public page: a change leaves the page cache alone

The apps' `ready()` connect the page-cache signals for exactly the models that say True
(core.content_signals); tests/test_content_invalidation.py fails for a model of the
site's apps that says neither.

`save()` and `delete()` keep everything in step by themselves. `QuerySet.update()`,
`bulk_create()`, `bulk_update()` and `loaddata` do not: they skip `save()` (so the derived search
columns are not written) and send no signals that invalidate the cache (loaddata's raw saves
do; its rows' search columns stay as the file had them). Code that writes rows that way calls
`after_bulk_change()` with the models it wrote, in the same transaction if there is one:

    with transaction.atomic():
        Office.objects.filter(...).update(verified_on=today)
        after_bulk_change(Office)

The models are found through the app registry: this module imports no section app.
"""

from django.apps import apps

from core.page_cache import bump_content_version
from core.search import Searchable, refresh_search_text


def is_public_content(model):
    """Whether the model says public pages show its rows (`PUBLIC_CONTENT = True`)."""
    return getattr(model, "PUBLIC_CONTENT", None) is True


def after_bulk_change(*models):
    """After update()/bulk_create()/loaddata call this, with the models whose rows were written.

    For each model it recomputes the derived columns of every row: `search_text` of a
    `Searchable`, and whatever the model's own `refresh_derived()` classmethod recomputes (e.g.
    `PhoneNumber.search_digits`). Then, if any of the models is public content, it writes one new
    content version, so that every server makes its pages afresh once the transaction commits.

    With no models it does this for every installed model: after loading a whole fixture or
    backup. Calling it when nothing changed costs time, never correctness.
    """
    models = models or tuple(apps.get_models())
    for model in models:
        if issubclass(model, Searchable):
            refresh_search_text(model)
        refresh_derived = getattr(model, "refresh_derived", None)
        if refresh_derived is not None:
            refresh_derived()
    if any(is_public_content(model) for model in models):
        bump_content_version()
