"""`make lab` in Debian's Chromium: JupyterLab's menus are Dutch and no news pop-up asks anything (also as root)."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from woonzorg import paths
from woonzorg.leerkring import app

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None or shutil.which("make") is None:
    pytest.skip("Debian's chromium (apt-get install chromium) and make are needed", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab` with this interpreter's venv (the install step skipped: -o the stamp) and private settings."""
    settings = tmp_path_factory.mktemp("lab-settings")
    port, token = app.free_port(), secrets.token_hex(16)
    venv = Path(sys.prefix)
    flags = f"--port={port} --ServerApp.port_retries=0 --no-browser --IdentityProvider.token={token}"
    process = subprocess.Popen(
        ["make", "-C", str(paths.PROJECT_ROOT), "-o", str(venv / ".installed"), "lab", f"VENV={venv}",
         f"LAB_SETTINGS={settings}", f"LAB_FLAGS={flags}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5).read()
            break
        except OSError:
            assert process.poll() is None, "make lab stopped"
            assert time.monotonic() < deadline, "make lab did not start"
            time.sleep(0.5)
    yield {"url": f"{base}/lab?token={token}", "settings": settings}
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def test_make_lab_installs_the_dutch_settings(lab):
    installed = lab["settings"] / "overrides.d" / "woonzorg.json"
    shipped = paths.PACKAGE_DIR / "leerkring" / "share" / "lab" / "settings" / "overrides.json"
    assert installed.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
    assert '"locale": "nl_NL"' in installed.read_text(encoding="utf-8")


def test_jupyterlab_menus_are_dutch_and_no_news_popup(lab):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(lab["url"])
        page.wait_for_selector(".lm-MenuBar-itemLabel", timeout=90_000)
        page.wait_for_function("() => [...document.querySelectorAll('.lm-MenuBar-itemLabel')]"
                               ".some(e => e.textContent === 'Bestand')", timeout=60_000)
        labels = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert "Bestand" in labels and "Bewerk" in labels and "Uitvoeren" in labels, labels
        assert "File" not in labels and "Edit" not in labels
        time.sleep(2)  # the news question would come up shortly after start
        body = page.locator("body").inner_text()
        assert not re.search(r"official Jupyter news|receive .*news", body, re.I)
        browser.close()
