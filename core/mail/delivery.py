"""Sending the queue: one pass of the worker, the back-off between attempts, and each message's
state as staff read it.

Sending is django-mailer's `send_all()` (on PostgreSQL; SQLite's is below): each message is sent inside a transaction that holds its
row (`select_for_update(nowait=True)`: a second worker skips it and takes the next one), and is
deleted from the queue in the same transaction once the SMTP server has taken it, with a line in
the log. A failed attempt (refused, timed out after EMAIL_TIMEOUT, any error) defers the message
and logs the error. django-mailer retries deferred messages only when told to, all at once;
`release_due_retries()` puts each one back when its own back-off has passed: 1, 2, 4, … minutes,
then every hour, up to MAILER_EMAIL_MAX_RETRIES attempts. After that it stays in the queue,
marked as given up, until staff send it again from the admin.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, models, transaction
from django.utils import timezone
from mailer import engine
from mailer.models import (
    PRIORITY_DEFERRED,
    PRIORITY_MEDIUM,
    RESULT_FAILURE,
    RESULT_SUCCESS,
    Message,
    MessageLog,
    get_message_id,
)

logger = logging.getLogger(__name__)


def backoff(retries):
    """How long to wait after a message's failed attempt number `retries` + 1."""
    first, longest = settings.MAIL_RETRY_FIRST_SECONDS, settings.MAIL_RETRY_LONGEST_SECONDS
    return timedelta(seconds=min(first * 2**retries, longest))


def message_id(message):
    email = message.email
    return get_message_id(email) if email is not None else None


def last_failure(mail_id):
    if mail_id is None:
        return None
    return MessageLog.objects.filter(message_id=mail_id, result=RESULT_FAILURE).aggregate(
        last=models.Max("when_attempted")
    )["last"]


def next_attempt(message):
    """When a deferred message is tried again; None once it has been given up."""
    if message.retry_count >= settings.MAILER_EMAIL_MAX_RETRIES:
        return None
    last = last_failure(message_id(message)) or message.when_added
    return last + backoff(message.retry_count)


def release_due_retries():
    """Deferred messages whose back-off has passed go back into the queue; returns how many."""
    now = timezone.now()
    due = [m.pk for m in Message.objects.deferred() if (at := next_attempt(m)) and at <= now]
    return Message.objects.filter(pk__in=due, priority=PRIORITY_DEFERRED).update(
        priority=PRIORITY_MEDIUM, retry_count=models.F("retry_count") + 1
    )


def defer_on_any_error(connection, message, error):
    """MAILER_ERROR_HANDLER: django-mailer defers SMTP and socket errors but re-raises anything
    else, which would stop every later message behind this one. Defer, log, go on."""
    if not isinstance(error, OSError):  # smtplib's errors and timeouts are OSErrors
        logger.exception("Unexpected error sending queued message %s", message.pk)
    message.defer()
    MessageLog.objects.log(message, RESULT_FAILURE, log_message=f"{type(error).__name__}: {error}")
    logger.warning("Message %s deferred: %s", message.pk, error)
    return None, "deferred"  # a new SMTP connection for the next message


def send_queue():
    """One pass of the worker: release what is due, send what is queued."""
    release_due_retries()
    if not Message.objects.non_deferred().exists():
        return
    if connection.vendor == "sqlite":
        send_with_no_transaction_open()
    else:
        engine.send_all()


def send_with_no_transaction_open():
    """SQLite's send step. django-mailer's `send_all()` keeps each message's transaction open
    while it talks to the SMTP server; on SQLite that read lock holds back every write of the
    site (measured: with SMTP hanging, a proposal waited 5 s and got the 503 page). SQLite has
    no row locks to share out anyway: django-mailer's lock file lets one worker at a time
    through, and each message is read, sent with no transaction open, then logged and deleted."""
    # The lock file's folder (var/, git-ignored) may not exist yet on a fresh checkout.
    Path(settings.MAILER_LOCK_PATH).parent.mkdir(parents=True, exist_ok=True)
    acquired, lock = engine.acquire_lock()
    if not acquired:
        return
    try:
        smtp, deferred = None, 0
        for message in list(engine.prioritize()):
            email = message.email
            try:
                if email is None:
                    raise ValueError("the queued message cannot be read")
                smtp = smtp or get_connection(backend=settings.MAILER_EMAIL_BACKEND)
                email.connection = smtp
                email.send()
            except Exception as error:
                smtp, _status = defer_on_any_error(smtp, message, error)
                deferred += 1
                if deferred >= settings.MAILER_EMAIL_MAX_DEFERRED:
                    break
                continue
            email.connection = None
            with transaction.atomic():
                MessageLog.objects.log(message, RESULT_SUCCESS)
                message.delete()
    finally:
        engine.release_lock(lock)


def resend(messages):
    """Staff's „send again“: given-up or waiting messages go back to the queue at once."""
    return Message.objects.filter(pk__in=[m.pk for m in messages]).update(
        priority=PRIORITY_MEDIUM, retry_count=0
    )


@dataclass
class Delivery:
    """What became of one message: `state` is sent, queued, retrying, given_up or unknown."""

    state: str
    attempts: int = 0
    last_error: str = ""
    when: datetime | None = None  # sent at, or the next attempt


def delivery(mail_id_prefix):
    """The state of the message whose Message-ID starts with `mail_id_prefix`, read from the
    queue and the log (the queue is small: sent messages leave it)."""
    log = MessageLog.objects.filter(message_id__startswith=mail_id_prefix)
    sent = log.filter(result=RESULT_SUCCESS).order_by("when_attempted").last()
    failures = log.filter(result=RESULT_FAILURE).order_by("when_attempted")
    attempts, last = failures.count(), failures.last()
    last_error = last.log_message if last else ""
    if sent:
        return Delivery("sent", attempts + 1, when=sent.when_attempted)
    for message in Message.objects.order_by("pk"):
        if (message_id(message) or "").startswith(mail_id_prefix):
            if message.priority != PRIORITY_DEFERRED:
                return Delivery("queued", attempts, last_error)
            at = next_attempt(message)
            return Delivery("retrying" if at else "given_up", attempts, last_error, at)
    if attempts:
        return Delivery("given_up", attempts, last_error)  # removed from the queue by staff
    return Delivery("unknown")
