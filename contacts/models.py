from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.search import Searchable, SearchableQuerySet, folded_names, names_containing
from core.slugs import AutoSlug, slug_field

from . import phones


class OfficeQuerySet(SearchableQuerySet, models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_details(self):
        """Offices with their numbers, e-mails and hours: four queries, however many offices."""
        return self.prefetch_related("phones", "emails", "hours")

    def main_address(self):
        """The municipality's address and hours: the first published office of the municipality
        that has an address."""
        return (
            self.published()
            .filter(municipal_unit=True)
            .exclude(street_address_bg="")
            .prefetch_related("hours")
            .first()
        )

    def search(self, query):
        """Offices that have every word of `query` in their name, keywords, e-mail addresses or
        kinds of number („факс“, "fax"), or a number containing its digits.

        Names and keywords are matched in the folded copy kept in `search_text`, numbers in
        `PhoneNumber.search_digits`, so Cyrillic letter case works on SQLite too and
        "0431/98201" finds "+35943198201". One query, however many offices.
        """
        by_words = self.matching_words(query, also=self.word_elsewhere)
        digits = phones.query_digits(query)
        if not digits:
            return by_words
        by_number = self.filter(phones__search_digits__contains=digits)
        return self.filter(Q(pk__in=by_words.values("pk")) | Q(pk__in=by_number.values("pk")))

    @staticmethod
    def word_elsewhere(word):
        """A folded word found in an office's e-mail addresses or the names of its kinds of
        number (subqueries: always as the rows are now, whatever was saved last)."""
        by_email = EmailAddress.objects.filter(address__icontains=word).values("office")
        kinds = names_containing(word, folded_names(PhoneKind.names_in_every_language()))
        by_kind = PhoneNumber.objects.filter(kind__in=kinds).values("office")
        return Q(pk__in=by_email) | Q(pk__in=by_kind)


class Office(AutoSlug, Searchable):
    PUBLIC_CONTENT = True  # shown on public pages (core.bulk)
    SEARCH_FIELDS = ("name", "keywords")

    name = models.CharField(
        _("име"),
        max_length=200,
        unique=True,
        error_messages={"unique": _("Вече има звено с това име.")},
    )
    slug = slug_field(120, _("Латиница, за адреса. Оставете празно, за да се попълни от името."))
    description = models.TextField(_("описание"), blank=True, default="")
    keywords = models.TextField(
        _("ключови думи за търсене"),
        blank=True,
        default="",
        help_text=_(
            "Думите, с които хората търсят звеното, когато не знаят името му: какво вършат в "
            "него, разделени със запетая, напр. „данъци, такси, данък сгради“. Търсенето в "
            "сайта и в телефонния указател ги намира; на страниците не се показват. Номерата, "
            "видът им (факс, мобилен) и електронната поща се търсят и без да са тук."
        ),
    )
    municipal_unit = models.BooleanField(
        _("част от Община Казанлък"),
        default=True,
        help_text=_(
            "Махнете отметката за дружество или организация, за която данните не казват, че е "
            "част от общината (напр. „Балканинвест“ ЕООД). Тогава визитката (vCard) и данните "
            "за търсачките я представят самостоятелно, без „Община Казанлък“ като организация."
        ),
    )
    street_address = models.CharField(
        _("улица и номер"),
        max_length=200,
        blank=True,
        default="",
        help_text=_(
            "Само собственият адрес на звеното. Празно: на визитката и в данните за търсачките "
            "няма адрес (не се подставя адресът на общината)."
        ),
    )
    postal_code = models.CharField(_("пощенски код"), max_length=10, blank=True, default="")
    locality = models.CharField(_("населено място"), max_length=100, blank=True, default="")
    in_footer = models.BooleanField(
        _("в долния колонтитул"),
        default=False,
        help_text=_(
            "Показва адреса, телефоните и работното време в долната част на всяка страница."
        ),
    )
    is_published = models.BooleanField(_("публикуван"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("подредба"), default=0)
    verified_on = models.DateField(
        _("последна проверка"),
        null=True,
        blank=True,
        help_text=_(
            "Денят, в който данните на звеното са проверени за последно. Показва се на сайта."
        ),
    )
    internal_note = models.TextField(
        _("вътрешна бележка"),
        blank=True,
        default="",
        help_text=_("Вижда се само в администрацията: откъде са данните, какво да се провери."),
    )

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("звено или услуга")
        verbose_name_plural = _("звена и услуги")
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="office_slug_not_empty",
                violation_error_message=_(
                    "Адресът (slug) се попълва от името: попълнете името или въведете адрес."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def slug_parts(self):
        return (self.name_bg or self.name,)

    def get_absolute_url(self):
        return reverse("contacts:office_detail", kwargs={"slug": self.slug})

    @property
    def has_address(self):
        return bool(self.street_address or self.locality)


class PhoneKind(models.TextChoices):
    PHONE = "phone", _("телефон")
    FAX = "fax", _("факс")
    MOBILE = "mobile", _("мобилен")
    HOTLINE = "hotline", _("горещ телефон")

    @classmethod
    def names_in_every_language(cls):
        """{kind: (its name in each of the site's languages)}: „факс“ and "fax" both name FAX."""
        names = {kind: [] for kind in cls.values}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for kind, label in cls.choices:
                    names[kind].append(str(label))
        return names


class PhoneNumber(models.Model):
    PUBLIC_CONTENT = True  # shown on public pages (core.bulk)

    office = models.ForeignKey(
        Office, verbose_name=_("звено"), on_delete=models.CASCADE, related_name="phones"
    )
    kind = models.CharField(
        _("вид"), max_length=16, choices=PhoneKind.choices, default=PhoneKind.PHONE
    )
    label = models.CharField(_("пояснение"), max_length=120, blank=True, default="")
    number = models.CharField(
        _("номер"),
        max_length=20,
        help_text=_("Въведете както ви е удобно: 0431/98201, 0431 98 201 или +359 431 98201."),
    )
    sort_order = models.PositiveSmallIntegerField(_("подредба"), default=0)
    search_digits = models.CharField(editable=False, max_length=20, blank=True, default="")

    class Meta:
        ordering = ["office_id", "sort_order", "id"]  # the column: no join to the office's order
        verbose_name = _("телефонен номер")
        verbose_name_plural = _("телефонни номера")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "number"],
                name="phone_unique_per_office",
                violation_error_message=_("Този номер вече е записан за звеното."),
            ),
            # Stored in E.164 only: "+" and digits, normalised by clean().
            models.CheckConstraint(
                condition=Q(number__regex=r"^\+[1-9][0-9]{6,14}$"),
                name="phone_e164",
                violation_error_message=_(
                    "Въведете номера с кода, напр. 0431/98201 или +359 431 98201."
                ),
            ),
        ]

    def __str__(self):
        return self.for_reading

    def save(self, *args, **kwargs):
        self.search_digits = phones.search_digits(self.number)
        super().save(*args, **kwargs)

    @classmethod
    def refresh_derived(cls):
        """`search_digits` of every number, for rows written without `save()`: called by
        core.bulk.after_bulk_change()."""
        numbers = list(cls._base_manager.all())
        for phone in numbers:
            phone.search_digits = phones.search_digits(phone.number)
        cls._base_manager.bulk_update(numbers, ["search_digits"], batch_size=500)

    def clean(self):
        super().clean()
        if self.number:
            try:
                self.number = phones.to_e164(self.number)
            except ValidationError as error:
                raise ValidationError({"number": error}) from error

    @property
    def for_reading(self):
        return phones.for_reading(self.number)

    @property
    def tel_uri(self):
        return f"tel:{self.number}"


class EmailAddress(models.Model):
    PUBLIC_CONTENT = True  # shown on public pages (core.bulk)

    office = models.ForeignKey(
        Office, verbose_name=_("звено"), on_delete=models.CASCADE, related_name="emails"
    )
    address = models.EmailField(_("адрес"))
    label = models.CharField(_("пояснение"), max_length=120, blank=True, default="")
    sort_order = models.PositiveSmallIntegerField(_("подредба"), default=0)

    class Meta:
        ordering = ["office_id", "sort_order", "id"]  # the column: no join to the office's order
        verbose_name = _("електронна поща")
        verbose_name_plural = _("електронна поща")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "address"],
                name="email_unique_per_office",
                violation_error_message=_("Този адрес вече е записан за звеното."),
            ),
        ]

    def __str__(self):
        return self.address


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("понеделник")
    TUESDAY = 2, _("вторник")
    WEDNESDAY = 3, _("сряда")
    THURSDAY = 4, _("четвъртък")
    FRIDAY = 5, _("петък")
    SATURDAY = 6, _("събота")
    SUNDAY = 7, _("неделя")


class OpeningHours(models.Model):
    """One interval of one weekday; a lunch break is two intervals on the same day."""

    PUBLIC_CONTENT = True  # shown on public pages (core.bulk)

    office = models.ForeignKey(
        Office, verbose_name=_("звено"), on_delete=models.CASCADE, related_name="hours"
    )
    weekday = models.PositiveSmallIntegerField(_("ден"), choices=Weekday.choices)
    opens = models.TimeField(_("от"))
    closes = models.TimeField(
        _("до"), help_text=_("Час преди началото означава, че интервалът продължава след полунощ.")
    )

    class Meta:
        ordering = ["office_id", "weekday", "opens"]  # the column: no join to the office's order
        verbose_name = _("работно време")
        verbose_name_plural = _("работно време")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "weekday", "opens"],
                name="hours_unique_start",
                violation_error_message=_("Този ден вече има интервал, който започва в този час."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7),
                name="hours_weekday_iso",
                violation_error_message=_("Изберете ден от понеделник до неделя."),
            ),
            models.CheckConstraint(
                condition=~Q(opens=F("closes")),
                name="hours_not_empty",
                violation_error_message=_(
                    "Часът на затваряне трябва да е различен от часа на отваряне."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"
