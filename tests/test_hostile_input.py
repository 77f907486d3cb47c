"""Hostile text in data reaches every page escaped: no script runs, nothing is injected."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser

import pytest

from woonzorg import regions
from woonzorg.publish import build
from woonzorg.present.tables import heading

pytestmark = pytest.mark.notebook

EVIL_NAME = """<script>alert("naam")</script> & 'Regio' <img src=x onerror=alert(1)>"""
EVIL_NOTE = """<script>alert('noot')</script><a href="javascript:alert(2)">klik</a> **vet**"""
# Markdown syntax in data reaches the draft woonzorgvisie (a Markdown text)
EVIL_MARKDOWN = """[klik](javascript:alert(3)) ![x](https://kwaad.example/pixel.png) <b onclick=alert(4)>x</b>"""


class ActiveContent(HTMLParser):
    """Real elements and attributes (not text that merely looks like them) that could run or fetch."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        src = dict(attrs).get("src") or ""
        if tag == "script" and re.fullmatch(r"(\.\./)*assets/[a-z]+\.js", src):
            return  # the site's own search script, a file of the site itself (CSP script-src 'self')
        if tag in ("script", "iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and value.startswith(("javascript:", "http:", "https:", "//")):
                if not (tag == "a" and value.startswith(("http:", "https:"))):  # plain links to sources are fine
                    self.found.append(f"<{tag} {name}={value[:40]}>")


def active_content(page: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(page)
    return parser.found


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    import shutil

    from woonzorg import paths

    root = tmp_path_factory.mktemp("hostile")
    data_dir = root / "data"
    shutil.copytree(paths.PROJECT_ROOT / "data", data_dir)
    regions.add_region(data_dir, "kwaad", EVIL_NAME, ["GM0141", "GM0183", "GM1700"],
                       bron=EVIL_NOTE)
    # a hostile note in a theme table as well, where the theme has one
    actors = data_dir / "proces-actoren.csv"
    if actors.exists():
        rows = list(csv.DictReader(actors.open(encoding="utf-8")))
        header = list(rows[0].keys())
        first = dict(rows[0], regio="kwaad")
        for column in ("organisatie", "rol", "toelichting", "opmerking"):
            if column in first:
                first[column] = EVIL_NOTE
        with actors.open("a", encoding="utf-8", newline="") as handle:
            csv.DictWriter(handle, header, lineterminator="\n").writerow(first)
    status = data_dir / "visie-status.csv"
    rows = list(csv.DictReader(status.open(encoding="utf-8")))
    if rows:
        header = list(rows[0].keys())
        first = dict(rows[0], regio="kwaad", toelichting=EVIL_MARKDOWN + " " + EVIL_NOTE)
        with status.open("a", encoding="utf-8", newline="") as handle:
            csv.DictWriter(handle, header, lineterminator="\n").writerow(first)
    out = root / "site"
    report = build(regios=["kwaad"], data_dir=data_dir, out_dir=out, workers=1)
    assert report.ok, report.summary()
    return out


def test_no_page_contains_an_injected_script_or_handler(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert active_content(text) == [], page.relative_to(hostile_site)


def test_does_the_checker_of_this_file_see_active_content():
    assert active_content('<p>&lt;script&gt;</p><img alt="onerror=x" src="data:,">') == []
    assert active_content("<h1><script>alert(1)</script></h1>") == ["<script>"]
    assert active_content('<img src="x" onerror="alert(1)">') == ["<img onerror>"]
    assert active_content('<a href="javascript:alert(1)">x</a>') == ["<a href=javascript:alert(1)>"]


def test_is_a_heading_from_data_shown_as_text():
    assert heading(EVIL_NAME).to_html().startswith("<h1>&lt;script&gt;alert(")
    assert active_content(heading(EVIL_NAME, 2).to_html()) == []


def test_the_hostile_name_is_shown_as_text(hostile_site):
    for theme in ("regioprofiel", "procesorganisatie", "woonzorgvisie", "woonzorganalyse"):
        page = (hostile_site / "kwaad" / f"{theme}.html").read_text(encoding="utf-8")
        assert "<h1>" in page and "&lt;script&gt;alert(" in page.split("<h1>", 1)[1].split("</h1>", 1)[0], theme


def test_is_markdown_from_data_in_the_draft_text_made_harmless(hostile_site):
    page = (hostile_site / "kwaad" / "woonzorgvisie.html").read_text(encoding="utf-8")
    assert "kwaad.example" not in page.split("<img", 1)[-1].split(">", 1)[0]
    assert active_content(page) == []


def test_pages_forbid_scripts_by_content_security_policy(hostile_site):
    """Public pages run only the site's own search files ('self'), the others no script at all; never inline."""
    for page in sorted(hostile_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
        assert policy, page.name
        allowed = "script-src 'self'" if 'id="wz-zoeken"' in text else "script-src 'none'"
        scripts = re.search(r"script-src ([^;]+)", policy.group(1)).group(1)
        assert allowed in policy.group(1) and "unsafe-inline" not in scripts, page.name


def test_does_an_ampersand_stay_an_ampersand_in_the_draft_markdown(hostile_site):
    drafts = list((hostile_site / "kwaad").rglob("*.md"))
    assert drafts, sorted(p.name for p in (hostile_site / "kwaad").iterdir())
    text = drafts[0].read_text(encoding="utf-8")
    assert "&amp;" not in text and "&lt;" not in text
    assert "\\<script\\>" in text  # Markdown-escaped instead: still shown as text, not run
