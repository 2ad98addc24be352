"""Filters of the public lists, read from GET parameters (plain links, no JavaScript), and the
public cooperation proposal form."""

import ipaddress
import unicodedata

from django import forms
from django.core.validators import (
    EmailValidator,
    MaxValueValidator,
    ProhibitNullCharactersValidator,
    validate_email,
)
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from contacts import phones
from core.templatetags.content_language import shown_language

from . import geography, uploads
from .models import FIRST_YEAR, InitiativeKind, Proposal, RelationshipType

ALL = ("", _("Всички"))


def fallback_languages(objects, field="name"):
    """{slug: language} for those of `objects` whose `field` is shown in a language other than
    the page's (modeltranslation's fallback): their menu options are marked with it."""
    page = get_language()
    return {
        obj.slug: language for obj in objects if (language := shown_language(obj, field)) != page
    }


class MarkedSelect(forms.Select):
    """A menu whose options may be in another language than the page, such as a kind of initiative
    with no English name yet: each such option carries its own `lang` (WCAG 3.1.2), so that a
    screen reader reads it as Bulgarian."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_languages = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        language = self.option_languages.get(str(value))
        if language:
            option["attrs"]["lang"] = language
        return option


class FilterForm(forms.Form):
    """A GET filter: unknown parameters are ignored; a bad value is an error shown by its field.

    Its menus offer only the values that give results, each with its number (`offer`, with the
    counts of partnerships.facets); any value is still valid in an address."""

    FACETS = ()  # the fields that narrow the list (not, say, its order)

    def __init__(self, data, **kwargs):
        known = {name: data.get(name) for name in self.base_fields if data.get(name)}
        super().__init__(known, **kwargs)
        self.option_names = {}

    def filters(self):
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}

    def chosen(self):
        """The conditions that apply: none while any value is bad (the whole list is shown)."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.filters().items() if name in self.FACETS}

    def offer(self, name, options, facets):
        """`name`'s menu: „Всички“ and, of `options` ((value, name) in menu order), the values
        that give results with the other conditions, each with its number. The chosen value is
        offered even when it gives none, so that the menu shows what the list is filtered by."""
        counts = facets.counts(name)
        selected = self.chosen().get(name)
        self.option_names[name] = dict(options)
        if selected is not None and selected not in self.option_names[name]:
            self.option_names[name][selected] = str(selected)
            options = [*options, (selected, str(selected))]
        self.fields[name].widget.choices = [
            ("", f"{gettext('Всички')} ({facets.count(without=name)})"),
            *(
                (value, f"{label} ({counts.get(value, 0)})")
                for value, label in options
                if counts.get(value) or value == selected
            ),
        ]

    def conditions(self):
        """[(field name, „Държава: Франция“)] for each chosen condition, in the form's order."""
        return [
            (name, f"{self.fields[name].label}: {self.option_names[name][value]}")
            for name, value in self.chosen().items()
        ]


class CityFilterForm(FilterForm):
    SORTS = [("year", _("по година")), ("name", _("по име"))]
    FACETS = ("country", "continent", "type")

    # Any ISO code is valid in an address; the menu offers the countries that have cities.
    country = forms.CharField(label=_("Държава"), required=False, widget=forms.Select)
    continent = forms.ChoiceField(label=_("Континент"), required=False)
    type = forms.ChoiceField(
        label=_("Вид на отношенията"), required=False, choices=[ALL, *RelationshipType.choices]
    )
    sort = forms.ChoiceField(label=_("Подреждане"), required=False, choices=SORTS)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        language = get_language()
        self.continent_names = [
            (code, geography.continent_name(code, language)) for code in geography.CONTINENTS
        ]
        self.fields["continent"].choices = [ALL, *self.continent_names]

    def clean_country(self):
        code = self.cleaned_data["country"].strip().upper()
        if code and code not in countries:
            raise forms.ValidationError(
                _("Няма държава с код „%(code)s“."), params={"code": code[:10]}
            )
        return code

    def offer_counts(self, facets):
        """The menus with the numbers of partnerships.facets.CityFacets."""
        # Countries in the page language's alphabetical order (core.countries).
        self.offer("country", [(country.code, country.name) for country in countries], facets)
        self.offer("continent", self.continent_names, facets)
        self.offer("type", RelationshipType.choices, facets)


class InitiativeFilterForm(FilterForm):
    FACETS = ("kind", "city", "year")

    kind = forms.ChoiceField(label=_("Вид"), required=False, widget=MarkedSelect)
    city = forms.ChoiceField(label=_("Град"), required=False, widget=MarkedSelect)
    # Any sane year is valid in an address; the menu offers the years that have initiatives.
    year = forms.IntegerField(
        label=_("Година"), required=False, min_value=FIRST_YEAR, widget=forms.Select
    )

    def __init__(self, data, kinds=(), cities=(), **kwargs):
        """`kinds` and `cities`: every kind and every published city, all valid in an address."""
        super().__init__(data, **kwargs)
        self.fields["kind"].choices = [ALL, *((k.slug, k.name) for k in kinds)]
        self.fields["city"].choices = [ALL, *((c.slug, c.name) for c in cities)]
        this_year = timezone.localdate().year
        self.fields["year"].max_value = this_year
        self.fields["year"].validators.append(MaxValueValidator(this_year))

    def offer_counts(self, facets):
        """The menus with the numbers of partnerships.facets.InitiativeFacets."""
        self.offer("kind", [(k.slug, k.name) for k in facets.kinds], facets)
        self.offer("city", [(c.slug, c.name) for c in facets.cities], facets)
        self.fields["kind"].widget.option_languages = fallback_languages(facets.kinds)
        self.fields["city"].widget.option_languages = fallback_languages(facets.cities)
        this_year = timezone.localdate().year
        years = sorted(
            (y for y in facets.counts("year") if FIRST_YEAR <= y <= this_year), reverse=True
        )
        self.offer("year", [(year, str(year)) for year in years], facets)


# Line breaks, tabs, NUL and the other control characters, and Unicode's line and paragraph
# separators: nothing a person types into a one-line field, everything a forged e-mail header or a
# confusing log line needs.
FORBIDDEN_IN_ONE_LINE = {"Cc", "Zl", "Zp"}


def refuse_control_characters(value):
    if any(unicodedata.category(character) in FORBIDDEN_IN_ONE_LINE for character in value):
        raise forms.ValidationError(
            _("Полето е на един ред: без нови редове, табулации и други управляващи знаци."),
            code="control_characters",
        )


def refuse_control_characters_but_line_breaks(value):
    """The message may have lines and tabs; not NUL, escape sequences and the like."""
    if any(
        unicodedata.category(character) == "Cc" and character not in "\t\n\r" for character in value
    ):
        raise forms.ValidationError(
            _("Текстът съдържа управляващи знаци, които не могат да се изпратят."),
            code="control_characters",
        )


# Top-level domains that never reach a mailbox on the Internet: RFC 2606, 6761, 6762, 7686 and
# ICANN's .internal; and the second-level names RFC 2606 reserves for examples.
RESERVED_TLDS = {"test", "example", "invalid", "localhost", "local", "onion", "internal", "arpa",
                 "localdomain", "lan", "home", "corp"}  # fmt: skip
RESERVED_DOMAINS = {"example.com", "example.net", "example.org"}


def refuse_private_mail_domains(address):
    """The confirmation goes to the typed address: only a public Internet domain, never this
    server (localhost), a machine of its network (a single-label name, .local, an IP address)."""
    user, at, domain = address.rpartition("@")
    domain = domain.rstrip(".").lower()
    if not (user and at and domain):
        return  # not an address at all: the format check says so
    labels = domain.split(".")
    is_ip = domain.startswith("[") or all(label.isdigit() for label in labels)
    if not is_ip:
        try:
            ipaddress.ip_address(domain)
            is_ip = True
        except ValueError:
            pass
    if (
        is_ip
        or len(labels) < 2
        or labels[-1] in RESERVED_TLDS
        or ".".join(labels[-2:]) in RESERVED_DOMAINS
    ):
        raise forms.ValidationError(
            _(
                "Въведете адрес в публичен домейн, например ime@obshtina.bg: на „localhost“, "
                "IP адрес или вътрешен домейн (като „.local“) не изпращаме потвърждение."
            ),
            code="private_domain",
        )


def validate_public_email(address):
    refuse_control_characters(address)
    refuse_private_mail_domains(address)  # before the format: "x@intranet" is not a typo
    validate_email(address)


OTHER_AREA = "other"  # the value of the „Друго“ box among the areas


class AreaChoiceIterator(forms.models.ModelChoiceIterator):
    """The kinds of joint initiative, then „Друго“."""

    def __iter__(self):
        yield from super().__iter__()
        yield (OTHER_AREA, _("Друго"))

    def __len__(self):
        return super().__len__() + 1


class AreasField(forms.ModelMultipleChoiceField):
    """The areas a proposal is about: the kinds chosen (a QuerySet, as the model's relation
    needs); whether „Друго“ was ticked the form reads from the box (ProposalForm.other_ticked)."""

    iterator = AreaChoiceIterator

    def label_from_instance(self, kind):
        """A kind with no name in the page's language is shown in Bulgarian, marked as such."""
        language = shown_language(kind, "name")
        if language == get_language():
            return kind.name
        return format_html('<span lang="{}">{}</span>', language, kind.name)

    def clean(self, value):
        return super().clean([v for v in value or [] if v != OTHER_AREA])


# One message per field and per mistake, saying what to write, not that something is wrong: a
# sender abroad reads the list at the top of the form and each message again by its field.
PROPOSAL_ERRORS = {
    "authority_name": {
        "required": _("Напишете името на местната власт, например Община Кочани."),
        "max_length": _(
            "Името на местната власт може да е до %(limit_value)d знака (сега е %(show_value)d): "
            "съкратете го."
        ),
    },
    "country": {
        "required": _("Изберете от списъка държавата на местната власт."),
        "invalid_choice": _("Изберете държава от списъка: „%(value)s“ не е в него."),
    },
    "city": {
        "required": _("Напишете града или селището на местната власт."),
        "max_length": _(
            "Името на града може да е до %(limit_value)d знака (сега е %(show_value)d): "
            "съкратете го."
        ),
    },
    "contact_person": {
        "required": _("Напишете името на човека, на когото да отговорим."),
        "max_length": _(
            "Името може да е до %(limit_value)d знака (сега е %(show_value)d): съкратете го."
        ),
    },
    "email": {
        "required": _(
            "Напишете адреса на електронната поща, на който да изпратим потвърждението и отговора."
        ),
        "invalid": _(
            "Проверете адреса на електронната поща: той трябва да е във вида "
            "ime@obshtina.bg, без интервали."
        ),
        "max_length": _(
            "Адресът на електронната поща може да е до %(limit_value)d знака (сега е "
            "%(show_value)d): проверете го."
        ),
    },
    "phone": {
        "max_length": _(
            "Напишете само един телефонен номер, с международния код, например +389 33 274 001, "
            "или оставете полето празно."
        ),
    },
    "areas": {
        "required": _(
            "Отметнете поне една област на сътрудничество; ако вашата я няма в списъка, "
            "отметнете „Друго“ и я опишете."
        ),
        "invalid_choice": _("Изберете областите от списъка."),
        "invalid_pk_value": _("Изберете областите от списъка."),
        "invalid_list": _("Изберете областите от списъка."),
    },
    "other_area": {
        "required": _("Отметнали сте „Друго“: напишете с няколко думи коя е областта."),
        "max_length": _(
            "Опишете областта с до %(limit_value)d знака (сега са %(show_value)d); "
            "подробностите напишете в съобщението."
        ),
    },
    "message": {
        "required": _("Опишете в съобщението какво предлагате и с каква цел."),
        "max_length": _(
            "Съобщението може да е до %(limit_value)d знака (сега е %(show_value)d): съкратете "
            "го или изпратете подробностите като прикачен файл."
        ),
    },
}


class ProposalForm(forms.ModelForm):
    """The online version of the cooperation form for foreign local authorities."""

    # A field people never see (hidden by CSS, skipped by keyboard): bots fill it in.
    website = forms.CharField(label=_("Оставете това поле празно"), required=False, max_length=200)
    consent = forms.BooleanField(
        label=_(
            "Съгласен/съгласна съм Община Казанлък да обработва тези данни, за да отговори на предложението."
        ),
        required=True,
        error_messages={
            "required": _(
                "Отметнете съгласието с обработката на данните: без него не можем да приемем "
                "предложението."
            )
        },
    )
    attachment = forms.FileField(
        label=_("Прикачен файл (по желание)"),
        required=False,
        error_messages={
            "empty": _("Избраният файл е празен: изберете друг или изпратете без файл."),
            "invalid": _("Файлът не пристигна цял: изберете го отново."),
        },
    )

    class Meta:
        model = Proposal
        fields = [
            "authority_name",
            "country",
            "city",
            "contact_person",
            "email",
            "phone",
            "areas",
            "other_area",
            "message",
        ]
        field_classes = {"areas": AreasField}
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "message": forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
        }
        labels = {
            "phone": _("Телефон (по желание)"),
            "other_area": _("Друга област (ако сте отметнали „Друго“)"),
        }
        help_texts = {
            "authority_name": _("Например: Община Кочани"),
            "phone": _("С международния код, например +389 33 274 001."),
            "other_area": _("Коя е областта, с няколко думи (до 120 знака)."),
        }
        error_messages = PROPOSAL_ERRORS

    ONE_LINE_FIELDS = ("authority_name", "city", "contact_person", "phone", "other_area")

    field_order = [
        "authority_name", "country", "city", "contact_person", "email", "phone", "areas",
        "other_area", "message", "attachment", "website", "consent",
    ]  # fmt: skip

    def __init__(self, *args, oversized_upload=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized_upload = oversized_upload
        self.original_attachment_name = ""
        # Formatted here, per request, so that it is in the visitor's language.
        self.fields["attachment"].help_text = gettext("%(types)s, до 5 MB.") % {
            "types": uploads.ALLOWED_DESCRIPTION
        }
        self.fields["areas"].queryset = InitiativeKind.objects.all()
        self.fields["country"].widget.attrs["autocomplete"] = "country"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_person"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        # One clear message a field: ours replace Django's NUL check (and, for the e-mail, its
        # format check, run inside ours once the characters are known to be safe).
        for name, check in (
            *((name, refuse_control_characters) for name in self.ONE_LINE_FIELDS),
            ("message", refuse_control_characters_but_line_breaks),
            ("email", validate_public_email),
        ):
            field = self.fields[name]
            replaced = (ProhibitNullCharactersValidator, EmailValidator)
            field.validators = [v for v in field.validators if not isinstance(v, replaced)]
            field.validators.insert(0, check)

    TOO_LARGE = _(
        "Файлът е по-голям от 5 MB: изберете по-малък (например PDF с по-малки изображения) "
        "или изпратете предложението без файл."
    )

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    @property
    def other_ticked(self):
        return OTHER_AREA in (self["areas"].data or [])

    def clean_phone(self):
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        try:
            return phones.to_e164(raw)
        except forms.ValidationError:
            # phones.parse reads a number without a country code as Bulgarian: say what to add.
            raise forms.ValidationError(
                _(
                    "„%(raw)s“ не е телефонен номер, който можем да наберем: напишете го с "
                    "международния код, например +389 33 274 001, или оставете полето празно."
                ),
                params={"raw": raw},
                code="invalid",
            ) from None

    def clean(self):
        """„Друго“ needs its few words; the words alone count as „Друго“ (no box to forget), and
        a proposal is about at least one area."""
        cleaned = super().clean()
        other = cleaned.get("other_area", "")
        if self.other_ticked and not other and "other_area" not in self.errors:
            self.add_error(
                "other_area",
                forms.ValidationError(
                    self.fields["other_area"].error_messages["required"], code="required"
                ),
            )
        nothing_chosen = not cleaned.get("areas") and not self.other_ticked and not other
        if nothing_chosen and "areas" not in self.errors and "other_area" not in self.errors:
            self.add_error(
                "areas",
                forms.ValidationError(
                    self.fields["areas"].error_messages["required"], code="required"
                ),
            )
        return cleaned

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if self.oversized_upload:
            raise forms.ValidationError(self.TOO_LARGE)
        if not upload:
            return upload
        if upload.size > uploads.ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(self.TOO_LARGE)
        mime = uploads.detected_type(upload)
        if mime not in uploads.ALLOWED_ATTACHMENTS:
            raise forms.ValidationError(
                _(
                    "Този файл не е %(types)s (проверяваме съдържанието му, не името): "
                    "запазете го в един от тези формати или изпратете предложението без файл."
                ),
                params={"types": uploads.ALLOWED_DESCRIPTION},
            )
        if mime.startswith("image/") and not uploads.is_real_image(upload):
            raise forms.ValidationError(
                _(
                    "Изображението е повредено или не може да се прочете: изберете друго или "
                    "изпратете предложението без файл."
                )
            )
        # Store it under the extension of what it really is; keep the sender's name as text.
        self.original_attachment_name = upload.name[:200]
        upload.name = f"attachment.{uploads.ALLOWED_ATTACHMENTS[mime]}"
        return upload

    def save(self, commit=True):
        proposal = super().save(commit=False)
        upload = self.cleaned_data.get("attachment")
        if upload:
            proposal.attachment = upload
        if commit:
            proposal.save()
            self.save_m2m()
        return proposal
