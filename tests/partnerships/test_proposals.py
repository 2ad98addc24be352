"""Cooperation proposals from foreign local authorities: the form, its abuse limits, the inbox."""

import io
import json
import logging
import math
import re
import stat
import zipfile
import zoneinfo
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from partnerships.models import InitiativeKind, Proposal

pytestmark = pytest.mark.django_db
URL = "/predlozhenie/"


@pytest.fixture(autouse=True)
def proposal_settings(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PROPOSALS_NOTIFY_EMAILS = ["international@example.org"]
    settings.PROPOSALS_RATE_LIMIT = "5/h"
    cache.clear()
    return settings


def valid_data(**changes):
    kinds = InitiativeKind.objects.filter(slug__in=["concerts", "festivals"])
    data = {
        "authority_name": "Община Кочани",
        "country": "MK",
        "city": "Кочани",
        "contact_person": "Марија Петровска",
        "email": "marija@kocani.gov.mk",
        "phone": "+389 33 274 001",
        "areas": [str(k.pk) for k in kinds],
        "message": "Предлагаме съвместен фестивал на оризовата и розовата долина.",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return data


def pdf_file(name="predlozhenie.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def zip_file(name, entries, stored_first=False):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (entry, content) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(entry, content, compress_type=method)
    return SimpleUploadedFile(name, buffer.getvalue())


def png_file(name="snimka.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (155, 27, 74)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def test_the_form_in_both_languages_with_privacy_notice_and_the_downloadable_form(
    client, initial_data
):
    for url, words in (
        (URL, ["Лични данни", "Формуляр за сътрудничеството"]),
        ("/en" + URL, ["Personal data", "Form for the cooperation"]),
    ):
        content = client.get(url).content.decode()
        assert all(word in content for word in words)
        assert 'name="consent"' in content and 'type="file"' in content
        assert '<div class="hp" aria-hidden="true">' in content


def test_a_valid_proposal_is_saved_then_the_staff_and_the_sender_are_told(
    client, initial_data, settings
):
    # As in production: the request only queues the two mails; the mail worker sends them.
    settings.EMAIL_BACKEND = "core.mail.backend.QueueBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(URL, valid_data())
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.authority_name == "Община Кочани" and proposal.country.code == "MK"
    assert proposal.phone == "+38933274001"
    assert sorted(proposal.areas.values_list("slug", flat=True)) == ["concerts", "festivals"]
    assert proposal.status == "new" and proposal.language == "bg" and proposal.consent_at
    assert proposal.email_error == "" and mail.outbox == []
    call_command("run_mail_worker", "--once")
    staff, confirmation = mail.outbox
    assert staff.to == ["international@example.org"] and proposal.reference in staff.subject
    assert f"/admin/partnerships/proposal/{proposal.pk}/change/" in staff.body
    assert confirmation.to == ["marija@kocani.gov.mk"]
    assert confirmation.subject == f"Вашето предложение {proposal.reference} е получено"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and proposal.reference in thanks.content.decode()


def test_in_english_the_sender_is_answered_in_english(client, initial_data):
    response = client.post("/en" + URL, valid_data())
    assert response["Location"].startswith("/en/predlozhenie/blagodarim/")
    proposal = Proposal.objects.get()
    assert proposal.language == "en"
    assert mail.outbox[1].subject == f"Your proposal {proposal.reference} has been received"
    assert "Bulgarian" not in mail.outbox[0].subject  # the staff's copy stays Bulgarian
    assert mail.outbox[0].subject.startswith("Ново предложение")


def test_references_are_unguessable_and_the_thank_you_page_is_signed(client, initial_data):
    client.post(URL, valid_data())
    client.post(URL, valid_data(email="second@kocani.gov.mk"))
    first, second = Proposal.objects.order_by("pk").values_list("reference", flat=True)
    assert first != second and first.startswith(f"KZ-{timezone.localdate().year}-")
    assert client.get("/predlozhenie/blagodarim/?ref=KZ-2026-AAAAAA").status_code == 404


# What each empty field says, in both languages: what to write, never Django's generic
# „Това поле е задължително.“ / "This field is required."
MISSING = {
    "": {
        "authority_name": "Напишете името на местната власт, например Община Кочани.",
        "country": "Изберете от списъка държавата на местната власт.",
        "city": "Напишете града или селището на местната власт.",
        "contact_person": "Напишете името на човека, на когото да отговорим.",
        "email": "Напишете адреса на електронната поща, на който да изпратим потвърждението и "
        "отговора.",
        "areas": "Отметнете поне една област на сътрудничество; ако вашата я няма в списъка, "
        "отметнете „Друго“ и я опишете.",
        "message": "Опишете в съобщението какво предлагате и с каква цел.",
        "consent": "Отметнете съгласието с обработката на данните: без него не можем да приемем "
        "предложението.",
    },
    "/en": {
        "authority_name": "Enter the name of your local authority, for example Municipality of "
        "Kočani.",
        "country": "Choose your local authority&#x27;s country from the list.",
        "city": "Enter the town or city of your local authority.",
        "contact_person": "Enter the name of the person we should answer.",
        "email": "Enter the e-mail address to which we should send the confirmation and our "
        "answer.",
        "areas": "Tick at least one area of cooperation; if yours is not listed, tick “Other” and "
        "describe it.",
        "message": "Describe in the message what you propose and to what end.",
        "consent": "Tick the box to consent to the processing of your data: without your consent "
        "we cannot accept the proposal.",
    },
}


def error_summary(content):
    """The list at the top of the form: (the field its link leads to, the message)."""
    summary = content[content.index('id="form-errors"') : content.index("<form ")]
    return re.findall(r'<li><a href="#id_(\w+?)(?:_0)?">[^<]*</a>: ([^<]*)</li>', summary)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_missing_field_says_what_to_write_in_the_visitors_language(
    client, initial_data, prefix
):
    response = client.post(prefix + URL, {"website": ""})
    assert response.status_code == 400
    content = response.content.decode()
    assert error_summary(content) == list(MISSING[prefix].items())  # in the form's order
    for field, message in MISSING[prefix].items():
        assert content.count(message) == 2, field  # in the summary and again by the field
    assert "Това поле е задължително." not in content
    assert "This field is required." not in content
    assert Proposal.objects.count() == 0 and mail.outbox == []


@pytest.mark.parametrize(
    ("prefix", "wrong_email"),
    [
        ("", "Проверете адреса на електронната поща: той трябва да е във вида ime@obshtina.bg, "
         "без интервали."),
        ("/en", "Check the e-mail address: it should look like name@municipality.org, with no "
         "spaces."),
    ],
)  # fmt: skip
def test_errors_are_shown_by_their_fields_and_the_input_is_kept(
    client, initial_data, prefix, wrong_email
):
    data = valid_data(authority_name="", email="not-an-email", consent="")
    response = client.post(prefix + URL, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert MISSING[prefix]["authority_name"] in content and wrong_email in content
    assert [field for field, _ in error_summary(content)] == ["authority_name", "email", "consent"]
    assert 'aria-invalid="true"' in content
    assert 'value="Марија Петровска"' in content and "оризовата и розовата долина" in content
    assert 'value="not-an-email"' in content
    assert Proposal.objects.count() == 0 and mail.outbox == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("authority_name", "x" * 201,
         "Името на местната власт може да е до 200 знака (сега е 201): съкратете го."),
        ("city", "x" * 121, "Името на града може да е до 120 знака (сега е 121): съкратете го."),
        ("contact_person", "x" * 121, "Името може да е до 120 знака (сега е 121): съкратете го."),
        ("message", "x" * 5001,
         "Съобщението може да е до 5000 знака (сега е 5001): съкратете го или изпратете "
         "подробностите като прикачен файл."),
        ("other_area", "x" * 121,
         "Опишете областта с до 120 знака (сега са 121); подробностите напишете в съобщението."),
        ("phone", "0431 98201 или 0888 123 456",
         "Напишете само един телефонен номер, с международния код, например +389 33 274 001, "
         "или оставете полето празно."),
        ("phone", "389 33 274 001",
         "„389 33 274 001“ не е телефонен номер, който можем да наберем: напишете го с "
         "международния код, например +389 33 274 001, или оставете полето празно."),
        ("country", "ZZ", "Изберете държава от списъка: „ZZ“ не е в него."),
        ("areas", ["999"], "Изберете областите от списъка."),
    ],
)  # fmt: skip
def test_a_wrong_value_is_told_what_to_fix(client, initial_data, field, value, message):
    response = client.post(URL, valid_data(**{field: value}))
    assert response.status_code == 400
    assert response.content.decode().count(message) == 2  # the summary, and by the field
    assert Proposal.objects.count() == 0


def test_in_english_a_wrong_value_is_told_what_to_fix_in_english(client, initial_data):
    content = client.post(
        "/en" + URL, valid_data(message="x" * 5001, phone="389 33 274 001")
    ).content.decode()
    assert (
        "The message can be at most 5000 characters long (it is now 5001): shorten it or send "
        "the details as an attached file." in content
    )
    assert (
        "“389 33 274 001” is not a phone number we can dial: write it with the international code, "
        "for example +389 33 274 001, or leave the field empty." in content
    )


def other_box(content):
    """The „Друго“ box among the areas, as the page renders it."""
    return re.search(r'<input type="checkbox" name="areas" value="other"[^>]*>', content)[0]


@pytest.mark.parametrize(("prefix", "label"), [("", "Друго"), ("/en", "Other")])
def test_other_is_the_last_area_and_its_words_follow_it(client, initial_data, prefix, label):
    content = client.get(prefix + URL).content.decode()
    areas = re.findall(r'name="areas" value="(\w+)"[^>]*>\s*([^<]+?)\s*</label>', content)
    assert [value for value, _ in areas][-1] == "other" and areas[-1][1] == label
    assert len(areas) == InitiativeKind.objects.count() + 1
    # The text field comes right after the areas' group, with its own label.
    after_areas = content[content.index(other_box(content)) :]
    assert after_areas.index('for="id_other_area"') < after_areas.index('for="id_message"')
    assert 'name="other_area" maxlength="120"' in content


def test_other_with_its_words_is_saved_and_shown_to_the_staff_and_the_sender(
    client, staff_client, initial_data
):
    concerts = InitiativeKind.objects.get(slug="concerts")
    data = valid_data(areas=[str(concerts.pk), "other"], other_area="Опазване на околната среда")
    assert client.post("/en" + URL, data).status_code == 302
    proposal = Proposal.objects.get()
    assert list(proposal.areas.all()) == [concerts]
    assert proposal.other_area == "Опазване на околната среда"
    staff, confirmation = mail.outbox
    assert "Области: Концерти, Друго: Опазване на околната среда\n" in staff.body
    assert "Areas: Concerts, Other: Опазване на околната среда\n" in confirmation.body


def test_other_alone_is_enough(client, initial_data):
    response = client.post(URL, valid_data(areas=["other"], other_area="Туризъм"))
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.other_area == "Туризъм" and not proposal.areas.exists()


def test_the_words_alone_count_as_other(client, initial_data):
    """A sender who describes an area but forgets the box has still said what it is."""
    assert client.post(URL, valid_data(areas=[], other_area="Туризъм")).status_code == 302
    assert Proposal.objects.get().other_area == "Туризъм"


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", "Отметнали сте „Друго“: напишете с няколко думи коя е областта."),
        ("/en", "You ticked “Other”: say in a few words which area you mean."),
    ],
)
def test_other_ticked_without_words_asks_for_them_and_keeps_the_box_ticked(
    client, initial_data, prefix, message
):
    response = client.post(prefix + URL, valid_data(areas=["other"], other_area="  "))
    assert response.status_code == 400
    content = response.content.decode()
    assert content.count(message) == 2
    assert error_summary(content) == [("other_area", message)]
    assert " checked" in other_box(content)
    # Screen readers read the field's hint and its message with it.
    words = re.search(r'<input [^>]*name="other_area"[^>]*>', content)[0]
    assert 'aria-invalid="true"' in words
    assert 'aria-describedby="id_other_area_helptext id_other_area_error"' in words
    assert Proposal.objects.count() == 0


def test_a_missing_area_error_links_to_the_first_box(client, initial_data):
    content = client.post(URL, valid_data(areas=[])).content.decode()
    assert '<a href="#id_areas_0">Области на сътрудничество</a>' in content
    assert 'id="id_areas_0"' in content


def test_the_privacy_notice_names_the_controller_the_retention_and_the_complaint(
    client, initial_data, settings
):
    """The controller and its address as the municipality's page gives them (the fixtures'
    administration), the retention period from the setting, and the supervisory authority."""
    settings.PROPOSALS_RETENTION_MONTHS = 18
    office = json.loads((settings.BASE_DIR / "fixtures" / "contacts.json").read_text())[0]
    assert office["fields"]["name_bg"] == "Общинска администрация"
    address = {
        "bg": f"{office['fields']['street_address_bg']}, {office['fields']['postal_code']} "
        f"{office['fields']['locality_bg']}",
        "en": f"{office['fields']['street_address_en']}, {office['fields']['postal_code']} "
        f"{office['fields']['locality_en']}",
    }
    bulgarian = privacy_text(client.get(URL))
    assert (
        "Администратор на данните, които изпращате с този формуляр, е Община Казанлък, "
        f"{address['bg']}, България." in bulgarian
    )
    assert "и до 18 месеца след като приключи" in bulgarian
    assert (
        "имате право да подадете жалба до Комисията за защита на личните данни (КЗЛД): "
        "гр. София 1592, бул. „Проф. Цветан Лазаров“ № 2, www.cpdp.bg." in bulgarian
    )
    assert "като пишете на mayor@kazanlak.bg." in bulgarian
    english = privacy_text(client.get("/en" + URL))
    assert (
        "The controller of the data you send with this form is the Municipality of Kazanlak, "
        f"{address['en']}, Bulgaria." in english
    )
    assert "for up to 18 months after it is closed" in english
    assert (
        "the right to lodge a complaint with the Commission for Personal Data Protection (CPDP): "
        "2 Prof. Tsvetan Lazarov Blvd., 1592 Sofia, Bulgaria, www.cpdp.bg." in english
    )
    assert '<a href="https://www.cpdp.bg/">www.cpdp.bg</a>' in client.get(URL).content.decode()
    # No data-protection officer is named until the setting gives one.
    assert "Длъжностно лице" not in bulgarian and "Data protection officer" not in english


def test_the_data_protection_officer_is_shown_once_set(client, initial_data, settings):
    settings.DATA_PROTECTION_OFFICER_EMAIL = "dpo@kazanlak.bg"
    content = client.get("/en" + URL).content.decode()
    assert (
        'Data protection officer: <a href="mailto:dpo@kazanlak.bg">dpo@kazanlak.bg</a>' in content
    )
    # Requests about one's data then go to the officer.
    assert "by writing to dpo@kazanlak.bg." in privacy_text(client.get("/en" + URL))
    bulgarian = privacy_text(client.get(URL))
    assert "Длъжностно лице по защита на данните: dpo@kazanlak.bg" in bulgarian


def privacy_text(response):
    """The privacy section as read: tags dropped, spaces collapsed."""
    content = response.content.decode()
    section = content[content.index('<section class="privacy"') : content.index("</section>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section)).replace(" .", ".")


def test_the_contact_address_is_one_of_the_municipality_s_own(settings):
    """Whom senders write to is an address the municipality's page gives (fixtures)."""
    emails = [
        row["fields"]["address"]
        for row in json.loads((settings.BASE_DIR / "fixtures" / "contacts.json").read_text())
        if row["model"] == "contacts.emailaddress"
    ]
    assert settings.PROPOSAL_CONTACT_EMAIL in emails


@pytest.mark.parametrize(
    ("prefix", "reply", "write_to"),
    [
        ("", "Ще ви отговорим в рамките на 10 дни от получаването, на адреса на електронната "
         "поща, който посочихте.",
         "Ако дотогава не получите отговор или искате да добавите нещо, пишете на "
         "{link} и посочете номера {reference}."),
        ("/en", "We will answer within 10 days of receiving your proposal, at the e-mail address "
         "you gave.",
         "If you have not heard from us by then, or wish to add something, write to {link} and "
         "quote the reference {reference}."),
    ],
)  # fmt: skip
def test_the_thank_you_page_says_when_to_expect_an_answer_and_whom_to_write_to(
    client, initial_data, settings, prefix, reply, write_to
):
    settings.PROPOSAL_REPLY_DAYS = 10
    response = client.post(prefix + URL, valid_data())
    reference = Proposal.objects.get().reference
    content = client.get(response["Location"]).content.decode()
    assert reply in content
    link = f'<a href="mailto:mayor@kazanlak.bg?subject={reference}">mayor@kazanlak.bg</a>'
    assert write_to.format(link=link, reference=reference) in content


@pytest.mark.parametrize(
    ("prefix", "reply", "write_to"),
    [
        ("", "Ще го разгледаме и ще ви отговорим на този адрес до 15 декември 2026 г. (в рамките "
         "на 14 дни от получаването).",
         "Ако дотогава не получите отговор или искате да добавите нещо, пишете на "
         "mayor@kazanlak.bg (или отговорете на това писмо) и посочете номера {reference}."),
        ("/en", "We will consider it and answer you at this address by 15 December 2026 (within "
         "14 days of receipt).",
         "If you have not heard from us by then, or wish to add something, write to "
         "mayor@kazanlak.bg (or reply to this message), quoting the reference {reference}."),
    ],
)  # fmt: skip
def test_the_confirmation_gives_the_date_of_the_answer_and_whom_to_write_to(
    client, initial_data, prefix, reply, write_to
):
    # 00:30 on 1 December in Sofia, still 30 November in UTC: the days count from the date in
    # Bulgaria, where the proposal arrived.
    with time_machine.travel(datetime(2026, 11, 30, 22, 30, tzinfo=UTC), tick=False):
        assert client.post(prefix + URL, valid_data()).status_code == 302
    reference = Proposal.objects.get().reference
    staff, confirmation = mail.outbox
    assert reply in confirmation.body
    assert write_to.format(reference=reference) in confirmation.body
    assert confirmation.reply_to == ["mayor@kazanlak.bg"]  # a reply reaches the people who answer
    assert "Обещан отговор: до 15 декември 2026 г. (14 дни след получаването)\n" in staff.body


def test_the_rate_limited_form_keeps_other_and_its_words(client, initial_data, settings):
    settings.PROPOSALS_RATE_LIMIT = "1/h"
    data = valid_data(areas=["other"], other_area="Туризъм")
    assert client.post(URL, data).status_code == 302
    limited = client.post(URL, data)
    assert limited.status_code == 429
    content = limited.content.decode()
    assert " checked" in other_box(content) and 'value="Туризъм"' in content


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("authority_name", "x" * 201),
        ("city", "x" * 121),
        ("message", "x" * 5001),
        ("phone", "12"),
        ("country", "ZZ"),
    ],
)
def test_every_field_has_limits(client, initial_data, field, value):
    response = client.post(URL, valid_data(**{field: value}))
    assert response.status_code == 400
    assert Proposal.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "stored_as"),
    [
        (pdf_file, ".pdf"),
        (
            lambda: zip_file(
                "plan.docx",
                [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")],
            ),
            ".docx",
        ),
        (
            lambda: zip_file(
                "plan.odt",
                [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")],
                stored_first=True,
            ),
            ".odt",
        ),
        (png_file, ".png"),
        (lambda: pdf_file("named-wrongly.txt"), ".pdf"),
    ],
)
def test_allowed_attachments_are_stored_privately_under_a_random_name(
    client, initial_data, settings, upload, stored_as
):
    response = client.post(URL, {**valid_data(), "attachment": upload()})
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = Proposal.objects.get()
    assert proposal.attachment.name.startswith("proposals/") and proposal.attachment.name.endswith(
        stored_as
    )
    assert len(proposal.attachment.name.split("/")[1].split(".")[0]) == 32  # a uuid4 hex
    assert (settings.PRIVATE_MEDIA_ROOT / proposal.attachment.name).exists()
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))
    assert proposal.attachment.storage.base_url is None  # no public address


def test_attachments_are_readable_by_the_site_s_own_user_only(client, initial_data, settings):
    """They hold senders' personal data: 0600 files in 0700 folders, whatever the umask."""
    assert client.post(URL, {**valid_data(), "attachment": pdf_file()}).status_code == 302
    stored = settings.PRIVATE_MEDIA_ROOT / Proposal.objects.get().attachment.name
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    for folder in (stored.parent, settings.PRIVATE_MEDIA_ROOT):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


@pytest.mark.parametrize(
    "upload",
    [
        lambda: SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf"),
        lambda: SimpleUploadedFile(
            "letter.docx", b"<html><script>alert(1)</script></html>", "application/msword"
        ),
        lambda: zip_file("archive.pdf", [("a.txt", "x")]),
        lambda: SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"broken" * 50, "image/png"),
    ],
)
def test_a_wrong_type_with_a_right_looking_name_is_refused(client, initial_data, upload):
    response = client.post(URL, {**valid_data(), "attachment": upload()})
    assert response.status_code == 400
    content = response.content.decode()
    assert "проверяваме съдържанието му" in content or "повредено" in content
    assert "изберете го отново" in content
    assert 'value="Община Кочани"' in content
    assert Proposal.objects.count() == 0


def test_a_file_over_5_mb_is_refused_without_being_stored_and_the_input_is_kept(
    client, initial_data, settings
):
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 10), "application/pdf"
    )
    response = client.post(URL, {**valid_data(), "attachment": big})
    assert response.status_code == 400
    assert "по-голям от 5 MB" in response.content.decode()
    assert 'value="Община Кочани"' in response.content.decode()
    assert Proposal.objects.count() == 0
    assert not (settings.PRIVATE_MEDIA_ROOT / "proposals").exists()


def test_a_huge_request_is_refused_before_it_is_read(client, initial_data):
    request_body = mock.MagicMock()
    with mock.patch("django.core.handlers.wsgi.LimitedStream", return_value=request_body):
        response = client.post(URL, valid_data(), CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 413
    assert "по-голямо от 5 MB" in response.content.decode()
    request_body.read.assert_not_called()


def test_a_bot_filling_the_hidden_field_gets_thanks_and_nothing_is_stored(client, initial_data):
    response = client.post(URL, valid_data(website="http://spam.example"))
    assert response.status_code == 302 and "/blagodarim/" in response["Location"]
    assert client.get(response["Location"]).status_code == 200
    assert Proposal.objects.count() == 0 and mail.outbox == []


def test_even_an_incomplete_bot_post_gets_no_error(client, initial_data):
    response = client.post(URL, {"website": "x", "authority_name": ""})
    assert response.status_code == 302 and Proposal.objects.count() == 0


def test_the_rate_limit_per_client_address_keeps_the_input(client, initial_data, settings):
    settings.PROPOSALS_RATE_LIMIT = "2/h"
    for _ in range(2):
        assert client.post(URL, valid_data(), REMOTE_ADDR="203.0.113.7").status_code == 302
    limited = client.post(URL, valid_data(), REMOTE_ADDR="203.0.113.7")
    assert limited.status_code == 429
    content = limited.content.decode()
    assert "Изпратихте вече 2 предложения за последния час." in content
    assert "Поправете отбелязаното" not in content  # not a mistake of theirs: no error heading
    assert 'value="Община Кочани"' in content and "оризовата и розовата долина" in content
    assert 'value="marija@kocani.gov.mk"' in content and 'id="id_consent" checked' in content
    assert Proposal.objects.count() == 2
    assert client.post(URL, valid_data(), REMOTE_ADDR="198.51.100.1").status_code == 302


def test_refused_proposals_do_not_count_toward_the_limit(client, initial_data, settings):
    """Five typing mistakes used to lock a sender out for an hour."""
    settings.PROPOSALS_RATE_LIMIT = "2/h"
    for _ in range(5):
        response = client.post(URL, valid_data(email="marija@"), REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 400
    for _ in range(2):
        assert client.post(URL, valid_data(), REMOTE_ADDR="203.0.113.7").status_code == 302
    assert client.post(URL, valid_data(), REMOTE_ADDR="203.0.113.7").status_code == 429
    assert Proposal.objects.count() == 2


@pytest.mark.parametrize(
    ("prefix", "sent", "after"),
    [
        (
            "",
            "Изпратихте вече 1 предложение за последния час.",
            "Можете да изпратите следващо след",
        ),
        (
            "/en",
            "You have already sent 1 proposal in the last hour.",
            "You can send the next one after",
        ),
    ],
)
def test_a_limited_sender_is_told_when_they_can_send_again(
    client, initial_data, settings, prefix, sent, after
):
    settings.PROPOSALS_RATE_LIMIT = "1/h"
    sofia = zoneinfo.ZoneInfo("Europe/Sofia")
    with time_machine.travel(datetime(2026, 12, 1, 14, 20, 30, tzinfo=sofia), tick=False):
        assert client.post(prefix + URL, valid_data()).status_code == 302
        limited = client.post(prefix + URL, valid_data(authority_name="Община Щип"))
    assert limited.status_code == 429
    content = limited.content.decode()
    assert sent in content
    shown = re.search(re.escape(after) + r" (\d\d):(\d\d) .+? (\d+) (?:мин\.|min)\)\.", content)
    shown_at = datetime(2026, 12, 1, int(shown[1]), int(shown[2]), tzinfo=sofia)
    retry_after = timedelta(seconds=int(limited["Retry-After"]))
    now = datetime(2026, 12, 1, 14, 20, 30, tzinfo=sofia)
    assert timedelta(0) < retry_after <= timedelta(hours=1)
    # The minute shown is the first one at which the limit has passed, never earlier.
    assert now + retry_after <= shown_at < now + retry_after + timedelta(minutes=1)
    assert int(shown[3]) == math.ceil(retry_after.total_seconds() / 60)  # senders are abroad
    assert 'value="Община Щип"' in content


# A forged e-mail header or log line needs a line break; nobody types one into a one-line field.
CONTROL_CHARACTERS = ["\n", "\r\n", "\t", "\x00", "\x1b[31m", "\u2028"]


@pytest.mark.parametrize(
    "field", ["authority_name", "city", "contact_person", "phone", "email", "other_area"]
)
def test_one_line_fields_refuse_control_characters(client, initial_data, field):
    template = {
        "other_area": "Туризъм{}Bcc: all@kocani.gov.mk",
        "authority_name": "Община{}Кочани",
        "city": "Кочани{}Bcc: all@kocani.gov.mk",
        "contact_person": "Марија{}Петровска",
        "phone": "+389 33{}274 001",
        "email": "marija@kocani.gov.mk{}Bcc: all@kocani.gov.mk",
    }[field]
    for character in CONTROL_CHARACTERS:
        response = client.post(URL, valid_data(**{field: template.format(character)}))
        assert response.status_code == 400, repr(character)
        content = response.content.decode()
        message = "Полето е на един ред: без нови редове, табулации и други управляващи знаци."
        assert message in content, repr(character)
        assert content.count("без нови редове") == 2  # once in the summary, once by the field
    assert Proposal.objects.count() == 0 and mail.outbox == []


def test_the_message_keeps_its_lines_but_not_other_control_characters(client, initial_data):
    lines = "Уважаеми колеги,\r\n\r\nпредлагаме:\r\n\t– фестивал;\r\n\t– обмен."
    assert client.post(URL, valid_data(message=lines)).status_code == 302
    assert Proposal.objects.get().message == lines
    response = client.post(URL, valid_data(message="Текст\x1b[2J със знак за терминал"))
    assert response.status_code == 400
    assert "управляващи знаци" in response.content.decode()


PRIVATE_ADDRESSES = [
    "x@localhost",
    "x@intranet",
    "x@[127.0.0.1]",
    "x@[IPv6:::1]",
    "x@192.168.1.10",
    "x@kocani.local",
    "x@kocani.test",
    "x@kocani.example",
    "x@kocani.invalid",
    "x@kocani.localhost",
    "x@example.com",
    "x@mail.example.org",
]


def test_confirmations_go_only_to_public_domains(client, initial_data):
    for address in PRIVATE_ADDRESSES:
        response = client.post(URL, valid_data(email=address))
        assert response.status_code == 400, address
        assert "Въведете адрес в публичен домейн" in response.content.decode(), address
    assert Proposal.objects.count() == 0 and mail.outbox == []


@pytest.mark.parametrize("address", ["kmet@kazanlak.bg", "m.p@kocani.gov.mk", "x@mail.co.uk"])
def test_ordinary_addresses_are_accepted(client, initial_data, address):
    assert client.post(URL, valid_data(email=address)).status_code == 302
    assert mail.outbox[1].to == [address]


def test_the_english_form_explains_refused_characters_and_domains_in_english(client, initial_data):
    content = client.post(
        "/en" + URL, valid_data(city="Kočani\nBcc: x", email="x@localhost")
    ).content.decode()
    assert "This is a one-line field: no line breaks, tabs or other control characters." in content
    assert "Enter an address in a public domain" in content


def test_csrf_is_required(initial_data):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, valid_data()).status_code == 403
    assert Proposal.objects.count() == 0


def test_a_failed_email_loses_nothing_and_is_visible_in_the_admin(
    client, staff_client, initial_data, caplog
):
    with (
        mock.patch(
            "partnerships.proposals.EmailMessage.send",
            side_effect=OSError("mail queue unavailable"),
        ),
        caplog.at_level(logging.ERROR, logger="partnerships.proposals"),
    ):
        response = client.post(URL, valid_data())
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert not proposal.staff_notified and not proposal.confirmation_sent
    assert "mail queue unavailable" in proposal.email_error
    assert "Staff notification for proposal" in caplog.text
    page = staff_client.get(
        reverse("admin:partnerships_proposal_change", args=[proposal.pk])
    ).content.decode()
    assert "mail queue unavailable" in page and "не е поставено в опашката" in page


def test_no_staff_address_configured_is_recorded(client, initial_data, settings):
    settings.PROPOSALS_NOTIFY_EMAILS = []
    client.post(URL, valid_data())
    proposal = Proposal.objects.get()
    assert "PROPOSALS_NOTIFY_EMAILS" in proposal.email_error
    assert [message.to for message in mail.outbox] == [["marija@kocani.gov.mk"]]


def submit(client, **changes):
    client.post(URL, valid_data(**changes))
    return Proposal.objects.latest("created_at")


def rows(changelist):
    """The proposals an admin list shows, in its order, by the ids of their row checkboxes."""
    html = changelist.content.decode()
    return [int(pk) for pk in re.findall(r'name="_selected_action" value="(\d+)"', html)]


def test_the_inbox_new_first_filters_and_the_count_on_the_admin_index(
    client, staff_client, initial_data
):
    older = submit(client, authority_name="Град Верия", country="GR")
    answered = submit(client, authority_name="Община Грас", country="FR")
    newest = submit(client, authority_name="Град Кремона", country="IT")
    answered.status = "answered"
    answered.save()
    changelist = staff_client.get(reverse("admin:partnerships_proposal_changelist"))
    assert rows(changelist) == [newest.pk, older.pk, answered.pk]
    only_answered = staff_client.get(
        reverse("admin:partnerships_proposal_changelist"), {"status__exact": "answered"}
    )
    assert rows(only_answered) == [answered.pk]
    by_country = staff_client.get(
        reverse("admin:partnerships_proposal_changelist"), {"country__exact": "GR"}
    )
    assert rows(by_country) == [older.pk]
    index = staff_client.get(reverse("admin:index")).content.decode()
    assert (
        'Нови предложения за сътрудничество: <a href="/admin/partnerships/proposal/?status__exact=new">2</a>'
        in index
    )


def test_status_and_note_are_edited_and_closing_is_dated(client, staff_client, initial_data):
    proposal = submit(client)
    url = reverse("admin:partnerships_proposal_change", args=[proposal.pk])
    assert (
        staff_client.post(
            url, {"status": "declined", "internal_note": "Извън обхвата."}
        ).status_code
        == 302
    )
    proposal.refresh_from_db()
    assert (
        proposal.status == "declined"
        and proposal.internal_note == "Извън обхвата."
        and proposal.closed_at
    )
    staff_client.post(url, {"status": "in_review", "internal_note": ""})
    proposal.refresh_from_db()
    assert proposal.closed_at is None
    assert staff_client.get(reverse("admin:partnerships_proposal_add")).status_code == 403


def test_the_attachment_is_for_staff_only(client, staff_client, initial_data):
    client.post(URL, {**valid_data(), "attachment": pdf_file()})
    proposal = Proposal.objects.get()
    url = reverse("admin:partnerships_proposal_attachment", args=[proposal.pk])
    download = staff_client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert f'filename="{proposal.reference}.pdf"' in download["Content-Disposition"]
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert Client().get("/media/" + proposal.attachment.name).status_code == 404


@pytest.mark.parametrize("how", ["delete page", "delete selected"])
def test_a_proposal_deleted_in_the_admin_takes_its_private_attachment_along(
    staff_client, initial_data, settings, django_capture_on_commit_callbacks, how
):
    staff_client.post(URL, {**valid_data(), "attachment": pdf_file()})
    other = submit(staff_client, authority_name="Община Грас", country="FR")
    staff_client.post(URL, {**valid_data(authority_name="Град Верия"), "attachment": png_file()})
    proposal, kept = Proposal.objects.exclude(pk=other.pk).order_by("created_at")
    stored = settings.PRIVATE_MEDIA_ROOT / proposal.attachment.name
    assert stored.exists() and (settings.PRIVATE_MEDIA_ROOT / kept.attachment.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        if how == "delete page":
            url = reverse("admin:partnerships_proposal_delete", args=[proposal.pk])
            response = staff_client.post(url, {"post": "yes"})
        else:  # the changelist's action: QuerySet.delete(), no model delete()
            response = staff_client.post(
                reverse("admin:partnerships_proposal_changelist"),
                {"action": "delete_selected", "_selected_action": [proposal.pk, other.pk], "post": "yes"},
            )  # fmt: skip
    assert response.status_code == 302
    assert set(Proposal.objects.all()) == ({kept, other} if how == "delete page" else {kept})
    assert not stored.exists()
    assert (settings.PRIVATE_MEDIA_ROOT / kept.attachment.name).exists()  # only its own file


def close(proposal, days_ago):
    Proposal.objects.filter(pk=proposal.pk).update(
        status="answered", closed_at=timezone.now() - timedelta(days=days_ago)
    )


def test_retention_deletes_long_closed_proposals_with_their_files(
    client, initial_data, settings, django_capture_on_commit_callbacks
):
    old = submit(client, authority_name="Стара")
    Proposal.objects.filter(pk=old.pk).update(attachment="proposals/old.pdf")
    (settings.PRIVATE_MEDIA_ROOT / "proposals").mkdir(parents=True, exist_ok=True)
    old_file = settings.PRIVATE_MEDIA_ROOT / "proposals" / "old.pdf"
    old_file.write_bytes(b"%PDF-1.4")
    recent = submit(client, authority_name="Скорошна")
    still_open = submit(client, authority_name="Отворена")
    close(old, days_ago=400)
    close(recent, days_ago=30)
    Proposal.objects.filter(pk=still_open.pk).update(
        created_at=timezone.now() - timedelta(days=900)
    )

    out = io.StringIO()
    call_command("purge_proposals", "--months", "12", "--dry-run", stdout=out)
    assert f"would delete {old.reference}" in out.getvalue()
    assert Proposal.objects.count() == 3 and old_file.exists()

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # files go when the deletion commits
        call_command("purge_proposals", "--months", "12", stdout=out)
    assert f"deleted {old.reference}" in out.getvalue()
    assert set(Proposal.objects.values_list("authority_name", flat=True)) == {
        "Скорошна",
        "Отворена",
    }
    assert not old_file.exists()


@pytest.mark.parametrize(
    ("today", "last_of_february"), [("2027-03-31", "2027-02-28"), ("2028-03-31", "2028-02-29")]
)
def test_retention_counts_calendar_months_to_the_end_of_a_shorter_month(
    client, initial_data, today, last_of_february
):
    """31 March less one month is the last day of February (28th, or 29th in a leap year)."""
    now = datetime.fromisoformat(f"{today}T12:00:00+00:00")
    with time_machine.travel(now, tick=False):
        for name, hour in (("Преди", 11), ("След", 13)):  # closed an hour either side of noon
            client.post(URL, valid_data(authority_name=name))
            Proposal.objects.filter(authority_name=name).update(
                status="answered",
                closed_at=datetime.fromisoformat(f"{last_of_february}T{hour}:00:00+00:00"),
            )
        expired = Proposal.objects.get(authority_name="Преди").reference
        out = io.StringIO()
        call_command("purge_proposals", "--months", "1", stdout=out)
    assert f"deleted {expired}" in out.getvalue()
    assert f"closed before {last_of_february}." in out.getvalue()
    assert list(Proposal.objects.values_list("authority_name", flat=True)) == ["След"]


@pytest.mark.parametrize("prefix, prompt", [("", "Изберете държава"), ("/en", "Choose a country")])
def test_the_country_menu_asks_for_a_country_in_words(client, initial_data, prefix, prompt):
    page = client.get(f"{prefix}/predlozhenie/").content.decode()
    menu = re.search(r'<select name="country"[^>]*>(.*?)</select>', page, re.S)
    assert 'autocomplete="country"' in menu[0]
    assert re.match(rf'\s*<option value="" selected>{prompt}</option>', menu[1])
    assert "---------" not in page
