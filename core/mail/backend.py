"""The e-mail back-end that requests use: it only writes the message into the queue."""

from django.conf import settings
from django.core.mail.message import make_msgid
from mailer.backend import DbBackend
from mailer.models import get_message_id


class QueueBackend(DbBackend):
    """django-mailer's queue, with a Message-ID given to each message when it is queued.

    The worker's log records each attempt under the message's Message-ID, which is how the back-off
    finds a message's last failure and the admin a proposal's mails. (django-mailer adds one only
    when it sends, so a failed attempt would be logged without any.) The domain is a setting,
    not the host name: looking that up can wait on DNS inside the request.
    """

    def send_messages(self, email_messages):
        for message in email_messages:
            if get_message_id(message) is None:
                message.extra_headers["Message-ID"] = make_msgid(domain=settings.MAIL_ID_DOMAIN)
        return super().send_messages(email_messages)
