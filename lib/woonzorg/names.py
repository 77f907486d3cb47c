"""Names as readers use them: the common name of a municipality in running text, the CBS name in tables.

CBS distinguishes municipalities with the same name by a province suffix in parentheses
(``Hengelo (O.)``, ``Laren (NH.)``, ``Bergen (NH.)``) and uses the official name ``'s-Gravenhage``
for Den Haag. In a sentence the common name reads better; tables keep the CBS name next to the code.
"""

from __future__ import annotations

import re
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
