"""Filters of the public lists, read from GET parameters (plain links, no JavaScript)."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from . import geography
from .models import FIRST_YEAR, RelationshipType

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
        offered = sorted(present_countries, key=lambda code: countries.name(code))
        self.fields["country"].widget.choices = [
            ALL,
            *((code, countries.name(code)) for code in offered),
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


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Търсене"), required=False, max_length=200)
