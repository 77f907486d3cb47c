"""The marked practice block: the one place where example data (rows with ``voorbeeld`` = ja) is shown.

Every theme shows invented example material (example zelfscan answers, RACI roles, milestones,
building-block statuses) only inside one ``<section class="wz-oefenmateriaal">`` headed
"Oefenmateriaal — verzonnen voorbeeld". Nothing inside it is a finding, a key figure, a comparison
or a question; tests parse the pages and check that example-derived text occurs nowhere else.
"""

from __future__ import annotations

import html

from woonzorg.present.tables import HTML

TITEL = "Oefenmateriaal — verzonnen voorbeeld"
CSS_CLASS = "wz-oefenmateriaal"
ANKER = "oefenmateriaal"


def _markup(part) -> str:
    """The HTML of one part: a Table, Chart, Heading (``to_html``), an HTML fragment or a trusted string."""
    if part is None:
        return ""
    if isinstance(part, str):
        return part
    if hasattr(part, "to_html"):
        return part.to_html()
    if hasattr(part, "_repr_html_"):
        return part._repr_html_()
    raise TypeError(f"cannot show {type(part).__name__} in the practice block")


def notitie(uitleg: str) -> HTML:
    """A note inside the block: what the next part is (escaped)."""
    return HTML(f'<p class="wz-voorbeeld" role="note">{html.escape(uitleg)}</p>')


def oefenmateriaal_html(inleiding: str, *parts) -> HTML:
    """One marked practice section with its own heading, an opening note and the parts (empty parts are left out).

    ``inleiding`` is plain text (escaped); parts are trusted page parts (tables, charts, HTML).
    Returns an empty fragment when no part has content, so a region without example data shows no block.
    """
    body = "".join(_markup(p) for p in parts)
    if not body.strip():
        return HTML("")
    return HTML(
        f'<section class="{CSS_CLASS}" aria-labelledby="{ANKER}"><h2 id="{ANKER}">{html.escape(TITEL)}</h2>'
        f'<p class="wz-voorbeeld" role="note"><strong>Verzonnen materiaal om mee te oefenen.</strong> '
        f"{html.escape(inleiding)} Niets hiervan zegt iets over de regio; het is geen uitkomst, geen kerncijfer, "
        f"geen gespreksvraag en telt in geen vergelijking mee.</p>{body}</section>")
