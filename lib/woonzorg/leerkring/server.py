"""The session server for a room (``woonzorg leerkring REGIO``): Voilà on jupyter-server with the group's own pages.

Voilà serves the workbooks as an app without code (one kernel per open workbook page); beside them the
same tornado server serves the pages of the group, which need no kernel at all: the start page, the
zelfscan a participant fills in on their own phone or laptop, and the facilitator's view of a round
(:mod:`.groepsscan`), refreshed every two seconds while answers come in. One server, one port, one
token: jupyter-server's identity provider checks it on every page (the join link carries it once, a
cookie afterwards), and a POST must also carry the XSRF token of a page the server handed out.

Kernels are bounded: a page that closes tells Voilà to shut its kernel down (Voilà's ``beforeunload``
beacon; a reload does the same before it starts a new one), and jupyter-server's culler shuts down every
kernel that has had no open page for ``wachttijd`` seconds (a phone that went to sleep, a crashed tab).
"""

from __future__ import annotations

import functools
import hmac
import json
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import tornado.web
from jupyter_server.base.handlers import JupyterHandler

from woonzorg.data import DataValidationError
from woonzorg.leerkring import bodinvoer, bodronde, eigencijfer, groepsscan, notities
from woonzorg.leerkring.sessions import datum_nl

STATIC_DIR = Path(__file__).resolve().parent / "share" / "static"
LOOPBACK = "127.0.0.1"
FACILITATOR_COOKIE = "wz-begeleider"
WACHTTIJD = 60  # seconds a kernel without an open page is kept (a participant's phone may sleep that long)


@dataclass
class Kamer:
    """What the group's pages need to know: the region, its data folder, its workbooks and the join link."""

    regio: str
    naam: str
    data_dir: Path
    werkboeken: list[tuple[str, str]]  # (title, file name) of the workbooks outside the series
    link: str = ""
    sleutel: str = ""  # the facilitator's key: in the facilitator's link only
    qr_svg: str = ""
    sessies: list[tuple[int, str, str, str]] = field(default_factory=list)  # number, name, workbook title and file


def lan_address() -> str:
    """This machine's address in the local network (the route out; no packet is sent), else loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, only used to pick the interface
            return probe.getsockname()[0]
        except OSError:
            return LOOPBACK


def join_link(adres: str, poort: int, token: str) -> str:
    """The link participants open: the group's start page, with the token (the QR code holds the same)."""
    host = lan_address() if adres in ("0.0.0.0", "") else adres
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{poort}/leerkring/?token={token}"


def qr_code(link: str):
    """The join link as a QR code (segno): ``.terminal()`` for the console, ``.svg_inline()`` for the page."""
    import segno

    return segno.make(link, error="m")


def cull_arguments(wachttijd: int) -> list[str]:
    """jupyter-server's culler: a kernel with no open page for ``wachttijd`` seconds is shut down."""
    interval = max(2, min(30, wachttijd // 2))
    return [f"--MappingKernelManager.cull_idle_timeout={wachttijd}",
            f"--MappingKernelManager.cull_interval={interval}",
            "--MappingKernelManager.cull_connected=False",
            "--MappingKernelManager.cull_busy=False"]


def _render(handler: JupyterHandler, template: str, **values) -> None:
    from woonzorg.present.templates import html_environment

    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.set_header("Content-Security-Policy",
                       "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
    handler.finish(html_environment("leerkring").get_template(template).render(
        kamer=handler.kamer, xsrf=handler.xsrf_token.decode("ascii"), base=handler.base_url, **values))


def begeleider(method):
    """Only for the facilitator: the room's token and the facilitator's key (from the facilitator's link, then a
    signed cookie). Participants have the token alone: they cannot open a round or read or correct the notes."""

    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        given = self.get_query_argument("sleutel", "")
        if given and hmac.compare_digest(given, self.kamer.sleutel):
            self.set_signed_cookie(FACILITATOR_COOKIE, "ja", httponly=True, samesite="Strict", expires_days=1)
        elif self.get_signed_cookie(FACILITATOR_COOKIE, max_age_days=1) != b"ja":
            raise tornado.web.HTTPError(403, reason="begeleider")
        return method(self, *args, **kwargs)

    return checked


class _RoomHandler(JupyterHandler):
    """A page of the group: authenticated by jupyter-server's token; POSTs also checked against XSRF."""

    def initialize(self, kamer: Kamer) -> None:
        self.kamer = kamer

    def check_xsrf_cookie(self) -> None:  # Voilà's app does not switch XSRF on: the group's POSTs need it
        return tornado.web.RequestHandler.check_xsrf_cookie(self)

    def write_error(self, status_code: int, **kwargs) -> None:
        """A refused or failed request answers in Dutch (jupyter-server's error page needs settings Voilà lacks)."""
        if status_code == 403 and getattr(kwargs.get("exc_info", (None, None))[1], "reason", "") == "begeleider":
            return self.answer(403, fout="Deze pagina is alleen voor de begeleider: open haar met de begeleiderslink.")
        why = {403: "De pagina is verlopen of de toegangscode ontbreekt: vernieuw de pagina en probeer het opnieuw.",
               400: "Het formulier kwam niet goed aan; vernieuw de pagina en probeer het opnieuw.",
               404: "Deze pagina bestaat niet."}.get(status_code, "Er ging iets mis op de server; probeer het opnieuw.")
        self.clear_header("Content-Security-Policy")
        self.answer(status_code, fout=why)

    def answer(self, status: int, **values) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(values, ensure_ascii=False))

    def save(self, action: Callable[[dict], str], *refusals: type[Exception]) -> None:
        """A POST that saves: ``action`` gets the form's values and returns the message for the page (200); a
        refusal of one of ``refusals`` or of the data's validation answers 400 with the reason, in Dutch."""
        self.check_xsrf_cookie()
        try:
            bericht = action(self.body())
        except refusals as exc:
            return self.answer(400, fout=_sentence(exc))
        except DataValidationError as exc:
            return self.answer(400, fout="Niet opgeslagen: " + "; ".join(e.message for e in exc.errors[:3]))
        self.answer(200, bericht=bericht)

    def body(self) -> dict:
        try:
            value = json.loads(self.request.body or b"{}")
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise tornado.web.HTTPError(400)  # answered by write_error, in Dutch
        return value


class StartHandler(_RoomHandler):
    @tornado.web.authenticated
    def get(self) -> None:
        _render(self, "app-start.html.j2")


class ZelfscanHandler(_RoomHandler):
    @tornado.web.authenticated
    def get(self) -> None:
        data_dir = self.kamer.data_dir
        ronde = groepsscan.huidige_ronde(groepsscan.read_rondes(data_dir), self.kamer.regio)
        stellingen = groepsscan.stellingen(data_dir)
        _render(self, "app-zelfscan.html.j2", ronde=ronde, datum=datum_nl(ronde.datum) if ronde else "",
                stellingen=list(stellingen.itertuples(index=False)), schaal=groepsscan.schaal(),
                typen=groepsscan.ORGANISATIETYPEN, dimensie_naam=groepsscan.dimensie_naam)

    @tornado.web.authenticated
    def post(self) -> None:
        def scan(values: dict) -> str:
            ronde = groepsscan.huidige_ronde(groepsscan.read_rondes(self.kamer.data_dir), self.kamer.regio)
            if ronde is None or [ronde.datum, ronde.titel] != [values.get("datum"), values.get("titel")]:
                raise groepsscan.ScanError("deze ronde is gesloten: de begeleider opende een nieuwe; "
                                           "vernieuw de pagina en vul opnieuw in")
            scores = values.get("scores")
            saved = groepsscan.save_scan(ronde, values.get("deelnemer"), values.get("organisatietype"),
                                         scores if isinstance(scores, dict) else {}, self.kamer.data_dir)
            return (f"Dank u wel! Uw antwoorden op {saved} stellingen zijn opgeslagen. "
                    "Wilt u iets veranderen? Pas het aan en verstuur opnieuw onder dezelfde naam.")

        self.save(scan, groepsscan.ScanError)


class BegeleiderHandler(_RoomHandler):
    @tornado.web.authenticated
    @begeleider
    def get(self) -> None:
        _render(self, "app-begeleider.html.j2", vandaag=date.today().isoformat())


class RondeHandler(_RoomHandler):
    """POST: the facilitator opens a round; GET: the current round's summary per stelling (JSON, for the live view)."""

    @tornado.web.authenticated
    @begeleider
    def post(self) -> None:
        def open_ronde(values: dict) -> str:
            ronde = groepsscan.open_ronde(self.kamer.regio, values.get("titel"), values.get("datum"),
                                          self.kamer.data_dir)
            return f"Ronde \u2018{ronde.titel}\u2019 van {datum_nl(ronde.datum)} is geopend."

        self.save(open_ronde, groepsscan.ScanError)

    @tornado.web.authenticated
    @begeleider
    def get(self) -> None:
        self.answer(200, **overzicht(self.kamer))


class BodHandler(_RoomHandler):
    """The bod-ronde: GET the form (fair shares per key and group inside it), POST a bid per municipality."""

    @tornado.web.authenticated
    def get(self) -> None:
        from woonzorg.data import load_dataset

        dataset = load_dataset(self.kamer.data_dir)
        delen = bodinvoer.alle_eerlijke_delen(dataset, self.kamer.regio)
        namen = dict(zip(dataset["gemeenten"]["gemeentecode"], dataset["gemeenten"]["gemeente"]))
        codes = list(next(iter(next(iter(delen.values())).values())))
        _render(self, "app-bod.html.j2", vandaag=date.today().isoformat(), sleutels=bodinvoer.verdeelsleutels(),
                groepen=dict(zip(dataset["aandachtsgroepen"]["groep"], dataset["aandachtsgroepen"]["naam"])),
                gemeenten=[(code, namen.get(code, code)) for code in codes], delen=json.dumps(delen))

    @tornado.web.authenticated
    def post(self) -> None:
        def bod(values: dict) -> str:
            biedingen = values.get("biedingen")
            saved = bodinvoer.save_bod(self.kamer.regio, biedingen if isinstance(biedingen, dict) else {},
                                      verdeelsleutel=str(values.get("verdeelsleutel") or ""),
                                      aandachtsgroep=str(values.get("aandachtsgroep") or bodronde.ALLE),
                                      groep=str(values.get("groep") or ""), datum=values.get("datum"),
                                      data_dir=self.kamer.data_dir)
            return (f"Het bod is vastgelegd voor {saved} gemeenten. De volgende handreiking "
                    "Woonzorgvisie toont het naast het eerlijk aandeel.")

        self.save(bod, bodronde.BodError)


class CijferHandler(_RoomHandler):
    """An own figure: GET the form with the figures the region still lacks, POST one figure."""

    @tornado.web.authenticated
    def get(self) -> None:
        from woonzorg.data import load_dataset

        gevraagd = eigencijfer.gevraagd(load_dataset(self.kamer.data_dir), self.kamer.regio)
        _render(self, "app-cijfer.html.j2", groepen=[(omschrijving, list(block.itertuples(index=False)))
                                                     for omschrijving, block in gevraagd.groupby("omschrijving",
                                                                                                 sort=False)])

    @tornado.web.authenticated
    def post(self) -> None:
        def cijfer(values: dict) -> str:
            values = _texts(values)
            indicator, _, gebiedscode = values.get("cijfer", "").partition("|")
            eigencijfer.save_eigen_cijfer(
                self.kamer.regio, indicator=indicator, gebiedscode=gebiedscode, waarde=values.get("waarde", ""),
                waarde_tot=values.get("waarde_tot", ""), periode=values.get("periode", ""),
                bron=values.get("bron", ""), opmerking=values.get("opmerking", ""), data_dir=self.kamer.data_dir)
            return "Het cijfer is opgeslagen, met bron en periode. De volgende handreiking rekent ermee."

        self.save(cijfer, eigencijfer.CijferError)


class NotitiesHandler(_RoomHandler):
    """The notes of the region: GET the list (internal ones too, withdrawn ones not), POST a correction or new notes."""

    @tornado.web.authenticated
    @begeleider
    def get(self) -> None:
        from woonzorg import themes
        from woonzorg.data import load_dataset

        dataset = load_dataset(self.kamer.data_dir)
        current = notities.actueel(dataset["leerkring-sessies"], dataset["leerkring-notitiecorrecties"])
        own = current[current["regio"] == self.kamer.regio].sort_values(["datum", "thema"], kind="stable",
                                                                        ascending=[False, True])
        _render(self, "app-notities.html.j2", notities=list(own.itertuples(index=False)), datum_nl=datum_nl,
                vandaag=date.today().isoformat(), titel_van=themes.title_of,
                themas=[(t.name, t.title) for t in themes.themes()])

    @tornado.web.authenticated
    @begeleider
    def post(self) -> None:
        from woonzorg.leerkring.sessions import SessieSaveError, save_sessie

        def notitie(values: dict) -> str:
            values = _texts(values)
            if values.get("actie") == "nieuw":
                regels = [line for line in values.get("tekst", "").splitlines() if line.strip()]
                saved = save_sessie(self.kamer.regio, values.get("thema", ""),
                                    [(values.get("soort", "notitie"), values.get("onderwerp", ""), line) for line in regels],
                                    groep=values.get("groep", ""), datum=values.get("datum") or None,
                                    zichtbaarheid=values.get("zichtbaarheid", "openbaar"), data_dir=self.kamer.data_dir)
                return f"{saved.regels} {'regel' if saved.regels == 1 else 'regels'} opgeslagen."
            notities.corrigeer(self.kamer.regio, values.get("notitie", ""), values.get("actie", ""),
                               tekst=values.get("tekst", ""), groep="begeleider", data_dir=self.kamer.data_dir)
            return f"Opgeslagen: {notities.ACTIES.get(values.get('actie'), '')}. De eerdere tekst blijft bewaard."

        self.save(notitie, notities.CorrectieError, SessieSaveError)


def _texts(values: dict) -> dict[str, str]:
    """A form's plain values as text (a list or object where text belongs is left out)."""
    return {k: str(v) for k, v in values.items() if isinstance(v, (str, int, float))}


def _sentence(exc: Exception) -> str:
    text = str(exc)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def overzicht(kamer: Kamer) -> dict:
    """The current round for the facilitator's view: per stelling n, median, spread and distribution, most disagreement first."""
    from woonzorg.dutch import number

    ronde = groepsscan.huidige_ronde(groepsscan.read_rondes(kamer.data_dir), kamer.regio)
    if ronde is None:
        return {"ronde": None, "n": 0, "stellingen": []}
    antwoorden = groepsscan.antwoorden_van(groepsscan.read_scores(kamer.data_dir), ronde)
    tabel = groepsscan.per_stelling(antwoorden, groepsscan.stellingen(kamer.data_dir))
    def nl(v: float) -> str:
        return "–" if v != v else number(v, 1)

    return {
        "ronde": {"titel": ronde.titel, "datum": ronde.datum, "datum_nl": datum_nl(ronde.datum)},
        "n": int(antwoorden["deelnemer"].nunique()),
        "schaal": groepsscan.schaal(),
        "stellingen": [{"stelling": r.stelling, "tekst": r.tekst, "dimensie": r.dimensienaam, "n": r.n,
                        "mediaan": nl(r.mediaan), "spreiding": nl(r.spreiding),
                        "verdeling": [r.verdeling[s] for s in sorted(r.verdeling)]}
                       for r in tabel.itertuples(index=False)],
    }


class LoginHandler(tornado.web.RequestHandler):
    """Without the token: a Dutch page that says how to get in (instead of jupyter-server's English login form)."""

    def get(self) -> None:
        self.set_status(403)
        self.set_header("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'")
        from woonzorg.present.templates import html_environment

        base = self.settings.get("base_url", "/")
        self.finish(html_environment("leerkring").get_template("app-login.html.j2").render(base=base))


def room_handlers(kamer: Kamer, base_url: str = "/") -> list[tuple]:
    """The group's routes, ahead of Voilà's own (``/`` leads to the start page, ``/login`` is Dutch)."""
    from jupyter_server.utils import url_path_join

    def at(route: str) -> str:
        return url_path_join(base_url, route)

    return [
        (at("/"), tornado.web.RedirectHandler, {"url": at("/leerkring/")}),
        (at("/login"), LoginHandler),
        (at("/leerkring/"), StartHandler, {"kamer": kamer}),
        (at("/leerkring/zelfscan"), ZelfscanHandler, {"kamer": kamer}),
        (at("/leerkring/begeleider"), BegeleiderHandler, {"kamer": kamer}),
        (at("/leerkring/ronde"), RondeHandler, {"kamer": kamer}),
        (at("/leerkring/bod"), BodHandler, {"kamer": kamer}),
        (at("/leerkring/cijfer"), CijferHandler, {"kamer": kamer}),
        (at("/leerkring/notities"), NotitiesHandler, {"kamer": kamer}),
        (at("/leerkring/static/(.*)"), tornado.web.StaticFileHandler, {"path": str(STATIC_DIR)}),
    ]


def voila_class(kamer: Kamer):
    """Voilà's application with the group's pages added (its documented ``init_handlers``, extended)."""
    from voila.app import Voila

    class LeerkringVoila(Voila):
        def init_handlers(self):
            return room_handlers(kamer, self.base_url) + super().init_handlers()

    return LeerkringVoila

