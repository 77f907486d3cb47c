"""The learning circle's workbook widgets: one exercise with its feedback, and the form that saves a session."""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

from woonzorg import clock
from woonzorg import data as wzdata
from woonzorg import paths
from woonzorg.data import Dataset
from woonzorg.leerkring.exercises import Keuze, Terugkoppeling, check_answer, opdrachten
from woonzorg.leerkring.guide import thema_info
from woonzorg.leerkring.sessions import SessieSaveError, datum_nl, save_sessie


# Right and wrong differ by icon and words, not only by colour
# (the text itself starts with "Goed!", "Nog niet goed" or "Nog geen antwoord")
MARKS = {"wz-goed": "\u2713", "wz-fout": "\u2717", "wz-leeg": "?"}


def terugkoppeling_html(t: Terugkoppeling, poging: int = 0) -> str:
    """The feedback as the workbook shows it: an icon and a word before the text, in a live region.

    ``poging`` numbers the answers, so that a screen reader announces a repeated message again.
    """
    css = "wz-goed" if t.goed else ("wz-fout" if t.geldig else "wz-leeg")
    icon = MARKS[css]
    return (f'<p class="{css} wz-terugkoppeling" role="status" aria-live="polite" data-poging="{poging}">'
            f'<span aria-hidden="true">{icon}</span> '
            f"{html.escape(t.tekst)}</p>")


def oefening(regio: str, thema: str, nummer: int, data_dir: str | Path | None = None, *,
             gegevens: Dataset | None = None):
    """The widget of one exercise: the question, an answer field, a button "Controleer" and the feedback.

    The exercise (and so its answer) is held only by the button's callback in the kernel: no widget
    trait carries it, so it is neither displayed nor stored in the notebook's widget state. The
    box carries its parts for scripting and tests: ``antwoord`` (Text), ``check`` (Button),
    ``terugkoppeling`` (HTML).
    """
    import ipywidgets as widgets

    from woonzorg.widgets import new_widget, plain_layout

    plain = plain_layout()
    dataset = gegevens if gegevens is not None else wzdata.load_dataset(data_dir)
    lijst = opdrachten(dataset, regio, thema)
    if not 1 <= nummer <= len(lijst):
        return new_widget(widgets.HTML, f"<p>Opdracht {int(nummer)} is er voor deze regio (nog) niet; dit thema heeft "
                          f"hier {len(lijst)} opdracht{'en' if len(lijst) != 1 else ''} met terugkoppeling.</p>")
    o = lijst[nummer - 1]
    vraag = new_widget(widgets.HTML, f"<p><strong>Opdracht {o.nummer}: {html.escape(o.titel)}</strong></p>"
                       f"<p>{html.escape(o.vraag)}</p>")
    if isinstance(o, Keuze):
        return _keuze(o, vraag)
    # continuous_update=False: the value reaches the kernel when Enter is pressed (or the field is left)
    antwoord = new_widget(widgets.Text, description="Antwoord", placeholder="bijvoorbeeld 1.234,5" if not o.procent
                          else "bijvoorbeeld 12,5%", continuous_update=False, layout={"width": "18rem"})
    eenheid = new_widget(widgets.Label, o.eenheid if not o.procent else "procent")
    knop = new_widget(widgets.Button, description="Controleer", button_style="primary",
                      tooltip="Controleer het antwoord (of druk op Enter in het antwoordveld)")
    terugkoppeling = new_widget(widgets.HTML)
    pogingen = [0]

    def check(_event=None) -> None:
        if isinstance(_event, dict) and not str(_event["new"]).strip():
            return  # emptying the field is no answer
        pogingen[0] += 1
        terugkoppeling.value = terugkoppeling_html(check_answer(o, antwoord.value), pogingen[0])  # replaces the old

    knop.on_click(check)
    antwoord.observe(check, names="value")  # Enter submits
    box = widgets.VBox([vraag, widgets.HBox([antwoord, eenheid, knop], layout=plain), terugkoppeling],
                       layout=plain)
    box.antwoord, box.check, box.terugkoppeling = antwoord, knop, terugkoppeling
    box.add_class("wz-oefening")
    return box


def keuze_volgorde(o: Keuze) -> list[int]:
    """The order the options are shown in: fixed per exercise (a hash of its id), not the order they were written in.

    Writers tend to put the right option first or last; this order is the same in every build and
    on every device, so a facilitator can say "the third option", and tells nothing about which is right.
    """
    return sorted(range(len(o.opties)), key=lambda i: hashlib.sha256(f"{o.id}/{o.opties[i].tekst}".encode()).digest())


def _keuze(o: Keuze, vraag):
    """A judgement exercise: one button per option (text wraps, the chosen one marked), a button and the feedback.

    The app's template marks the chosen option with a check and ``aria-pressed="true"``; the values are the
    options' positions, so which one is right stays in the kernel.
    """
    import ipywidgets as widgets

    from woonzorg.widgets import new_widget, plain_layout

    keuzes = new_widget(widgets.ToggleButtons, options=[(o.opties[i].tekst, i) for i in keuze_volgorde(o)],
                        value=None, layout={"width": "100%"})
    keuzes.add_class("wz-keuzes")
    knop = new_widget(widgets.Button, description="Controleer", button_style="primary", tooltip="Controleer uw keuze")
    terugkoppeling = new_widget(widgets.HTML)
    pogingen = [0]

    def check(_event=None) -> None:
        pogingen[0] += 1
        terugkoppeling.value = terugkoppeling_html(check_answer(o, keuzes.value), pogingen[0])

    knop.on_click(check)
    box = widgets.VBox([vraag, keuzes, knop, terugkoppeling], layout=plain_layout())
    box.antwoord, box.check, box.terugkoppeling = keuzes, knop, terugkoppeling
    box.add_class("wz-oefening")
    return box


def sessie_formulier(regio: str, thema: str, data_dir: str | Path | None = None):
    """A form to save the session's choices and notes to ``data/leerkring-sessies.csv``, one entry per click.

    The box carries its parts for scripting and tests: ``groep``, ``datum``, ``soort``,
    ``onderwerp``, ``tekst``, ``opslaan`` (the button) and ``melding``.
    """
    import ipywidgets as widgets

    from woonzorg.widgets import new_widget, plain_layout

    root = paths.data_dir(data_dir)
    info = thema_info(thema)
    wide = {"description_width": "initial"}  # the labels as wide as their text
    groep = new_widget(widgets.Text, description="Groep", placeholder="bijvoorbeeld: leerkring, tafel 2", style=wide)
    datum = new_widget(widgets.DatePicker, description="Datum", value=clock.today(), style=wide)
    soort = new_widget(widgets.ToggleButtons, options=[("Keuze", "keuze"), ("Notitie", "notitie")], value="notitie",
                       description="Soort", style=wide)
    onderwerp = new_widget(widgets.Combobox, description="Onderwerp", options=list(info.onderwerpen),
                           ensure_option=False, placeholder="bijvoorbeeld: " + info.onderwerpen[0], style=wide)
    tekst = new_widget(widgets.Textarea, description="Tekst",
                       placeholder="Wat koos de leerkring, of wat moet worden onthouden?",
                       layout={"width": "40rem", "height": "6rem"}, style=wide)
    opslaan = new_widget(widgets.Button, description="Opslaan", button_style="primary")
    melding = new_widget(widgets.HTML)

    def on_click(_button=None) -> None:
        try:
            saved = save_sessie(regio, thema, [(soort.value, onderwerp.value, tekst.value)], groep=groep.value,
                                datum=datum.value, data_dir=root)
        except (SessieSaveError, wzdata.DataValidationError) as exc:
            melding.value = (f'<p class="wz-fout" role="status"><span aria-hidden="true">\u2717</span> '
                             f"<strong>Niet opgeslagen:</strong> {html.escape(str(exc))}</p>")
            return
        melding.value = (f'<p class="wz-goed" role="status"><span aria-hidden="true">\u2713</span> '
                         f"<strong>Opgeslagen</strong> ({html.escape(soort.value)}, "
                         f"{html.escape(datum_nl(saved.datum))}, {html.escape(saved.groep)}). De volgende build van de "
                         "handreiking toont de keuzes en notities van deze sessie onder 'Uit de leerkring'.</p>")
        tekst.value = ""

    opslaan.on_click(on_click)
    plain = plain_layout()
    box = widgets.VBox([widgets.HBox([groep, datum], layout=plain), soort, onderwerp, tekst, opslaan, melding],
                       layout=plain)
    box.groep, box.datum, box.soort, box.onderwerp, box.tekst = groep, datum, soort, onderwerp, tekst
    box.opslaan, box.melding = opslaan, melding
    box.add_class("wz-sessie-formulier")
    return box

