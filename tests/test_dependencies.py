"""The dependency files agree: environment.yml names what pyproject.toml names, at the versions of constraints.txt."""

from __future__ import annotations

import re

import pytest

from woonzorg import paths

tomllib = pytest.importorskip("tomllib")  # Python >= 3.11

ROOT = paths.PROJECT_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {_name(r) for r in [*project["dependencies"], *project["optional-dependencies"]["test"]]}
    if "dask" in names:  # dask[distributed]: conda-forge packages the extra as its own package
        names.add("distributed")
    return names


def _environment() -> dict[str, str]:
    """environment.yml's packages with their pinned versions (conda `name=1.2`, pip `name==1.2`)."""
    found = {}
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        entry = re.match(r"^\s*-\s+([A-Za-z0-9_.-]+)\s*(==?)\s*([^\s#]+)", line)
        if entry:
            found[entry.group(1).lower().replace("_", "-")] = entry.group(3)
    return found


def _constraints() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def test_does_environment_yml_name_the_same_set_as_pyproject():
    named = set(_environment()) - {"python"}
    assert named == _pyproject(), (named - _pyproject(), _pyproject() - named)


def test_are_environment_yml_versions_those_of_the_constraints():
    pins = _constraints()
    for name, version in _environment().items():
        if name == "python":
            continue
        assert name in pins, f"{name} is not in constraints.txt"
        assert pins[name] == version or pins[name].startswith(version + "."), (name, version, pins[name])


def test_does_the_constraints_file_pin_every_dependency():
    pins = _constraints()
    assert _pyproject() <= set(pins), _pyproject() - set(pins)
    assert "woonzorg" not in pins  # the package itself is installed editable, not pinned
