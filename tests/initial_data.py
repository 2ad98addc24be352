"""The rows `load_initial_data` writes, recorded once per test process and written back in bulk.

The command takes about half a second (loaddata object by object, then a first history version
of every record), and some two hundred tests start from the real fixtures. The first of them in
a test process runs the real command and records every table it changed; the next ones get those
tables' rows written back, the same data in a few milliseconds. The recorded rows point to rows
the command did not write (a history version to its model's content type): when those have
changed, as after a transactional test empties the database and Django makes its content types
again, the command is run and recorded afresh. tests/test_initial_data.py checks that what is
written back is what the command writes.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class Recording:
    tables: dict  # {table: (columns, rows)}, every table the command changed
    outside: dict  # {table: rows}, the rows of other tables that the recorded rows point to


def table_contents(tables=None):
    """{table: (columns, rows)} of every table (or of `tables`), rows in a fixed order."""
    contents = {}
    with connection.cursor() as cursor:
        for table in tables or connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = tuple(column[0] for column in cursor.description)
            contents[table] = (columns, sorted(cursor.fetchall(), key=repr))
    return contents


def record():
    """Run the command on the database as it is, note what it changed, and undo it."""
    with transaction.atomic():
        before = table_contents()
        call_command("load_initial_data", verbosity=0)
        after = table_contents()
        tables = {table: rows for table, rows in after.items() if rows != before.get(table)}
        outside = rows_pointed_to(tables)
        transaction.set_rollback(True)
    return Recording(tables, outside)


def current(recordings):
    """recordings[0], recorded afresh if the rows it points to are no longer as they were."""
    if rows_pointed_to(recordings[0].tables) != recordings[0].outside:
        recordings[0] = record()
    return recordings[0]


def write_back(recording):
    """Give each recorded table exactly its recorded rows, in one transaction (the foreign keys
    are checked at its end), and move PostgreSQL's id sequences past them."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in recording.tables.items():
            cursor.execute(f"DELETE FROM {quote(table)}")
            if rows:
                names = ", ".join(quote(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                insert = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"
                cursor.executemany(insert, [[adapted(value) for value in row] for row in rows])
        for statement in connection.ops.sequence_reset_sql(no_style(), models_of(recording.tables)):
            cursor.execute(statement)


def models_of(tables):
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables]


def rows_pointed_to(tables):
    """{table: rows} of the rows outside `tables` that their foreign keys point to."""
    wanted = {}  # {(table, key column): {values}}
    for model in models_of(tables):
        columns, rows = tables[model._meta.db_table]
        for field in model._meta.concrete_fields:
            target = field.related_model
            if not field.many_to_one and not field.one_to_one:
                continue
            if target._meta.db_table in tables:
                continue
            values = {row[columns.index(field.column)] for row in rows} - {None}
            key = (target._meta.db_table, field.target_field.column)
            wanted.setdefault(key, set()).update(values)
    pointed_to = {}
    for (table, column), values in wanted.items():
        columns, rows = table_contents([table])[table]
        pointed_to[table] = [row for row in rows if row[columns.index(column)] in values]
    return pointed_to


def adapted(value):
    """A value read back as the database driver gave it, in the form the driver takes (SQLite's
    driver gives back times but takes none: Django's own adapters write them)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, datetime.time):
        return connection.ops.adapt_timefield_value(value)
    return value
