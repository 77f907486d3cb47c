"""The site pages around the guides: the index over every region and theme, the regions compared side by side,
and how a learning-circle session works.

The pages are Jinja2 templates in ``templates/site/`` and are filled from the build manifest, so
that a task skipped because nothing changed still shows its key figures.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from woonzorg import paths
from woonzorg.storage import write_atomically

SITE_TEMPLATES = paths.TEMPLATES_DIR / "site"


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(SITE_TEMPLATES)), autoescape=True,
                              keep_trailing_newline=True, undefined=jinja2.StrictUndefined)


def dutch_figure(value: object) -> str:
    """``256180`` -> ``256.180``, ``0.315`` -> ``0,315``; text stays as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer() and abs(value) >= 1:
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def figure_label(key: str) -> str:
    """``inwoners_65plus`` -> ``Inwoners 65plus`` (the key figures' names are Dutch already)."""
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _region_figures(entries: list[dict]) -> dict[str, object]:
    figures: dict[str, object] = {}
    for entry in entries:  # in theme order: a later theme's figure of the same name wins
        figures.update(entry.get("kerncijfers") or {})
    return figures


def site_model(out: Path, region_names: dict[str, str], themes: list[str], tasks: dict[str, dict],
               failed: set[str] = frozenset()) -> dict:
    """What both pages show: per region (manifest order of the data) its guides and key figures."""
    order = {t: i for i, t in enumerate(themes)}
    by_region: dict[str, list[dict]] = {}
    for key, entry in tasks.items():
        by_region.setdefault(entry["regio"], []).append(entry | {"key": key})
    ordered = [r for r in region_names if r in by_region] + sorted(set(by_region) - set(region_names))
    model = []
    for regio in ordered:
        entries = sorted(by_region[regio], key=lambda e: (order.get(e["thema"], len(order)), e["thema"]))
        gidsen = []
        for e in entries:
            rel = f"{regio}/{e['thema']}"
            exists = {ext: (out / f"{rel}.{ext}").exists() for ext in ("html", "ipynb", "pdf")}
            gidsen.append({
                "thema": e["thema"], "thema_label": figure_label(e["thema"]),
                "titel": e.get("titel") or figure_label(e["thema"]),
                "html": f"{rel}.html" if exists["html"] else "",
                "ipynb": f"{rel}.ipynb" if exists["ipynb"] else "",
                "pdf": f"{rel}.pdf" if exists["pdf"] else "",
                "begeleider": f"{rel}-begeleider.html" if (out / f"{rel}-begeleider.html").exists() else "",
                "gebouwd": e.get("gebouwd", ""), "mislukt": e["key"] in failed,
            })
        figures = _region_figures(entries)
        model.append({
            "id": regio, "naam": region_names.get(regio) or entries[0].get("regio_naam") or regio,
            "gidsen": gidsen, "figures": figures,
            "kerncijfers": [{"label": figure_label(k), "waarde": dutch_figure(v)} for k, v in figures.items()],
        })
    return {"regios": model}


def comparison_rows(regios: list[dict]) -> list[dict]:
    """One row per key figure (in first-seen order), one value per region, '–' where missing."""
    keys: list[str] = []
    for r in regios:
        keys += [k for k in r["figures"] if k not in keys]
    return [{"label": figure_label(k),
             "waarden": [dutch_figure(r["figures"][k]) if k in r["figures"] else "–" for r in regios]}
            for k in keys]


def write_site(out: Path, region_names: dict[str, str], themes: list[str], tasks: dict[str, dict], *,
               gebouwd: str, versie: str, failed: set[str] = frozenset()) -> list[Path]:
    """Write ``index.html``, ``vergelijking.html`` and ``leerkring.html`` into ``out``; returns the pages written."""
    model = site_model(out, region_names, themes, tasks, failed)
    common = {"gebouwd": gebouwd, "versie": versie, "themas": [figure_label(t) for t in themes]}
    env = _environment()
    pages = {
        "index.html": env.get_template("index.html.j2").render(**common, **model),
        "vergelijking.html": env.get_template("vergelijking.html.j2").render(
            **common, regios=[r for r in model["regios"] if r["figures"]],
            rijen=comparison_rows([r for r in model["regios"] if r["figures"]])),
        "leerkring.html": env.get_template("leerkring.html.j2").render(**common, **model),
    }
    for name, page in pages.items():
        write_atomically(out / name, page)
    return [out / name for name in pages]
