"""The registry of themes: what each theme package brings to the data layer, the learning circle and the site.

A theme is a subpackage with the same parts — ``schema`` (its tables and checks), ``model`` (pure
pandas), ``views`` (tables, charts, text), ``controls`` (widgets) and ``exercises`` — that declares
itself as one :class:`Theme` in its ``__init__``. This module is the only place outside a theme's
own package that names it: the data layer, the publisher, the site and the learning circle ask
:func:`themes`, :func:`get` and :func:`data_parts`. A package that has tables but is no theme (the
learning circle's sessions) declares a :class:`Part`.

Adding a theme: a notebook ``notebooks/N_<name>.ipynb``, a package with a ``THEME``, and its module
path in :data:`THEME_PACKAGES`.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from woonzorg.data import DataError, Dataset, TableSchema

    Check = Callable[[dict[str, pd.DataFrame], dict[str, str]], list[DataError]]
    ExerciseMaker = Callable[[Dataset, str], Any]  # -> leerkring.Opdracht | None

# The theme packages in the order of their notebooks, and the packages with tables that are no theme.
THEME_PACKAGES = ("woonzorg.profiel", "woonzorg.analyse", "woonzorg.proces", "woonzorg.visie")
PART_PACKAGES = ("woonzorg.leerkring",)


@dataclass(frozen=True)
class KeyFigure:
    """How the site shows a figure a notebook records: Dutch label and kind (see :func:`woonzorg.dutch.figure`)."""

    label: str
    kind: str = "aantal"


@dataclass(frozen=True)
class Part:
    """What a package contributes to the data layer: its tables and the cross-table checks over them."""

    tables: tuple[TableSchema, ...] = ()
    checks: tuple[Check, ...] = ()


@dataclass(frozen=True)
class Theme(Part):
    """One theme: a notebook ``N_<name>.ipynb`` and the package ``package`` that computes it."""

    name: str = ""  # the notebook's name without number: "woonzorganalyse"
    title: str = ""  # as a reader sees it: "Woonzorganalyse"
    package: str = ""  # "woonzorg.analyse": the code its tasks run besides shared code
    exercises: tuple[ExerciseMaker, ...] = ()  # (dataset, regio) -> Opdracht | None
    questions: Callable[[Dataset, str], list[str]] | None = None  # discussion questions for the facilitator
    key_figures: Mapping[str, KeyFigure] = field(default_factory=dict)
    headline_figures: tuple[str, ...] = ()  # at most four, shown per region on the site index


@functools.cache
def themes() -> tuple[Theme, ...]:
    """Every registered theme, in notebook order."""
    found = []
    for module in THEME_PACKAGES:
        theme = importlib.import_module(module).THEME
        if not isinstance(theme, Theme) or not theme.name:
            raise TypeError(f"{module}.THEME is geen Theme met een naam")
        found.append(theme)
    return tuple(found)


def get(name: str) -> Theme | None:
    """The theme of a notebook name (``woonzorganalyse``), or None for a notebook without a package."""
    return next((t for t in themes() if t.name == name), None)


@functools.cache
def title_of(name: str) -> str:
    """``woonzorganalyse`` -> ``Woonzorganalyse``: the title a theme declares, else made from its name."""
    theme = get(name)
    if theme is not None and theme.title:
        return theme.title
    words = name.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


@functools.cache
def data_parts() -> tuple[Part, ...]:
    """Every package's contribution to the data layer: the themes and the other parts."""
    return themes() + tuple(importlib.import_module(module).PART for module in PART_PACKAGES)


def key_figures() -> dict[str, KeyFigure]:
    """Every theme's key-figure labels in one mapping (a key declared twice keeps its first label)."""
    merged: dict[str, KeyFigure] = {}
    for theme in themes():
        for key, figure in theme.key_figures.items():
            merged.setdefault(key, figure)
    return merged
