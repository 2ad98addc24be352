"""`make restore BACKUP=…`: a backup into an empty, migrated database."""

import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from contacts.models import Office
from partnerships.models import PartnerCity, Proposal


class Command(BaseCommand):
    help = "Restores a backup made by `backup` into an empty database (run `migrate` first)."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        if PartnerCity.objects.exists() or Office.objects.exists() or Proposal.objects.exists():
            raise CommandError("The database is not empty: restore into a new, migrated database.")
        with tempfile.TemporaryDirectory() as folder, tarfile.open(archive, "r:gz") as backup:
            backup.extractall(folder, filter="data")  # refuses absolute paths and ../ escapes
            with transaction.atomic():
                call_command("loaddata", str(Path(folder) / "database.json"), verbosity=0)
            for name, root in (
                ("media", settings.MEDIA_ROOT),
                ("private", settings.PRIVATE_MEDIA_ROOT),
            ):
                if (Path(folder) / name).is_dir():
                    shutil.copytree(Path(folder) / name, root, dirs_exist_ok=True)
        self.stdout.write(self.style.SUCCESS(f"Restored {archive}."))
