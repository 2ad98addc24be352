"""`make backup`: the database (as portable JSON) and the uploaded files in one .tar.gz."""

import io
import json
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

# Rebuilt by `migrate` in the target database (and referred to by natural keys), or not worth
# keeping: sessions and sign-in attempts.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


class Command(BaseCommand):
    help = "Writes the database and the uploaded files (public and private) to one .tar.gz file."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=str(settings.BASE_DIR / "var" / "backups"))

    def handle(self, *args, output_dir, **options):
        folder = Path(output_dir)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"kazanlak-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        data = io.StringIO()
        call_command("dumpdata", natural_foreign=True, exclude=EXCLUDED, indent=1, stdout=data)
        with tarfile.open(path, "w:gz") as archive:
            add_bytes(archive, "database.json", data.getvalue().encode())
            manifest = {"created": timezone.now().isoformat(), "format": 1}
            add_bytes(archive, "manifest.json", json.dumps(manifest).encode())
            for name, root in (
                ("media", settings.MEDIA_ROOT),
                ("private", settings.PRIVATE_MEDIA_ROOT),
            ):
                if Path(root).is_dir():
                    archive.add(root, arcname=name)
        self.stdout.write(str(path))


def add_bytes(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))
