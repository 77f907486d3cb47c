"""Learning circles (leerkringen): the exercise engine, session records, the facilitator guide and the workbook widgets.

- :mod:`.exercises` — :class:`Opdracht`, :class:`Denkfout`, :class:`Terugkoppeling`, :func:`check_answer`;
  a theme's exercises come from its ``THEME.exercises`` (see :mod:`woonzorg.themes`);
- :mod:`.sessions` — the table ``data/leerkring-sessies.csv``: saving (validated inside the lock,
  atomic write) and reading, and the handout's section "Uit de leerkring";
- :mod:`.guide` — the facilitator guide: session plan, discussion questions, answers, tips;
- :mod:`.reeks` — the series of four sessions per region, each theme's session plan and the practice examples
  (``data/leerkring-sessieplannen.csv``, ``data/leerkring-praktijkvoorbeelden.csv``);
- :mod:`.deelnemers` — the participant sheets (one page per session) and the terugblik page;
- :mod:`.controls` — the exercise and session widgets of the workbook;
- :mod:`.groepsscan` — group zelfscan rounds: every participant on their own device, n, median and spread;
- :mod:`.bodronde` — the bod-ronde: a bid per municipality against its fair share, a dated record;
- :mod:`.eigencijfer` — an own figure entered in the app, checked by the data request's import;
- :mod:`.notities` — correcting, withdrawing and marking notes internal or public (a history, never an edit);
- :mod:`.server` — the session server for a room (``woonzorg leerkring``): token, join link and QR code.
"""

from __future__ import annotations

from woonzorg.leerkring.controls import oefening, sessie_formulier
from woonzorg.leerkring.exercises import (
    Denkfout,
    Keuze,
    Opdracht,
    Optie,
    Terugkoppeling,
    check_answer,
    check_keuze,
    new_opdracht,
    opdrachten,
    row_with_highest,
    tolerantie,
)
from woonzorg.leerkring.guide import (
    Thema,
    begeleider_bestand,
    begeleider_context,
    begeleider_html,
    begeleider_record,
    render_begeleider,
    thema_info,
    vragen,
)
from woonzorg.leerkring.sessions import (
    SESSIES,
    SOORTEN,
    SavedSessie,
    SessieSaveError,
    check_sessies,
    datum_nl,
    laatste_sessie,
    read_sessies,
    save_sessie,
    sessie_html,
    sessies_path,
)
from woonzorg.leerkring.reeks import (
    PRAKTIJKVOORBEELDEN,
    ROLLEN,
    SERIE,
    SESSIEPLANNEN,
    Onderdeel,
    Sessie,
    check_reeks,
    praktijkvoorbeelden,
    sessie,
    sessieplan,
)
from woonzorg.leerkring.deelnemers import deelnemersbladen, deelnemersbladen_van, terugblik_html
from woonzorg.leerkring import bodronde, groepsscan, notities
from woonzorg.themes import Part

# The learning circle's tables: sessions, session plans, practice examples (see woonzorg.themes)
PART = Part(tables=(SESSIES, SESSIEPLANNEN, PRAKTIJKVOORBEELDEN, *groepsscan.TABLES, bodronde.BOD, notities.CORRECTIES),
            checks=(check_sessies, check_reeks, groepsscan.check_groepsscan, bodronde.check_bod,
                    notities.check_correcties))

__all__ = [
    "PART", "PRAKTIJKVOORBEELDEN", "ROLLEN", "SERIE", "SESSIEPLANNEN", "Sessie", "check_reeks", "deelnemersbladen", "deelnemersbladen_van",
    "praktijkvoorbeelden", "sessie", "terugblik_html", "SESSIES", "SOORTEN", "Denkfout", "Keuze", "Onderdeel", "Opdracht", "Optie", "SavedSessie", "SessieSaveError", "Terugkoppeling",
    "Thema", "begeleider_bestand", "begeleider_context", "begeleider_html", "begeleider_record", "check_sessies",
    "check_answer", "check_keuze", "datum_nl", "laatste_sessie", "new_opdracht", "oefening", "opdrachten", "read_sessies",
    "render_begeleider", "row_with_highest", "save_sessie", "sessie_formulier", "sessie_html", "sessieplan",
    "sessies_path", "thema_info", "tolerantie", "vragen",
]
