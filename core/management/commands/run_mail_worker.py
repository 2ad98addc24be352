"""The mail worker: sends the queued e-mail, beside the web server (`make run`, `make serve`;
deploy/kazanlak-mail.service in production)."""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from core.mail.delivery import send_queue

logger = logging.getLogger("core.mail.worker")


def stop(signum, frame):
    # SIGTERM (systemd, `kill`) ends the loop like Ctrl-C: a pass in progress finishes its
    # `finally`, so django-mailer's lock file is released rather than left behind.
    raise SystemExit(0)


class Command(BaseCommand):
    help = "Send the queued e-mail, retrying failed messages with back-off (runs until stopped)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")

    def handle(self, *args, once=False, **options):
        if once:
            self.send()
            return
        signal.signal(signal.SIGTERM, stop)
        interval = settings.MAIL_WORKER_INTERVAL_SECONDS
        logger.info("Mail worker started: checking the queue every %s s", interval)
        while True:
            self.send()
            time.sleep(interval)
            close_old_connections()  # a connection broken by a database outage is replaced

    def send(self):
        try:
            send_queue()
        except Exception:
            # The database may be down (the queue is in it): the next pass tries again.
            logger.exception("Mail worker pass failed")
