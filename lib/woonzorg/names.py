"""Names as readers use them: the common name of a municipality in running text, the CBS name in tables,
and the file name of a municipality's page.

CBS distinguishes municipalities with the same name by a province suffix in parentheses
(``Hengelo (O.)``, ``Laren (NH.)``, ``Bergen (NH.)``) and uses the official name ``'s-Gravenhage``
for Den Haag. In a sentence the common name reads better; tables keep the CBS name next to the code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Official names whose common name is not the official name without its suffix.
COMMON_NAMES = {"'s-Gravenhage": "Den Haag"}

_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")


def common_name(cbs_name: str) -> str:
    """``Hengelo (O.)`` -> ``Hengelo``; ``'s-Gravenhage`` -> ``Den Haag``; other names as they are."""
    name = str(cbs_name).strip()
    return COMMON_NAMES.get(name, _SUFFIX.sub("", name))


def enumerate_dutch(items: Iterable[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``: a list in a Dutch sentence."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} en {items[-1]}"


MUNICIPALITY_FOLDER = "gemeente"  # a municipality's page: <regio>/gemeente/<page_name>.html


def page_name(cbs_name: str) -> str:
    """The file name (without ``.html``) of a municipality's page: ``Hengelo (O.)`` -> ``hengelo-o``,
    ``'s-Gravenhage`` -> ``s-gravenhage``, ``Súdwest-Fryslân`` -> ``sudwest-fryslan``."""
    plain = unicodedata.normalize("NFKD", str(cbs_name)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "gemeente"


def page_href(cbs_name: str, prefix: str = "") -> str:
    """The address of a municipality's page from a guide of its region (``prefix`` for another folder)."""
    return f"{prefix}{MUNICIPALITY_FOLDER}/{page_name(cbs_name)}.html"
