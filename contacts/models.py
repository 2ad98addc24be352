from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
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
        """The office that gives the municipality's address and hours (`main_address_among` the
        published offices), its hours prefetched: two queries."""
        office = main_address_among(self.published())
        if office is not None:
            prefetch_related_objects([office], "hours")
        return office

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


def main_address_among(offices):
    """The office whose address is the municipality's: the first of `offices` (in the directory's
    order) that is part of the municipality and has an address. Called with offices already
    loaded, it runs no query."""
    return next((o for o in offices if o.municipal_unit and o.street_address_bg), None)


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


# Changes to the weekly hours on given dates: closures and extra working days (contacts.opening).


class HoursChangeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_office_ids(self):
        """The records, each with `office_ids`: the ids of the offices chosen (an empty
        frozenset: every office). One query, a LEFT JOIN of the chosen offices, however many
        records and offices (instead of prefetch_related's second query)."""
        records = {}
        for record in self.annotate(chosen_office_id=F("offices")):
            kept = records.setdefault(record.pk, record)
            kept.office_ids = getattr(kept, "office_ids", frozenset())
            if record.chosen_office_id is not None:
                kept.office_ids |= {record.chosen_office_id}
        return list(records.values())


class ClosureQuerySet(HoursChangeQuerySet):
    def not_ended(self, day):
        """Closures that last until `day` or later."""
        return self.filter(end_date__gte=day)


class WorkingDayQuerySet(HoursChangeQuerySet):
    def not_ended(self, day):
        return self.filter(date__gte=day)


OFFICES_HELP = _(
    "Изберете звената, за които се отнася. Ако не изберете нито едно, се отнася за всички звена."
)


def page_of(offices):
    """Where a closure or a working day is shown in full: the page of the one office concerned;
    the directory for several or all (none chosen)."""
    if len(offices) == 1:
        return offices[0].get_absolute_url()
    return reverse("contacts:directory")


class HoursChange(models.Model):
    """What closures and working days share: the offices concerned (none chosen: all), the
    reason shown beside the date, drafts and the time of the last change (the calendar feed's
    DTSTAMP)."""

    PUBLIC_CONTENT = True  # shown on public pages (core.bulk)

    is_published = models.BooleanField(
        _("публикуван"),
        default=True,
        help_text=_(
            "Махнете отметката за чернова: тогава сайтът не го показва и не го взема предвид."
        ),
    )
    changed_at = models.DateTimeField(_("последна промяна"), auto_now=True)

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return page_of(list(self.offices.all()[:2]) if self.pk else [])


class Closure(HoursChange):
    """Days on which offices are closed although their weekly hours say open: a bridge day off
    decided by the Council of Ministers, an office's own closure. Overrides everything else for
    its days (contacts.opening)."""

    start_date = models.DateField(_("от дата"))
    end_date = models.DateField(
        _("до дата (включително)"),
        blank=True,
        help_text=_("Последният затворен ден. Празно: затворено само в първия ден."),
    )
    offices = models.ManyToManyField(
        Office,
        verbose_name=_("звена"),
        blank=True,
        related_name="closures",
        help_text=OFFICES_HELP,
    )
    reason = models.CharField(
        _("причина"),
        max_length=200,
        help_text=_(
            "Показва се на сайта след датите, напр. „Бъдни вечер“, „Почивен ден по решение на "
            "Министерския съвет“ или „Инвентаризация“."
        ),
    )

    objects = ClosureQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "end_date", "id"]
        verbose_name = _("неработен ден")
        verbose_name_plural = _("неработни дни")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="closure_dates_in_order",
                violation_error_message=_(
                    "Последният затворен ден не може да е преди първия: проверете датите."
                ),
            ),
        ]

    def __str__(self):
        dates = date_format(self.start_date, "SHORT_DATE_FORMAT") if self.start_date else ""
        if self.end_date and self.end_date != self.start_date:
            dates = f"{dates} – {date_format(self.end_date, 'SHORT_DATE_FORMAT')}"
        return f"{dates}: {self.reason}"

    def save(self, *args, **kwargs):
        if self.end_date is None:
            self.end_date = self.start_date  # one day, as the admin's empty field says
        super().save(*args, **kwargs)

    @property
    def first_day(self):
        return self.start_date

    @property
    def last_day(self):
        return self.end_date

    def clean(self):
        super().clean()
        if self.start_date and not self.end_date:
            self.end_date = self.start_date
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {
                    "end_date": _(
                        "Последният затворен ден (%(end)s) е преди първия (%(start)s): "
                        "проверете датите."
                    )
                    % {
                        "start": date_format(self.start_date, "SHORT_DATE_FORMAT"),
                        "end": date_format(self.end_date, "SHORT_DATE_FORMAT"),
                    }
                }
            )


class WorkingDay(HoursChange):
    """A date on which offices work although they would be closed (a working Saturday against a
    bridge day off, a public holiday), or work other hours than their week's: on that date the
    offices concerned follow these hours (contacts.opening). A closure of the same date wins."""

    date = models.DateField(_("дата"))
    opens = models.TimeField(_("отваря в"))
    closes = models.TimeField(_("затваря в"))
    break_starts = models.TimeField(
        _("почивка от"),
        null=True,
        blank=True,
        help_text=_("Обедна почивка, ако има, напр. от 12:30 до 13:30. Празно: без почивка."),
    )
    break_ends = models.TimeField(_("почивка до"), null=True, blank=True)
    offices = models.ManyToManyField(
        Office,
        verbose_name=_("звена"),
        blank=True,
        related_name="working_days",
        help_text=OFFICES_HELP,
    )
    reason = models.CharField(
        _("причина"),
        max_length=200,
        help_text=_(
            "Показва се на сайта след датата, напр. „Отработване на почивния ден 21.09.2026 г.“."
        ),
    )

    objects = WorkingDayQuerySet.as_manager()

    class Meta:
        ordering = ["date", "opens", "id"]
        verbose_name = _("извънреден работен ден")
        verbose_name_plural = _("извънредни работни дни")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")),
                name="working_day_closes_after_opening",
                violation_error_message=_("Часът на затваряне трябва да е след часа на отваряне."),
            ),
            models.CheckConstraint(
                condition=Q(break_starts__isnull=True, break_ends__isnull=True)
                | Q(
                    break_starts__isnull=False,
                    break_ends__isnull=False,
                    break_starts__gt=F("opens"),
                    break_ends__gt=F("break_starts"),
                    break_ends__lt=F("closes"),
                ),
                name="working_day_break_within_hours",
                violation_error_message=_(
                    "Почивката трябва да има начало и край между часа на отваряне и часа на "
                    "затваряне."
                ),
            ),
        ]

    def __str__(self):
        day = date_format(self.date, "SHORT_DATE_FORMAT") if self.date else ""
        return f"{day}, {self.hours_label}: {self.reason}"

    @property
    def first_day(self):
        return self.date

    @property
    def last_day(self):
        return self.date

    @property
    def intervals(self):
        """[(opens, closes), …]: two with a break, else one."""
        if self.break_starts and self.break_ends:
            return [(self.opens, self.break_starts), (self.break_ends, self.closes)]
        return [(self.opens, self.closes)]

    @property
    def hours_label(self):
        """„8:30–12:30, 13:30–17:30“, worded as the weekly hours are."""
        from .hours import intervals_label  # contacts.hours imports this module

        if self.opens is None or self.closes is None:
            return ""
        return intervals_label(self.intervals)

    def clean(self):
        super().clean()
        errors = {}
        if self.opens and self.closes and self.closes <= self.opens:
            errors["closes"] = _(
                "Часът на затваряне трябва да е след часа на отваряне, напр. от 8:30 до 12:30."
            )
        if (self.break_starts is None) != (self.break_ends is None):
            missing = "break_ends" if self.break_ends is None else "break_starts"
            errors[missing] = _("Попълнете и началото, и края на почивката (или нито едно).")
        elif (
            self.break_starts
            and self.break_ends
            and self.opens
            and self.closes
            and not self.opens < self.break_starts < self.break_ends < self.closes
        ):
            errors["break_starts"] = _(
                "Почивката трябва да започва след отваряне и да свършва преди затваряне, "
                "напр. от 8:30 до 17:30 с почивка от 12:30 до 13:30."
            )
        if errors:
            raise ValidationError(errors)
