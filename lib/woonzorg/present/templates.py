"""The one Jinja environment for HTML pages (site, facilitator guides, participant sheets): autoescaped, strict."""

from __future__ import annotations

import functools
import re

from woonzorg import paths


@functools.cache
def html_environment(folder: str):
    """The templates of ``templates/<folder>/`` (``site``, ``leerkring``): every value escaped, an undefined
    name an error, and the filter ``code`` (`a command` between backticks shown as code).

    The draft text (:mod:`woonzorg.visie.concept`) is Markdown, not HTML, and has its own escaping.
    """
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(paths.TEMPLATES_DIR / folder)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["code"] = _code
    return env


def _code(text: object):
    """Escaped text in which `a command` between backticks shows as code."""
    from markupsafe import Markup, escape

    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(str(text)))))
