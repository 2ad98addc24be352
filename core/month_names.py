"""Django's Bulgarian catalogue capitalises month names („21 Ноември 2018“); Bulgarian writes them
in lower case. Naming them here keeps them in our catalogue (makemessages would otherwise drop them
as obsolete), where `locale/bg` lower-cases them. Nothing imports this module."""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
