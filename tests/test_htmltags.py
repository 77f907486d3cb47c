"""Tags of an HTML fragment found with the standard library's parser and rewritten in place (woonzorg.publish.htmltags)."""

from __future__ import annotations

from woonzorg.publish import htmltags

FRAGMENT = ('a &amp; b<p class="x">tekst</p>\n  <div role="region" aria-label="A &amp; B">\n<IMG SRC="data:," />'
            '<br><h2 id="k">Kop<a class="anchor-link" href="#k">&#182;</a></h2><table><tr><th scope="row">Heerlen'
            "</th></tr></table>")


def test_start_tags_are_found_where_they_are_also_on_later_lines():
    starts = [e for e in htmltags.scan(FRAGMENT) if e.kind == "start"]
    assert [FRAGMENT[e.start:e.end] for e in starts][:4] == [
        '<p class="x">', '<div role="region" aria-label="A &amp; B">', '<IMG SRC="data:," />', "<br>"]
    assert starts[1].attrs == {"role": "region", "aria-label": "A & B"} and starts[2].tag == "img"


def test_a_rewritten_tag_is_written_anew_and_every_other_character_stays():
    def change(tag):
        if tag.tag == "img":
            return {"alt": "Plaatje", **tag.attrs}
        if tag.tag == "div":
            return {**tag.attrs, "aria-label": tag.attrs["aria-label"] + " (2)"}
        return None

    assert htmltags.rewrite_start_tags(FRAGMENT, change) == FRAGMENT.replace(
        '<IMG SRC="data:," />', '<img alt="Plaatje" src="data:," />').replace('"A &amp; B"', '"A &amp; B (2)"')
    assert htmltags.rewrite_start_tags(FRAGMENT, lambda tag: None) == FRAGMENT


def test_the_contents_and_texts_of_elements():
    [(start, end)] = htmltags.contents(FRAGMENT, lambda tag: tag.tag == "th")
    assert FRAGMENT[start:end] == "Heerlen"
    assert htmltags.splice(FRAGMENT, [(start, end, "<a>Heerlen</a>")]).endswith("<a>Heerlen</a></th></tr></table>")
    events = htmltags.scan(FRAGMENT)
    assert [text for _, text in htmltags.texts(events, lambda tag: tag.tag == "h2")] == ["Kop¶"]
    assert [text for _, text in htmltags.texts(events, lambda tag: tag.tag == "h2", lambda tag: tag.tag == "a")] == ["Kop"]
