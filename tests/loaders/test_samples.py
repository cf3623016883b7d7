"""The sample-ledger generator is deterministic and writes the county the demo promises."""

import csv
import io
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from core.config import SAMPLES_DIR
from demo.generate_samples import generate


def _cells(path: Path) -> list[list[list]]:
    """Every sheet of a ledger as rows of cell values; CSV decoded the way the loaders do."""
    if path.suffix == ".csv":
        data = path.read_bytes()
        text = data[3:].decode("utf-8") if data.startswith(b"\xef\xbb\xbf") else data.decode("gbk")
        return [list(csv.reader(io.StringIO(text)))]
    book = CalamineWorkbook.from_path(str(path))
    return [book.get_sheet_by_index(i).to_python() for i in range(len(book.sheet_names))]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> tuple[Path, Path]:
    first, second = tmp_path_factory.mktemp("run1"), tmp_path_factory.mktemp("run2")
    (first / "03_发布台账_1999-01.xlsx").write_bytes(b"stale")  # owned by the generator: must go
    (first / "keep.txt").write_text("not ours")  # not owned: must stay
    generate(first)
    generate(second)
    return first, second


def test_runs_write_the_same_files_with_the_same_cells(two_runs):
    first, second = two_runs
    names = sorted(p.name for p in first.iterdir() if p.name != "keep.txt")
    assert names == sorted(p.name for p in second.iterdir())
    assert "03_发布台账_1999-01.xlsx" not in names and (first / "keep.txt").exists()
    assert len(names) == 2 + 15 + 5 + 2 + 1
    for name in names:
        assert _cells(first / name) == _cells(second / name), name
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_name_order_is_import_order(two_runs):
    """The demo database imports files in name order; findings must replay their history forwards."""
    names = sorted(p.name for p in two_runs[1].iterdir())
    assert [n for n in names if n.startswith("04_")] == [
        f"04_问题清单_{k}.xlsx" for k in ("2026Q1", "2026Q2", "2026Q3", "2026Q4-10", "2026Q4-11")
    ]
    months = [n[8:15] for n in names if n.startswith("03_")]
    assert months == sorted(months) and months[0] == "2025-09" and months[-1] == "2026-11"


def test_registry_has_the_seed_county(two_runs):
    rows = _cells(two_runs[0] / "01_单位名录.xlsx")[0]
    header = next(i for i, row in enumerate(rows) if "单位名称" in row)
    col = {name: rows[header].index(name) for name in ("单位名称", "单位类型", "是否纳入考核")}
    units = [r for r in rows[header + 1 :] if r[col["单位类型"]]]
    assessed = Counter(r[col["单位类型"]] for r in units if r[col["是否纳入考核"]] == "是")
    assert assessed == {"县直部门": 35, "乡镇": 9, "街道": 2}
    assert sum(r[col["是否纳入考核"]] == "否" for r in units) == 2


def test_csv_months_are_gbk_and_utf8_bom(two_runs):
    csvs = {p.name: p.read_bytes() for p in two_runs[0].glob("*.csv")}
    gbk = [n for n, data in csvs.items() if not data.startswith(b"\xef\xbb\xbf")]
    assert len(csvs) == 2 and len(gbk) == 1
    with pytest.raises(UnicodeDecodeError):
        csvs[gbk[0]].decode("utf-8")
    assert len(list(two_runs[0].glob("03_*.xls"))) == 2


def test_committed_samples_are_the_generators_output_for_the_base_day(two_runs):
    """data/samples/ is the example set for BASE_DAY: regenerate it (python -m demo.generate_samples) after a change."""
    committed = sorted(p.name for p in SAMPLES_DIR.iterdir() if p.is_file())
    assert committed == sorted(p.name for p in two_runs[1].iterdir())
    for name in committed:
        assert (SAMPLES_DIR / name).read_bytes() == (two_runs[1] / name).read_bytes(), name


def test_ledgers_follow_the_given_day(tmp_path):
    """Another day, other file names and dates, the same bytes twice; no item dated after the day."""
    day = date(2027, 3, 15)
    generate(tmp_path / "a", day)
    generate(tmp_path / "b", day)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    months = [n[8:15] for n in names if n.startswith("03_")]
    assert months[0] == "2026-01" and months[-1] == "2027-03" and len(months) == 15
    assert [n for n in names if n.startswith("04_")][-3:] == [f"04_问题清单_2027Q1-0{m}.xlsx" for m in (1, 2, 3)]
    assert "05_依申请公开台账_2027.xlsx" in names and "06_年度报告_县应急管理局_2026.xlsx" in names
    dates = [
        cell.date() if isinstance(cell, datetime) else cell
        for name in names
        if name.startswith("03_")
        for sheet in _cells(tmp_path / "a" / name)
        for row in sheet
        for cell in row
        if isinstance(cell, date)
    ]
    assert dates and max(dates) <= day
