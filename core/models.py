from django.db import models
from django.db.models import Q
from django.urls import reverse
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


class Frequency(models.TextChoices):
    """How often a dataset changes: codes of the EU's frequency vocabulary (DCAT-AP
    dct:accrualPeriodicity, http://publications.europa.eu/resource/authority/frequency/…)."""

    CONTINUOUS = "CONT", _("непрекъснато")
    DAILY = "DAILY", _("ежедневно")
    WEEKLY = "WEEKLY", _("ежеседмично")
    MONTHLY = "MONTHLY", _("ежемесечно")
    QUARTERLY = "QUARTERLY", _("на тримесечие")
    ANNUAL = "ANNUAL", _("ежегодно")
    IRREGULAR = "IRREG", _("нередовно, при промяна")
    UNKNOWN = "UNKNOWN", _("неизвестно")


class DatasetManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class Dataset(models.Model):
    """What staff say about one of the open datasets the apps register (core.catalogue): its
    title, description and how to reuse it, how often it changes, and whether it is published on
    /otvoreni-danni/ and in the DCAT-AP catalogue. Its fields and files are the app's.

    One row per registered dataset, made from the app's defaults after every `migrate`
    (core.catalogue.create_missing_rows); a saved or deleted row makes the cached pages afresh
    (connected in CoreConfig.ready(), like the section apps' models)."""

    PUBLIC_CONTENT = True  # the open-data page and its catalogue (core.bulk)

    key = models.SlugField(
        _("ключ"),
        max_length=50,
        unique=True,
        editable=False,
        help_text=_("Под това име приложението описва полетата и файловете на набора."),
    )
    title = models.CharField(_("заглавие"), max_length=200)
    description = models.TextField(
        _("описание"), help_text=_("Какво съдържа наборът: показва се на страницата и в каталога.")
    )
    how_to_reuse = models.TextField(
        _("как да се използва"),
        blank=True,
        default="",
        help_text=_("Съвети за повторна употреба: идентификатори, връзки с други набори, формати."),
    )
    frequency = models.CharField(
        _("честота на обновяване"),
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.IRREGULAR,
    )
    is_published = models.BooleanField(
        _("публикуван"),
        default=True,
        help_text=_(
            "Махнете отметката и наборът изчезва от страницата „Отворени данни“ и от каталога."
        ),
    )
    created_at = models.DateTimeField(_("включен в каталога"), auto_now_add=True)

    # Known by its key in backups (natural_primary): restored over the row `migrate` made.
    objects = DatasetManager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("набор от отворени данни")
        verbose_name_plural = _("набори от отворени данни")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('core:open_data')}#{self.key}"

    def natural_key(self):
        return (self.key,)
