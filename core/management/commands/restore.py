"""`make restore BACKUP=…`: a backup into an empty, migrated database."""

import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.bulk import after_bulk_change
from core.files import OWNER_ONLY_FILE, OWNER_ONLY_FOLDER


class Command(BaseCommand):
    help = "Restores a backup made by `backup` into an empty database (run `migrate` first)."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        if any(model.objects.exists() for model in content_models()):
            raise CommandError("The database is not empty: restore into a new, migrated database.")
        with tempfile.TemporaryDirectory() as folder, tarfile.open(archive, "r:gz") as backup:
            backup.extractall(folder, filter="data")  # refuses absolute paths and ../ escapes
            with transaction.atomic():
                call_command("loaddata", str(Path(folder) / "database.json"), verbosity=0)
                after_bulk_change()  # raw rows: derived columns made afresh, and a new version
            if (Path(folder) / "media").is_dir():
                shutil.copytree(Path(folder) / "media", settings.MEDIA_ROOT, dirs_exist_ok=True)
            if (Path(folder) / "private").is_dir():
                restore_private(Path(folder) / "private", Path(settings.PRIVATE_MEDIA_ROOT))
        self.stdout.write(self.style.SUCCESS(f"Restored {archive}."))


def content_models():
    """Every model that holds the site's content or what visitors sent: each declares whether it
    is public (`PUBLIC_CONTENT`, which the page cache's invalidation reads too). Core's own
    bookkeeping (the content version, made by `migrate`) is not content."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "PUBLIC_CONTENT") and model._meta.app_label != "core"
    ]


def restore_private(source, root):
    """Senders' attachments: created unreadable to others (umask 077, contents copied without
    the archive's modes), then every folder 0700 and file 0600, as PrivateStorage stores them;
    an archive made before backups recorded 0600 (or by hand) gets the same."""
    previous = os.umask(0o077)
    try:
        shutil.copytree(source, root, copy_function=shutil.copyfile, dirs_exist_ok=True)
    finally:
        os.umask(previous)
    root.chmod(OWNER_ONLY_FOLDER)
    for folder, folders, files in os.walk(root):
        for name in folders:
            os.chmod(os.path.join(folder, name), OWNER_ONLY_FOLDER)
        for name in files:
            os.chmod(os.path.join(folder, name), OWNER_ONLY_FILE)
