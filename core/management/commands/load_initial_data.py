"""Load the fixtures drawn from the municipality's page, once.

`make run` calls this every time. A fixture is loaded only while its models' tables are empty, so
a second run loads nothing twice and never overwrites what staff have since edited in the admin.
`loaddata` writes no derived columns (search text, phone digits): `core.bulk.after_bulk_change()`
fills them. Nor does it record history: every record without a version then gets its first one
(django-reversion's `createinitialrevisions`), so that its original values can be restored.
"""

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from core.bulk import after_bulk_change


class Command(BaseCommand):
    help = "Loads the initial data (fixtures/*.json) into an empty database; skips what is there."

    def handle(self, *args, verbosity=1, **options):
        # modeltranslation fills the base columns from the active language: make it Bulgarian,
        # whatever the shell's locale.
        with translation.override("bg"), transaction.atomic():
            for fixture, model_label in settings.INITIAL_DATA_FIXTURES.items():
                if apps.get_model(model_label).objects.exists():
                    message = f"{fixture}: already loaded, skipped"
                else:
                    call_command("loaddata", fixture, verbosity=0)
                    message = self.style.SUCCESS(f"{fixture}: loaded")
                if verbosity:
                    self.stdout.write(message)
            # loaddata saves rows raw, without the models' save(): fill the derived columns.
            after_bulk_change()
            # Last, so that the first versions hold the filled columns too.
            call_command("createinitialrevisions", verbosity=0)
