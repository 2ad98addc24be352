"""`make backup`: the database (as portable JSON) and the uploaded files in one .tar.gz."""

import io
import json
import os
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.files import OWNER_ONLY_FILE, OWNER_ONLY_FOLDER

# Rebuilt by `migrate` in the target database (and referred to by natural keys), or not worth
# keeping: sessions and sign-in attempts.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


class Command(BaseCommand):
    help = "Writes the database and the uploaded files (public and private) to one .tar.gz file."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=str(settings.BASE_DIR / "var" / "backups"))

    def handle(self, *args, output_dir, **options):
        folder = Path(output_dir)
        if not folder.is_dir():
            folder.mkdir(parents=True)
            folder.chmod(OWNER_ONLY_FOLDER)  # whatever the umask (an existing folder is left)
        path = folder / f"kazanlak-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        data = io.StringIO()
        # Groups, users and the site by their names, not their ids: `migrate` in the target
        # database creates the role groups afresh, maybe under other ids (natural_primary).
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDED,
            indent=1,
            stdout=data,
        )
        # Password hashes and senders' personal data: readable by the owner only from the first
        # byte written (a file created 0644 and changed afterwards could be opened meanwhile).
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY_FILE)
        os.fchmod(descriptor, OWNER_ONLY_FILE)  # also when it existed, and whatever the umask
        with (
            os.fdopen(descriptor, "wb") as file,
            tarfile.open(fileobj=file, mode="w:gz") as archive,
        ):
            add_bytes(archive, "database.json", data.getvalue().encode())
            manifest = {"created": timezone.now().isoformat(), "format": 1}
            add_bytes(archive, "manifest.json", json.dumps(manifest).encode())
            if Path(settings.MEDIA_ROOT).is_dir():
                archive.add(settings.MEDIA_ROOT, arcname="media")
            if Path(settings.PRIVATE_MEDIA_ROOT).is_dir():
                archive.add(settings.PRIVATE_MEDIA_ROOT, arcname="private", filter=owner_only)
        self.stdout.write(str(path))


def owner_only(member):
    """Private files are recorded 0600 (folders 0700), as they are stored, whatever they were."""
    member.mode = OWNER_ONLY_FOLDER if member.isdir() else OWNER_ONLY_FILE
    return member


def add_bytes(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mode = OWNER_ONLY_FILE
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))
