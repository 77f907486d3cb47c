"""What a participant's workbook looks like in JupyterLab: code cells folded away and one Dutch line on top saying how to run it."""

from __future__ import annotations

import nbformat

NOTE_MARK = "woonzorg-werkboek-uitleg"  # metadata key of the note, so that it is added once
NOTE = ("**Zo werkt dit werkboek.** De programmacode is ingeklapt. Kies in het menu **Uitvoeren** de opdracht "
        "*Run All Cells* (alle cellen uitvoeren): dan verschijnen de knoppen, de opdrachten en het formulier om de "
        "sessie vast te leggen. Liever zonder code? Start dan `woonzorg leerkring {regio}`.")


def prepare(nb: nbformat.NotebookNode, regio: str | None = None) -> nbformat.NotebookNode:
    """Fold the code of every code cell (``jupyter.source_hidden``) and put the note on top; in place, idempotent.

    The outputs stay visible. ``regio`` (default: the workbook's own ``metadata.woonzorg.regio``) goes in
    the note's command.
    """
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    if not any(cell.metadata.get(NOTE_MARK) for cell in nb.cells):
        regio = regio or nb.metadata.get("woonzorg", {}).get("regio") or "<regio>"
        note = nbformat.v4.new_markdown_cell(NOTE.format(regio=regio))
        note.metadata[NOTE_MARK] = True
        nb.cells.insert(0, note)
    return nb
