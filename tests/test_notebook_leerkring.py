"""The learning-circle experience built: workbook, handout and facilitator guide per region and theme, no
answer in any participant workbook, and a saved session in the next handout build."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from woonzorg import leerkring, paths
from woonzorg import data as wd
from woonzorg.publish import build

pytestmark = pytest.mark.notebook

THEMAS = ["regioprofiel", "woonzorganalyse", "procesorganisatie", "woonzorgvisie"]


def workbook_text(path: Path) -> str:
    """Everything a participant's workbook holds (sources, outputs, widget state, metadata) except image data."""
    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if not k.startswith("image/")}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x
    return json.dumps(strip(json.loads(path.read_text(encoding="utf-8"))), ensure_ascii=False)


def occurrences(text: str, form: str) -> list[str]:
    """Where ``form`` stands as a whole number in ``text`` (not as a part of a longer one)."""
    return [text[max(0, m.start() - 60):m.end() + 30]
            for m in re.finditer(r"(?<![\d.,])" + re.escape(form) + r"(?![\d])", text)]


def assert_no_answer_in_workbooks(out: Path, dataset: wd.Dataset, regios: list[str]) -> int:
    checked = 0
    for regio in regios:
        for thema in THEMAS:
            workbook = out / regio / f"{thema}.ipynb"
            text = workbook_text(workbook)
            lijst = leerkring.opdrachten(dataset, regio, thema)
            assert text.count("application/vnd.jupyter.widget-view+json") >= len(lijst) + 1  # the widgets are there
            for o in lijst:
                if isinstance(o, leerkring.Keuze):  # which option is right is nowhere in the workbook
                    assert not any(x.uitleg in text for x in o.opties), (regio, thema, o.id)
                    checked += 1
                    continue
                for form in {o.format_value(o.antwoord), o.antwoord_tekst, repr(o.antwoord)}:
                    assert not occurrences(text, form), (regio, thema, o.id, form, occurrences(text, form))
                checked += 1
    return checked


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One region (all themes) built from a private copy of the data, so that a session can be saved."""
    root = tmp_path_factory.mktemp("leerkring")
    data_dir = root / "data"
    shutil.copytree(paths.PROJECT_ROOT / "data", data_dir)
    out = root / "handreikingen"
    report = build(regios=["parkstad"], data_dir=data_dir, out_dir=out, workers=1)
    assert report.ok, report.summary()
    return out, data_dir


def test_every_theme_has_handout_workbook_and_facilitator_guide(site):
    out, _data = site
    begeleiders = out.parent / "begeleiders"  # beside handreikingen/, never in it
    assert paths.facilitator_dir(out) == begeleiders
    index = (out / "index.html").read_text(encoding="utf-8")
    for thema in THEMAS:
        for name in (f"{thema}.html", f"{thema}.ipynb"):
            assert (out / "parkstad" / name).is_file(), name
            assert f'href="parkstad/{name}"' in index
        assert not (out / "parkstad" / f"{thema}-begeleider.html").exists()
        assert (begeleiders / "parkstad" / f"{thema}-begeleider.html").is_file()
    uitleg = (out / "leerkring.html").read_text(encoding="utf-8")
    assert "<h1>Zo werkt een leerkring-sessie</h1>" in uitleg and "make lab REGIO=" in uitleg
    assert "de map <code>begeleiders/</code> naast de map" in uitleg and 'href="leerkring.html"' in index
    # the facilitator folder has its own index, its own copy of the stylesheet, and links back to the handouts
    eigen = (begeleiders / "index.html").read_text(encoding="utf-8")
    assert 'href="parkstad/woonzorganalyse-begeleider.html"' in eigen
    assert 'href="../handreikingen/parkstad/woonzorganalyse.html"' in eigen
    assert (begeleiders / "assets" / "woonzorg.css").read_bytes() == (out / "assets" / "woonzorg.css").read_bytes()
    guide = (begeleiders / "parkstad" / "woonzorganalyse-begeleider.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"#]+)"', guide):
        assert (begeleiders / "parkstad" / href).resolve().is_file(), href


def test_nothing_in_the_public_folder_leads_to_the_answers(site):
    out, _data = site
    checked = 0
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".ipynb", ".js", ".json", ".md", ".csv"}:
            text = path.read_text(encoding="utf-8")
            assert "begeleider.html" not in text, path
            assert "Antwoorden bij de opdrachten" not in text, path
            checked += 1
    assert checked >= 4 * 3
    assert sorted(p.name for p in (out.parent / "begeleiders" / "parkstad").iterdir()) == \
        sorted(f"{thema}-begeleider.html" for thema in THEMAS)


def test_the_facilitator_guides_hold_the_answers(site):
    out, data_dir = site
    dataset = wd.load_dataset(data_dir)
    for thema in THEMAS:
        page = (out.parent / "begeleiders" / "parkstad" / f"{thema}-begeleider.html").read_text(encoding="utf-8")
        assert "Antwoorden bij de opdrachten" in page and "Sessieplan (120 minuten)" in page and "Gespreksvragen" in page
        for o in leerkring.opdrachten(dataset, "parkstad", thema):
            assert f'<span class="wz-antwoord">{o.antwoord_tekst}</span>' in page


def test_the_handout_has_no_exercises_and_the_workbook_no_answers(site):
    out, data_dir = site
    for thema in THEMAS:
        handout = (out / "parkstad" / f"{thema}.html").read_text(encoding="utf-8")
        assert "Rekenopdrachten met terugkoppeling" not in handout and "leerkring.oefening" not in handout
        assert "Uit de leerkring" not in handout  # no session saved yet
    assert assert_no_answer_in_workbooks(out, wd.load_dataset(data_dir), ["parkstad"]) >= 8


def test_no_answer_in_any_participant_workbook_of_any_region(built_site, project_data):
    """Every region's workbooks, as `make handreikingen` builds them (the shared full site)."""
    dataset = wd.load_dataset(project_data)
    regios = sorted(p.name for p in built_site.iterdir() if p.is_dir() and p.name != "assets")
    assert len(regios) >= 6
    for regio in regios:
        for thema in THEMAS:
            assert (paths.facilitator_dir(built_site) / regio / f"{thema}-begeleider.html").is_file()
            assert not (built_site / regio / f"{thema}-begeleider.html").exists()
    assert assert_no_answer_in_workbooks(built_site, dataset, regios) >= 6 * 7


def test_widgets_without_a_layout_of_their_own_share_one_in_every_workbook(built_site):
    """woonzorg.widgets.plain_layout: one empty Layout model per workbook, used by many widgets (the 24
    workbooks held 678 empty Layouts, one per widget, each a model sent to the page and stored)."""
    shared_by = []
    for workbook in sorted(built_site.glob("*/*.ipynb")):
        state = json.loads(workbook.read_text(encoding="utf-8"))["metadata"]["widgets"][
            "application/vnd.jupyter.widget-state+json"]["state"]
        empty = [key for key, model in state.items() if model["model_name"] == "LayoutModel"
                 and all(value is None for name, value in model["state"].items() if not name.startswith("_"))]
        assert len(empty) <= 1, (workbook.name, len(empty))
        shared_by += [sum(model["state"].get("layout") == f"IPY_MODEL_{key}" for model in state.values())
                      for key in empty]
    assert len(shared_by) >= 24 and min(shared_by) >= 5


def test_widgets_of_one_kind_share_one_style_in_every_workbook(built_site):
    """woonzorg.widgets.style_of: one style model per kind of widget and settings in a workbook (the 24
    workbooks held 606 style models, one per widget)."""
    for workbook in sorted(built_site.glob("*/*.ipynb")):
        state = json.loads(workbook.read_text(encoding="utf-8"))["metadata"]["widgets"][
            "application/vnd.jupyter.widget-state+json"]["state"]
        styles = [(model["model_name"], tuple(sorted((k, str(v)) for k, v in model["state"].items()
                                                     if not k.startswith("_"))))
                  for model in state.values() if model["model_name"].endswith("StyleModel")]
        assert len(styles) == len(set(styles)), (workbook.name, len(styles) - len(set(styles)))
        users = sum(1 for model in state.values() if str(model["state"].get("style", "")).startswith("IPY_MODEL_"))
        assert users == 0 or users > len(styles), (workbook.name, users, len(styles))  # shared, not one each


def test_the_facilitator_guide_comes_from_the_kernel_and_its_record_not_from_the_workbook(site):
    # the notebooks hand the guide's content over in a cell tagged begeleider: the page is the one the
    # library renders, and neither that cell nor its record is in the workbook or the handout
    import nbformat

    out, data_dir = site
    dataset = wd.load_dataset(data_dir)
    for thema in THEMAS:
        workbook = nbformat.read(out / "parkstad" / f"{thema}.ipynb", as_version=4)
        meta = workbook.metadata["woonzorg"]
        page = (out.parent / "begeleiders" / "parkstad" / f"{thema}-begeleider.html").read_text(encoding="utf-8")
        assert page == leerkring.begeleider_html(dataset, "parkstad", thema, gebouwd=meta["gebouwd"],
                                                 versie=meta["versie"])
        assert not [c for c in workbook.cells if "begeleider" in c.metadata.get("tags", [])]
        assert "application/vnd.woonzorg.begeleider+json" not in workbook_text(out / "parkstad" / f"{thema}.ipynb")
        assert "begeleider_record" not in (out / "parkstad" / f"{thema}.html").read_text(encoding="utf-8")


def test_the_build_renders_the_facilitator_guide_from_the_record_without_computing_it_again(tmp_path, monkeypatch):
    from woonzorg.publish import worker

    def computed_again(*args, **kwargs):
        raise AssertionError("the build computed the exercises again instead of reading the record")

    monkeypatch.setattr(worker, "load_dataset", computed_again)
    report = build(regios=["groningen"], themas=["regioprofiel"], out_dir=tmp_path, workers=1)  # in this process
    assert report.ok, report.summary()
    assert "Antwoorden bij de opdrachten" in (paths.facilitator_dir(tmp_path) / "groningen" / "regioprofiel-begeleider.html").read_text(
        encoding="utf-8")


def test_a_saved_session_shows_up_in_the_next_build(site):
    out, data_dir = site
    before = (out / "parkstad" / "woonzorganalyse.html").read_text(encoding="utf-8")
    leerkring.save_sessie("parkstad", "woonzorganalyse",
                          [("keuze", "verdeelsleutel", "Naar sociale huurvoorraad <voorlopig>"),
                           ("notitie", "eigen cijfers", "Heerlen levert de mutatiegraad van de corporaties aan")],
                          groep="leerkring Parkstad", datum="2026-03-12", data_dir=data_dir)
    report = build(regios=["parkstad"], data_dir=data_dir, out_dir=out, workers=1)
    assert report.ok, report.summary()
    assert all("data: leerkring-sessies" in r.reason for r in report.built), report.summary()
    handout = (out / "parkstad" / "woonzorganalyse.html").read_text(encoding="utf-8")
    assert handout != before
    section = handout[handout.index('id="uit-de-leerkring"'):]
    assert "12 maart 2026" in section and "leerkring Parkstad" in section
    assert "Naar sociale huurvoorraad &lt;voorlopig&gt;" in section
    assert "Heerlen levert de mutatiegraad van de corporaties aan" in section
    assert re.search(r'<a href="#uit-de-leerkring">Uit de leerkring</a>', handout)  # in the table of contents
    other = (out / "parkstad" / "woonzorgvisie.html").read_text(encoding="utf-8")
    assert "Uit de leerkring" not in other  # the notes were for another theme
    guide = (out.parent / "begeleiders" / "parkstad" / "procesorganisatie-begeleider.html").read_text(encoding="utf-8")
    assert "Uit de vorige sessie (Analyse, 12 maart 2026)" in guide  # the next session's guide opens with it


def test_each_session_has_a_participant_sheet_with_the_regions_own_figures_and_no_answer(site):
    out, data_dir = site
    dataset = wd.load_dataset(data_dir)
    for thema in ("woonzorganalyse", "procesorganisatie", "woonzorgvisie", "terugblik"):
        sheet = out / "parkstad" / f"{thema}-deelnemers.html"
        assert sheet.is_file(), sheet
        page = sheet.read_text(encoding="utf-8")
        assert "Stadsregio Parkstad Limburg" in page and "Huiswerk" in page and "Voorzitter" in page
        assert "Heerlen" in page and "Beekdaelen" in page  # the region's municipalities bring their figures
        if thema == "terugblik":
            continue
        for o in leerkring.opdrachten(dataset, "parkstad", thema):  # no answer on a sheet
            hidden = ([o.uitleg, *(x.uitleg for x in o.opties)] if isinstance(o, leerkring.Keuze)
                      else [o.antwoord_tekst, o.uitleg])
            assert not [h for h in hidden if h in page], (thema, o.id)
    # the key figures the notebook recorded, as the handout shows them
    import nbformat

    from woonzorg import dutch, themes
    from woonzorg.present.record import read_kerncijfers

    for thema in ("woonzorganalyse", "woonzorgvisie"):
        figures = read_kerncijfers(nbformat.read(out / "parkstad" / f"{thema}.ipynb", as_version=4))
        page = (out / "parkstad" / f"{thema}-deelnemers.html").read_text(encoding="utf-8")
        shown = [key for key, declared in themes.get(thema).key_figures.items() if key in figures]
        assert len(shown) >= 3
        for key in shown:
            declared = themes.get(thema).key_figures[key]
            assert f'<dd class="wz-kerncijfer">{dutch.figure(figures[key], declared.kind)}' in page.replace(
                "&#39;", "'"), (thema, key)
    terugblik = (out / "parkstad" / "terugblik.html").read_text(encoding="utf-8")
    assert "Terugblik op de leerkring — Stadsregio Parkstad Limburg" in terugblik
    assert "Sessie 1: Analyse" in terugblik and "Sessie 3: Visie" in terugblik


def test_participant_sheets_print_to_one_page_each_with_pdf(tmp_path):
    import pypdf

    from woonzorg.publish import export

    if not export.find_chromium():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    report = build(regios=["groningen"], themas=["woonzorgvisie"], out_dir=tmp_path, workers=1, pdf=True)
    assert report.ok, report.summary()
    for name in ("woonzorgvisie-deelnemers", "terugblik-deelnemers"):
        assert (tmp_path / "groningen" / f"{name}.html").is_file()
        pdf = pypdf.PdfReader(tmp_path / "groningen" / f"{name}.pdf")
        assert len(pdf.pages) == 1, name
        text = pdf.pages[0].extract_text()
        assert "Groningen" in text and "Huiswerk" in text


def test_a_missing_participant_sheet_is_built_again(site):
    out, data_dir = site
    (out / "parkstad" / "procesorganisatie-deelnemers.html").unlink()
    (out / "parkstad" / "terugblik.html").unlink()
    report = build(regios=["parkstad"], data_dir=data_dir, out_dir=out, workers=1)
    assert report.ok, report.summary()
    reasons = {r.task.thema: r.reason for r in report.built}
    assert set(reasons) == {"procesorganisatie", "woonzorgvisie"}, report.summary()
    assert "procesorganisatie-deelnemers.html" in reasons["procesorganisatie"]
    assert "terugblik.html" in reasons["woonzorgvisie"]
    assert (out / "parkstad" / "procesorganisatie-deelnemers.html").is_file()
    assert (out / "parkstad" / "terugblik.html").is_file()
