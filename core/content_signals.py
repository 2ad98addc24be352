"""Which saves and deletes make the page cache stale: connected by the apps' `ready()`.

Exactly the models that declare `PUBLIC_CONTENT = True` (core.bulk) are connected. Each save or
delete of one writes a new content version in the database, in the change's own transaction
(core.page_cache). `update()` and `bulk_create()` send no signals: code that changes
content in bulk calls `core.bulk.after_bulk_change()`.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core.bulk import is_public_content

from .page_cache import bump_content_version


def invalidate_pages_on_change(app_config):
    """Connect the page cache to the app's public-content models (`PUBLIC_CONTENT = True`)."""
    for model in app_config.get_models():
        if not is_public_content(model):
            continue
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump_content_version,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
            )
