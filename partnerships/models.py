import datetime
import logging

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_cleanup.signals import cleanup_post_delete
from django_countries.fields import CountryField

from core.search import Searchable, SearchableQuerySet
from core.slugs import AutoSlug, slug_field

from . import geography, images, uploads

FIRST_YEAR = 1900  # no relationship of the municipality's is older; earlier years are typos
LAST_SANE_YEAR = 2100  # the database's bound; "not in the future" is checked in clean()
WHERE_FROM = _(
    "Посочете откъде е източникът: адрес в интернет, документ от раздел „Документи“ или поне "
    "издател или автор (напр. „Община Казанлък“)."
)


class PublishedQuerySet(SearchableQuerySet, models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class PartnerCityQuerySet(PublishedQuerySet):
    def in_continent(self, continent_code):
        return self.filter(country__in=geography.countries_in(continent_code))


class RelationshipType(models.TextChoices):
    TWINNED = "twinned", _("побратимен град")
    PARTNER = "partner", _("партньорски град")
    FRIENDLY = "friendly", _("приятелски град")


class RelationshipStatus(models.TextChoices):
    ACTIVE = "active", _("активно")
    SUSPENDED = "suspended", _("временно прекратено")
    ENDED = "ended", _("прекратено")


def photo_upload_to(instance, filename):
    return f"{instance.PHOTO_FOLDER}/{filename}"


class Photographed(models.Model):
    """A record that may carry one photo: verified, re-encoded without metadata under a random name
    (partnerships.uploads), with smaller copies for `srcset` and a text alternative in Bulgarian.

    A replaced or deleted photo is removed once the change commits (django-cleanup), and its
    smaller copies with it (`delete_thumbnails` below)."""

    PHOTO_FOLDER = "photos"

    image = models.ImageField(
        _("снимка"),
        upload_to=photo_upload_to,
        blank=True,
        default="",
        width_field="image_width",
        height_field="image_height",
        validators=[uploads.validate_image],
        help_text=_(
            "JPEG, PNG или WebP, до 20 мегапиксела. Данните в снимката (напр. GPS) се премахват."
        ),
    )
    image_width = models.PositiveIntegerField(editable=False, null=True)
    image_height = models.PositiveIntegerField(editable=False, null=True)
    image_alt = models.CharField(
        _("описание на снимката"),
        max_length=200,
        blank=True,
        default="",
        help_text=_(
            "Какво се вижда на снимката — за незрящи посетители. Задължително, когато има снимка; "
            "без английски текст сайтът показва българския."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            self.image = uploads.sanitised_image(self.image)
        super().save(*args, **kwargs)
        if self.image:
            images.make_thumbnails(self.image)

    def clean(self):
        super().clean()
        # The admin edits image_alt_bg (modeltranslation); the base column follows the language.
        alt_bg = getattr(self, "image_alt_bg", None) or ""
        if self.image and not alt_bg.strip():
            raise ValidationError(
                {
                    "image_alt_bg": _(
                        "Опишете с няколко думи какво се вижда на снимката: без това описание "
                        "незрящите посетители не научават нищо от нея."
                    )
                }
            )

    @property
    def image_srcset(self):
        return (
            images.srcset(self.image, self.image_width) if self.image and self.image_width else ""
        )


class PartnerCity(AutoSlug, Photographed, Searchable):
    PUBLIC_CONTENT = True  # shown on public pages (core.bulk)
    SEARCH_FIELDS = ("name",)
    PHOTO_FOLDER = "cities"

    name = models.CharField(_("име"), max_length=120)
    slug = slug_field(
        140,
        _(
            "Латиница, за адреса на страницата, напр. kochani-makedoniya. "
            "Оставете празно, за да се попълни от името и държавата."
        ),
    )
    country = CountryField(_("държава"))
    relationship_type = models.CharField(
        _("вид на отношенията"),
        max_length=16,
        choices=RelationshipType.choices,
        default=RelationshipType.TWINNED,
    )
    status = models.CharField(
        _("състояние"),
        max_length=16,
        choices=RelationshipStatus.choices,
        default=RelationshipStatus.ACTIVE,
    )
    since_year = models.PositiveSmallIntegerField(
        _("от година"),
        validators=[MinValueValidator(FIRST_YEAR)],
        help_text=_(
            "Годината, под която градът е в списъците, на картата и в хронологията: годината, "
            "която посочва общината. Когато събития „начало на отношенията“ в историята сочат "
            "други години, страницата на града показва всички с източниците им."
        ),
    )
    agreement_date = models.DateField(
        _("дата на споразумението"),
        null=True,
        blank=True,
        help_text=_("Ако е известна точната дата на подписване."),
    )
    description = models.TextField(_("описание"), blank=True, default="")
    website = models.URLField(_("официален сайт"), blank=True, default="")
    latitude = models.DecimalField(
        _("географска ширина"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("географска дължина"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    is_published = models.BooleanField(
        _("публикуван"),
        default=True,
        help_text=_("Непубликуваните градове не се виждат на сайта."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("подредба"),
        default=0,
        help_text=_("По-малкото число е по-напред сред градовете от същата година."),
    )

    objects = PartnerCityQuerySet.as_manager()

    class Meta:
        # name_bg, not the translated "name": the order (and prev/next) is the same in every language.
        ordering = ["since_year", "sort_order", "name_bg"]
        verbose_name = _("партньорски град")
        verbose_name_plural = _("партньорски градове")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"],
                name="partner_city_unique_name_country",
                violation_error_message=_(
                    "Вече има град с това име в тази държава: проверете списъка с градовете."
                ),
            ),
            models.CheckConstraint(
                condition=Q(since_year__gte=FIRST_YEAR) & Q(since_year__lte=LAST_SANE_YEAR),
                name="partner_city_since_year_sane",
                violation_error_message=_("Годината трябва да е между 1900 и днешната."),
            ),
            models.CheckConstraint(
                condition=Q(agreement_date__isnull=True)
                | Q(agreement_date__gte=datetime.date(FIRST_YEAR, 1, 1)),
                name="partner_city_agreement_date_sane",
                violation_error_message=_("Датата на споразумението трябва да е след 1900 г."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="partner_city_coordinates_both_or_none",
                violation_error_message=_(
                    "Попълнете и двете координати (ширина от −90 до 90, дължина от −180 до 180) "
                    "или нито една."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="partner_city_slug_not_empty",
                violation_error_message=_(
                    "Адресът (slug) се попълва от името и държавата: попълнете ги или въведете адрес."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country.name})"

    def get_absolute_url(self):
        return reverse("partnerships:city_detail", kwargs={"slug": self.slug})

    def slug_parts(self):
        # Bulgarian words whatever the admin's language: „Кочани“, „Македония“ → kochani-makedoniya.
        with translation.override("bg"):
            return (self.name_bg or self.name, self.country.name if self.country else "")

    def clean(self):
        super().clean()
        this_year = timezone.localdate().year
        if self.since_year and self.since_year > this_year:
            raise ValidationError(
                {
                    "since_year": _("Годината не може да е в бъдещето (след %(year)s г.).")
                    % {"year": this_year}
                }
            )
        if self.agreement_date and self.agreement_date > timezone.localdate():
            raise ValidationError({"agreement_date": _("Датата не може да е в бъдещето.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Попълнете и двете координати или нито една."))

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def map_point(self):
        return geography.map_point(self.latitude, self.longitude) if self.has_coordinates else None

    @property
    def continent(self):
        return geography.continent_of(self.country)


class DatePrecision(models.TextChoices):
    """How much of a date a source gives: „1980 г.“ is never shown as 1 January 1980."""

    DAY = "day", _("ден")
    MONTH = "month", _("месец")
    YEAR = "year", _("година")


class CityEventQuerySet(models.QuerySet):
    def with_sources(self):
        """The events, each with `cited`: its published sources (by title), each with its document
        (if any). One query more for all the events' sources, whatever their number (Django's
        prefetch: none when there is no event)."""
        published = Source.objects.published().select_related("document")
        return self.prefetch_related(
            models.Prefetch("sources", queryset=published, to_attr="cited")
        )


class CityEvent(models.Model):
    """A dated step in the history of a relationship, added by staff, with the sources that
    state it.

    Start events (`is_start`: the kind „начало на отношенията“, or any event ticked as the start)
    are what sources say about when the relationship began. Their years may disagree (Veria: 1980
    on the municipality's page, 1982 in another statement): the city page then shows every one
    with its sources and says that they differ; the lists keep the city's `since_year`."""

    PUBLIC_CONTENT = True  # shown on public pages (core.bulk)

    class Kind(models.TextChoices):
        FIRST_CONTACT = "first_contact", _("първи контакт")
        # A source that dates the start and says no more (the municipality's page: „от 1980 г.“).
        START = "start", _("начало на отношенията")
        PROTOCOL = "protocol_of_intent", _("протокол за намерения")
        COUNCIL_DECISION = "council_decision", _("решение на общинския съвет")
        AGREEMENT = "agreement", _("споразумение")
        PROGRAMME = "programme", _("програма за сътрудничество")
        VISIT = "visit", _("посещение")
        SUSPENSION = "suspension", _("спиране")
        END = "end", _("прекратяване")

    city = models.ForeignKey(
        PartnerCity, verbose_name=_("град"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(
        _("вид"),
        max_length=32,
        choices=Kind.choices,
        help_text=_(
            "„Начало на отношенията“: когато източникът посочва само кога са започнали "
            "отношенията, без да казва с какво."
        ),
    )
    date = models.DateField(
        _("дата"),
        help_text=_(
            "Когато източникът дава само година, изберете точност „година“ и въведете "
            "например 01.01.1980: сайтът показва „1980 г.“."
        ),
    )
    date_precision = models.CharField(
        _("точност на датата"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Докъде е известна датата: ден, месец или само година."),
    )
    reference = models.CharField(
        _("номер на решението / документа"),
        max_length=60,
        blank=True,
        default="",
        help_text=_(
            "Напр. номерът на решението на общинския съвет: 123 или 123/15.03.2008. "
            "Показва се след вида на събитието."
        ),
    )
    marks_start = models.BooleanField(
        _("начало на отношенията"),
        default=False,
        help_text=_(
            "Отбележете, ако източниците сочат това събитие като началото на отношенията "
            "(напр. протоколът за намерения). Ако източниците сочат различни години, страницата "
            "на града показва всички."
        ),
    )
    description = models.TextField(_("описание"), blank=True, default="")
    document = models.ForeignKey(
        "Document",
        verbose_name=_("документ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="city_events",
        help_text=_("Свързан документ, ако е публикуван в раздел „Документи“."),
    )
    sources = models.ManyToManyField(
        "Source",
        verbose_name=_("източници"),
        related_name="events",
        blank=True,
        help_text=_(
            "Откъде е известно събитието. Един източник (напр. страницата на общината) може да "
            "е посочен при много събития; нов източник се добавя с „+“."
        ),
    )

    objects = CityEventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("събитие от историята")
        verbose_name_plural = _("история на отношенията")
        constraints = [
            models.CheckConstraint(
                condition=Q(date__gte=datetime.date(FIRST_YEAR, 1, 1)),
                name="city_event_date_sane",
                violation_error_message=_("Датата на събитието трябва да е след 1900 г."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.when})"

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.normalise()

    def normalise(self):
        """A date known to the year is stored as its 1 January, to the month as its first day
        (so that events sort within their year); the kind „начало на отношенията“ is a start;
        a number typed as „№ 123“ is kept as „123“ (the page writes the „№“)."""
        if self.date:
            self.date = self._meta.get_field("date").to_python(self.date)
            if self.date_precision == DatePrecision.YEAR:
                self.date = self.date.replace(month=1, day=1)
            elif self.date_precision == DatePrecision.MONTH:
                self.date = self.date.replace(day=1)
        if self.kind == self.Kind.START:
            self.marks_start = True
        self.reference = self.reference.strip().removeprefix("№").strip()

    @property
    def is_start(self):
        """Whether a source dates the start of the relationship by this event."""
        return self.marks_start or self.kind == self.Kind.START

    @property
    def when(self):
        """The date as far as it is known: „1980 г.“, „май 1994 г.“ or „12 май 1994 г.“."""
        return format_partial_date(self.date, self.date_precision)

    @property
    def label(self):
        """„Решение на общинския съвет № 123“: the kind, with its number when there is one."""
        kind = capfirst(self.get_kind_display())
        if not self.reference:
            return kind
        return gettext("%(kind)s № %(number)s") % {"kind": kind, "number": self.reference}


def format_partial_date(value, precision):
    """A date in the page's language as far as it is known: „1980 г.“, „май 1994 г.“,
    „12 май 1994 г.“ (English: 1980, May 1994, 12 May 1994)."""
    if precision == DatePrecision.YEAR:
        return gettext("%(year)s г.") % {"year": value.year}
    if precision == DatePrecision.MONTH:
        month = date_format(value, "F")
        return gettext("%(month)s %(year)s г.") % {"month": month, "year": value.year}
    return date_format(value, "DATE_FORMAT")


class Organisation(Searchable):
    PUBLIC_CONTENT = True  # shown on public pages (core.bulk)
    SEARCH_FIELDS = ("name", "description")

    name = models.CharField(
        _("име"),
        max_length=200,
        unique=True,
        error_messages={"unique": _("Тази организация вече е в списъка.")},
    )
    description = models.TextField(_("описание"), blank=True, default="")
    website = models.URLField(_("сайт"), blank=True, default="")
    is_published = models.BooleanField(_("публикувана"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("подредба"), default=0)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("международна организация")
        verbose_name_plural = _("международни организации")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:organisation_list") + f"#organisation-{self.pk}"


class InitiativeKind(AutoSlug):
    PUBLIC_CONTENT = True  # shown on public pages (core.bulk)

    name = models.CharField(
        _("вид"),
        max_length=120,
        unique=True,
        error_messages={"unique": _("Вече има вид инициатива с това име.")},
    )
    slug = slug_field(80, _("Латиница, за адреса. Оставете празно, за да се попълни от името."))
    sort_order = models.PositiveSmallIntegerField(_("подредба"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("вид съвместна инициатива")
        verbose_name_plural = _("видове съвместни инициативи")
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="initiative_kind_slug_not_empty",
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
        return reverse("partnerships:initiative_list") + f"?kind={self.slug}"


class Initiative(AutoSlug, Photographed, Searchable):
    PUBLIC_CONTENT = True  # shown on public pages (core.bulk)
    SEARCH_FIELDS = ("title", "description")
    PHOTO_FOLDER = "initiatives"

    title = models.CharField(_("заглавие"), max_length=200)
    slug = slug_field(
        220, _("Латиница, за адреса. Оставете празно, за да се попълни от заглавието и годината.")
    )
    kind = models.ForeignKey(
        InitiativeKind,
        verbose_name=_("вид"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    partner_cities = models.ManyToManyField(
        PartnerCity,
        verbose_name=_("градове партньори"),
        related_name="initiatives",
        blank=True,
    )
    date = models.DateField(_("дата"), help_text=_("Денят, в който е започнала инициативата."))
    description = models.TextField(_("описание"), blank=True, default="")
    is_published = models.BooleanField(_("публикувана"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("съвместна инициатива")
        verbose_name_plural = _("съвместни инициативи")
        constraints = [
            models.CheckConstraint(
                condition=Q(date__gte=datetime.date(FIRST_YEAR, 1, 1)),
                name="initiative_date_sane",
                violation_error_message=_("Датата на инициативата трябва да е след 1900 г."),
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="initiative_slug_not_empty",
                violation_error_message=_(
                    "Адресът (slug) се попълва от заглавието: попълнете заглавието или въведете адрес."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:initiative_detail", kwargs={"slug": self.slug})

    def slug_parts(self):
        return (self.title_bg or self.title, self.date.year if self.date else None)


class Document(AutoSlug, Searchable):
    PUBLIC_CONTENT = True  # shown on public pages (core.bulk)
    SEARCH_FIELDS = ("title",)

    title = models.CharField(_("заглавие"), max_length=250)
    slug = slug_field(
        120,
        _("Латиница, за адреса и името на файла. Оставете празно, за да се попълни от заглавието."),
    )
    file = models.FileField(
        _("файл"),
        upload_to="documents/",
        blank=True,
        default="",
        help_text=_(
            "PDF, DOCX или ODT. Докато няма качен файл, сайтът показва указанието как да се получи документът."
        ),
        validators=[uploads.validate_document],
    )
    published_on = models.DateField(_("дата на публикуване"))
    file_size = models.PositiveIntegerField(_("размер в байтове"), editable=False, null=True)
    how_to_obtain = models.TextField(
        _("как да се получи"),
        blank=True,
        default="",
        help_text=_("Показва се, докато файлът не е качен."),
    )
    is_published = models.BooleanField(_("публикуван"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("документ")
        verbose_name_plural = _("документи")
        constraints = [
            models.CheckConstraint(
                condition=Q(published_on__gte=datetime.date(FIRST_YEAR, 1, 1)),
                name="document_published_on_sane",
                violation_error_message=_("Датата на публикуване трябва да е след 1900 г."),
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="document_slug_not_empty",
                violation_error_message=_(
                    "Адресът (slug) се попълва от заглавието: попълнете заглавието или въведете адрес."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def slug_parts(self):
        return (self.title_bg or self.title,)

    def save(self, *args, **kwargs):
        self.fill_slug()  # before the file is named after it
        if self.file and not self.file._committed:
            self.file.name = uploads.document_name(self.file, self.slug)
        self.file_size = self.file.size if self.file else None
        super().save(*args, **kwargs)  # django-cleanup removes a replaced file after the commit

    def get_absolute_url(self):
        return reverse("partnerships:document_list") + f"#{self.slug}"


class Source(models.Model):
    """Where a fact of a relationship's history comes from: a page, a statement, a decision.

    One source backs any number of events (CityEvent.sources). Its title is kept as the source
    gives it, in its own language (`language`), not translated. It says where it can be found:
    an address, a document of the „Документи“ section, or at least who published it."""

    PUBLIC_CONTENT = True  # shown on public pages (core.bulk)

    title = models.CharField(
        _("заглавие"),
        max_length=300,
        help_text=_("Както е в източника, на неговия език, напр. „Международно сътрудничество“."),
    )
    language = models.CharField(
        _("език на заглавието"),
        max_length=12,
        default="bg",
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                _("Въведете кода на езика с малки латински букви, напр. bg, en, el, fr, ru."),
            )
        ],
        help_text=_(
            "Код на езика, напр. bg, en, el (гръцки), fr, ru: екранните четци го произнасят "
            "на този език."
        ),
    )
    publisher = models.CharField(
        _("издател или автор"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Напр. „Община Казанлък“, вестник, енциклопедия или автор на изявлението."),
    )
    date = models.DateField(
        _("дата на източника"),
        null=True,
        blank=True,
        help_text=_("Оставете празно, ако източникът не е датиран: сайтът пише „без дата“."),
    )
    url = models.URLField(
        _("адрес в интернет"),
        max_length=500,
        blank=True,
        default="",
        help_text=_("Адресът, на който е бил публикуван източникът (и стар адрес, ако няма нов)."),
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("документ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        help_text=_("Ако източникът е качен в раздел „Документи“ (напр. решение на съвета)."),
    )
    is_published = models.BooleanField(
        _("публикуван"),
        default=True,
        help_text=_("Непубликуваните източници не се виждат на сайта."),
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("източник")
        verbose_name_plural = _("източници")
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | Q(document__isnull=False) | ~Q(publisher=""),
                name="source_url_document_or_publisher",
                violation_error_message=WHERE_FROM,
            ),
            models.CheckConstraint(
                condition=Q(date__isnull=True) | Q(date__gte=datetime.date(FIRST_YEAR, 1, 1)),
                name="source_date_sane",
                violation_error_message=_("Датата на източника трябва да е след 1900 г."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.publisher})" if self.publisher else self.title

    def clean(self):
        # Where it is found (address, document or publisher) is the constraint's to check: a
        # model form validates constraints, and a second check here would say it twice.
        super().clean()
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Датата не може да е в бъдещето.")})

    @property
    def link(self):
        """Where a reader finds the source: its address; else its document's file, or the
        document in the „Документи“ list while it has no file; "" for a draft document."""
        if self.url:
            return self.url
        document = self.document
        if document is None or not document.is_published:
            return ""
        return document.file.url if document.file else document.get_absolute_url()


class PageText(models.Model):
    """The prose of the international cooperation page, which staff edit like any record."""

    PUBLIC_CONTENT = True  # shown on public pages (core.bulk)

    class Key(models.TextChoices):
        INTRODUCTION = "introduction", _("Въведение")
        INITIATIVES = "initiatives", _("Съвместни инициативи")
        RECENT_YEARS = "recent_years", _("Последните години")

    key = models.CharField(
        _("раздел"),
        max_length=32,
        choices=Key.choices,
        unique=True,
        error_messages={"unique": _("Този раздел вече има текст: редактирайте него.")},
    )
    body = models.TextField(_("текст"), help_text=_("Празен ред разделя абзаците."))

    class Meta:
        ordering = ["key"]
        verbose_name = _("текст на страницата")
        verbose_name_plural = _("текстове на страницата")

    def __str__(self):
        return self.get_key_display()


class ProposalStatus(models.TextChoices):
    NEW = "new", _("ново")
    IN_REVIEW = "in_review", _("в разглеждане")
    ANSWERED = "answered", _("отговорено")
    DECLINED = "declined", _("отклонено")


CLOSED_STATUSES = (ProposalStatus.ANSWERED, ProposalStatus.DECLINED)


class Proposal(models.Model):
    """A cooperation proposal sent by a foreign local authority through the site's form."""

    # Never on a public page: receiving or changing one leaves the page cache alone (core.bulk).
    PUBLIC_CONTENT = False

    reference = models.CharField(_("номер"), max_length=20, unique=True, editable=False)
    authority_name = models.CharField(_("местна власт"), max_length=200)
    # „Изберете държава“ rather than Django's „---------“, which a screen reader reads as dashes.
    country = CountryField(_("държава"), blank_label=_("Изберете държава"))
    city = models.CharField(_("град"), max_length=120)
    contact_person = models.CharField(_("лице за контакт"), max_length=120)
    email = models.EmailField(_("електронна поща"), max_length=254)
    phone = models.CharField(_("телефон"), max_length=20, blank=True, default="")
    # At least one kind or „Друго“ with its text: the form checks it (a constraint cannot see a
    # many-to-many relation), so a proposal may come with „Друго“ alone.
    areas = models.ManyToManyField(
        InitiativeKind,
        verbose_name=_("области на сътрудничество"),
        related_name="proposals",
        blank=True,
    )
    other_area = models.CharField(
        _("друга област"),
        max_length=120,
        blank=True,
        default="",
        help_text=_("Когато подателят е избрал „Друго“: областта, както я е описал."),
    )
    message = models.TextField(_("съобщение"), max_length=5000)
    attachment = models.FileField(
        _("прикачен файл"),
        storage=uploads.private_storage,
        upload_to=uploads.proposal_attachment_path,
        blank=True,
        default="",
    )
    attachment_name = models.CharField(
        _("име на файла при изпращане"), max_length=200, blank=True, default=""
    )
    language = models.CharField(_("език"), max_length=5, default="bg")
    consent_at = models.DateTimeField(_("съгласие с обработката на данни"))
    created_at = models.DateTimeField(_("получено"), auto_now_add=True)
    status = models.CharField(
        _("състояние"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.NEW
    )
    closed_at = models.DateTimeField(
        _("приключено"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Попълва се при „отговорено“ или „отклонено“; от него тече срокът за изтриване."
        ),
    )
    internal_note = models.TextField(_("вътрешна бележка"), blank=True, default="")
    staff_notified = models.BooleanField(
        _("служителите са уведомени"), default=False, editable=False
    )
    confirmation_sent = models.BooleanField(
        _("потвърждението е изпратено"), default=False, editable=False
    )
    email_error = models.TextField(
        _("грешка при изпращане на писмо"), blank=True, default="", editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("предложение за сътрудничество")
        verbose_name_plural = _("предложения за сътрудничество")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(status__in=CLOSED_STATUSES),
                name="proposal_closed_only_when_answered_or_declined",
                violation_error_message=_(
                    "Дата на приключване има само отговорено или отклонено предложение."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.authority_name}"

    def save(self, *args, **kwargs):
        closed = self.status in CLOSED_STATUSES
        if closed and self.closed_at is None:
            self.closed_at = timezone.now()
        elif not closed:
            self.closed_at = None
        super().save(*args, **kwargs)


# Files: django-cleanup (last in INSTALLED_APPS) deletes a FileField's file once the change that
# replaced it, or deleted its row, commits; never when it rolls back. QuerySet.delete() (the admin's
# "delete selected") sends post_delete for each row, so those files go too; update() would not. It
# deletes through the field's own storage: a proposal's attachment from PRIVATE_MEDIA_ROOT.
@receiver(cleanup_post_delete, dispatch_uid="photo_thumbnails")
def delete_thumbnails(sender, field_name, file_name, file, **kwargs):
    """A photo's smaller copies (partnerships.images), which django-cleanup does not know, go
    with it."""
    if not (issubclass(sender, Photographed) and field_name == "image"):
        return
    for width in images.THUMBNAIL_WIDTHS:
        name = images.thumbnail_name(file_name, width)
        try:
            file.storage.delete(name)  # a missing copy (a small photo has fewer) is no error
        except Exception:  # as django-cleanup does: the change has committed; log, go on
            logging.getLogger(__name__).exception("Could not delete the thumbnail %s", name)
