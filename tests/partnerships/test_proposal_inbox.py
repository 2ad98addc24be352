"""The proposal inbox and the staff's e-mail show a proposal as people read it: an e-mail link, the
phone in international form, the sender's language and the chosen areas by name."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from partnerships.models import Proposal
from tests.partnerships.test_proposals import valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def proposal_settings(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PROPOSALS_NOTIFY_EMAILS = ["international@example.org"]
    settings.PROPOSALS_RATE_LIMIT = "5/h"
    cache.clear()


def send_proposal(client, prefix=""):
    """Sent through the public form, as a foreign authority sends it."""
    assert client.post(f"{prefix}/predlozhenie/", valid_data()).status_code == 302
    return Proposal.objects.get()


def inbox_page(staff_client, proposal):
    return staff_client.get(reverse("admin:partnerships_proposal_change", args=[proposal.pk]))


def shown(page, field):
    """What the inbox shows in the row of `field` (the admin's read-only value)."""
    row = re.search(
        rf'class="form-row[^"]*field-{field}".*?<div class="readonly">(.*?)</div>',
        page.content.decode(),
        re.DOTALL,
    )
    return row.group(1)


def test_the_inbox_shows_the_proposal_as_people_read_it(client, staff_client, initial_data):
    proposal = send_proposal(client)
    page = inbox_page(staff_client, proposal)
    assertContains(
        page,
        f'<a href="mailto:marija@kocani.gov.mk?subject={proposal.reference}">'
        "marija@kocani.gov.mk</a>",
        html=True,
    )
    assert shown(page, "phone_number") == "+389 33 274 001"
    assertNotContains(page, "+38933274001")
    assert shown(page, "language_name") == "български"
    assert shown(page, "areas_list") == "Концерти, Фестивали"


def test_a_proposal_sent_in_english_shows_its_language_by_name(client, staff_client, initial_data):
    proposal = send_proposal(client, prefix="/en")
    page = inbox_page(staff_client, proposal)
    assert shown(page, "language_name") == "английски"


def test_the_staff_email_lists_the_areas_by_name(client, initial_data):
    send_proposal(client, prefix="/en")
    staff = mail.outbox[0]
    assert staff.to == ["international@example.org"]
    assert "Области: Концерти, Фестивали\n" in staff.body
    assert "Телефон: +389 33 274 001\n" in staff.body
    assert "Език на подателя: английски\n" in staff.body
    assert "QuerySet" not in staff.body


def test_without_a_phone_both_show_a_dash(client, staff_client, initial_data):
    assert client.post("/predlozhenie/", valid_data(phone="")).status_code == 302
    proposal = Proposal.objects.get()
    assert "Телефон: —\n" in mail.outbox[0].body
    assert shown(inbox_page(staff_client, proposal), "phone_number") == "—"


def test_the_inbox_shows_other_with_the_sender_s_words_and_the_promised_date(
    client, staff_client, initial_data, settings
):
    settings.PROPOSAL_REPLY_DAYS = 14
    sofia_noon = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    with time_machine.travel(sofia_noon, tick=False):
        data = valid_data(areas=["other"], other_area="Опазване на околната среда")
        assert client.post("/en/predlozhenie/", data).status_code == 302
    proposal = Proposal.objects.get()
    page = inbox_page(staff_client, proposal)
    assert shown(page, "areas_list") == "Друго: Опазване на околната среда"
    assert shown(page, "reply_by") == "15 декември 2026 г."
    assert "Области: Друго: Опазване на околната среда\n" in mail.outbox[0].body
    # Staff find it by the words.
    found = staff_client.get(
        reverse("admin:partnerships_proposal_changelist"), {"q": "околната среда"}
    )
    assertContains(found, proposal.reference)
