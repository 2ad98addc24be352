"""The `initial_data` fixture writes back what `load_initial_data` wrote once in the test process
(tests/initial_data.py): the same rows as the command itself writes, and new records get ids of
their own afterwards."""

import pytest
from django.core.management import call_command
from django.db import transaction

from partnerships.models import PartnerCity
from tests.factories import make_city
from tests.initial_data import current, table_contents, write_back

pytestmark = pytest.mark.django_db
# Written at the moment of loading, or at random: the content version's token and time, and each
# history revision's time. (The `initial_data` fixture writes a new token, as the command does.)
MADE_AT_LOAD_TIME = {
    "core_contentversion": {"token", "changed_at"},
    "reversion_revision": {"date_created"},
}
# The history's own numbering: on PostgreSQL its id sequences move on even when a load is rolled
# back, and `createinitialrevisions` takes the records in no fixed order, so two loads number
# their revisions and versions apart. Their contents are compared, not their ids.
NUMBERED_BY_SEQUENCE = {
    "reversion_revision": {"id"},
    "reversion_version": {"id", "revision_id"},
    # A many-to-many's link rows: the fixtures name only their two ends.
    "partnerships_cityevent_sources": {"id"},
}


def comparable(contents):
    """Each table's rows, without the columns named above, in a fixed order."""
    result = {}
    for table, (columns, rows) in contents.items():
        dropped = MADE_AT_LOAD_TIME.get(table, set()) | NUMBERED_BY_SEQUENCE.get(table, set())
        kept = [i for i, column in enumerate(columns) if column not in dropped]
        result[table] = sorted((tuple(row[i] for i in kept) for row in rows), key=repr)
    return result


def test_the_written_back_rows_are_what_the_command_writes(initial_rows):
    recording = current(initial_rows)
    with transaction.atomic():
        call_command("load_initial_data", verbosity=0)
        loaded = table_contents()
        transaction.set_rollback(True)
    write_back(recording)
    written_back, loaded = comparable(table_contents()), comparable(loaded)
    assert written_back.keys() == loaded.keys()
    assert [table for table in loaded if written_back[table] != loaded[table]] == []
    assert len(loaded["partnerships_partnercity"]) == 14  # the fixtures' cities


def test_a_record_made_after_the_initial_data_gets_a_new_id(initial_data):
    ids = set(PartnerCity.objects.values_list("pk", flat=True))
    assert len(ids) == 14
    assert make_city().pk not in ids
