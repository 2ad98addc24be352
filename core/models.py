from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """The one row that says which version of the site's content is current.

    Every change to the content writes a new random token here, in the same transaction as the
    change (core.page_cache.bump_content_version), so a server process that reads the
    token reads it together with the data it stands for. Each process keeps its cached pages
    under the token they were made from; a new token leaves them all behind.
    """

    PUBLIC_CONTENT = False  # the cache's own bookkeeping, not content (core.bulk)
    ONLY = 1  # the primary key of the one row

    id = models.PositiveSmallIntegerField(primary_key=True, default=ONLY, editable=False)
    token = models.CharField(
        _("версия"),
        max_length=32,
        help_text=_("Сменя се при всяка промяна на съдържанието; страниците се правят наново."),
    )
    changed_at = models.DateTimeField(_("последна промяна"), auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("версия на съдържанието")
        verbose_name_plural = _("версии на съдържанието")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="content_version_one_row"),
        ]

    def __str__(self):
        return self.token
