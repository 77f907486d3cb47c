"""Small-number suppression: below 10 is '<10', and no hidden cell can be recomputed from a total."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from woonzorg.present.privacy import audit_intervals, column_totals, hidden_cells, suppress_small


def test_are_small_counts_shown_as_less_than_ten():
    frame = pd.DataFrame({"gemeente": ["A", "B", "C"], "n": [12, 3, 250]})
    shown = suppress_small(frame, ["n"])
    # 3 is hidden; the published total (265) would reveal it, so 12 is masked too; but then 3 + × = 15
    # with × >= 10 pins the small cell to 0–5, so 250 is masked as well
    assert shown["n"].tolist() == ["×", "<10", "×"]
    assert shown["gemeente"].tolist() == ["A", "B", "C"]


def test_is_nothing_hidden_when_every_count_is_large():
    frame = pd.DataFrame({"n": [10, 1234.4]})
    assert suppress_small(frame, ["n"])["n"].tolist() == ["10", "1.234"]


def test_is_a_row_total_protected_as_well():
    frame = pd.DataFrame({"a": [5, 40, 60], "b": [30, 50, 70], "c": [40, 20, 80]})
    frame["totaal"] = frame[["a", "b", "c"]].sum(axis=1)
    hidden = hidden_cells(frame, ["a", "b", "c"], total_column="totaal")
    assert hidden.sum(axis=1).tolist()[0] >= 2  # a second cell in the first row
    assert hidden["a"].sum() >= 2  # a second cell in column a


def test_are_missing_values_shown_as_a_dash():
    frame = pd.DataFrame({"n": [float("nan"), 50.0, 60.0]})
    assert suppress_small(frame, ["n"])["n"].tolist() == ["–", "50", "60"]


def test_is_the_threshold_a_parameter():
    frame = pd.DataFrame({"n": [4, 6, 100, 200]})
    assert suppress_small(frame, ["n"], threshold=5)["n"].tolist() == ["<5", "×", "100", "200"]


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 6), st.integers(1, 4), st.data())
def test_does_suppression_never_leave_a_single_hidden_cell_in_a_published_sum(rows, cols, data):
    names = [f"c{j}" for j in range(cols)]
    values = data.draw(st.lists(st.lists(st.integers(0, 60), min_size=cols, max_size=cols),
                                min_size=rows, max_size=rows))
    frame = pd.DataFrame(values, columns=names)
    frame["totaal"] = frame[names].sum(axis=1)
    hidden = hidden_cells(frame, names, total_column="totaal")
    shown = suppress_small(frame, names, total_column="totaal")
    # every value below the threshold is hidden as <10; the others hidden are masked with ×
    small = frame[names + ["totaal"]] < 10
    assert (small <= hidden).all().all()
    assert (small == (shown[names + ["totaal"]] == "<10")).all().all()
    assert (hidden == shown[names + ["totaal"]].isin(["<10", "×", "geheim"])).all().all()
    # column sums (published in the footer): never exactly one hidden cell, when there are 2+ rows
    if rows > 1:
        assert (hidden.sum(axis=0) != 1).all()
    # row sums (the total column): never exactly one hidden cell among cells + total
    assert (hidden.sum(axis=1) != 1).all()


def test_does_the_audit_find_the_cell_that_totals_pin_down():
    """Today's case: <10, ×, 50, total 65 leaves the small cell 0–5, narrower than 0–9."""
    frame = pd.DataFrame({"n": [3, 12, 50]})
    hidden = pd.DataFrame({"n": [True, True, False]})
    assert audit_intervals(frame, ["n"], hidden) == {(0, "n"): (0.0, 5.0)}
    # hiding 50 as well leaves the small cell anywhere in 0–9
    assert audit_intervals(frame, ["n"], pd.DataFrame({"n": [True, True, True]})) == {}
    assert suppress_small(frame, ["n"])["n"].tolist() == ["<10", "×", "×"]
    # 0 and 10 with total 10: hiding both still pins the 0, so the footer total is hidden as well
    pair = pd.DataFrame({"n": [0, 10]})
    assert hidden_cells(pair, ["n"]).attrs["masked_totals"] == ("n",) and column_totals(pair, ["n"])["n"] == "×"


def test_does_the_audit_read_row_and_column_totals_together():
    frame = pd.DataFrame({"a": [4, 30, 40], "b": [30, 5, 40]})
    frame["totaal"] = frame[["a", "b"]].sum(axis=1)
    hidden = hidden_cells(frame, ["a", "b"], total_column="totaal")
    assert audit_intervals(frame, ["a", "b"], hidden, total_column="totaal") == {}
    assert hidden.at[0, "a"] and hidden.at[1, "b"]


def test_a_large_total_over_small_cells_is_called_secret_not_at_least_ten():
    """<10, <10 and a row total 10: '×' (at least 10) would tell that the first cell is not 0."""
    frame = pd.DataFrame({"a": [1], "b": [9], "totaal": [10]})
    shown = suppress_small(frame, ["a", "b"], total_column="totaal")
    assert list(shown.iloc[0]) == ["<10", "<10", "geheim"]
    hidden = hidden_cells(frame, ["a", "b"], total_column="totaal")
    assert audit_intervals(frame, ["a", "b"], hidden, total_column="totaal",
                           masked_totals=hidden.attrs["masked_totals"], secret=hidden.attrs["secret"]) == {}


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 5), st.integers(1, 3), st.booleans(), st.data())
def test_does_secondary_suppression_never_narrow_a_small_cell_below_the_threshold(rows, cols, with_total, data):
    names = [f"c{j}" for j in range(cols)]
    values = data.draw(st.lists(st.lists(st.integers(0, 80), min_size=cols, max_size=cols),
                                min_size=rows, max_size=rows))
    frame = pd.DataFrame(values, columns=names)
    total = "totaal" if with_total else None
    if with_total:
        frame["totaal"] = frame[names].sum(axis=1)
    hidden = hidden_cells(frame, names, total_column=total)
    masked = hidden.attrs["masked_totals"]  # footers column_totals shows as ×
    assert audit_intervals(frame, names, hidden, total_column=total, masked_totals=masked,
                           secret=hidden.attrs["secret"]) == {}
    assert all(column_totals(frame, names, total_column=total)[c] == "×" for c in masked)
    small = frame[names + ([total] if total else [])] < 10
    assert (small <= hidden).all().all()
