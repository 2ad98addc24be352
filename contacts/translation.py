"""Visitor-facing text of the contacts, translated with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import Closure, EmailAddress, Office, PhoneNumber, WorkingDay


@register(Office)
class OfficeTranslationOptions(TranslationOptions):
    fields = ("name", "description", "keywords", "street_address", "locality")


@register(PhoneNumber)
class PhoneNumberTranslationOptions(TranslationOptions):
    fields = ("label",)


@register(EmailAddress)
class EmailAddressTranslationOptions(TranslationOptions):
    fields = ("label",)


@register(Closure)
class ClosureTranslationOptions(TranslationOptions):
    fields = ("reason",)


@register(WorkingDay)
class WorkingDayTranslationOptions(TranslationOptions):
    fields = ("reason",)
