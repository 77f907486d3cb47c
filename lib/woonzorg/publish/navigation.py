"""What a guide links to: the region's other themes, its appendix, workbook, PDF and downloads, previous/next.

The house template renders the mapping that :func:`task_navigation` returns (the notebook metadata
key ``woonzorg.navigatie``). Facilitator guides are never linked from a public page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from woonzorg.publish.plan import Task, discover_themes

if TYPE_CHECKING:
    import nbformat

APPENDIX_TAG = "bijlage"  # the same tag as woonzorg.publish.preprocessors.APPENDIX_TAG (not imported: nbconvert is slow)


def theme_label(thema: str) -> str:
    from woonzorg.publish.site import theme_label as label

    return label(thema)


def task_navigation(task: Task, nb: nbformat.NotebookNode, *, pdf: bool, tables: int = 0,
                    attachments: list[str] = ()) -> dict:
    """The links of one guide page, all relative to the region's folder.

    ``tables`` is the number of downloadable tables (an Excel workbook is linked when there is one),
    ``attachments`` the files the notebook hands the build (e.g. the draft vision as .md and .docx).
    Every theme in the notebooks folder is linked, in notebook order: the full build writes them all.
    """
    names = list(discover_themes(task.notebook.parent))
    if task.thema not in names:
        names.append(task.thema)
    themas = [{"label": theme_label(t), "href": f"{t}.html", "huidig": t == task.thema} for t in names]
    here = names.index(task.thema)
    vorige = themas[here - 1] if here > 0 else None
    volgende = themas[here + 1] if here + 1 < len(themas) else None

    bestanden = []
    has_appendix = any(APPENDIX_TAG in c.metadata.get("tags", []) for c in nb.cells)
    if has_appendix:
        bestanden.append({"label": "Bijlagen", "href": f"{task.thema}-bijlagen.html"})
    bestanden.append({"label": "Werkboek (.ipynb)", "href": f"{task.thema}.ipynb", "download": True})
    if pdf:
        bestanden.append({"label": "PDF", "href": f"{task.thema}.pdf"})
        if has_appendix:
            bestanden.append({"label": "Bijlagen (PDF)", "href": f"{task.thema}-bijlagen.pdf"})
    if tables:
        bestanden.append({"label": "Alle tabellen (Excel)", "href": f"{task.thema}-tabellen.xlsx", "download": True})
    for name in attachments:
        kind = name.rsplit(".", 1)[-1]
        label = {"docx": "Word", "md": "Markdown"}.get(kind, kind)
        bestanden.append({"label": f"{name.rsplit('.', 1)[0].replace('-', ' ').capitalize()} ({label})",
                          "href": name, "download": True})
    return {"regio": task.regio, "regio_naam": task.regio_naam, "themas": themas, "bestanden": bestanden,
            "vorige": {"label": vorige["label"], "href": vorige["href"]} if vorige else None,
            "volgende": {"label": volgende["label"], "href": volgende["href"]} if volgende else None}
