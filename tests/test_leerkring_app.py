"""The workbook as a Dutch app (``woonzorg leerkring <id>``): Voilà on 127.0.0.1 with a token, in Debian's Chromium.

A participant sees no code and no English, moves a control and sees a figure change, answers an
exercise with Enter (wrong, then right: two different feedback texts), saves a session that the next
build shows, and Ctrl-C stops the server with its kernels.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from woonzorg import leerkring, paths
from woonzorg import data as wd
from woonzorg.leerkring import app
from woonzorg.publish import build
from childproc import sigint_as_at_a_terminal

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--lang=nl-NL"]
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("voila")

# Words of an English user interface that a participant must not meet (Voilà, JupyterLab, widgets)
ENGLISH = re.compile(r"\b(Loading|Running|Executing|Select items|Kernel|Error|Restart|Run All|Cell|Save|Submit|"
                     r"Reset|Check|Answer|Notebook|Traceback|warning)\b")


def _children(pid: int) -> list[int]:
    """The process ids whose parent is ``pid`` (Linux /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{pid}$", text, re.M):
            found.append(int(status.parent.name))
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`woonzorg leerkring parkstad --poort N` on a private copy of the data; stopped with Ctrl-C (SIGINT)."""
    root = tmp_path_factory.mktemp("leerkring-app")
    data_dir, out, werkboeken = root / "data", root / "handreikingen", root / "werkboeken"
    shutil.copytree(paths.PROJECT_ROOT / "data", data_dir)
    report = build(regios=["parkstad"], themas=["woonzorganalyse"], data_dir=data_dir, out_dir=out, workers=1)
    assert report.ok, report.summary()
    port = app.free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(paths.PACKAGE_DIR.parent), os.environ.get("PYTHONPATH", "")]))
    process = subprocess.Popen(
        [sys.executable, "-m", "woonzorg.cli", "leerkring", "parkstad", "--poort", str(port), "--data", str(data_dir),
         "--out", str(out), "--werkboeken", str(werkboeken)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, preexec_fn=sigint_as_at_a_terminal)
    first = process.stdout.readline()
    address = re.search(r"http://127\.0\.0\.1:\d+/\S*", first)
    assert address and address.group(0).startswith(f"http://127.0.0.1:{port}/leerkring/?token="), first
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(address.group(0), timeout=5).read()
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, process.stdout.read()
            time.sleep(0.3)
    served = {"address": address.group(0), "process": process, "data": data_dir, "out": out,
              "werkboeken": werkboeken}
    yield served
    if process.poll() is None:
        process.kill()


@pytest.fixture(scope="module")
def page(served):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="nl-NL")
        tab = context.new_page()
        tab.goto(served["address"])
        assert tab.locator("html").get_attribute("lang") == "nl"
        listing = tab.locator("main").inner_text()
        assert "Leerkring Stadsregio Parkstad Limburg" in listing and not ENGLISH.search(listing), listing
        assert listing.index("Sessie 1") < listing.index("Sessie 2") < listing.index("Sessie 4: Terugblik")
        tab.get_by_role("link", name=re.compile("Sessie 1: Analyse")).click()
        tab.wait_for_selector(".wz-oefening input", timeout=120_000)
        tab.wait_for_selector("text=Terug naar de uitgangswaarden", timeout=60_000)
        yield tab
        browser.close()


def test_the_workbook_opens_without_code_and_without_english(served, page):
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator(".jp-InputArea-editor, .cm-editor, .CodeMirror").count() == 0
    text = page.locator("body").inner_text()
    assert "Woonzorganalyse" in text and "Stadsregio Parkstad Limburg" in text
    for code in ("import ", "from woonzorg", "display(", "leerkring.oefening", "# Parameters", "regio = "):
        assert code not in text, code
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert not re.search(r"\d\.\d%", text)  # no "7.0%": readouts are Dutch
    assert re.search(r"\d,\d%", text)
    import nbformat

    workbook = nbformat.read(served["werkboeken"] / "parkstad" / "woonzorganalyse.ipynb", as_version=4)
    assert "Uitvoeren" in workbook.cells[0].source  # JupyterLab users read first how to run it
    assert all(c.metadata["jupyter"]["source_hidden"] for c in workbook.cells if c.cell_type == "code")


def test_moving_a_control_changes_a_figure(page):
    scenario = page.locator(".widget-vbox", has_text="Terug naar de uitgangswaarden").last
    output = scenario.locator(".widget-output")
    before = output.inner_text()
    page.locator("select").first.select_option(index=1)  # another verdeelsleutel
    page.wait_for_function("([el, old]) => el.innerText !== old && el.innerText.length > 20",
                           arg=[output.element_handle(), before], timeout=60_000)
    assert output.inner_text() != before
    readout = scenario.locator(".wz-readout").first
    shown = readout.inner_text()
    handle = scenario.locator(".noUi-handle").first
    handle.focus()
    handle.press("ArrowRight")
    page.wait_for_function("([el, old]) => el.innerText !== old", arg=[readout.element_handle(), shown],
                           timeout=30_000)
    assert re.fullmatch(r"-?\d+,\d%", readout.inner_text()), readout.inner_text()
    page.get_by_role("button", name="Terug naar de uitgangswaarden").click()
    page.wait_for_function("([el, old]) => el.innerText === old", arg=[readout.element_handle(), shown],
                           timeout=30_000)


def test_enter_submits_and_wrong_and_right_get_different_feedback(served, page):
    dataset = wd.load_dataset(served["data"])
    opdracht = leerkring.opdrachten(dataset, "parkstad", "woonzorganalyse")[0]
    exercise = page.locator(".wz-oefening").first
    field = exercise.locator("input").first
    field.fill("1")
    field.press("Enter")
    exercise.locator(".wz-fout").wait_for(timeout=30_000)
    wrong = exercise.locator(".wz-terugkoppeling").inner_text()
    field.fill(opdracht.format_value(opdracht.antwoord))
    field.press("Enter")
    exercise.locator(".wz-goed").wait_for(timeout=30_000)
    right = exercise.locator(".wz-terugkoppeling").inner_text()
    assert exercise.locator(".wz-terugkoppeling").count() == 1  # the new feedback replaced the old
    assert wrong.startswith("\u2717 Nog niet goed") and right.startswith("\u2713 Goed!"), (wrong, right)
    assert wrong != right and opdracht.format_value(opdracht.antwoord) not in wrong


def test_a_session_saved_in_the_app_appears_in_the_next_build(served, page):
    form = page.locator(".wz-sessie-formulier").first
    form.locator("input[type=text]").first.fill("tafel app")
    form.locator("textarea").fill("Heerlen brengt de eigen mutatiegraad mee")
    form.get_by_role("button", name="Opslaan").click()
    form.locator(".wz-goed", has_text="Opgeslagen").wait_for(timeout=30_000)
    report = build(regios=["parkstad"], themas=["woonzorganalyse"], data_dir=served["data"], out_dir=served["out"],
                   workers=1)
    assert report.ok, report.summary()
    handout = (served["out"] / "parkstad" / "woonzorganalyse.html").read_text(encoding="utf-8")
    section = handout[handout.index('id="uit-de-leerkring"'):]
    assert "Heerlen brengt de eigen mutatiegraad mee" in section and "tafel app" in section


def _options_apart(options) -> None:
    """No two options of a judgement exercise overlap (a long text wraps inside its own button)."""
    boxes = [options.nth(i).bounding_box() for i in range(options.count())]
    assert len(boxes) >= 3
    for above, below in zip(boxes, boxes[1:]):
        assert above["y"] + above["height"] <= below["y"] + 0.5, (above, below)


def test_a_judgement_exercise_marks_the_chosen_option_and_no_option_overlaps_another(page):
    options = page.locator(".wz-keuzes").first.locator(".widget-toggle-button")
    _options_apart(options)
    options.nth(1).click()
    page.wait_for_function("b => b.getAttribute('aria-pressed') === 'true'", arg=options.nth(1).element_handle(),
                           timeout=15_000)
    assert [options.nth(i).get_attribute("aria-pressed") for i in range(options.count())].count("true") == 1
    assert "\u2713" in options.nth(1).evaluate("b => getComputedStyle(b, '::before').content")
    assert "\u2713" not in options.nth(0).evaluate("b => getComputedStyle(b, '::before').content")


def test_at_390_px_the_workbook_is_one_column_and_nothing_comes_from_another_host(served, page):
    """A phone: the page is no wider than the screen, the title is whole, the controls span the width."""
    context = page.context.browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844},
                                               is_mobile=True, has_touch=True)
    try:
        requested: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        tab = context.new_page()
        tab.goto(served["address"])
        tab.get_by_role("link", name=re.compile("Sessie 1: Analyse")).click()
        tab.wait_for_selector("text=Terug naar de uitgangswaarden", timeout=120_000)
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        title = tab.locator("#rendered_cells h1").first
        box = title.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert title.evaluate("h => h.scrollWidth <= h.clientWidth")  # "Woonzorganalyse …" not cut off
        assert tab.locator("#rendered_cells > div").bounding_box()["width"] > 340  # no 145 px column
        for control in (tab.locator(".widget-slider").first, tab.locator("select").first):
            control_box = control.bounding_box()
            assert control_box["x"] >= 0 and control_box["x"] + control_box["width"] <= 390
            assert control_box["width"] > 250, control_box
        _options_apart(tab.locator(".wz-keuzes").first.locator(".widget-toggle-button"))
        outside = [url for url in requested
                   if not url.startswith(("http://127.0.0.1:", "data:", "blob:", "ws://127.0.0.1:"))]
        assert not outside, outside
    finally:
        context.close()


def test_ctrl_c_stops_the_server_and_its_kernels(served, page):
    process = served["process"]
    kernels = _children(process.pid)
    assert kernels, "the open workbook runs a kernel"
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
    assert "De werkboeken zijn gestopt." in process.stdout.read()
    time.sleep(0.5)
    assert not [pid for pid in kernels if Path(f"/proc/{pid}").exists()
                and "zombie" not in Path(f"/proc/{pid}/status").read_text()]
