"""Downloads beside each guide: every table it shows as CSV and in one Excel workbook, the draft vision as .docx.

Tables come from the executed notebook: :class:`woonzorg.present.tables.Table` attaches its cells as
the page shows them (mimetype :data:`~woonzorg.present.tables.TABLE_MIMETYPE`), so a suppressed cell
(``<10``, ``×``) is suppressed in the downloads as well and every number equals the page's.

- ``<regio>/<thema>-tabel-N.csv``: table N (in page order, the appendix included) — semicolons,
  UTF-8 with a byte-order mark and the cell texts as on the page, which Excel in a Dutch locale reads
  as numbers (``1.234``, ``12,5%``);
- ``<regio>/<thema>-tabellen.xlsx``: one sheet per table, named after its caption, with caption,
  source and peildatum above it, numbers as numbers with the page's decimals (a year stays ``2024``).

No cell of either is a formula: a text the page shows that a spreadsheet would read as one (``=``,
``+``, ``-``, ``@``, tab or CR first) gets the one rule of :mod:`woonzorg.safetext` — a ``'`` before
it in CSV (:func:`~woonzorg.safetext.defuse_cell`), a text cell with Excel's apostrophe prefix in the
workbook; a cell that is a number as the page writes it stays a number.
- for a Markdown attachment (the draft vision) also a Word document of it.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from woonzorg import clock, dutch, safetext
from woonzorg.present.tables import TABLE_MIMETYPE
from woonzorg.publish import htmltags
from woonzorg.storage import write_atomically

if TYPE_CHECKING:
    import nbformat

# the cells a handout drops (woonzorg.publish.preprocessors.HANDOUT_REMOVE_CELL; not imported: nbconvert is slow)
NOT_ON_THE_PAGE = {"remove-cell", "werkboek-only", "begeleider", "remove-output"}


def csv_name(thema: str, number: int) -> str:
    return f"{thema}-tabel-{number}.csv"


def workbook_name(thema: str) -> str:
    return f"{thema}-tabellen.xlsx"


def shown_tables(nb: nbformat.NotebookNode):
    """(cell index, output index, table record) of each table the handout and its appendix show, in order."""
    for i, cell in enumerate(nb.cells):
        if NOT_ON_THE_PAGE & set(cell.metadata.get("tags", [])):
            continue
        for j, output in enumerate(cell.get("outputs", [])):
            record = output.get("data", {}).get(TABLE_MIMETYPE)
            if record is not None:
                yield i, j, record


def collect_tables(nb: nbformat.NotebookNode) -> list[dict]:
    """Every table the guide's pages show, in page order (the records :meth:`Table.shown` wrote)."""
    return [dict(record) for _i, _j, record in shown_tables(nb)]


def municipality_pages(dataset, regio: str) -> dict[str, str]:
    """The CBS names of the municipalities of ``regio`` in ``dataset`` (the build's), with the address of
    each one's page (:func:`woonzorg.names.page_href`): the tables of the region's guides link to them."""
    from woonzorg import names, regions

    return {str(naam): names.page_href(naam) for naam in regions.region_municipalities(dataset, regio)["gemeente"]}


def link_municipalities(markup: str, pages: dict[str, str]) -> str:
    """A table's HTML with each row header that names a municipality of the region linked to its page: a
    header that is the name, or the name with a remark in brackets ("'s-Gravenhage (centrumgemeente)")."""
    names = [(written, href) for name, href in pages.items()
             for written in dict.fromkeys((html.escape(name), html.escape(name, quote=False)))]
    edits = []
    for start, end in htmltags.contents(markup, lambda tag: tag.tag == "th" and tag.attrs.get("scope") == "row"):
        header = markup[start:end]
        for written, href in names:
            if header == written or (header.startswith(f"{written} (") and header.endswith(")") and "<" not in header):
                edits.append((start, start + len(written), f'<a href="{html.escape(href, quote=True)}">{written}</a>'))
                break
    return htmltags.splice(markup, edits)


def download_links(thema: str, number: int, caption: str) -> str:
    """The links under table ``number`` of a guide: its CSV and the guide's Excel workbook."""
    return (f'<p class="wz-download">Download deze tabel: '
            f'<a href="{csv_name(thema, number)}" download aria-label="CSV van tabel {number}: '
            f'{html.escape(caption, quote=True)}">CSV</a> · '
            f'<a href="{workbook_name(thema)}" download aria-label="Excel met alle tabellen van deze handreiking">'
            f'Excel (alle tabellen)</a></p>')


def _peildatum(record: dict, bronnen: list[dict]) -> str:
    """The table's own peildatum, else that of a recorded source its source line names."""
    if record.get("peildatum"):
        return str(record["peildatum"])
    bron = str(record.get("bron", ""))
    for source in bronnen:
        if source.get("peildatum") and source.get("bron") and (source["bron"] in bron or bron in source["bron"]):
            return str(source["peildatum"])
    return "zie de bron"


def csv_cell(text: object) -> str:
    """A page's cell text for CSV: a number as the page writes it stays as it is, any other text that a
    spreadsheet would read as a formula is defused (:func:`woonzorg.safetext.defuse_cell`)."""
    text = str(text)
    return text if dutch.written_number(text) else safetext.defuse_cell(text)


def table_csv(record: dict) -> bytes:
    """One table as CSV: the header and the cell texts as on the page (totals as a last row), defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    rows = [record["columns"], *record["rows"], *([record["totals"]] if record.get("totals") else [])]
    writer.writerows([csv_cell(text) for text in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def cell_value(text: str) -> tuple[object, str | None]:
    """A page's cell text as an Excel value and number format: ``1.234`` -> (1234, "#,##0"); a whole
    number the page writes without a thousands separator (a year, ``2024``) keeps none: (2024, "0")."""
    t = text.strip()
    if not dutch.written_number(t):
        return text, None
    value, is_percent = dutch.parse_number(t)
    decimals = len(t.rstrip("%").split(",")[1]) if "," in t else 0
    grouped = "." in t or len(t.lstrip("+-\u2212").split(",")[0]) < 4
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals else "")
    if is_percent:
        return value / 100, ("0" + ("." + "0" * decimals if decimals else "")) + "%"
    return (int(value) if value.is_integer() and not decimals else value), pattern


def _append(sheet, values: list[object]) -> list:
    """Append a row; every text cell stays text, never a formula (openpyxl makes one of text starting
    with ``=``): a text cell, and with Excel's apostrophe prefix where :func:`woonzorg.safetext.reads_as_formula`."""
    sheet.append(values)
    cells = list(sheet[sheet.max_row]) if values else []
    for cell, value in zip(cells, values):
        if isinstance(value, str):
            cell.value = value
            cell.data_type = "s"
            if safetext.reads_as_formula(value):
                cell.quotePrefix = True
    return cells


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
SHEET_TITLE_LENGTH = 31  # Excel's limit


def sheet_title(number: int, caption: str) -> str:
    """A sheet name that says what the sheet holds: the table's number (unique, and the number of its
    CSV) and the start of its caption (up to the first comma, bracket or colon, cut at a word), within
    Excel's 31 characters."""
    subject = _SHEET_FORBIDDEN.sub("", re.split(r",|\(|:", caption, maxsplit=1)[0]).strip()
    room = SHEET_TITLE_LENGTH - len(f"{number}. ")
    if len(subject) > room:
        cut = subject[:room + 1].rsplit(" ", 1)[0]
        subject = cut if len(cut) >= room // 2 else subject[:room]
    return f"{number}. {subject}".strip().rstrip(".").strip() if subject else f"Tabel {number}"


def tables_workbook(tables: list[dict], bronnen: list[dict] = ()) -> bytes:
    """All tables of a guide in one workbook: a sheet per table with caption, source and peildatum rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for number, record in enumerate(tables, start=1):
        sheet = workbook.create_sheet(sheet_title(number, str(record.get("caption", ""))))
        _append(sheet, [str(record.get("caption", ""))])
        sheet["A1"].font = Font(bold=True, size=12)
        _append(sheet, [f"Bron: {record.get('bron', '')}"])
        _append(sheet, [f"Peildatum: {_peildatum(record, list(bronnen))}"])
        sheet.append([])
        for cell in _append(sheet, [str(c) for c in record["columns"]]):
            cell.font = bold
        for row in [*record["rows"], *([record["totals"]] if record.get("totals") else [])]:
            values = [cell_value(str(text)) for text in row]
            cells = _append(sheet, [v for v, _ in values])
            for cell, (_, pattern) in zip(cells, values):
                if pattern:
                    cell.number_format = pattern
        if record.get("totals"):
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        for k, column in enumerate(record["columns"]):
            width = max([len(str(column)), *(len(str(r[k])) for r in record["rows"] if k < len(r))], default=8)
            sheet.column_dimensions[sheet.cell(row=5, column=k + 1).column_letter].width = min(60, width + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return office_file_dated(buffer.getvalue())


def table_files(thema: str, tables: list[dict], bronnen: list[dict] = ()) -> dict[str, bytes]:
    """The download files of one guide by name: a CSV per table and the Excel workbook (none without tables)."""
    if not tables:
        return {}
    files = {csv_name(thema, n): table_csv(t) for n, t in enumerate(tables, start=1)}
    files[workbook_name(thema)] = tables_workbook(tables, bronnen)
    return files


def write_table_files(folder: Path, thema: str, files: dict[str, bytes]) -> None:
    """Write the downloads atomically and remove those of tables the guide no longer shows."""
    for name, content in files.items():
        write_atomically(folder / name, content)
    stale = [*folder.glob(f"{thema}-tabel-*.csv"), folder / workbook_name(thema)]
    for path in stale:
        if path.name not in files and re.fullmatch(rf"{re.escape(thema)}-(tabel-\d+\.csv|tabellen\.xlsx)", path.name):
            path.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# The draft vision as a Word document


def with_word_versions(attachments: dict[str, str]) -> dict[str, str | bytes]:
    """The notebook's attachments plus, for each Markdown file, the same text as ``.docx``."""
    files: dict[str, str | bytes] = {}
    for name, content in attachments.items():
        files[name] = content
        if name.endswith(".md"):
            files[name.removesuffix(".md") + ".docx"] = markdown_to_docx(content)
    return files


def _inline(paragraph, children: list[dict], bold: bool = False, italic: bool = False) -> None:
    for child in children:
        kind = child["type"]
        if kind in ("text", "codespan", "inline_html"):
            run = paragraph.add_run(child.get("raw", ""))
            run.bold, run.italic = bold or None, italic or None
        elif kind == "strong":
            _inline(paragraph, child["children"], True, italic)
        elif kind == "emphasis":
            _inline(paragraph, child["children"], bold, True)
        elif kind == "link":
            _inline(paragraph, child["children"], bold, italic)
            url = child.get("attrs", {}).get("url", "")
            if url and not url.startswith("#"):
                paragraph.add_run(f" ({url})")
        elif kind in ("softbreak", "linebreak"):
            paragraph.add_run(" " if kind == "softbreak" else "\n")
        elif "children" in child:
            _inline(paragraph, child["children"], bold, italic)


def _blocks(document, tokens: list[dict], list_style: str | None = None, depth: int = 0) -> None:
    for token in tokens:
        kind = token["type"]
        if kind == "heading":
            _inline(document.add_heading(level=min(token["attrs"]["level"], 9)), token["children"])
        elif kind in ("paragraph", "block_text"):
            style = list_style if list_style and kind == "block_text" else None
            _inline(document.add_paragraph(style=style), token["children"])
        elif kind == "block_quote":
            for inner in token["children"]:
                paragraph = document.add_paragraph(style="Quote")
                _inline(paragraph, inner.get("children", []))
        elif kind == "list":
            ordered = token["attrs"].get("ordered")
            style = ("List Number" if ordered else "List Bullet") + (f" {min(depth + 1, 3)}" if depth else "")
            for item in token["children"]:
                _blocks(document, item["children"], style, depth + 1)
        elif kind == "table":
            head = next((c for c in token["children"] if c["type"] == "table_head"), None)
            body = next((c for c in token["children"] if c["type"] == "table_body"), {"children": []})
            rows = ([head["children"]] if head else []) + [r["children"] for r in body["children"]]
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows), style="Table Grid")
            # row by row: table.cell(r, c) lays out the whole grid on every call (quadratic in the cells)
            for r, (table_row, row) in enumerate(zip(table.rows, rows)):
                for target, cell in zip(table_row.cells, row):
                    _inline(target.paragraphs[0], cell["children"], bold=head is not None and r == 0)
        elif kind == "thematic_break":
            document.add_paragraph("")
        elif "children" in token:
            _blocks(document, token["children"], list_style, depth)


# Who wrote a draft: the project, not the library that wrote the file ("python-docx")
DOCUMENT_AUTHOR = "Een thuis voor iedereen — werkboeken en handreikingen"
DOCUMENT_LANGUAGE = "nl-NL"


def _title(tokens: list[dict]) -> str:
    """The text of the document's first heading (its title), or an empty string."""
    def text(children: list[dict]) -> str:
        return "".join(c.get("raw", "") if "children" not in c else text(c["children"]) for c in children)

    return next((text(t["children"]) for t in tokens if t["type"] == "heading"), "")


def _dutch_a4(document) -> None:
    """A4 portrait with 2,5 cm margins, Dutch proofing for every style, page numbers centred in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2.5)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Pagina ")
        # Word fills the field in: the number of this page (a complex field, built in three public runs)
        for kind in ("begin", "instr", "end"):
            run = footer.add_run()
            if kind == "instr":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = " PAGE "
                run.element.append(instr)
            else:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run.element.append(char)
    # the language of the default run properties: every style inherits it (Word checks spelling in Dutch)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), DOCUMENT_LANGUAGE)


def markdown_to_docx(md_text: str) -> bytes:
    """A Word document of a Markdown text: headings (Word's heading styles), paragraphs, lists, quotes,
    tables, bold and italic; A4 in Dutch, titled after its first heading, by the project, with page numbers."""
    import docx
    import mistune

    tokens = mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])(md_text)
    document = docx.Document()
    properties = document.core_properties
    properties.language = DOCUMENT_LANGUAGE
    properties.title = _title(tokens)
    properties.author = properties.last_modified_by = DOCUMENT_AUTHOR
    properties.comments = ""
    _dutch_a4(document)
    _blocks(document, tokens)
    buffer = io.BytesIO()
    document.save(buffer)
    return office_file_dated(buffer.getvalue())


# The document's own dates in an Office file (Open Packaging Conventions: docProps/core.xml)
_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")
_ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)  # a zip archive cannot date an entry earlier


def office_file_dated(data: bytes) -> bytes:
    """An Excel or Word file dated at ``$SOURCE_DATE_EPOCH`` when that is set, so that a reproducible
    build writes the same bytes each time: every entry of the archive, and the document's created and
    modified dates (the libraries write the current time). Without it, the file is returned as written."""
    when = clock.source_date()
    if when is None:
        return data
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    entry_time = max(when, _ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATE.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            dated = zipfile.ZipInfo(info.filename, date_time=entry_time)
            dated.compress_type = info.compress_type
            dated.external_attr = info.external_attr
            target.writestr(dated, content)
    return out.getvalue()
