"""memo.per_object: a result kept on the object it came from, computed once, handed out as a copy when asked."""

from __future__ import annotations

import pandas as pd

from woonzorg.memo import per_object


class Thing:
    def __init__(self):
        self.calls = 0

    @per_object(copy=True)
    def frame(self, n: int, *, scale: int = 1) -> pd.DataFrame:
        self.calls += 1
        return pd.DataFrame({"x": [n * scale]})

    @per_object
    def label(self) -> str:
        self.calls += 1
        return "vast"


def test_is_a_result_computed_once_per_arguments_and_each_caller_given_a_copy_of_its_own():
    thing = Thing()
    first = thing.frame(2)
    first.loc[0, "x"] = -1  # a caller changes its copy
    assert int(thing.frame(2).loc[0, "x"]) == 2 and thing.calls == 1
    assert int(thing.frame(2, scale=3).loc[0, "x"]) == 6 and thing.calls == 2  # keyword arguments count
    assert thing.frame(2, scale=3) is not thing.frame(2, scale=3)
    assert thing.label() is thing.label() and thing.calls == 3  # without copy: the remembered value itself
    assert Thing().frame(2) is not None and thing.calls == 3  # remembered per object, not per class
