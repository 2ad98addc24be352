"""Migrations are frozen: those that run Python carry their own copy of what they need, so that a
fresh `migrate` still works years later whatever the project's code has become."""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import migrations
from django.db.migrations.loader import MigrationLoader

from core.roles import ROLES, codenames

PROJECT_PACKAGES = {"kazanlak_site", "core", "partnerships", "contacts"}
OUR_APPS = {config.label for config in apps.get_app_configs() if config.name in PROJECT_PACKAGES}


def migrations_that_run_code():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        if app_label in OUR_APPS and any(
            isinstance(op, migrations.RunPython) for op in migration.operations
        ):
            yield f"{app_label}.{name}", importlib.import_module(migration.__module__)


def imported_packages(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module.split(".")[0]


RUNNING_CODE = dict(migrations_that_run_code())


def test_some_migrations_run_code():
    assert RUNNING_CODE  # else the test below would check nothing


@pytest.mark.parametrize("name", RUNNING_CODE)
def test_a_migration_that_runs_python_imports_nothing_from_the_project(name):
    assert not set(imported_packages(RUNNING_CODE[name])) & PROJECT_PACKAGES


@pytest.mark.django_db
def test_migrate_brings_every_role_in_step_with_the_code():
    group = Group.objects.get(name=ROLES["cooperation"]["name"])
    group.permissions.clear()  # as if the role had gained every permission after its migration
    call_command("migrate", verbosity=0)
    held = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert held == set(codenames("cooperation"))
