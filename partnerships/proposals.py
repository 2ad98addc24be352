"""Receiving a cooperation proposal: save it first, then tell the staff and the sender.

An e-mail that fails loses nothing: the proposal is already in the database, the failure is
logged and written on the proposal, where the admin shows it.
"""

import logging
import secrets

import babel
import phonenumbers
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Proposal

logger = logging.getLogger(__name__)

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read over the phone
REFERENCE_SIGNER = signing.Signer(salt="partnerships.proposal-reference")


def new_reference():
    """„KZ-2026-7F3K9Q“: random, so that references cannot be counted or guessed."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"KZ-{timezone.localdate().year}-{code}"


def unused_reference():
    while True:
        reference = new_reference()
        if not Proposal.objects.filter(reference=reference).exists():
            return reference


def save_proposal(form, language):
    with transaction.atomic():
        proposal = form.save(commit=False)
        proposal.reference = unused_reference()
        proposal.language = language
        proposal.consent_at = timezone.now()
        proposal.attachment_name = form.original_attachment_name
        proposal.save()
        form.save_m2m()
    return proposal


def phone_for_reading(e164):
    """„+389 33 274 001“: senders are abroad, so always the international form; what cannot be
    read as a number (an old record) is shown as stored."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def language_name(code):
    """„английски“ for "en" in the Bulgarian admin, "English" in the English one (Unicode CLDR
    names, from Babel)."""
    locale = babel.Locale.parse(translation.get_language() or settings.LANGUAGE_CODE, sep="-")
    return locale.languages.get(code, code)


def areas_for_reading(proposal):
    return ", ".join(kind.name for kind in proposal.areas.all())


def notify(proposal, admin_url):
    """Tell the staff and confirm to the sender; record each failure on the proposal."""
    errors = []
    try:
        if not settings.PROPOSALS_NOTIFY_EMAILS:
            raise RuntimeError("PROPOSALS_NOTIFY_EMAILS is not set: no staff address to notify")
        with translation.override("bg"):  # the staff read Bulgarian
            send_mail(
                f"Ново предложение за сътрудничество {proposal.reference}",
                render_to_string(
                    "partnerships/email/proposal_staff.txt",
                    {
                        "p": proposal,
                        "admin_url": admin_url,
                        "areas": areas_for_reading(proposal),
                        "phone": phone_for_reading(proposal.phone),
                        "language": language_name(proposal.language),
                    },
                ),
                settings.DEFAULT_FROM_EMAIL,
                settings.PROPOSALS_NOTIFY_EMAILS,
            )
        proposal.staff_notified = True
    except Exception as error:  # any failure is recorded; none loses the proposal
        logger.exception("Staff notification for proposal %s failed", proposal.reference)
        errors.append(f"staff: {error}")
    try:
        with translation.override(proposal.language):
            send_mail(
                translation.gettext("Вашето предложение %(reference)s е получено")
                % {"reference": proposal.reference},
                render_to_string("partnerships/email/proposal_confirmation.txt", {"p": proposal}),
                settings.DEFAULT_FROM_EMAIL,
                [proposal.email],
            )
        proposal.confirmation_sent = True
    except Exception as error:
        logger.exception("Confirmation e-mail for proposal %s failed", proposal.reference)
        errors.append(f"confirmation: {error}")
    proposal.email_error = "\n".join(errors)
    proposal.save(update_fields=["staff_notified", "confirmation_sent", "email_error"])


def signed_reference(reference):
    return REFERENCE_SIGNER.sign(reference)


def reference_from(signed):
    try:
        return REFERENCE_SIGNER.unsign(signed)
    except signing.BadSignature:
        return None
