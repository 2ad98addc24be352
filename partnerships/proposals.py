"""Receiving a cooperation proposal: save it first, then tell the staff and the sender.

The two e-mails are queued in the database, not sent inside the request: the mail worker sends
them and retries them while the SMTP server is down (core.mail). Each carries a Message-ID made from
the proposal's reference, by which the admin finds what became of it. A message that cannot even
be queued loses nothing either: the proposal is already saved, the failure is logged and written
on the proposal, where the admin shows it.
"""

import logging
import secrets
from datetime import timedelta

import babel
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models.functions import Concat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from mailer.models import RESULT_FAILURE, RESULT_SUCCESS, MessageLog

from contacts import phones
from core.mail import delivery

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
    """„+389 33 274 001“: senders are abroad, so always the international form (the directory's
    formatter, contacts.phones); what cannot be read as a number (an old record) is shown as
    stored."""
    return phones.for_reading(e164, international=True) if e164 else ""


def language_name(code):
    """„английски“ for "en" in the Bulgarian admin, "English" in the English one (Unicode CLDR
    names, from Babel)."""
    locale = babel.Locale.parse(translation.get_language() or settings.LANGUAGE_CODE, sep="-")
    return locale.languages.get(code, code)


def areas_for_reading(proposal):
    """„Концерти, Друго: опазване на околната среда“: the kinds by name, then „Друго“ with the
    sender's words."""
    names = [kind.name for kind in proposal.areas.all()]
    if proposal.other_area:
        names.append(_("Друго: %(area)s") % {"area": proposal.other_area})
    return ", ".join(names)


def reply_by(proposal):
    """The day by which the sender was promised an answer (PROPOSAL_REPLY_DAYS after receipt)."""
    received = localtime(proposal.created_at).date()
    return received + timedelta(days=settings.PROPOSAL_REPLY_DAYS)


def reply_context(proposal):
    """What the sender is told about the answer: within how many days, by which date, and whom
    to write to about it (with the reference as the subject)."""
    return {
        "reply_days": settings.PROPOSAL_REPLY_DAYS,
        "reply_by": date_format(reply_by(proposal), "DATE_FORMAT"),
        "contact_email": settings.PROPOSAL_CONTACT_EMAIL,
    }


MAILS = ("staff", "confirmation")


def mail_id(proposal, kind):
    return f"<{proposal.reference}.{kind}@{settings.MAIL_ID_DOMAIN}>"


def queue_mail(proposal, kind, subject, body, to, reply_to=None):
    EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        to,
        reply_to=reply_to,
        headers={"Message-ID": mail_id(proposal, kind)},
    ).send()


def notify(proposal, admin_url):
    """Queue the staff's notice and the sender's confirmation; record what could not be queued."""
    errors = []
    try:
        if not settings.PROPOSALS_NOTIFY_EMAILS:
            raise RuntimeError("PROPOSALS_NOTIFY_EMAILS is not set: no staff address to notify")
        with translation.override("bg"):  # the staff read Bulgarian
            queue_mail(
                proposal,
                "staff",
                f"Ново предложение за сътрудничество {proposal.reference}",
                render_to_string(
                    "partnerships/email/proposal_staff.txt",
                    {
                        "p": proposal,
                        "admin_url": admin_url,
                        "areas": areas_for_reading(proposal),
                        "phone": phone_for_reading(proposal.phone),
                        "language": language_name(proposal.language),
                        **reply_context(proposal),
                    },
                ),
                settings.PROPOSALS_NOTIFY_EMAILS,
            )
    except Exception as error:  # any failure is recorded; none loses the proposal
        logger.exception("Staff notification for proposal %s failed", proposal.reference)
        errors.append(f"staff: {error}")
    try:
        with translation.override(proposal.language):
            queue_mail(
                proposal,
                "confirmation",
                translation.gettext("Вашето предложение %(reference)s е получено")
                % {"reference": proposal.reference},
                render_to_string(
                    "partnerships/email/proposal_confirmation.txt",
                    {
                        "p": proposal,
                        "areas": areas_for_reading(proposal),
                        **reply_context(proposal),
                    },
                ),
                [proposal.email],
                # A reply to the confirmation reaches the people who answer, not the site's sender.
                reply_to=[settings.PROPOSAL_CONTACT_EMAIL]
                if settings.PROPOSAL_CONTACT_EMAIL
                else None,
            )
    except Exception as error:
        logger.exception("Confirmation e-mail for proposal %s failed", proposal.reference)
        errors.append(f"confirmation: {error}")
    if errors:
        proposal.email_error = "\n".join(errors)
        proposal.save(update_fields=["email_error"])


def mail_log(reference, kind, result):
    prefix = Concat(models.Value("<"), reference, models.Value(f".{kind}@"))
    return MessageLog.objects.filter(result=result, message_id__startswith=prefix)


def mail_annotations():
    """For the inbox's list: whether each mail was delivered, and whether any attempt failed."""
    reference = models.OuterRef("reference")
    return {
        "staff_delivered": models.Exists(mail_log(reference, "staff", RESULT_SUCCESS)),
        "confirmation_delivered": models.Exists(
            mail_log(reference, "confirmation", RESULT_SUCCESS)
        ),
        "mail_failed": models.Exists(mail_log(reference, "staff", RESULT_FAILURE))
        | models.Exists(mail_log(reference, "confirmation", RESULT_FAILURE)),
    }


def when(value):
    return date_format(localtime(value), "DATETIME_FORMAT")


def mail_state(proposal, kind):
    """What became of one of the proposal's mails, in words for the staff."""
    found = delivery.delivery(mail_id(proposal, kind).partition("@")[0] + "@")
    failures = {"count": found.attempts, "error": found.last_error}
    if found.state == "sent":
        return _("изпратено на %(time)s") % {"time": when(found.when)}
    if found.state == "queued" and not found.attempts:
        return _("в опашката, чака изпращане")
    if found.state == "queued":
        return (
            _("в опашката за нов опит (неуспешни опити: %(count)s; последна грешка: %(error)s)")
            % failures
        )
    if found.state == "retrying":
        return _(
            "неизпратено (неуспешни опити: %(count)s; последна грешка: %(error)s); нов опит след %(time)s"
        ) % {**failures, "time": when(found.when)}
    if found.state == "given_up":
        return (
            _(
                "неизпратено: опитите са изчерпани (неуспешни опити: %(count)s; последна грешка: "
                "%(error)s). Администратор може да го изпрати отново от „Изходяща поща“."
            )
            % failures
        )
    # Nothing in the queue or its log: proposals from before the queue, or one never queued.
    if getattr(proposal, {"staff": "staff_notified", "confirmation": "confirmation_sent"}[kind]):
        return _("изпратено")
    if proposal.email_error:
        return _("не е поставено в опашката (вижте грешката по-долу)")
    return _("няма сведения")


def signed_reference(reference):
    return REFERENCE_SIGNER.sign(reference)


def reference_from(signed):
    try:
        return REFERENCE_SIGNER.unsign(signed)
    except signing.BadSignature:
        return None
