"""Guard: requirements.lock (what `make install` and CI install) matches pyproject.toml's pins.

A dependency added to or bumped in pyproject.toml without `make lock` would otherwise never be
installed by CI, or be installed at another version than the one pyproject.toml names.
"""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = (ROOT / "requirements.lock").read_text(encoding="utf-8")

# A locked requirement: "name==version \" at the start of a line, followed by its hashes.
LOCKED = re.compile(
    r"^([A-Za-z0-9._-]+)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M
)


def declared():
    """Every requirement pyproject.toml names: runtime, each extra, and the build system's."""
    project = PYPROJECT["project"]
    lines = [*project["dependencies"], *PYPROJECT["build-system"]["requires"]]
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    return [Requirement(line) for line in lines]


def locked():
    return {
        canonicalize_name(name): (version, hashes.count("--hash="))
        for name, version, hashes in LOCKED.findall(LOCK)
    }


def test_every_dependency_in_pyproject_is_locked_at_the_version_it_names():
    lock = locked()
    wrong = {}
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        version = lock.get(name, ("missing from requirements.lock",))[0]
        if not requirement.specifier.contains(version, prereleases=True):
            wrong[requirement.name] = (
                f"pyproject.toml wants {requirement.specifier}, lock has {version}"
            )
    assert not wrong, f"run `make lock`: {wrong}"


def test_runtime_and_dev_dependencies_are_pinned_exactly():
    """Exact pins (==) are the project's rule: a patch release has broken the admin before."""
    project = PYPROJECT["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    loose = [line for line in lines if [s.operator for s in Requirement(line).specifier] != ["=="]]
    assert not loose


def test_every_locked_package_carries_hashes():
    """`pip install --require-hashes` refuses a lock with one unhashed line; say which."""
    requirement_lines = re.findall(r"^[A-Za-z0-9._-]+==\S+", LOCK, re.M)
    lock = locked()
    assert len(lock) == len(requirement_lines) > 0
    assert all(count > 0 for _, count in lock.values())
