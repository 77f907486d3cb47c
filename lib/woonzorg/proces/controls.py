"""Procesorganisatie controls: saving a zelfscan round (one path: validate inside the lock, atomic append) and its form."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from woonzorg import clock
from woonzorg import data as wzdata
from woonzorg import paths
from woonzorg.data import DataValidationError
from woonzorg.proces.figures import zelfscan_radar
from woonzorg.proces.model import uitslag, verandering
from woonzorg.proces.schema import ANTWOORDEN, DEFAULT_BRON_ANTWOORDEN, DIMENSIES, SCHAAL, SCHAAL_MAX, SCHAAL_MIN, \
    STELLINGEN, _unknown
from woonzorg.storage import append_rows, exclusive_lock

# --------------------------------------------------------------------------------------------
# Zelfscan: saving a round


class ZelfscanSaveError(ValueError):
    """Answers that cannot be saved; the message is for the learning circle (Dutch)."""


@dataclass(frozen=True)
class SavedRound:
    regio: str
    ronde: int
    datum: str
    respondentgroep: str
    antwoorden: int
    path: Path


def antwoorden_path(data_dir: str | Path | None = None) -> Path:
    return paths.data_dir(data_dir) / ANTWOORDEN.file


def save_zelfscan(
    regio: str,
    scores: Mapping[str, int | None],
    *,
    respondentgroep: str,
    datum: str | date | None = None,
    ronde: int | None = None,
    data_dir: str | Path | None = None,
    bron: str = DEFAULT_BRON_ANTWOORDEN,
) -> SavedRound:
    """Append one round of answers for ``regio`` to ``zelfscan-antwoorden.csv``.

    ``scores`` maps statement ids to a score on the scale; ``None`` means not answered. Without
    ``ronde`` the round gets the next free number of the region. With ``ronde`` the answers join
    that round as another respondent group, but never replace answers already saved for the same
    round and group. The existing file is kept byte for byte and the new rows appended, under an
    exclusive lock and through an atomic rename.
    """
    root = paths.data_dir(data_dir)
    name = f"{root.name}/{ANTWOORDEN.file}"
    path = root / ANTWOORDEN.file
    # One path: everything that decides what is appended is read and checked while holding the lock,
    # so a concurrent save (or an edit of the statements) cannot slip in between check and write.
    with exclusive_lock(path):
        groep, datum_text, answered, dimensie_of = _validated(root, regio, scores, respondentgroep, datum, ronde)
        existing = wzdata.read_optional_table(path, ANTWOORDEN, name)  # also refuses to append to a broken file
        own = existing[existing["regio"] == regio]
        if ronde is None:
            ronde = int(own["ronde"].max()) + 1 if len(own) else 1
        elif ((own["ronde"] == ronde) & (own["respondentgroep"] == groep)).any():
            raise ZelfscanSaveError(f"ronde {ronde} van regio {regio} heeft al antwoorden van '{groep}'; "
                                    "kies een andere ronde of respondentgroep (eerdere antwoorden worden nooit overschreven)")
        elif (own.loc[own["ronde"] == ronde, "voorbeeld"].astype(bool)).any():
            raise ZelfscanSaveError(f"ronde {ronde} van regio {regio} bevat voorbeeldantwoorden; kies een nieuwe ronde")
        append_rows(path, ANTWOORDEN.column_names,
                    [[regio, ronde, datum_text, groep, dimensie_of[stelling], stelling, score, "nee", bron]
                     for stelling, score in answered])
    return SavedRound(regio, int(ronde), datum_text, groep, len(answered), path)



def _validated(root: Path, regio: str, scores: Mapping[str, int | None], respondentgroep: str,
               datum: str | date | None, ronde: int | None):
    """Check a round against the data folder; returns (groep, datum, answered, dimensie_of) or raises."""
    groep = " ".join(str(respondentgroep or "").split())
    if not groep:
        raise ZelfscanSaveError("vul de respondentgroep in (bijvoorbeeld 'leerkring' of 'corporaties')")
    if len(groep) > 100:
        raise ZelfscanSaveError("de respondentgroep is te lang (maximaal 100 tekens)")
    try:
        datum_text = wzdata.PARSERS["date"](datum.isoformat() if isinstance(datum, date) else
                                            (datum or date.today().isoformat()), False)
    except ValueError as exc:
        raise ZelfscanSaveError(str(exc)) from None
    indeling = wzdata.read_table(root / "regio-indeling.csv", wzdata.CORE_SCHEMAS["regio-indeling"],
                                 f"{root.name}/regio-indeling.csv")
    if regio not in set(indeling["regio"]):
        raise ZelfscanSaveError(_unknown(regio, "regio", sorted(set(indeling["regio"]))))
    stellingen = wzdata.read_optional_table(root / STELLINGEN.file, STELLINGEN, f"{root.name}/{STELLINGEN.file}")
    dimensie_of = dict(zip(stellingen["stelling"], stellingen["dimensie"]))
    answered: list[tuple[str, int]] = []
    problems: list[str] = []
    for stelling, score in scores.items():
        if score is None:
            continue
        if stelling not in dimensie_of:
            problems.append(f"onbekende stelling '{stelling}'")
        elif isinstance(score, bool) or not isinstance(score, int) or not SCHAAL_MIN <= score <= SCHAAL_MAX:
            problems.append(f"score {score!r} bij stelling {stelling} ligt buiten de schaal {SCHAAL_MIN}–{SCHAAL_MAX}")
        else:
            answered.append((stelling, score))
    if problems:
        raise ZelfscanSaveError("; ".join(problems))
    if not answered:
        raise ZelfscanSaveError("er is nog geen enkele stelling gescoord; er is niets opgeslagen")
    if ronde is not None and (isinstance(ronde, bool) or not isinstance(ronde, int) or ronde < 1):
        raise ZelfscanSaveError(f"ronde {ronde!r} is geen geldig rondenummer (1 of hoger)")
    return groep, datum_text, answered, dimensie_of


def read_antwoorden(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The answers file alone (e.g. to show a just-saved round without reloading every table)."""
    root = paths.data_dir(data_dir)
    return wzdata.read_optional_table(root / ANTWOORDEN.file, ANTWOORDEN, f"{root.name}/{ANTWOORDEN.file}")


# --------------------------------------------------------------------------------------------
# Workbook widget


def zelfscan_formulier(regio: str, *, data_dir: str | Path | None = None):
    """An ipywidgets box to score the zelfscan and save the round to the region's answers.

    The box carries its parts for scripting and tests: ``vragen`` (statement id -> ToggleButtons),
    ``respondentgroep``, ``datum``, ``opslaan`` (the button), ``melding`` and ``uitvoer``.
    """
    import ipywidgets as widgets
    from IPython.display import display

    from woonzorg.widgets import new_widget, plain_layout

    root = paths.data_dir(data_dir)
    stellingen = wzdata.read_optional_table(root / STELLINGEN.file, STELLINGEN, f"{root.name}/{STELLINGEN.file}")
    tooltips = [f"{k} = {v}" for k, v in SCHAAL.items()]
    # layouts and styles shared (new_widget): every widget otherwise gets its own, and each is a model
    # the kernel sends to the front end and the workbook stores
    rij = plain_layout()
    vragen: dict[str, widgets.ToggleButtons] = {}
    schaal = " · ".join(f"{k} = {html.escape(v.lower())}" for k, v in SCHAAL.items())
    children: list = [new_widget(widgets.HTML, f"<p><strong>Schaal:</strong> {schaal}. "
                                               "Laat een stelling open als u het niet weet.</p>")]
    for d in DIMENSIES.values():
        rows = stellingen[stellingen["dimensie"] == d.id]
        if rows.empty:
            continue
        children.append(new_widget(widgets.HTML, f"<h4>{html.escape(d.naam)}</h4><p><em>{html.escape(d.vraag)}</em></p>"))
        for row in rows.itertuples(index=False):
            toggle = new_widget(widgets.ToggleButtons, options=[(str(k), k) for k in SCHAAL], value=None,
                                tooltips=tooltips, style={"button_width": "3em"})
            vragen[row.stelling] = toggle
            tekst = new_widget(widgets.HTML, html.escape(row.tekst), layout={"width": "60%"})
            children.append(widgets.HBox([tekst, toggle], layout=rij))
    respondentgroep = new_widget(widgets.Text, description="Groep", placeholder="bijvoorbeeld: leerkring, corporaties")
    datum = new_widget(widgets.DatePicker, description="Datum", value=clock.today())
    opslaan = new_widget(widgets.Button, description="Antwoorden opslaan", button_style="primary", icon="save")
    melding = new_widget(widgets.HTML)
    uitvoer = widgets.Output(layout=rij)

    def on_click(_button=None) -> None:
        scores = {sid: t.value for sid, t in vragen.items()}
        try:
            saved = save_zelfscan(regio, scores, respondentgroep=respondentgroep.value, datum=datum.value,
                                  data_dir=root)
        except (ZelfscanSaveError, DataValidationError) as exc:
            melding.value = f'<p class="wz-fout"><strong>Niet opgeslagen:</strong> {html.escape(str(exc))}</p>'
            return
        melding.value = (f"<p><strong>Opgeslagen</strong> als ronde {saved.ronde} ({html.escape(saved.datum)}, "
                         f"{html.escape(saved.respondentgroep)}): {saved.antwoorden} antwoorden. "
                         "De volgende build van de handreiking toont deze ronde.</p>")
        uitvoer.clear_output()
        with uitvoer:
            antwoorden = read_antwoorden(root)
            result = uitslag(antwoorden, regio, saved.ronde, stellingen)
            display(zelfscan_radar(result, verandering(antwoorden, regio), regio_naam=regio))

    opslaan.on_click(on_click)
    box = widgets.VBox(children + [widgets.HBox([respondentgroep, datum], layout=rij), opslaan, melding, uitvoer],
                       layout=rij)
    box.vragen, box.respondentgroep, box.datum = vragen, respondentgroep, datum
    box.opslaan, box.melding, box.uitvoer = opslaan, melding, uitvoer
    return box
