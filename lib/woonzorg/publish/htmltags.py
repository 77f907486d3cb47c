"""The tags of an HTML fragment, located with the standard library's parser, and rewritten one by one.

The preprocessors change an output's HTML where it is (a name, an id, an alt text, a link): each
change replaces exactly one tag, or the text of one element, found by :class:`html.parser.HTMLParser`,
and leaves every other character of the fragment as it was.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from typing import NamedTuple


class Event(NamedTuple):
    """A start tag (``attrs`` set, at ``start``..``end`` of the fragment), an end tag (at ``start``) or a
    text (``text`` set; its place is not kept: the parser hands texts over late)."""

    kind: str  # "start", "end" or "text"
    tag: str
    attrs: dict
    start: int
    end: int
    text: str = ""


class _Scanner(HTMLParser):
    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.events: list[Event] = []
        self._lines = [0]  # the offset of each line: the parser reports (line, column)
        found = markup.find("\n")
        while found != -1:
            self._lines.append(found + 1)
            found = markup.find("\n", found + 1)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        self.events.append(Event("start", tag, dict(attrs), start, start + len(self.get_starttag_text())))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        start = self._offset()
        self.events.append(Event("end", tag, {}, start, start))

    def handle_data(self, data):
        self.events.append(Event("text", "", {}, -1, -1, data))


def scan(markup: str) -> list[Event]:
    """The start tags, end tags and texts of an HTML fragment, in order."""
    scanner = _Scanner(markup)
    scanner.feed(markup)
    scanner.close()
    return scanner.events


def start_tag(tag: str, attrs: dict, self_closing: bool = False) -> str:
    """A start tag with these attributes (values escaped; ``None`` for an attribute without a value)."""
    written = "".join(f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"'
                      for name, value in attrs.items())
    return f"<{tag}{written}{' /' if self_closing else ''}>"


def splice(markup: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """``markup`` with each range ``start``..``end`` replaced by its text (ranges do not overlap)."""
    pieces, done = [], 0
    for start, end, text in sorted(edits):
        pieces += [markup[done:start], text]
        done = end
    return "".join(pieces) + markup[done:] if pieces else markup


def rewrite_start_tags(markup: str, change: Callable[[Event], dict | None], events: list[Event] | None = None) -> str:
    """``markup`` with each start tag for which ``change`` returns attributes written anew with them.

    ``change`` is called for every start tag in order (so it may count them) and returns ``None`` to
    leave a tag as it is.
    """
    edits = []
    for event in scan(markup) if events is None else events:
        if event.kind == "start":
            attrs = change(event)
            if attrs is not None:
                self_closing = markup[event.start:event.end].endswith("/>")
                edits.append((event.start, event.end, start_tag(event.tag, attrs, self_closing)))
    return splice(markup, edits)


def contents(markup: str, accept: Callable[[Event], bool]) -> list[tuple[int, int]]:
    """Where the content of each element whose start tag ``accept`` takes begins and ends (up to its end tag)."""
    found, open_at = [], None
    for event in scan(markup):
        if event.kind == "start" and open_at is None and accept(event):
            open_at = event
        elif event.kind == "end" and open_at is not None and event.tag == open_at.tag:
            found.append((open_at.end, event.start))
            open_at = None
    return found


def texts(events: list[Event], accept: Callable[[Event], bool],
          leave_out: Callable[[Event], bool] = lambda tag: False) -> list[tuple[Event, str]]:
    """Each element whose start tag ``accept`` takes, with its text (stripped, without the text of the
    elements inside it that ``leave_out`` takes)."""
    found, parts, element, left_out = [], [], None, []
    for event in events:
        if element is None:
            if event.kind == "start" and accept(event):
                element, parts = event, []
        elif event.kind == "start" and leave_out(event):
            left_out.append(event.tag)
        elif event.kind == "end" and left_out and event.tag == left_out[-1]:
            left_out.pop()
        elif event.kind == "text" and not left_out:
            parts.append(event.text)
        elif event.kind == "end" and event.tag == element.tag:
            found.append((element, "".join(parts).strip()))
            element = None
    return found
