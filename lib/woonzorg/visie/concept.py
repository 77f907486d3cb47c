"""Woonzorgvisie draft text: the concept (Markdown, Jinja2) with the region's figures, choices and gaps."""

from __future__ import annotations

import functools
import re

from woonzorg import analyse, paths, safetext
from woonzorg.dutch import number as _n, percent as _pct  # noqa: F401
from woonzorg.figures import getal, tekst, verschil_tekst, volledigheid_tekst
from woonzorg.analyse.tekst import evenredigheid_zin
from woonzorg.beleid import build_date, wet_status
from woonzorg.present import record
from woonzorg.visie.model import Woonzorgvisie, eigen_stand_bekend, monitoring
from woonzorg.visie.schema import STATUSSEN
from woonzorg.visie.views import opgave_table_rows

CONCEPT_BESTAND = "woonzorgvisie-concept.md"

def _escape_text(value):
    """Jinja2 finalize: text from data shows as that text in the Markdown, with no HTML, link or image
    (:func:`woonzorg.safetext.markdown_text`; ``&`` stays ``&`` in the ``.md`` file)."""
    return safetext.markdown_text(value)


@functools.cache  # one per process: compiling the draft's template took 70 ms, twice per woonzorgvisie
def _template_environment():
    """The draft text's Jinja environment (Markdown: escaped by ``finalize``); jinja2 reloads a changed template."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(paths.TEMPLATES_DIR / "visie")),
        finalize=_escape_text, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["cel"] = lambda t: safetext.markdown_text(t)  # a table cell: pipes and line breaks escaped too
    env.filters["bron"] = lambda t: safetext.markdown_text(t, links=True)  # a source may link (http, https)
    return env


def concept_context(v: Woonzorgvisie) -> dict[str, object]:
    """Everything the draft text needs, already formatted the Dutch way (the same strings as the tables)."""
    a = v.analyse
    k = a.kerncijfers()
    g = v.per_gemeente()
    bs = v.bouwstenen
    key = analyse.VERDEELSLEUTELS[v.verdeelsleutel]
    tabel = opgave_table_rows(v)
    return {
        "regio": a.regio.naam,
        "peiljaar": v.peiljaar,
        "doeljaar": v.doeljaar,
        "horizon_start": max(v.peiljaar, min(build_date().year, v.doeljaar)),
        "wet": wet_status(v.dataset) if getattr(v, "dataset", None) is not None else "zie de handreiking",
        "jaren": v.jaren,
        "gemeenten": g["gemeente"].tolist(),
        "ambitie": _pct(v.ambitie),
        "verdeelsleutel": key.naam,
        "verdeelsleutel_uitleg": key.uitleg,
        "plafond": _pct(a.plafond_aandeel),
        "mutatiegraad": _pct(a.mutatiegraad, 1),
        "groei": _pct(a.groei_vraag, 1),
        "vraag_per_jaar": getal(a.vraag_totaal().figuur, "woningen per jaar"),
        "vraag_status": a.vraag_totaal().figuur.status,
        "vraag_volledigheid": volledigheid_tekst(a.vraag_totaal().figuur, a.vraag_totaal().delen),
        "aanbod_per_jaar": getal(analyse.totalen.vrijkomend_figuur(a.aanbod), "sociale huurwoningen"),
        "beschikbaar_per_jaar": k["beschikbaar_per_jaar"],
        "druk": f"ten minste {_pct(k['druk_regio'])}" if k["druk_regio"] is not None else "onbekend",
        "groepen": [(analyse.GROEP_NAMEN[gid], tekst(f, "woningen per jaar")) for gid, f in a.groep_figuren().items()],
        "evenredigheidsindex": evenredigheid_zin(a),
        "opgave_regio": f"{tabel[-1]['totaal']} woningen",
        "opgave_per_jaar": f"{tabel[-1]['per_jaar']} per jaar",
        "opgave_bereik": getal(v.opgave_totaal().figuur, "woningen"),
        "opgave_volledig": v.opgave_totaal().figuur.volledig,
        "tekort_tekst": verschil_tekst(v.tekort()),
        "beschikbaar_regio": getal(v.beschikbaar_totaal(), "woningen"),
        "opgave_tabel": tabel,
        "boven_aanbod": [r.gemeente for r in g.itertuples() if r.extra_zeker > 0.5],
        "bouwstenen": {s: [dict(naam=r.naam, toelichting=r.toelichting, soort=r.soort)
                           for r in bs.itertuples() if r.status == s] for s in STATUSSEN},
        "statussen": {s: st.naam for s, st in STATUSSEN.items()},
        "stand_onbekend": not eigen_stand_bekend(bs),  # example statuses never reach the draft
        "monitoring": monitoring(v).to_dict("records"),
        "bronnen": sorted({b for r in bs.itertuples() for b in str(r.bron).split("; ")
                           if b and b != "geen openbare bron gevonden"}),
    }


def concept_tekst(v: Woonzorgvisie) -> str:
    """The draft woonzorgvisie in Markdown, from ``templates/visie/concept.md.j2``."""
    return _template_environment().get_template("concept.md.j2").render(**concept_context(v))


def concept_bijlage(v: Woonzorgvisie) -> record.Bijlage:
    """The draft text as an attachment that the build writes beside the guide."""
    return record.Bijlage(CONCEPT_BESTAND, concept_tekst(v))


class Markdown:
    """Markdown for display in the guide (rendered by the HTML export)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text


def concept_voorbeeld(tekst: str, niveaus: int = 2) -> Markdown:
    """The draft text for display inside the guide: headings moved down so the page keeps one h1 and its contents."""
    return Markdown(re.sub(r"^(#{1,6}) ", lambda m: "#" * min(6, len(m[1]) + niveaus) + " ", tekst, flags=re.M))
