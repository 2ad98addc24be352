"""Visitor-facing text of the contacts, translated with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import EmailAddress, Office, PhoneNumber


@register(Office)
class OfficeTranslationOptions(TranslationOptions):
    fields = ("name", "description", "keywords", "street_address", "locality")


@register(PhoneNumber)
class PhoneNumberTranslationOptions(TranslationOptions):
    fields = ("label",)


@register(EmailAddress)
class EmailAddressTranslationOptions(TranslationOptions):
    fields = ("label",)
