"""The site pages around the guides: the index over every region and theme, the regions compared side by side,
and how a learning-circle session works.

The pages are Jinja2 templates in ``templates/site/`` and are filled from the build manifest, so
that a task skipped because nothing changed still shows its key figures.
"""

from __future__ import annotations

import os
from pathlib import Path

from woonzorg import dutch, paths, themes
from woonzorg.present.templates import html_environment
from woonzorg.publish import search
from woonzorg.storage import write_atomically, write_if_changed

PAGES = ("index.html", "vergelijking.html", "leerkring.html")  # the site's own pages in the output folder


def publish_assets(out: Path) -> None:
    """Copy the shared stylesheet to ``OUT/assets/`` when it differs (pages link it, no inlined CSS).

    Here rather than beside the export: the build's own process then needs no nbconvert (half a
    second of imports before any worker can start)."""
    write_if_changed(out / "assets" / paths.STYLESHEET.name, paths.STYLESHEET.read_bytes())


# How the key figures that notebooks record are shown: each theme declares its labels and kinds and
# at most a few headline figures (woonzorg.themes). The index shows the headline figures of each region
# (and figures no theme declares, so a new theme's figures are never hidden); the comparison page shows
# them all.


def dutch_figure(value: object, kind: str = "") -> str:
    """A recorded figure as the page shows it: ``256.180``, ``30,2%``, ``0,91``, ``2030``, ``ja``."""
    return dutch.figure(value, kind)


def _kind(key: str) -> str:
    figure = themes.key_figures().get(key)
    return figure.kind if figure else ""


MAX_HEADLINE_FIGURES = 4


def headline_keys(figures: dict) -> list[str]:
    """At most four figures for a region's block on the index: the themes' declared headline figures,
    taken in turn (each theme's first, then each theme's second, …) so that every theme has a say.

    Only declared figures are shown (a key that no theme labels would show as code), and no figure
    computed from example answers (the zelfscan before a region filled it in).
    """
    declared = [[k for k in theme.headline_figures if k in figures and not _example(k, figures)]
                for theme in themes.themes()]
    chosen: list[str] = []
    for rank in range(max((len(d) for d in declared), default=0)):
        for keys in declared:
            if rank < len(keys) and keys[rank] not in chosen and len(chosen) < MAX_HEADLINE_FIGURES:
                chosen.append(keys[rank])
    return chosen


def _example(key: str, figures: dict) -> bool:
    return key.startswith("zelfscan_") and bool(figures.get("zelfscan_voorbeeld"))


def figure_label(key: str) -> str:
    """The Dutch label of a key figure; an unknown key as it is named: ``inwoners_65plus`` -> ``inwoners 65plus``."""
    figure = themes.key_figures().get(key)
    return figure.label if figure else key.replace("_", " ").strip()


def theme_label(thema: str) -> str:
    """``woonzorganalyse`` -> ``Woonzorganalyse``."""
    return themes.title_of(thema)


def shown_figure(key: str, value: object, figures: dict) -> dict[str, str]:
    """A headline figure as the index shows it (example scores never get here: see :func:`headline_keys`)."""
    return {"label": figure_label(key), "waarde": dutch_figure(value, _kind(key))}


def _region_figures(entries: list[dict]) -> dict[str, object]:
    figures: dict[str, object] = {}
    for entry in entries:  # in theme order: a later theme's figure of the same name wins
        figures.update(entry.get("kerncijfers") or {})
    return figures


def site_model(out: Path, region_names: dict[str, str], theme_names: list[str], tasks: dict[str, dict],
               failed: set[str] = frozenset()) -> dict:
    """What both pages show: per region (manifest order of the data) its guides and key figures."""
    order = {t: i for i, t in enumerate(theme_names)}
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
                "thema": e["thema"], "thema_label": theme_label(e["thema"]),
                "titel": e.get("titel") or theme_label(e["thema"]),
                "html": f"{rel}.html" if exists["html"] else "",
                "ipynb": f"{rel}.ipynb" if exists["ipynb"] else "",
                "pdf": f"{rel}.pdf" if exists["pdf"] else "",
                "bijlagen": f"{rel}-bijlagen.html" if (out / f"{rel}-bijlagen.html").exists() else "",
                "bijlagen_pdf": f"{rel}-bijlagen.pdf" if (out / f"{rel}-bijlagen.pdf").exists() else "",
                "xlsx": f"{rel}-tabellen.xlsx" if (out / f"{rel}-tabellen.xlsx").exists() else "",
                "deelnemers": f"{rel}-deelnemers.html" if (out / f"{rel}-deelnemers.html").exists() else "",
                "gebouwd": e.get("gebouwd", ""), "mislukt": e["key"] in failed,
            })
        figures = _region_figures(entries)
        # the learning circle's closing session has a page of its own (no notebook) and its sheet
        terugblik = [{"label": label, "href": f"{regio}/{name}"}
                     for label, name in (("terugblik", "terugblik.html"), ("deelnemersblad", "terugblik-deelnemers.html"))
                     if (out / regio / name).exists()]
        model.append({
            "id": regio, "naam": region_names.get(regio) or entries[0].get("regio_naam") or regio,
            "gidsen": gidsen, "figures": figures, "terugblik": terugblik,
            "kerncijfers": [shown_figure(k, figures[k], figures) for k in headline_keys(figures)],
        })
    return {"regios": model}


def comparison_rows(regios: list[dict]) -> list[dict]:
    """One row per key figure (in first-seen order), one value per region, '–' where missing."""
    keys: list[str] = []
    for r in regios:
        # zelfscan scores stay out: regions are compared on them only anonymously (in their own guide)
        keys += [k for k in r["figures"] if k not in keys and not k.startswith("zelfscan_")]
    order = list(themes.key_figures())
    keys.sort(key=lambda k: order.index(k) if k in order else len(order))
    return [{"label": figure_label(k),
             "waarden": [dutch_figure(r["figures"][k], _kind(k)) if k in r["figures"] else "–"
                         for r in regios]}
            for k in keys]


def write_site(out: Path, region_names: dict[str, str], theme_names: list[str], tasks: dict[str, dict], *,
               gebouwd: str, versie: str, failed: set[str] = frozenset(), pages_changed: bool = True,
               search_entries: dict[str, list[dict]] | None = None,
               municipalities: dict[str, list[tuple[str, str]]] | None = None) -> list[Path]:
    """Write ``index.html``, ``vergelijking.html`` and ``leerkring.html`` into ``out``, and with
    ``municipalities`` (per region its (code, naam) pairs) a page per municipality of every region with a
    guide (:mod:`woonzorg.publish.gemeenten`); returns the site's own pages written.
    ``pages_changed`` false (no guide was built) keeps the search index that is there; ``search_entries``
    are the search entries the build's tasks read from their pages (:func:`woonzorg.publish.search.entries_of`)."""
    model = site_model(out, region_names, theme_names, tasks, failed)
    if municipalities and pages_changed:
        from woonzorg.publish.gemeenten import write_municipality_pages

        written = []
        for regio in model["regios"]:
            if any(g["html"] for g in regio["gidsen"]):
                written += write_municipality_pages(out, regio, municipalities.get(regio["id"], []), theme_names,
                                                    gebouwd=gebouwd, versie=versie, theme_label=theme_label)
        search_entries = {**(search_entries or {}), **search.entries_of(out, written)}
    common = {"gebouwd": gebouwd, "versie": versie, "themas": [theme_label(t) for t in theme_names]}
    env = html_environment("site")
    pages = {
        "index.html": env.get_template("index.html.j2").render(**common, **model),
        "vergelijking.html": env.get_template("vergelijking.html.j2").render(
            **common, regios=[r for r in model["regios"] if r["figures"]],
            rijen=comparison_rows([r for r in model["regios"] if r["figures"]])),
        "leerkring.html": env.get_template("leerkring.html.j2").render(
            **common, **model, begeleiders_map=paths.facilitator_dir(out).name),
    }
    for name, page in pages.items():
        write_atomically(out / name, page)
    search.write_search_assets(out, pages_changed, search_entries,  # after the pages: it covers what is on disk now
                               [(r["id"], r["naam"]) for r in model["regios"]])
    write_facilitator_index(out, model, gebouwd=gebouwd, versie=versie)
    return [out / name for name in pages]


def write_facilitator_index(out: Path, model: dict, *, gebouwd: str, versie: str) -> Path | None:
    """The facilitator folder's ``index.html`` (:func:`woonzorg.paths.facilitator_dir`): the facilitator
    guides per region that exist there, linking the public handouts; the public site never links here.
    Nothing is written when the folder holds no guide."""
    folder = paths.facilitator_dir(out)
    regios = []
    for regio in model["regios"]:
        gidsen = [g | {"begeleider": f"{regio['id']}/{g['thema']}-begeleider.html"} for g in regio["gidsen"]
                  if (folder / regio["id"] / f"{g['thema']}-begeleider.html").exists()]
        if gidsen:
            regios.append({"id": regio["id"], "naam": regio["naam"], "gidsen": gidsen})
    if not regios:
        return None
    site = Path(os.path.relpath(out, folder)).as_posix() + "/"
    page = html_environment("leerkring").get_template("index.html.j2").render(
        regios=regios, site=site, gebouwd=gebouwd, versie=versie)
    write_atomically(folder / "index.html", page)
    return folder / "index.html"

