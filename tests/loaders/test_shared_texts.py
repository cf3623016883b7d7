"""The reader child sends the texts of a sheet's repetitive columns as one object per distinct text (loaders.sandbox
_SharedTexts, issue 9 import speed): the rows must stay equal to what was read, only fewer strings are built."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from loaders import sandbox
from loaders.read import read_ledger
from loaders.sandbox import read_untrusted
from tests.ledgers import item, items_sheet, write_xlsx


def _rows(n: int, start: int = 0) -> list[list]:
    units = ["县教育局", "县应急管理局", "第1镇"]
    return [
        [k, "".join(units[k % 3]), "".join("通知公告"), f"标题{k}", "2026-10-08", 1.5, None]
        for k in range(start, start + n)
    ]


def test_repeated_texts_of_repetitive_columns_become_one_object_and_rows_stay_equal() -> None:
    shared = sandbox._SharedTexts()
    first, later = _rows(40), _rows(40, 40)
    expected = copy.deepcopy(first) + copy.deepcopy(later)
    got = shared.share(first) + shared.share(later)
    assert got == expected
    assert shared.columns == [1, 2, 4]  # unit, column and the date text; not the 序号, titles, numbers or blanks
    assert got[0][1] is got[78][1] and got[5][2] is got[70][2]  # across runs too


def test_sharing_stops_once_too_many_texts_are_held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "_TEXTS_KEPT", 5)
    shared = sandbox._SharedTexts()
    shared.share(_rows(40))
    later = _rows(40, 40)
    for k, row in enumerate(later):
        row[1] = f"单位{k}"  # repetitive in the first run, not at all later
    expected = copy.deepcopy(later)
    assert shared.share(later) == expected and shared.columns == [] and not shared.texts
    assert shared.share(_rows(10)) == _rows(10)


def test_a_workbook_read_in_the_child_equals_one_read_in_process(tmp_path: Path) -> None:
    rows = [item(unit=("县教育局", "县应急管理局")[n % 2], title=f"通知{n}", url=f"http://x/{n}") for n in range(3000)]
    ledger = write_xlsx(tmp_path / "发布台账.xlsx", {"发布台账": items_sheet(*rows)})
    child = read_untrusted(ledger.read_bytes(), ledger.name)
    here = read_ledger(ledger.read_bytes(), ledger.name)
    assert [s.rows for s in child.sheets] == [s.rows for s in here.sheets]
