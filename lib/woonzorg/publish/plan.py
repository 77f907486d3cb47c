"""The build plan: which notebook runs for which region with which parameters, and where it lands."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from woonzorg import paths, regions, themes
from woonzorg.data import Dataset

THEME_FILE = re.compile(r"^(?:\d+_)?(?P<thema>[a-z0-9][a-z0-9_-]*)\.ipynb$")


class PlanError(ValueError):
    """A build request that cannot be planned (unknown region or theme); message in Dutch."""


def theme_name(notebook: Path) -> str:
    """``1_woonzorganalyse.ipynb`` -> ``woonzorganalyse``."""
    m = THEME_FILE.match(notebook.name)
    if not m:
        raise PlanError(f"notebook '{notebook.name}' heeft geen geldige naam (verwacht bijvoorbeeld 1_thema.ipynb)")
    return m["thema"]


def discover_themes(notebooks: Path | None = None) -> dict[str, Path]:
    """The themes in the notebooks folder, in file-name order."""
    folder = paths.notebooks_dir(notebooks)
    return {theme_name(p): p for p in sorted(folder.glob("*.ipynb")) if THEME_FILE.match(p.name)}


@dataclass(frozen=True)
class Task:
    regio: str
    regio_naam: str
    thema: str
    notebook: Path
    parameters: dict = field(hash=False)
    out_dir: Path

    @property
    def html_path(self) -> Path:
        return self.out_dir / self.regio / f"{self.thema}.html"

    @property
    def ipynb_path(self) -> Path:
        return self.out_dir / self.regio / f"{self.thema}.ipynb"

    @property
    def begeleiders_dir(self) -> Path:
        """The facilitator folder beside the public site (:func:`woonzorg.paths.facilitator_dir`)."""
        return paths.facilitator_dir(self.out_dir)

    @property
    def begeleider_path(self) -> Path:
        """The facilitator guide of the learning circle (see :mod:`woonzorg.leerkring`): in the facilitator
        folder, never in the public site."""
        return self.begeleiders_dir / self.regio / f"{self.thema}-begeleider.html"

    @property
    def begeleider_pdf_path(self) -> Path:
        """The facilitator guide printed (``--pdf``), beside it in the facilitator folder."""
        return self.begeleider_path.with_suffix(".pdf")

    @property
    def site_from_begeleider(self) -> str:
        """The public site's root as a relative URL from the facilitator guide: ``../../handreikingen/``."""
        return Path(os.path.relpath(self.out_dir, self.begeleider_path.parent)).as_posix() + "/"

    @property
    def deelnemers_path(self) -> Path:
        """The participant sheet of the theme's leerkring session (public, beside the handout)."""
        return self.out_dir / self.regio / f"{self.thema}-deelnemers.html"

    @property
    def terugblik_path(self) -> Path:
        """The terugblik session's page (no notebook); written by the series' last notebook session."""
        return self.out_dir / self.regio / "terugblik.html"

    @property
    def terugblik_deelnemers_path(self) -> Path:
        return self.out_dir / self.regio / "terugblik-deelnemers.html"

    @property
    def leerkring_paths(self) -> dict[str, tuple[Path, Path]]:
        """The learning circle's pages by kind (see :func:`woonzorg.leerkring.deelnemersbladen`): page and PDF."""
        pages = {"deelnemers": self.deelnemers_path, "terugblik": self.terugblik_path,
                 "terugblik-deelnemers": self.terugblik_deelnemers_path}
        return {kind: (page, page.with_suffix(".pdf")) for kind, page in pages.items()}

    @property
    def bijlagen_path(self) -> Path:
        """The guide's appendix page: the cells tagged ``bijlage`` (see :func:`woonzorg.publish.export.to_pages`)."""
        return self.out_dir / self.regio / f"{self.thema}-bijlagen.html"

    @property
    def pdf_path(self) -> Path:
        return self.html_path.with_suffix(".pdf")

    @property
    def bijlagen_pdf_path(self) -> Path:
        return self.bijlagen_path.with_suffix(".pdf")

    @property
    def title(self) -> str:
        """``Woonzorganalyse — Parkstad Limburg``: the page title."""
        return f"{themes.title_of(self.thema)} — {self.regio_naam}"

    @property
    def key(self) -> str:
        """``parkstad/woonzorganalyse``: the task's name in the manifest."""
        return f"{self.regio}/{self.thema}"

    @property
    def label(self) -> str:
        return f"regio {self.regio}, notebook {self.notebook.name}"


def build_plan(
    dataset: Dataset,
    *,
    regios: list[str] | None = None,
    themas: list[str] | None = None,
    out_dir: Path | None = None,
    notebooks: Path | None = None,
    data_dir: Path | None = None,
) -> list[Task]:
    """Expand the requested regions × themes into tasks; unknown names raise :class:`PlanError`."""
    all_regions = regions.load_regions(dataset)
    themes = discover_themes(notebooks)
    for regio in regios or []:
        if regio not in all_regions:
            raise PlanError(str(regions.UnknownRegion(regio, list(all_regions))))
    for thema in themas or []:
        if thema not in themes:
            raise PlanError(f"onbekend thema '{thema}'; bekend zijn: {', '.join(themes)}")
    out = paths.output_dir(out_dir)
    tasks = []
    # a region or theme asked for twice is built once
    for regio in dict.fromkeys(regios or all_regions):
        for thema in dict.fromkeys(themas or themes):
            parameters = {"regio": regio}
            if data_dir is not None:
                parameters["data_dir"] = str(Path(data_dir).resolve())
            tasks.append(Task(regio, all_regions[regio].naam, thema, themes[thema], parameters, out))
    return tasks
