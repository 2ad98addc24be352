"""The layout the README's table describes: `core` imports no section app, and `kazanlak_site`
holds wiring only. New code that breaks either fails here, wherever it is added."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
WIRING = {"__init__.py", "settings.py", "settings_test.py", "urls.py", "wsgi.py", "middleware.py"}


def project_apps():
    return [config for config in apps.get_app_configs() if Path(config.path).parent == ROOT]


def section_apps():
    return {config.name for config in project_apps()} - {"core"}


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize(
    "path", sorted((ROOT / "core").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_core_imports_no_section_app(path):
    sections = section_apps()
    assert sections, "the section apps were not found"
    imported = {module.partition(".")[0] for module in imported_modules(path)}
    assert not imported & sections, f"{path.relative_to(ROOT)} imports {imported & sections}"


def test_kazanlak_site_holds_wiring_only():
    package = ROOT / "kazanlak_site"
    modules = {path.name for path in package.glob("*.py")}
    assert modules <= WIRING, f"move into core/: {sorted(modules - WIRING)}"
    folders = {path.name for path in package.iterdir() if path.is_dir()} - {"__pycache__"}
    assert folders <= {"formats"}


def test_readme_layout_table_names_every_top_level_folder():
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Layout") :].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([^`]+?)/?` \|", table, re.M))
    tracked = {
        path.name
        for path in ROOT.iterdir()
        if (path.is_dir() and (path / "__init__.py").exists())
        or path.name in {"templates", "static"}
    }
    assert tracked <= listed, f"missing from the README's layout table: {tracked - listed}"
