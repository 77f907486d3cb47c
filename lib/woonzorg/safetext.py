"""Safe text at every boundary: control characters refused, CSV cells defused, names escaped for Markdown.

Three places where text from a user or a data file crosses into something that interprets it:

- **a data cell** (read or saved): control characters (NUL, ESC, line breaks, C1, bidi overrides)
  and invisible characters (zero-width space, tags, noncharacters such as U+FFFE) are refused; a
  cell is printable text on one line (tab allowed). :func:`control_character` says which
  character, in Dutch, so a message can name it.
- **a CSV cell a spreadsheet opens**: :func:`defuse_cell` puts a ``'`` before a formula (``=``,
  ``+``, ``-``, ``@``, tab, CR) at the start of the cell *and* after every ``,`` and ``;``,
  because Dutch Excel splits a comma file on ``;`` (OWASP "CSV injection"); an Excel cell whose
  text :func:`reads_as_formula` is written as a text cell with Excel's own apostrophe prefix.
- **Markdown**: :func:`markdown_text` escapes a value for a Markdown document that is also
  rendered to HTML: no HTML, links, images, autolinks or block syntax, and ``&`` stays ``&``
  (the draft ``.md`` is Markdown, not HTML).
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters, refused like control characters (a name that looks the same but is not, a hidden
# direction change): the format characters (Unicode category Cf: soft hyphen, Arabic letter mark, Mongolian
# vowel separator, zero-width space and joiners, direction marks, word joiner and invisible operators,
# the deprecated format characters, BOM, interlinear annotation, tags), surrogates and noncharacters.
_INVISIBLE = ("\u00ad\u061c\u180e\u200b-\u200f\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb"
              "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff\U000e0000-\U000e007f")
# C0 except tab, DEL, C1; Unicode line/paragraph separators; bidi embeddings, overrides and isolates
_CONTROL = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069{_INVISIBLE}]")
_CONTROL_BUT_LINE_BREAKS = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069{_INVISIBLE}]")
_INVISIBLE_CHAR = re.compile(f"[{_INVISIBLE}]")
_LINE_BREAKS = re.compile(r"\s*(?:\r\n|\r|\n)\s*")
_NAMES = {"\x00": "NUL", "\x1b": "ESC", "\n": "regeleinde", "\r": "regeleinde (CR)", "\x7f": "DEL",
          "\u2028": "regelscheiding", "\u2029": "alineascheiding"}


class UnsafeText(ValueError):
    """Text that may not be stored or shown as it is; the message is Dutch, for users."""


def control_character(text: str, *, line_breaks: bool = False) -> str | None:
    """A Dutch description of the first control character in ``text`` (``"stuurteken U+001B (ESC)"``), or None.

    Tab is allowed; line breaks (LF, CR) only with ``line_breaks=True`` (a multi-line note).
    """
    found = (_CONTROL_BUT_LINE_BREAKS if line_breaks else _CONTROL).search(text)
    if found is None:
        return None
    char = found.group()
    invisible = bool(_INVISIBLE_CHAR.match(char))
    name = _NAMES.get(char) or unicodedata.name(char, "") or ("geen teken" if invisible else "stuurteken")
    return f"{'onzichtbaar teken' if invisible else 'stuurteken'} U+{ord(char):04X} ({name})"


def refuse_control(text: str, what: str = "de tekst", *, line_breaks: bool = False) -> str:
    """Return ``text`` unchanged, or raise :class:`UnsafeText` if it holds a control character."""
    problem = control_character(text, line_breaks=line_breaks)
    if problem:
        allowed = "gewone tekst" if line_breaks else "gewone tekst op één regel"
        raise UnsafeText(f"{what} bevat een {problem}; gebruik {allowed}")
    return text


# The start of every cell a reader may see: the start of the value, or after a , or ; (Excel with a
# Dutch locale splits on ;), skipping spaces and quotes (a quoted field is unquoted before it is read).
_FORMULA = re.compile(r"(^|[,;])([ \"]*)(?=[=+\-@\t\r])")
_FORMULA_START = re.compile(r"[ \"]*[=+\-@\t\r]")


def reads_as_formula(text: str) -> bool:
    """Would a spreadsheet read this cell text as a formula (``=``, ``+``, ``-``, ``@``, tab or CR at its
    start, after spaces or quotes)? In an Excel cell, which is never split, only the start counts."""
    return _FORMULA_START.match(text) is not None


def defuse_cell(value: object) -> object:
    """A CSV cell that no spreadsheet reads as a formula, whichever separator it splits on.

    Text that starts with ``=``, ``+``, ``-``, ``@``, tab or CR, there or after a ``,`` or ``;``,
    gets a ``'`` before it: ``a;b;=1+1`` becomes ``a;b;'=1+1``. Numbers and other non-text values
    pass unchanged (``-5`` as a number is no formula). Applying it twice changes nothing more.
    """
    if not isinstance(value, str):
        return value
    return _FORMULA.sub(r"\1\2'", value)


def terminal_text(text: str) -> str:
    """Text safe to print on a terminal: control characters (ESC sequences) shown as ``\\x1b``, not obeyed.

    Line breaks and tabs stay; everything else :func:`control_character` refuses is escaped.
    """
    return _CONTROL_BUT_LINE_BREAKS.sub(lambda m: _escaped(m.group()), text).replace("\r", "\\r")


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_DEFUSED = re.compile(r"(^|[,;])([ \"]*)'(?=[=+\-@\t\r])")


def restore_cell(text: str) -> str:
    """The text as typed, from a cell :func:`defuse_cell` wrote: ``a;b;'=1+1`` -> ``a;b;=1+1``.

    The reader's half of the defence: the file keeps the ``'`` (what a spreadsheet sees), the
    dataset gets the text as the user typed it, like Excel's own leading apostrophe.
    """
    return _DEFUSED.sub(r"\1\2", text)


# --------------------------------------------------------------------------------------------
# Markdown

# Characters with inline meaning that could make HTML, a link, an image, code or a table cell.
# Emphasis (* _ ~) is harmless and left alone, so the .md file stays readable.
_MARKDOWN_INLINE = re.compile(r"([\\`\[\]<>|])")
_ENTITY = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|javascript|data|vbscript|file|www)([:.])")
_SCRIPT_SCHEME = re.compile(r"(?i)\b(mailto|javascript|data|vbscript|file)(:)")
_EMAIL_AT = re.compile(r"(?<=\w)@(?=\w)")
# What starts a block when the value lands at the start of a line (CommonMark: a marker then a space)
_BLOCK_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[-+*](?=\s|$))")
_ORDERED_START = re.compile(r"^(\s*[0-9]{1,9})([.)])(?=\s|$)")
_THEMATIC_BREAK = re.compile(r"^(\s*)([-*_=])(?=(?:\s*\2){2,}\s*$)")


class MarkdownSafe(str):
    """Text already escaped by :func:`markdown_text`: passed through unchanged when escaped again."""


def markdown_text(value: object, *, links: bool = False) -> object:
    """Text from data, safe inside a Markdown document: it shows as the same text, nothing more.

    Line breaks become a space: on one line a value cannot end a block of HTML, start a heading
    or a list (names are refused with a line break before they get here; a multi-line note is
    shown as one paragraph). Other control characters are refused (:class:`UnsafeText`; the data
    checks refuse them first, so a dataset that passes ``check`` never meets this). Escapes with
    a backslash what could make HTML, links, images, code or a table cell, and what would start a
    block at the start of a line; breaks bare URLs and e-mail addresses so no renderer turns them
    into links, unless ``links=True`` (a source: ``http``, ``https`` and ``www`` may become links,
    ``javascript:`` and ``data:`` never); escapes ``&`` only where it would start an entity, so
    ``J&V`` stays ``J&V`` in the ``.md`` file. Non-text values pass unchanged; the result is a
    :class:`MarkdownSafe`, which a second call (a Jinja ``finalize``) leaves as it is.
    """
    if not isinstance(value, str) or isinstance(value, MarkdownSafe):
        return value
    text = _LINE_BREAKS.sub(" ", value)
    refuse_control(text, f"'{text[:40]}'")
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = (_SCRIPT_SCHEME if links else _AUTOLINK).sub(r"\1\\\2", text)
    if not links:
        text = _EMAIL_AT.sub(r"\\@", text)
    text = _THEMATIC_BREAK.sub(r"\1\\\2", text)
    text = _BLOCK_START.sub(r"\1\\\2", text)
    return MarkdownSafe(_ORDERED_START.sub(r"\1\\\2", text))
