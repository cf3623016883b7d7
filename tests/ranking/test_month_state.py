"""core.ranking.month_state: a month's scores rest on the items up to its end and on every other table, so a cache
keyed on MonthStates.of(month) keeps the months a change cannot move — and only those."""

import shutil
from datetime import date

import pytest

from core.calendar.workdays import load_calendar
from core.monitoring.exemptions import add_exemption
from core.ranking.month_state import month_states
from core.ranking.rubric import current_rubric
from core.ranking.scoring import score_month
from core.storage.db import fetch_value, opened
from demo.generate_samples import BASE_DAY
from loaders.batches import undo
from loaders.demo import build_demo_database
from tests.apphelpers import load, write_csv

CAL = load_calendar()
MONTHS = ["2026-10", "2026-09", "2026-08"]  # the demo's last full months before BASE_DAY, newest first


@pytest.fixture(scope="module")
def sample_county(tmp_path_factory):
    """The committed example county (data/samples/, 46 units, a year of items, findings, requests)."""
    path = tmp_path_factory.mktemp("samples") / "county.duckdb"
    build_demo_database(path, BASE_DAY)
    return path


def test_no_item_after_a_months_end_moves_its_scores_or_its_state(sample_county, tmp_path):
    """The assumption the cache rests on, checked on the whole sample county: for each month, deleting every item
    published after its last day changes none of its scores or evidence, and leaves MonthStates.of(month) as it
    was. Every rule of the rubric in force runs here, on a year of real-shaped ledgers."""
    path = tmp_path / "county.duckdb"
    shutil.copy(sample_county, path)
    with opened(path) as con:
        rubric, _, _ = current_rubric(con)
        full = {m: score_month(con, m, BASE_DAY, CAL, rubric) for m in MONTHS}
        states = month_states(con)
        for month in MONTHS:  # newest first: each step deletes what lies after the next month down
            con.execute("DELETE FROM items WHERE published_on > last_day(CAST(? || '-01' AS DATE))", [month])
            assert fetch_value(con, "SELECT count(*) FROM items WHERE published_on > ?", [f"{month}-28"]) > 0
            cut = score_month(con, month, BASE_DAY, CAL, rubric)
            assert cut.lines.equals(full[month].lines) and cut.scores.equals(full[month].scores), month
            assert month_states(con).of(month) == states.of(month)
            assert not full[month].lines.empty  # the month had deductions to lose


def test_an_item_moves_its_month_and_the_later_ones_and_an_undo_moves_them_back(sample_county, tmp_path):
    path = tmp_path / "county.duckdb"
    shutil.copy(sample_county, path)
    with opened(path) as con:
        before = month_states(con)
        header = ["单位", "栏目", "标题", "发布日期"]
        ledger = write_csv(tmp_path / "one.csv", header, [["县教育局", "工作动态", "新增的一条", "2026-09-15"]])
        report = load(con, ledger, today=BASE_DAY)
        after = month_states(con)
        assert after.of("2026-08") == before.of("2026-08")
        assert after.of("2026-09") != before.of("2026-09") and after.of("2026-10") != before.of("2026-10")
        undo(con, report.import_id)
        assert month_states(con).of("2026-10") == before.of("2026-10")  # the same rows: the same state


def test_a_change_outside_items_moves_every_month(sample_county, tmp_path):
    """A finding, an exemption: tables a month reads whole, so no month keeps its cached scores."""
    path = tmp_path / "county.duckdb"
    shutil.copy(sample_county, path)
    with opened(path) as con:
        before = month_states(con)
        add_long_finding_to_the_samples(con, tmp_path)
        found = month_states(con)
        column_id = fetch_value(con, "SELECT min(column_id) FROM site_columns")
        add_exemption(con, column_id, date(2026, 1, 1), date(2026, 12, 31), "栏目停用", "测试")
        exempted = month_states(con)
    for month in ["2025-12", *MONTHS]:
        assert len({before.of(month), found.of(month), exempted.of(month)}) == 3


def add_long_finding_to_the_samples(con, folder) -> None:
    """A new finding of a sample unit (add_long_finding names the small county's 县甲局, which the samples lack)."""
    header = ["编号", "检查名称", "发现日期", "责任单位", "问题类型", "问题描述", "整改期限", "整改状态"]
    row = ["T9", "网上巡查", "2026-08-12", "县教育局", "内容错误", "错别字", "10个工作日", "未整改"]
    load(con, write_csv(folder / "finding.csv", header, [row]), today=BASE_DAY)
