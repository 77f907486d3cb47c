"""Safe text at every boundary (issue 19, items 4, 7, 12): CSV cells defused for ',' and ';' readers,
control characters refused on save, names escaped for Markdown and HTML, nothing raw on the terminal."""

from __future__ import annotations

import csv
import errno
import io
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from woonzorg import data as wd
from woonzorg import cli, proces, regions, safetext, storage

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cells_as_read(text: str, delimiter: str) -> list[str]:
    """Every cell a spreadsheet sees when it splits the file on ``delimiter`` (Python's csv as a stand-in)."""
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) for cell in row]


def dangerous(cells: list[str]) -> list[str]:
    return [c for c in cells if c.lstrip(" \"").startswith(FORMULA_START)]


# --------------------------------------------------------------------------------------------
# CSV cells


@pytest.mark.parametrize("note", ["a;b;c;=1+1", "=HYPERLINK(\"http://x\";\"klik\")", "+31 6 1234", "-2+3",
                                  "@SUM(A1)", "\t=1", "x, =1", 'a;"=1+1"', "a; =1+1"])
def test_does_no_cell_start_a_formula_for_comma_or_semicolon_readers(tmp_path, note):
    path = tmp_path / "notities.csv"
    storage.append_rows(path, ["regio", "tekst"], [["parkstad", note]])
    text = path.read_text(encoding="utf-8")
    assert dangerous(cells_as_read(text, ",")) == []
    assert dangerous(cells_as_read(text, ";")) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab =+-@;,\"'\t1")), max_size=20))
def test_is_any_defused_text_safe_for_both_readers_and_restored_as_typed(text):
    defused = safetext.defuse_cell(text)
    assert safetext.defuse_cell(defused) == defused
    assert safetext.restore_cell(defused) == safetext.restore_cell(text)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(["x", defused, "y"])
    assert dangerous(cells_as_read(buffer.getvalue(), ",")) == []
    assert dangerous(cells_as_read(buffer.getvalue(), ";")) == []


def test_does_a_session_note_round_trip_as_typed(tmp_path):
    path = tmp_path / "notities.csv"
    storage.append_rows(path, ["regio", "tekst"], [["parkstad", "a;b;c;=1+1"]])
    assert "a;b;c;'=1+1" in path.read_text(encoding="utf-8")
    assert safetext.restore_cell("a;b;c;'=1+1") == "a;b;c;=1+1"


def test_are_numbers_written_as_numbers():
    assert safetext.defuse_cell(-5) == -5
    assert safetext.defuse_cell("Arnhem-Nijmegen") == "Arnhem-Nijmegen"


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x9b", "\u202e", "\u200b", "\ufffe", "\U000e0001"])
def test_does_a_zelfscan_save_refuse_a_control_character_and_write_nothing(data_copy, char):
    path = data_copy / "zelfscan-antwoorden.csv"
    before = path.read_bytes()
    with pytest.raises(wd.DataValidationError) as caught:
        proces.save_zelfscan("enschede", {"eig-1": 3}, respondentgroep=f"tafel{char}2", data_dir=data_copy)
    error = caught.value.errors[0]
    assert (error.file, error.kolom) == ("data/zelfscan-antwoorden.csv", "respondentgroep")
    assert "stuurteken" in error.message or "onzichtbaar teken" in error.message
    assert path.read_bytes() == before
    assert len(wd.load_dataset(data_copy)["zelfscan-antwoorden"]) > 0  # the dataset still loads


def test_does_a_zelfscan_save_work_on_a_zero_byte_file(data_copy):
    path = data_copy / "zelfscan-antwoorden.csv"
    path.write_bytes(b"")
    saved = proces.save_zelfscan("enschede", {"eig-1": 3}, respondentgroep="=tafel 2", data_dir=data_copy)
    assert saved.ronde == 1
    frame = wd.load_dataset(data_copy)["zelfscan-antwoorden"]
    assert list(frame["respondentgroep"]) == ["=tafel 2"]
    assert "'=tafel 2" in path.read_text(encoding="utf-8")


def read_only(monkeypatch, where: str) -> None:
    """Make the data folder behave as read-only (the tests may run as root, who can write anywhere)."""
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    if where == "lock":
        monkeypatch.setattr(storage.FileLock, "acquire", refuse)
    else:
        monkeypatch.setattr(storage, "write_atomically", refuse)


@pytest.mark.parametrize("where", ["lock", "write"])
def test_is_a_zelfscan_save_into_a_read_only_folder_a_dutch_error(data_copy, monkeypatch, where):
    path = data_copy / "zelfscan-antwoorden.csv"
    before = path.read_bytes()
    read_only(monkeypatch, where)
    with pytest.raises(storage.NotWritable) as caught:
        proces.save_zelfscan("enschede", {"eig-1": 3}, respondentgroep="tafel", data_dir=data_copy)
    assert "data/zelfscan-antwoorden.csv: kan niet worden opgeslagen" in str(caught.value)
    assert "alleen-lezen" in str(caught.value)
    assert isinstance(caught.value, wd.DataValidationError)  # what the save widgets already show
    assert path.read_bytes() == before


@pytest.mark.parametrize("option,value", [("naam", "Kwaad\x1b[31m"), ("naam", "Kwaad\n\n# kop"),
                                          ("bron", "=HYPERLINK(\"x\")\x00")])
def test_does_regio_toevoegen_refuse_control_characters(data_copy, option, value):
    before = (data_copy / "regio-indeling.csv").read_bytes()
    kwargs = {"naam": "Kwaad", "bron": "eigen"} | {option: value}
    with pytest.raises(regions.RegionDefinitionError, match=f"--{option} bevat een stuurteken"):
        regions.add_region(data_copy, "kwaad", kwargs["naam"], ["GM0141"], bron=kwargs["bron"])
    assert (data_copy / "regio-indeling.csv").read_bytes() == before


def test_is_a_formula_in_a_region_source_defused(data_copy):
    regions.add_region(data_copy, "kwaad", "=Kwaad", ["GM0141"], bron="=HYPERLINK(\"http://x\")")
    text = (data_copy / "regio-indeling.csv").read_text(encoding="utf-8")
    assert dangerous(cells_as_read(text, ",")) == [] and dangerous(cells_as_read(text, ";")) == []
    region = regions.get_region(wd.load_dataset(data_copy), "kwaad")
    assert region.naam == "=Kwaad"


# --------------------------------------------------------------------------------------------
# Markdown


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        links = [v or "" for k, v in attrs if k in ("href", "src")]
        if tag == "a" and all(link.startswith("#") for link in links) and links:
            return  # nbconvert's own anchor link beside a heading
        self.tags.append(tag)
        self.hrefs += links


def rendered(markdown: str) -> Elements:
    parser = Elements()
    parser.feed(markdown2html_mistune(markdown))
    return parser


HOSTILE_NAMES = [
    "Regio\n\n# Kop\n\n[klik](javascript:alert(1)) ![x](https://kwaad.example/p.png)",
    "<script>alert(1)</script> <img src=x onerror=alert(2)>",
    "[klik](javascript:alert(3))", "![x](https://kwaad.example/pixel.png)", "<https://kwaad.example>",
    "zie https://kwaad.example en www.kwaad.example of iemand@kwaad.example",
    "# kop", "1. lijst", "- lijst", "> citaat", "`code`", "a | b", "&lt;script&gt;", "J&V",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_does_a_name_in_markdown_render_as_one_paragraph_of_text(name):
    page = rendered(f"# Concept-woonzorgvisie {safetext.markdown_text(name)}\n\nDe regio {safetext.markdown_text(name)}.")
    assert set(page.tags) <= {"h1", "p"}, page.tags
    assert page.tags.count("h1") == 1
    assert page.hrefs == []


def test_does_an_ampersand_stay_an_ampersand_in_the_markdown_file():
    assert safetext.markdown_text("Min. J&V en BZK") == "Min. J&V en BZK"
    assert safetext.markdown_text("&amp;") == "\\&amp;"  # shown as the text '&amp;', not as '&'
    assert "J&amp;V" in markdown2html_mistune(safetext.markdown_text("J&V"))  # HTML-escaped only in HTML


def test_does_the_markdown_escape_keep_the_text_readable():
    html = markdown2html_mistune(safetext.markdown_text("Regio *Zuid* [1] <b>"))
    assert html.strip() == "<p>Regio <em>Zuid</em> [1] &lt;b&gt;</p>"  # emphasis is harmless and stays
    for figure in ("+347", "1.961", "-2.663", "14,0%", "Arnhem-Nijmegen", "'s-Hertogenbosch"):
        assert safetext.markdown_text(figure) == figure


def test_may_a_source_link_while_a_name_may_not():
    source = "Weller, https://www.wellernet.nl/nieuws_2024 (javascript:alert(1))"
    as_source = safetext.markdown_text(source, links=True)
    assert "https://www.wellernet.nl/nieuws_2024" in as_source and "javascript\\:" in as_source
    assert rendered(as_source).hrefs == ["https://www.wellernet.nl/nieuws_2024"]
    assert rendered(safetext.markdown_text(source)).hrefs == []
    assert safetext.markdown_text(as_source) == as_source  # escaped once (a Jinja finalize after a filter)


def test_is_a_control_character_refused_on_its_way_into_markdown():
    with pytest.raises(safetext.UnsafeText):
        safetext.markdown_text("Regio\x1b[31m")
    assert safetext.markdown_text("regel 1\n\nregel 2") == "regel 1 regel 2"


def test_does_the_terminal_never_get_an_escape_sequence():
    assert safetext.terminal_text("Regio\x1b[2J\x1b]0;titel\x07") == "Regio\\x1b[2J\\x1b]0;titel\\x07"


@pytest.mark.parametrize("char, name", [("\u200b", "U+200B (ZERO WIDTH SPACE)"), ("\ufffe", "U+FFFE (geen teken)"),
                                        ("\U000e0001", "U+E0001 (LANGUAGE TAG)"), ("\u00ad", "U+00AD (SOFT HYPHEN)")])
def test_does_check_refuse_an_invisible_character_like_a_control_character(data_copy, capsys, char, name):
    """Issue 33: U+200B, U+FFFE and U+E0001 were accepted while other invisible characters were refused."""
    path = data_copy / "waarnemingen.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[1] = lines[1].replace("Enschede", f"Ensch{char}ede", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    assert cli.main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "data/waarnemingen.csv, regel 2, kolom gebied: " in err and f"onzichtbaar teken {name}" in err
    assert char not in err  # shown by its code, never printed as it is
