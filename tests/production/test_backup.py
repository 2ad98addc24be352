"""A backup restored into an empty database gives the same pages, files included."""

import io
import os
import shutil
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from partnerships.models import PartnerCity, Proposal
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db(transaction=True)
PAGES = ["/", "/gradove/", "/gradove/kochani-makedoniya/", "/initsiativi/", "/kontakti/", "/en/kontakti/grao/",
         "/gradove/partner-cities.json", "/initsiativi/initiatives.csv", "/sitemap.xml"]  # fmt: skip


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (700, 500), (155, 27, 74)).save(buffer, "JPEG")
    return SimpleUploadedFile("kochani.jpg", buffer.getvalue(), "image/jpeg")


def test_restore_into_an_empty_database_gives_the_same_pages(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_initial_data", verbosity=0)
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    kochani.image = photo()
    kochani.since_year = 1993
    kochani.save()
    make_initiative(cities=[kochani], title="Фестивал на розата")
    Proposal.objects.create(
        reference="KZ-2026-AAAAAA", authority_name="Община Кочани", country="MK", city="Кочани",
        contact_person="М.", email="m@example.org", message="…", consent_at="2026-11-01T10:00:00Z",
        attachment=SimpleUploadedFile("a.pdf", b"%PDF-1.4 attachment"),
    )  # fmt: skip
    before = {url: client.get(url).content for url in PAGES}
    image_name, attachment_name = kochani.image.name, Proposal.objects.get().attachment.name

    out = io.StringIO()
    call_command("backup", "--output-dir", str(tmp_path / "backups"), stdout=out)
    archive = Path(out.getvalue().strip())
    assert archive.exists() and archive.suffixes == [".tar", ".gz"]

    call_command("flush", interactive=False, verbosity=0)  # an empty database, as after migrate
    shutil.rmtree(settings.MEDIA_ROOT)
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT)
    assert not PartnerCity.objects.exists()

    call_command("restore", str(archive), stdout=io.StringIO())
    after = {url: client.get(url).content for url in PAGES}
    assert after == before
    assert (settings.MEDIA_ROOT / image_name).exists()
    assert (
        settings.MEDIA_ROOT
        / image_name.replace("cities/", "cities/thumbs/").replace(".jpg", "-320.jpg")
    ).exists()
    assert (settings.PRIVATE_MEDIA_ROOT / attachment_name).read_bytes() == b"%PDF-1.4 attachment"
    assert PartnerCity.objects.get(slug="kochani-makedoniya").since_year == 1993


def test_restore_refuses_a_database_with_content(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_initial_data", verbosity=0)
    out = io.StringIO()
    call_command("backup", "--output-dir", str(tmp_path), stdout=out)
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", out.getvalue().strip())


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def with_old_modes(archive, tmp_path):
    """The same backup as an older version wrote it: every member world-readable."""
    old = tmp_path / "old.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(old, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member) if member.isfile() else None
            member.mode = 0o755 if member.isdir() else 0o644
            target.addfile(member, content)
    return old


def test_backups_and_restored_attachments_are_readable_by_the_owner_only(settings, tmp_path):
    """A backup holds password hashes and senders' personal data and attachments."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    previous_umask = os.umask(0o022)  # the usual one, under which files are created 0644
    try:
        Proposal.objects.create(
            reference="KZ-2026-BBBBBB", authority_name="Община Кочани", country="MK",
            city="Кочани", contact_person="М.", email="m@kocani.gov.mk", message="…",
            consent_at="2026-11-01T10:00:00Z", attachment=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
        )  # fmt: skip
        attachment = settings.PRIVATE_MEDIA_ROOT / Proposal.objects.get().attachment.name
        out = io.StringIO()
        call_command("backup", "--output-dir", str(tmp_path / "backups"), stdout=out)
        archive = Path(out.getvalue().strip())
        assert mode(archive) == 0o600 and mode(archive.parent) == 0o700
        with tarfile.open(archive) as backup:
            members = {m.name: m.mode for m in backup.getmembers()}
        assert members["database.json"] == 0o600
        assert {m for n, m in members.items() if n.startswith("private")} == {0o600, 0o700}

        for source in (archive, with_old_modes(archive, tmp_path)):
            call_command("flush", interactive=False, verbosity=0)
            shutil.rmtree(settings.PRIVATE_MEDIA_ROOT)
            call_command("restore", str(source), stdout=io.StringIO())
            assert attachment.read_bytes() == b"%PDF-1.4"
            assert mode(attachment) == 0o600, source
            folder = attachment.parent
            while folder != tmp_path:
                assert mode(folder) == 0o700, (source, folder)
                folder = folder.parent
    finally:
        os.umask(previous_umask)
