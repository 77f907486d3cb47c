"""Remember what was derived from an object on the object itself, for as long as it lives.

A notebook draws the charts of its analysis, and then the workbook's controls show the same
scenario again; two exercises of a theme each need the theme's list of exercises. Keeping the
result on the object (an analysis, a dataset) makes the second call free without a global cache
that could outlive its data. The objects are treated as read-only once made.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
_ATTRIBUTE = "_woonzorg_memo"


def per_object(func: Callable[..., T] | None = None, *, copy: bool = False):
    """Cache ``func(obj, *args, **kwargs)`` on ``obj``, keyed by the function and the (hashable) further arguments.

    With ``copy=True`` every caller gets ``value.copy()`` (a DataFrame, dict or list of its own), so that
    what one caller changes in it never reaches the next; use it for a mutable result.
    """

    def decorate(func: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(func)
        def remembered(obj, *args, **kwargs):
            memo = obj.__dict__.setdefault(_ATTRIBUTE, {})
            key = (func.__module__, func.__qualname__, args, tuple(sorted(kwargs.items())))
            if key not in memo:
                memo[key] = func(obj, *args, **kwargs)
            return memo[key].copy() if copy else memo[key]

        return remembered

    return decorate(func) if func is not None else decorate
