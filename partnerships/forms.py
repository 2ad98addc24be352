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
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from contacts import phones

from . import geography, uploads
from .models import FIRST_YEAR, InitiativeKind, Proposal, RelationshipType

ALL = ("", _("Всички"))


class FilterForm(forms.Form):
    """A GET filter: unknown parameters are ignored; a bad value is an error shown by its field."""

    def __init__(self, data, **kwargs):
        known = {name: data.get(name) for name in self.base_fields if data.get(name)}
        super().__init__(known, **kwargs)

    def filters(self):
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


class CityFilterForm(FilterForm):
    SORTS = [("year", _("по година")), ("name", _("по име"))]

    # Any ISO code is valid in an address; the menu offers the countries that have cities.
    country = forms.CharField(label=_("Държава"), required=False, widget=forms.Select)
    continent = forms.ChoiceField(label=_("Континент"), required=False)
    type = forms.ChoiceField(
        label=_("Вид на отношенията"), required=False, choices=[ALL, *RelationshipType.choices]
    )
    sort = forms.ChoiceField(label=_("Подреждане"), required=False, choices=SORTS)

    def __init__(self, data, present_countries=(), **kwargs):
        super().__init__(data, **kwargs)
        present = set(present_countries)
        self.fields["country"].widget.choices = [
            ALL,  # then in the page language's alphabetical order (core.countries)
            *((country.code, country.name) for country in countries if country.code in present),
        ]
        language = get_language()
        self.fields["continent"].choices = [
            ALL,
            *((code, geography.continent_name(code, language)) for code in geography.CONTINENTS),
        ]

    def clean_country(self):
        code = self.cleaned_data["country"].strip().upper()
        if code and code not in countries:
            raise forms.ValidationError(
                _("Няма държава с код „%(code)s“."), params={"code": code[:10]}
            )
        return code


class InitiativeFilterForm(FilterForm):
    kind = forms.ChoiceField(label=_("Вид"), required=False)
    city = forms.ChoiceField(label=_("Град"), required=False)
    # Any sane year is valid in an address; the menu offers the years that have initiatives.
    year = forms.IntegerField(
        label=_("Година"), required=False, min_value=FIRST_YEAR, widget=forms.Select
    )

    def __init__(self, data, kinds=(), cities=(), years=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["kind"].choices = [ALL, *((k.slug, k.name) for k in kinds)]
        self.fields["city"].choices = [ALL, *((c.slug, c.name) for c in cities)]
        this_year = timezone.localdate().year
        self.fields["year"].max_value = this_year
        self.fields["year"].validators.append(MaxValueValidator(this_year))
        offered = sorted({y for y in years if FIRST_YEAR <= y <= this_year}, reverse=True)
        self.fields["year"].widget.choices = [ALL, *((y, y) for y in offered)]


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


class ProposalForm(forms.ModelForm):
    """The online version of the cooperation form for foreign local authorities."""

    # A field people never see (hidden by CSS, skipped by keyboard): bots fill it in.
    website = forms.CharField(label=_("Оставете това поле празно"), required=False, max_length=200)
    consent = forms.BooleanField(
        label=_(
            "Съгласен/съгласна съм Община Казанлък да обработва тези данни, за да отговори на предложението."
        ),
        required=True,
        error_messages={"required": _("Без съгласието ви не можем да приемем предложението.")},
    )
    attachment = forms.FileField(label=_("Прикачен файл (по желание)"), required=False)

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
            "message",
        ]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "message": forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
        }
        labels = {"phone": _("Телефон (по желание)")}
        help_texts = {
            "authority_name": _("Например: Община Кочани"),
            "phone": _("С международния код, например +389 33 274 001."),
        }

    ONE_LINE_FIELDS = ("authority_name", "city", "contact_person", "phone")

    field_order = [
        "authority_name", "country", "city", "contact_person", "email", "phone", "areas", "message",
        "attachment", "website", "consent",
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

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def clean_phone(self):
        raw = self.cleaned_data["phone"].strip()
        return phones.to_e164(raw) if raw else ""

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if self.oversized_upload:
            raise forms.ValidationError(_("Файлът е по-голям от 5 MB."))
        if not upload:
            return upload
        if upload.size > uploads.ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("Файлът е по-голям от 5 MB."))
        mime = uploads.detected_type(upload)
        if mime not in uploads.ALLOWED_ATTACHMENTS:
            raise forms.ValidationError(
                _("Този файл не е %(types)s (проверяваме съдържанието му, не името)."),
                params={"types": uploads.ALLOWED_DESCRIPTION},
            )
        if mime.startswith("image/") and not uploads.is_real_image(upload):
            raise forms.ValidationError(_("Изображението е повредено или не може да се прочете."))
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
