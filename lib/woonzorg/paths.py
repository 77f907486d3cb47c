"""Where the project's folders are: computed here once and passed down, never guessed elsewhere."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parents[1]  # lib/woonzorg -> project root (editable install)
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STYLESHEET = PACKAGE_DIR / "static" / "woonzorg.css"  # the site's one stylesheet, published as assets/woonzorg.css
# beside the output folder (records_dir): what each task was built from (publish/cache.py), the build's lock
MANIFEST_NAME = "woonzorg-build.json"
LOCK_NAME = "woonzorg-build.lock"
OLD_MANIFEST_NAME = ".woonzorg-build.json"  # inside the output folder, before build records moved out of it


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder: the argument, else ``$WOONZORG_DATA``, else ``<project>/data``."""
    if override:
        return Path(override).resolve()
    env = os.environ.get("WOONZORG_DATA")
    return Path(env).resolve() if env else PROJECT_ROOT / "data"


def notebooks_dir(override: str | os.PathLike | None = None) -> Path:
    """The folder with the theme notebooks (source, outputs stripped)."""
    return Path(override).resolve() if override else PROJECT_ROOT / "notebooks"


def output_dir(override: str | os.PathLike | None = None) -> Path:
    """The folder the guides are built into (``handreikingen/`` by default)."""
    return Path(override).resolve() if override else PROJECT_ROOT / "handreikingen"


def facilitator_dir(out: str | os.PathLike) -> Path:
    """The folder beside the public site that holds the facilitator guides (with the answers).

    ``<parent>/begeleiders/`` for a site folder named ``handreikingen`` (the default), else
    ``<parent>/<name>-begeleiders/``: never inside the public folder, so publishing ``handreikingen/``
    never publishes the answers.
    """
    return _beside(out, lambda name: "begeleiders" if name == "handreikingen" else f"{name}-begeleiders")


def records_dir(out: str | os.PathLike) -> Path:
    """The folder beside the public site that holds the build's records (manifest, lock): ``<parent>/<name>-bouw/``.

    The site holds only what a reader may see. An output folder without a parent (``/``) has no beside:
    :class:`ValueError`, which the build turns into a Dutch refusal.
    """
    return _beside(out, lambda name: f"{name}-bouw")


def _beside(out: str | os.PathLike, name: Callable[[str], str]) -> Path:
    """The folder beside the output folder ``out`` named ``name(out's name)``; :class:`ValueError` for ``/``."""
    out = Path(out).resolve()
    if out.parent == out:
        raise ValueError(f"{out} heeft geen bovenliggende map")
    return out.parent / name(out.name)


def workbooks_dir(override: str | os.PathLike | None = None) -> Path:
    """The participants' own copies of the workbooks, per region (``werkboeken/`` by default; never rebuilt)."""
    return Path(override).resolve() if override else PROJECT_ROOT / "werkboeken"
