"""What a deduction says it counted, the estimate flag in evidence and bulletin facts, the 单项否决-style rule,
and the 文号 year (issue 10: defects 4, 8, 9; item 12). Hand counts in the comments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from core.calendar.workdays import load_calendar
from core.ranking.rubric import RULE_KEYS, parse_rubric
from core.ranking.scoring import ESTIMATED, score_month
from core.ranking.view import month_facts
from core.registry.office import load_office
from exports.monthly import bulletin_number_preview
from tests.database import import_bytes
from tests.ledgers import ITEMS_HEADER, item, write_csv

CAL = load_calendar()
RUBRIC = parse_rubric(
    'name = "测试"\nbase = 100\nbonus_cap = 3\ngrades = [{ name = "优秀", min = 90 }, { name = "合格", min = 0 }]\n'
    '[[rules]]\nkey = "late_items"\nkind = "deduction"\npoints = 0.5\n'
    '[[rules]]\nkey = "column_veto"\nkind = "deduction"\npoints = 10\n'
)


def _items(con: duckdb.DuckDBPyConnection, tmp_path: Path, *rows: list) -> None:
    report = import_bytes(con, write_csv(tmp_path / "发布台账.csv", [ITEMS_HEADER, *rows]))
    assert report.rejected == 0, report


def _evidence(scores, rule_key: str) -> str:
    lines = scores.lines.loc[scores.lines["rule_key"] == rule_key, "evidence"]
    return lines.item()


def test_a_late_item_says_what_was_counted(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path):
    # formed Mon 2026-09-28: 09-29, 09-30 (2); 10-01..07 国庆; 10-08, 10-09 (4); Sat 10-10 调休 (5); 10-12..16 (10);
    # 10-19..23 (15); 10-26..30 (20) → limit 10-30; published Sat 10-31 → 1 day late
    _items(registry_con, tmp_path, item(title="关于国庆安全的通知", published="2026-10-31", created="2026-09-28"))
    scores = score_month(registry_con, "2026-10", date(2026, 11, 23), CAL, RUBRIC)
    assert _evidence(scores, "late_items") == "《关于国庆安全的通知》20个工作日期限为10-30，实际10-31公开，超期1天"
    assert scores.estimate_note == "" and month_facts(registry_con, scores, date(2026, 11, 23))["estimate_note"] == ""


def test_an_estimated_deadline_is_flagged_in_the_evidence_and_the_bulletin_facts(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
):
    # formed Thu 2026-12-10: 12-11 (1), 12-14..18 (6), 12-21..25 (11), 12-28..31 (15), 2027-01-01 元旦 (fixed-date,
    # estimated year), 01-04..08 (20) → limit 01-08; published Mon 01-11 → 3 days late, resting on 2027's estimate
    _items(registry_con, tmp_path, item(title="年末通知", published="2027-01-11", created="2026-12-10"))
    scores = score_month(registry_con, "2027-01", date(2027, 2, 5), CAL, RUBRIC)
    assert _evidence(scores, "late_items") == f"《年末通知》20个工作日期限为01-08，实际01-11公开，超期3天{ESTIMATED}"
    facts = month_facts(registry_con, scores, date(2027, 2, 5))
    assert "2027年无官方节假日安排" in facts["estimate_note"] and "为估算" in facts["estimate_note"]


def test_column_veto_is_a_rule_key_not_enabled_by_default(registry_con: duckdb.DuckDBPyConnection):
    assert "column_veto" in RULE_KEYS
    default = parse_rubric(Path("data/rubric.toml").read_text(encoding="utf-8"))
    assert "column_veto" not in {r.key for r in default.rules}
    # 县应急管理局 has 3 registered columns and no items: 3 空白 (registered day unknown) — below 5, no line
    scores = score_month(registry_con, "2026-10", date(2026, 11, 23), CAL, RUBRIC)
    assert scores.lines.loc[scores.lines["rule_key"] == "column_veto"].empty
    # five more blank columns → 8 空白栏目 ≥ 5 → one line, −10
    for i in range(5):
        registry_con.execute(
            "INSERT INTO site_columns VALUES (100 + ?, 1, ?, '其他', NULL, TRUE, NULL, ?, 'h', 1, NULL)",
            [i, f"空栏目{i}", f"k{i}"],
        )
    scores = score_month(registry_con, "2026-10", date(2026, 11, 23), CAL, RUBRIC)
    line = scores.lines.loc[scores.lines["rule_key"] == "column_veto"].iloc[0]
    assert (line["count"], line["amount"]) == (1, -10)
    assert line["evidence"].startswith("空白栏目8个（达到5个）")


def test_bulletin_number_carries_the_issue_year(con):
    office = load_office()
    # the bulletin for 2026-12 issued in January 2027 is numbered in 2027's sequence: 〔2027〕, not 〔2026〕
    assert bulletin_number_preview(con, "2026-12", office, date(2027, 1, 8)) == f"{office.doc_prefix}〔2027〕1号"
    assert bulletin_number_preview(con, "2026-10", office, date(2026, 11, 23)) == f"{office.doc_prefix}〔2026〕1号"
