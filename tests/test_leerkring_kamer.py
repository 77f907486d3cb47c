"""The session server for a room: `woonzorg leerkring parkstad` on loopback with a token, eight participants at once.

Eight participant pages (four at 390 px) each submit a full zelfscan at about the same moment; the
facilitator's live view shows n = 8 with the right median and spread per stelling, most disagreement first;
after the pages close the server holds no more kernels than before; a rebuilt guide shows the round.
Everything runs on 127.0.0.1 and the test stops the server it started.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from woonzorg import dutch, paths
from woonzorg.leerkring import app, groepsscan
from woonzorg.publish import build
from childproc import sigint_as_at_a_terminal

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("voila")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--lang=nl-NL"]
PARTICIPANTS = 8
TYPES = list(groepsscan.ORGANISATIETYPEN)
WACHTTIJD = 6  # seconds a kernel without a page is kept: short, so that the culler is seen within the test


def kernels_of(pid: int) -> list[int]:
    """The server's kernel processes (children running ipykernel), from /proc."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{pid}$", text, re.M) and b"ipykernel" in command and "zombie" not in text:
            found.append(int(status.parent.name))
    return found


def score(participant: int, index: int) -> int:
    """The score participant ``participant`` gives stelling number ``index``: varied, some unanimous."""
    if index % 7 == 0:
        return 3  # a stelling everyone agrees on: spread 0, last in the facilitator's list
    return 1 + (participant * (index + 1) + index) % 4


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    root = tmp_path_factory.mktemp("leerkring-kamer")
    data_dir, out, werkboeken = root / "data", root / "handreikingen", root / "werkboeken"
    shutil.copytree(paths.PROJECT_ROOT / "data", data_dir)
    report = build(regios=["parkstad"], themas=["woonzorganalyse", "procesorganisatie"], data_dir=data_dir,
                   out_dir=out, workers=1)
    assert report.ok, report.summary()
    port = app.free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(paths.PACKAGE_DIR.parent), os.environ.get("PYTHONPATH", "")]))
    process = subprocess.Popen(
        [sys.executable, "-m", "woonzorg.cli", "leerkring", "parkstad", "--poort", str(port), "--data", str(data_dir),
         "--out", str(out), "--werkboeken", str(werkboeken), "--wachttijd", str(WACHTTIJD)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, preexec_fn=sigint_as_at_a_terminal)
    try:
        first, second = process.stdout.readline(), process.stdout.readline()
        link = re.search(rf"http://127\.0\.0\.1:{port}/leerkring/\?token=([\w-]+)", first)
        assert link, first
        leader = re.search(rf"http://127\.0\.0\.1:{port}/leerkring/begeleider\?token={link.group(1)}&sleutel=[\w-]+",
                           second)
        assert leader, second
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5)
            except urllib.error.HTTPError as exc:  # 403: the Dutch page for who has no token; the server is up
                assert exc.code == 403
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, first
                time.sleep(0.3)
        yield {"link": link.group(0), "begeleider": leader.group(0), "token": link.group(1), "port": port,
               "process": process, "data": data_dir, "out": out}
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_without_the_token_nothing_opens(room):
    base = f"http://127.0.0.1:{room['port']}"
    for path in ("/leerkring/", "/leerkring/zelfscan", "/leerkring/ronde", "/voila/render/woonzorganalyse.ipynb"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(urllib.request.Request(base + path), timeout=10)
        assert refused.value.code == 403 and "Toegang tot de leerkring" in refused.value.read().decode(), path
    with urllib.request.urlopen(base + f"/leerkring/zelfscan?token={room['token']}", timeout=10) as answer:
        assert answer.status == 200
    # the token alone (a participant) does not open the facilitator's pages: no round, no notes
    for path in ("/leerkring/begeleider", "/leerkring/ronde", "/leerkring/notities"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + f"{path}?token={room['token']}", timeout=10)
        assert refused.value.code == 403 and "alleen voor de begeleider" in refused.value.read().decode(), path
    with urllib.request.urlopen(room["begeleider"], timeout=10) as answer:
        assert answer.status == 200 and "Een ronde openen" in answer.read().decode()


def test_eight_participants_at_once_a_live_facilitator_view_and_no_kernel_left(room):
    process = room["process"]
    stellingen = list(groepsscan.stellingen(room["data"])["stelling"])
    before = len(kernels_of(process.pid))
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            leader = browser.new_context(locale="nl-NL").new_page()
            leader.goto(room["begeleider"])
            assert leader.locator(".wz-qr svg").count() == 1
            leader.fill("#wz-datum", "2026-12-08")
            leader.fill("#wz-titel", "Startmeting Parkstad")
            leader.get_by_role("button", name="Ronde openen").click()
            leader.locator("#wz-ronde", has_text="Startmeting Parkstad").wait_for(timeout=15_000)

            pages = []
            for i in range(PARTICIPANTS):
                small = i % 2 == 1
                context = browser.new_context(locale="nl-NL", **({"viewport": {"width": 390, "height": 844},
                                                                 "is_mobile": True, "has_touch": True} if small else {}))
                page = context.new_page()
                page.goto(room["link"])
                page.get_by_role("link", name=re.compile("Zelfscan invullen")).click()
                page.fill("#wz-naam", f"tafel {i + 1}")
                page.locator('[data-veld="organisatietype"] button').nth(i % len(TYPES)).click()
                for index, stelling in enumerate(stellingen):
                    page.locator(f'[data-stelling="{stelling}"] button[data-waarde="{score(i, index)}"]').click()
                pages.append((page, small))
            # two participants also open a workbook: each page has its own kernel
            workbooks = []
            for page, _ in (pages[0], pages[5]):
                tab = page.context.new_page()
                tab.goto(f"http://127.0.0.1:{room['port']}/voila/render/woonzorganalyse.ipynb")
                tab.wait_for_selector("text=Terug naar de uitgangswaarden", timeout=120_000)
                workbooks.append(tab)
            assert len(kernels_of(process.pid)) >= before + 2

            for page, small in pages:
                chosen = page.locator('[data-stelling] button[aria-pressed="true"]')
                assert chosen.count() == len(stellingen)
                mark = chosen.first.evaluate("b => getComputedStyle(b, '::before').content")
                assert "\u2713" in mark
                if small:  # one column at 390 px: nothing wider than the screen, options full width
                    assert page.evaluate("document.documentElement.scrollWidth") <= 390
                    width = page.locator('[data-stelling] button').first.bounding_box()["width"]
                    assert width > 300, width
            for page, _ in pages:  # all at about the same moment: the requests do not wait for each other
                page.evaluate("document.getElementById('wz-zelfscan').requestSubmit()")
            for page, _ in pages:
                page.locator("#wz-melding.wz-goed", has_text="opgeslagen").wait_for(timeout=30_000)

            leader.locator("#wz-aantal", has_text=str(PARTICIPANTS)).wait_for(timeout=15_000)
            rows = leader.locator("#wz-overzicht tbody tr")
            assert rows.count() == len(stellingen)
            spreads = []
            for r in range(rows.count()):
                row = rows.nth(r)
                stelling = row.get_attribute("data-stelling")
                values = np.array([score(i, stellingen.index(stelling)) for i in range(PARTICIPANTS)])
                q1, q3 = np.percentile(values, [25, 75])
                assert row.locator(".wz-n").inner_text() == str(PARTICIPANTS)
                assert row.locator(".wz-mediaan").inner_text() == dutch.number(float(np.median(values)), 1)
                assert row.locator(".wz-spreiding").inner_text() == dutch.number(float(q3 - q1), 1), stelling
                spreads.append(float(q3 - q1))
            assert spreads == sorted(spreads, reverse=True)  # most disagreement first
            assert spreads[-1] == 0

            workbooks[0].close(run_before_unload=True)  # a page that closes: Voilà shuts its kernel down
            for page, _ in pages:
                page.context.close()  # the other workbook tab goes without a word: the culler takes its kernel
            deadline = time.monotonic() + WACHTTIJD + 60
            while len(kernels_of(process.pid)) > before:
                assert time.monotonic() < deadline, kernels_of(process.pid)
                time.sleep(1)
        finally:
            browser.close()

    report = build(regios=["parkstad"], themas=["procesorganisatie"], data_dir=room["data"], out_dir=room["out"],
                   workers=1)
    assert report.ok, report.summary()
    guide = (room["out"] / "parkstad" / "procesorganisatie.html").read_text(encoding="utf-8")
    section = guide[guide.index('id="zelfscan-in-de-groep"'):]
    assert "Startmeting Parkstad (8 december 2026): 8 deelnemers" in section
    assert "Spreiding" in section and "tafel 1" not in guide  # pseudonyms never reach the guide


def test_a_bod_ronde_and_an_own_figure_entered_in_the_app_appear_in_the_rebuilt_guides(room):
    from woonzorg.data import load_dataset
    from woonzorg.leerkring import bodinvoer

    delen = bodinvoer.eerlijke_delen(load_dataset(room["data"]), "parkstad", "inwoners")
    heerlen = delen.set_index("gemeente").loc["Heerlen"]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844}).new_page()
            page.goto(room["link"])
            page.get_by_role("link", name=re.compile("Bod-ronde")).click()
            page.select_option("#wz-sleutel", "inwoners")
            row = page.locator(f'tr[data-gemeente="{heerlen.gemeentecode}"]')
            assert row.locator(".wz-deel").inner_text() == dutch.number(heerlen.eerlijk_aandeel, 1)
            row.locator("input").fill("80")
            assert row.locator(".wz-verschil").inner_text() == "+" + dutch.number(80 - heerlen.eerlijk_aandeel, 1)
            for code in delen["gemeentecode"]:
                field = page.locator(f'input[data-bod="{code}"]')
                if not field.input_value():
                    field.fill("12,5")
            page.fill("#wz-bod-datum", "2026-12-08")
            page.get_by_role("button", name="Bod opslaan").click()
            page.locator("#wz-bod-melding.wz-goed").wait_for(timeout=30_000)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390

            page.goto(room["link"])
            page.get_by_role("link", name=re.compile("Eigen cijfer")).click()
            page.select_option("#wz-wat", "taakstelling_vergunninghouders|GM1954")
            page.fill("#wz-waarde", "-5")
            page.fill("#wz-periode", "2025-H1")
            page.get_by_role("button", name="Cijfer opslaan").click()
            refused = page.locator("#wz-cijfer-melding.wz-fout")
            refused.wait_for(timeout=30_000)
            assert "Bron" in refused.inner_text()  # the data request's rule, named by the field
            page.fill("#wz-waarde", "37")
            page.fill("#wz-bron", "Gemeente Beekdaelen, eigen registratie uit de leerkring")
            page.get_by_role("button", name="Cijfer opslaan").click()
            page.locator("#wz-cijfer-melding.wz-goed").wait_for(timeout=30_000)
        finally:
            browser.close()

    report = build(regios=["parkstad"], themas=["woonzorgvisie", "woonzorganalyse"], data_dir=room["data"],
                   out_dir=room["out"], workers=1)
    assert report.ok, report.summary()
    visie = (room["out"] / "parkstad" / "woonzorgvisie.html").read_text(encoding="utf-8")
    section = visie[visie.index('id="bod-ronde"'):]
    assert "Bod-ronde van 8 december 2026" in section and ">80,0<" in section
    assert f">+{dutch.number(80 - heerlen.eerlijk_aandeel, 1)}<" in section
    analyse = (room["out"] / "parkstad" / "woonzorganalyse.html").read_text(encoding="utf-8")
    # the analysis checks its model against the new observation: Beekdaelen, 2025-H1, 37 observed
    assert re.search(r"Beekdaelen</td>.{0,80}2025-H1.{0,80}>37<", analyse)


def test_the_notulist_enters_several_notes_at_once_and_the_facilitator_corrects_withdraws_and_hides_them(room):
    from woonzorg.data import load_dataset
    from woonzorg.leerkring import sessie_html

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="nl-NL").new_page()
            page.goto(room["begeleider"])
            page.get_by_role("link", name=re.compile("Keuzes en notities")).click()
            new = page.locator("form.wz-json").first
            new.locator("select[name=thema]").select_option("woonzorganalyse")
            new.locator("textarea").fill("Heerlen levert de mutatiegraad\nTik fout\nWethouder twijfelt")
            new.locator("input[name=datum]").fill("2026-12-08")
            new.get_by_role("button", name="Opslaan").click()
            new.locator(".wz-melding.wz-goed", has_text="3 regels opgeslagen").wait_for(timeout=15_000)
            page.reload()

            def note(text):
                return page.locator("form.wz-notitie", has=page.locator(f"textarea:text-is('{text}')"))

            note("Tik fout").get_by_role("button", name="Intrekken").click()
            note("Tik fout").locator(".wz-melding.wz-goed").wait_for(timeout=15_000)
            note("Wethouder twijfelt").get_by_role("button", name="Intern maken").click()
            note("Wethouder twijfelt").locator(".wz-melding.wz-goed").wait_for(timeout=15_000)
            heerlen = note("Heerlen levert de mutatiegraad")
            heerlen.locator("textarea").fill("Heerlen en Kerkrade leveren de mutatiegraad")
            heerlen.get_by_role("button", name="Wijziging opslaan").click()
            heerlen.locator(".wz-melding.wz-goed").wait_for(timeout=15_000)
            page.reload()
            listed = page.locator("main").inner_text()
            assert "Tik fout" not in listed and "intern" in listed and "gewijzigd" in listed
        finally:
            browser.close()
    guide = sessie_html(load_dataset(room["data"]), "parkstad", "woonzorganalyse").markup
    assert "Heerlen en Kerkrade leveren de mutatiegraad" in guide
    assert "Tik fout" not in guide and "Wethouder twijfelt" not in guide
