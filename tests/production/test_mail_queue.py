"""E-mail never waits inside a request: it is queued in the database and the mail worker sends it,
retrying with back-off while the SMTP server is down; error reports are rate-limited.

A hanging SMTP server is tests.production.servers.SilentServer (accepts, never answers); a server
that is down is a port nobody listens on; one that works is aiosmtpd on loopback, counting what
it receives.
"""

import contextlib
import re
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from unittest import mock

import psycopg2
import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from mailer.models import Message, MessageLog

from core.roles import ROLES
from partnerships.models import Proposal
from tests.production.servers import (
    ROOT,
    Browser,
    Server,
    SilentServer,
    free_port,
    manage,
    production_env,
)
from tests.services import POSTGRES_PORT, require_postgres

PROPOSAL = {"authority_name": "Община Кочани", "country": "MK", "city": "Кочани",
            "contact_person": "Марија Петровска", "email": "marija@kocani.gov.mk",
            "areas": ["2"], "message": "Предлагаме съвместен фестивал.", "consent": "on"}  # fmt: skip


@pytest.fixture
def queued_mail(settings):
    """The production path: messages go into the queue; the worker sends them over SMTP."""
    settings.EMAIL_BACKEND = "core.mail.backend.QueueBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = 2
    settings.PROPOSALS_NOTIFY_EMAILS = ["international@example.org"]
    return settings


# ---- a hanging SMTP server, against real gunicorn and a real worker ----------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site_database(request, tmp_path_factory):
    """The site's database, migrated and loaded, on SQLite (`make serve`'s default) and on
    PostgreSQL (production); and a way to count rows in it from outside."""
    folder = tmp_path_factory.mktemp("mail")
    files = {"STATIC_ROOT": str(folder / "static"), "MEDIA_ROOT": str(folder / "media"),
             "PRIVATE_MEDIA_ROOT": str(folder / "private")}  # fmt: skip
    if request.param == "sqlite":
        path = folder / "db.sqlite3"
        url = f"sqlite:///{path}"
        files["MAILER_LOCK_PATH"] = str(folder / "mail-worker")

        def count(sql):
            with contextlib.closing(sqlite3.connect(path)) as db:
                return db.execute(sql).fetchone()[0]

    else:
        admin = require_postgres()
        name = f"kazanlak_mail_{uuid.uuid4().hex[:8]}"
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://postgres@127.0.0.1:{POSTGRES_PORT}/{name}"

        def count(sql):
            with contextlib.closing(psycopg2.connect(url)) as db, db.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchone()[0]

    env = production_env(DATABASE_URL=url, **files)
    manage(env, "migrate", "--noinput")
    manage(env, "load_initial_data")
    manage(env, "collectstatic", "--noinput", "-v0")
    yield env, count
    if request.param == "postgresql":
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def timed(call):
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


def timed_proposal(server):
    """The proposal's POST alone, timed; the form (and its CSRF token) is fetched first."""
    browser = Browser()
    _status, page, _headers = browser.get(server.url + "/predlozhenie/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    data = {**PROPOSAL, "csrfmiddlewaretoken": token}
    (status, _page, _headers), seconds = timed(
        lambda: browser.request(server.url + "/predlozhenie/", data)
    )
    assert status == 302
    return seconds


def test_with_smtp_hanging_a_proposal_answers_at_once_and_the_worker_waits_instead(site_database):
    base_env, count = site_database
    smtp = SilentServer()
    env = {**base_env, "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port), "EMAIL_TIMEOUT": "3",
           "MAIL_WORKER_INTERVAL_SECONDS": "0.2"}  # fmt: skip
    server = Server(env, workers=2)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_mail_worker"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        first, second = timed_proposal(server), timed_proposal(server)
        deadline = time.monotonic() + 10
        while not smtp.connections and time.monotonic() < deadline:
            time.sleep(0.05)
        assert smtp.connections, "the worker never tried the SMTP server"
        # The worker is now waiting for an answer that does not come; the site is not.
        during = timed_proposal(server)
        (status, _page, _headers), page = timed(lambda: Browser().get(server.url + "/"))
        assert status == 200
        print(f"proposals {first:.3f} s, {second:.3f} s, during the hang {during:.3f} s; "
              f"a page {page:.3f} s")  # fmt: skip
        assert max(first, second, during, page) < 1
        # The hung attempt ends after EMAIL_TIMEOUT: the message is deferred, with its error logged.
        deadline = time.monotonic() + 15
        while not count("SELECT count(*) FROM mailer_messagelog WHERE result = '3'"):
            assert time.monotonic() < deadline, "no failed attempt logged"
            time.sleep(0.2)
        failures = count("SELECT count(*) FROM mailer_messagelog WHERE result = '3'")
        queued = count("SELECT count(*) FROM mailer_message")
        assert failures >= 1 and queued == 6  # three proposals, two mails each: none lost
        # Stopping the worker mid-attempt (systemd's SIGTERM) is prompt.
        _result, stopping = timed(lambda: (worker.terminate(), worker.wait(timeout=10)))
        assert worker.returncode == 0 and stopping < 2
    finally:
        worker.kill()
        worker.wait()
        server.stop()
        smtp.close()


# ---- down for an hour, then back: every message exactly once -----------------------------------


class Sink:
    """An SMTP server on loopback that keeps what it receives."""

    def __init__(self):
        self.received = []
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"

    def message_ids(self):
        return [
            line.split(":", 1)[1].strip()
            for message in self.received
            for line in message.splitlines()
            if line.lower().startswith("message-id:")
        ]


def run_worker_pass():
    call_command("run_mail_worker", "--once")


def test_smtp_down_for_an_hour_then_back_delivers_every_message_once(
    client, staff_client, initial_data, queued_mail
):
    queued_mail.EMAIL_PORT = free_port()  # nobody listens: refused, as a server that is down
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for authority in ("Община Кочани", "Град Верия", "Община Грас"):
            assert (
                client.post("/predlozhenie/", {**PROPOSAL, "authority_name": authority}).status_code
                == 302
            )
        assert Message.objects.count() == 6
        proposal = Proposal.objects.get(authority_name="Град Верия")
        change = reverse("admin:partnerships_proposal_change", args=[proposal.pk])
        assert "в опашката, чака изпращане" in staff_client.get(change).text

        for _minute in range(60):  # an hour: the worker passes every minute (every 5 s, really)
            run_worker_pass()
            clock.shift(timedelta(minutes=1))
        attempts = MessageLog.objects.filter(result="3").count()
        print(f"an hour down: {attempts} failed attempts for 6 messages")
        assert MessageLog.objects.filter(result="1").count() == 0
        # Back-off: after 1, 2, 4, 8, 16, 32 minutes, so about 6 attempts each, not 60.
        assert 6 * 5 <= attempts <= 6 * 7, attempts
        # Staff see what waits and why, on the proposal and (superusers) in the queue.
        page = staff_client.get(change).text
        assert "неизпратено (неуспешни опити:" in page and "ConnectionRefusedError" in page
        queue = staff_client.get(reverse("admin:mailer_message_changelist")).text
        assert queue.count("неуспешно; нов опит след") == 6
        inbox = staff_client.get(reverse("admin:partnerships_proposal_changelist")).text
        assert inbox.count('alt="False"') == 3

        sink = Sink()
        sink.controller.start()
        try:
            queued_mail.EMAIL_PORT = sink.controller.port  # the server is back
            for _minute in range(70):  # the next retry is due within the hour
                run_worker_pass()
                clock.shift(timedelta(minutes=1))
        finally:
            sink.controller.stop()

    assert Message.objects.count() == 0
    ids = sink.message_ids()
    print(f"back up: {len(sink.received)} received, {len(set(ids))} distinct Message-IDs")
    assert len(sink.received) == 6 and len(set(ids)) == 6  # each message once
    assert sorted(ids) == sorted(
        f"<{p.reference}.{kind}@localhost>"
        for p in Proposal.objects.all()
        for kind in ("staff", "confirmation")
    )
    page = staff_client.get(change).text
    assert page.count("изпратено на ") == 2
    inbox = staff_client.get(reverse("admin:partnerships_proposal_changelist")).text
    assert inbox.count('alt="True"') == 3


def test_a_message_given_up_is_shown_and_staff_can_send_it_again(
    client, staff_client, initial_data, queued_mail
):
    queued_mail.EMAIL_PORT = free_port()
    queued_mail.MAILER_EMAIL_MAX_RETRIES = 1
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post("/predlozhenie/", PROPOSAL)
        for _minute in range(5):
            run_worker_pass()
            clock.shift(timedelta(minutes=1))
    queue = reverse("admin:mailer_message_changelist")
    assert staff_client.get(queue).text.count("неуспешно; опитите са изчерпани") == 2
    proposal = Proposal.objects.get()
    page = staff_client.get(reverse("admin:partnerships_proposal_change", args=[proposal.pk]))
    assert "опитите са изчерпани (неуспешни опити: 2" in page.text

    sink = Sink()
    sink.controller.start()
    try:
        queued_mail.EMAIL_PORT = sink.controller.port
        ids = [str(pk) for pk in Message.objects.values_list("pk", flat=True)]
        answer = staff_client.post(
            queue, {"action": "send_again", "_selected_action": ids}, follow=True
        )
        assert "2 писма са върнати в опашката" in answer.text
        run_worker_pass()
        run_worker_pass()
    finally:
        sink.controller.stop()
    assert len(sink.received) == 2 and Message.objects.count() == 0


def test_the_queue_is_for_superusers_only(client, django_user_model):
    editor = django_user_model.objects.create_user("maria", password="x" * 16, is_staff=True)
    editor.groups.add(Group.objects.get(name=ROLES["cooperation"]["name"]))
    client.force_login(editor)
    assert client.get(reverse("admin:mailer_message_changelist")).status_code == 403
    assert "Изходяща поща" not in client.get(reverse("admin:index")).text


# ---- error reports ----------------------------------------------------------------------------


@pytest.fixture
def error_reports(settings, queued_mail):
    settings.ADMINS = [("Admin", "admin@example.org")]
    return Client(raise_request_exception=False)


def test_bad_host_headers_send_no_error_report(initial_data, error_reports):
    for _ in range(10):
        assert error_reports.get("/", HTTP_HOST="attacker.example").status_code == 400
    assert Message.objects.count() == 0


def test_the_same_error_is_reported_once_per_ten_minutes(initial_data, error_reports):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        with mock.patch("partnerships.views.PageText.objects.all", side_effect=RuntimeError("bug")):
            for url in ["/"] * 5 + ["/en/"] * 5:
                assert error_reports.get(url).status_code == 500
        assert Message.objects.count() == 1
        (report,) = Message.objects.all()
        assert report.email.to == ["admin@example.org"] and "RuntimeError" in report.email.body

        outage = OperationalError("server closed the connection")
        with mock.patch("partnerships.views.PageText.objects.all", side_effect=outage):
            for _ in range(10):
                assert error_reports.get("/").status_code == 503
        assert Message.objects.count() == 2  # another error: one report more

        clock.shift(timedelta(minutes=11))
        with mock.patch("partnerships.views.PageText.objects.all", side_effect=RuntimeError("bug")):
            error_reports.get("/")
        assert Message.objects.count() == 3  # ten minutes later, reported again
