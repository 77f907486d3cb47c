"""The site search: a static index of the published guides and a small script of the site's own.

Pagefind was the first choice, but its search runs as WebAssembly (a CSP without
``'wasm-unsafe-eval'`` blocks it) and fetches its index, which browsers refuse for pages opened
from disk (``file://``). So the index is a script, ``assets/zoekindex.js``, that the index page
loads from the site itself like the search code (``assets/zoeken.js``): it works offline, from a
folder or a web server, with ``script-src 'self'`` and nothing else. One entry per section (``h2``)
of every handout, appendix and municipality page, with its region; facilitator guides are not indexed.
Every public page has the search form; results of the reader's own region come first, a list
narrows them to one region, and they show 25 at a time (``static/zoeken.js``).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from woonzorg import names, paths
from woonzorg.storage import write_if_changed

SEARCH_SCRIPT = paths.PACKAGE_DIR / "static" / "zoeken.js"
INDEX_SCRIPT = "zoekindex.js"
MAX_SECTION_CHARS = 3000  # enough to find a section by its words; the index stays small
NOT_INDEXED = re.compile(r"-begeleider\.html$")


class _Sections(HTMLParser):
    """The text of a page's <main>, split at its h2 headings: (heading, id, text) per section."""

    SKIP = {"script", "style", "nav", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.sections: list[list[str]] = [["", "", ""]]
        self._in_main = 0
        self._skip = 0
        self._in_title = False
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "main":
            self._in_main += 1
        elif tag in self.SKIP:
            self._skip += 1
        elif tag == "h2" and self._in_main and not self._skip:
            self._in_h2 = True
            self.sections.append(["", attrs.get("id") or "", ""])
        elif tag == "img" and self._in_main and attrs.get("alt"):
            self.sections[-1][2] += " " + attrs["alt"]

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "main":
            self._in_main -= 1
        elif tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif self._in_main and not self._skip:
            self.sections[-1][0 if self._in_h2 else 2] += (data if self._in_h2 else " " + data)


def _clean(text: str) -> str:
    """A title or heading as a reader reads it: without the anchor mark "¶" and the site's name."""
    return re.sub(r"\s+", " ", text.replace("¶", "").removesuffix(SITE_SUFFIX)).strip()


SITE_SUFFIX = " — Een thuis voor iedereen"  # the site's pages end their <title> with it


def page_entries(page: Path, url: str) -> list[dict]:
    """The search entries of one page: a section per h2, with its region (the first folder of ``url``)."""
    parser = _Sections()
    parser.feed(page.read_text(encoding="utf-8"))
    entries = []
    regio = url.split("/")[0] if "/" in url else ""
    for heading, ident, text in parser.sections:
        text = re.sub(r"\s+", " ", text).strip()
        if not text and not heading:
            continue
        entries.append({"u": url + (f"#{ident}" if ident else ""), "t": _clean(parser.title), "r": regio,
                        "k": _clean(heading), "x": text[:MAX_SECTION_CHARS]})
    return entries


def entries_of(out: Path, pages: list[Path]) -> dict[str, list[dict]]:
    """The search entries of these pages (those that exist and are indexed), by their URL in the site at ``out``.

    A build task reads the pages it has just written (:func:`woonzorg.publish.worker.run_task`); the
    site's index then takes them from there instead of parsing every page itself, one after another."""
    found = {}
    for page in pages:
        if page.exists() and not NOT_INDEXED.search(page.name):
            url = page.relative_to(out).as_posix()
            found[url] = page_entries(page, url)
    return found


def search_index(out: Path, known: dict[str, list[dict]] | None = None) -> list[dict]:
    """Every section of every public guide page under ``out``, then of every municipality page (each sorted
    by path: the same site gives the same index).

    ``known`` holds the entries of pages already read (:func:`entries_of`), by URL; other pages are read here."""
    entries: list[dict] = []
    # the guides first, then the municipality pages (an equal hit shows the guide's section first)
    for page in [*sorted(out.glob("*/*.html")), *sorted(out.glob(f"*/{names.MUNICIPALITY_FOLDER}/*.html"))]:
        if NOT_INDEXED.search(page.name):
            continue
        url = page.relative_to(out).as_posix()
        entries += known[url] if known and url in known else page_entries(page, url)
    return entries


def write_search_assets(out: Path, pages_changed: bool = True, known: dict[str, list[dict]] | None = None,
                        regions: list[tuple[str, str]] = ()) -> None:
    """Write ``assets/zoekindex.js`` and ``assets/zoeken.js`` when they differ from what is there.

    The index is read from every guide page (those in ``known`` were read by the build's tasks), so a
    build that changed no page (``pages_changed`` false) keeps the index that is there instead of
    parsing every page again."""
    if not pages_changed and (out / "assets" / INDEX_SCRIPT).exists() and (out / "assets" / "zoeken.js").exists():
        return
    entries = search_index(out, known)
    with_pages = {e["r"] for e in entries}
    index = ("// Zoekindex van de handreikingen (gegenereerd door woonzorg; niet bewerken)\n"
             "window.WZ_ZOEKINDEX = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
             + ";\nwindow.WZ_REGIOS = " + json.dumps([list(r) for r in regions if r[0] in with_pages],
                                                       ensure_ascii=False, separators=(",", ":"))
             + ";\n").encode("utf-8")
    for name, content in ((INDEX_SCRIPT, index), ("zoeken.js", SEARCH_SCRIPT.read_bytes())):
        write_if_changed(out / "assets" / name, content)
