"""A liaison's scope in the query layer: every query function that takes a UnitScope returns no other unit's
rows under it; every other read function of the domains is declared here with why it cannot leak."""

import dataclasses
import importlib
import inspect
import pkgutil
from datetime import date

import pandas as pd
import pytest

import core
from core.accounts.identity import User
from core.accounts.vocabulary import LIAISON
from core.assessment.year import load_assessment_rule
from core.calendar.workdays import load_calendar
from core.inspection.rotation import Quarter
from core.monitoring.exemptions import add_exemption
from core.monitoring.overview import items_by_unit
from core.ranking.rubric import current_rubric
from core.ranking.unit_profile import finding_histories, unit_card, unit_scores, units_in_scope
from core.rectification.feedback import Evidence, evidence_file, feedback_queue, submit_feedback
from core.rectification.marks import mark_finding
from core.reminders.settings import ReminderSettings
from core.storage.scope import UnitScope, month_period
from tests.apphelpers import load, write_csv

_DOMAINS = (
    "core.monitoring",
    "core.rectification",
    "core.requests",
    "core.ranking",
    "core.registry",
    "core.reminders",
    "core.inspection",
    "core.assessment",
    "core.annual_reports",
)
# Read functions without a scope, and why a liaison cannot get another unit's rows from them.
NOT_SCOPED = {
    "year_versions": "the year's signing record (who, when, 文号), no unit rows; the assessment page needs VIEW_RANKING",
    "available_months": "months only, no unit data",
    "is_demo": "a flag",
    "data_version": "a version string",
    "unit_items": "keyed by a unit id the publications page takes from a scoped frame",
    "unit_trend": "keyed by a unit id the publications page takes from a scoped frame",
    "finding_timeline": "keyed by a finding id the rectification page takes from the scoped findings",
    "bulletin_info": "ranking page only: a liaison has no VIEW_RANKING",
    "frozen_scores": "ranking page only",
    "frozen_months": "ranking page only",
    "bulletin_versions": "who signed and withdrew a month's bulletin, no unit data (ranking page only)",
    "scoring_state": "a version string",
    "month_states": "counts and hash sums per month, the key of a month's cached scores, no unit data",
    "current_rubric": "the rubric, no unit data",
    "rubric_version": "the rubric, no unit data",
    "score_month": "ranking page only",
    "month_scores": "ranking page only",
    "rank_trend": "ranking page only",
    "scores_on": "month_scores as a function, for ranking_view, rank_trend and unit_scores (which filters by scope)",
    "ranking_view": "ranking page only",
    "month_facts": "ranking page only",
    "bulletin_facts": "ranking page only",
    "bulletin_paragraphs": "the office's own paragraphs of a bulletin, no unit data",
    "edited_paragraphs": "the office's own paragraphs of a document, no unit data",
    "next_number": "a 文号, no unit data",
    "register_table": "the 发文登记: titles and numbers of the office's documents (ranking page only)",
    "failed_sends": "reminder CLI only (the office's scheduler), never shown on a page",
    "previous_pairs": "unit ids only, for checking the rotation; the page shows saved_plan (scoped)",
    "stored_report": "keyed by a unit id the annual-report page takes from its scoped status frame",
    "ledger_figures": "keyed by the unit id of a report being checked (import refuses other units for a liaison)",
    "item_figures": "keyed by the unit id of a report being checked, like ledger_figures (LED-2)",
    "check_context": "keyed by the unit id of a report being checked",
    "ledger_table_three": "keyed by a unit id: the demo builder writes that unit's report from it, never a page",
}
_WRITES = {
    "add_exemption",
    "revoke_exemption",
    "mark_finding",
    "resolve_conflict",
    "freeze",
    "withdraw",
    "record_version",
    "edit_bulletin_paragraphs",
    "save_paragraphs",
    "register_number",
    "register_numbers",
    "submit_feedback",
    "accept_feedback",
    "return_feedback",
    "record_send",
    "save_plan",
    "sign_year",
    "withdraw_year",
    "store_report",
    "decide",
    "decide_as",
}


def _query_functions():
    for info in pkgutil.walk_packages(core.__path__, "core."):
        if not info.name.startswith(_DOMAINS):
            continue
        module = importlib.import_module(info.name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            params = list(inspect.signature(fn).parameters)
            if fn.__module__ == info.name and not name.startswith("_") and params[:1] == ["con"]:
                yield name, fn, params


@pytest.fixture
def liaison_county(county, tmp_path):
    """The hand-made county plus an exemption, a 整改反馈 with an evidence file and an open ledger conflict at 乙镇
    (not the liaison's unit)."""
    ids = dict(county.execute("SELECT name, unit_id FROM units").fetchall())
    yi_column = county.execute("SELECT column_id FROM site_columns WHERE unit_id = ?", [ids["乙镇"]]).fetchone()[0]
    add_exemption(county, yi_column, date(2026, 10, 1), date(2026, 10, 31), "栏目已整合", "王五")
    f2 = county.execute("SELECT finding_id FROM findings WHERE finding_no = 'F2'").fetchone()[0]
    yi_liaison = User(8, "yi", "乙", LIAISON, (ids["乙镇"],))
    ids["feedback"] = submit_feedback(
        county,
        yi_liaison,
        f2,
        "已改正",
        date(2026, 10, 25),
        date(2026, 11, 20),
        max_evidence_bytes=100,
        evidence=Evidence("乙.pdf", b"%PDF"),
    )
    mark_finding(county, f2, "已整改", "电话核实", "王五", date(2026, 10, 25))
    header = ["编号", "检查名称", "发现日期", "责任单位", "问题类型", "问题描述", "整改期限", "整改状态"]
    row = ["F2", "网上巡查", "2026-10-20", "乙镇", "内容错误", "错别字", "2026-11-30", "未整改"]
    load(county, write_csv(tmp_path / "again.csv", header, [row]))
    assert county.execute("SELECT count(*) FROM finding_conflicts").fetchone()[0] == 1
    # 乙镇 games October (issue 14 item 4): six items in its last three working days, one re-posting 乙一's title
    rush = [["乙镇", "工作动态", f"乙镇月末{n}", f"2026-10-{28 + n % 3}", f"http://x/r{n}"] for n in range(6)]
    rush.append(["乙镇", "工作动态", "乙一", "2026-10-30", "http://x/r9"])
    load(county, write_csv(tmp_path / "rush.csv", ["单位", "栏目", "标题", "发布日期", "链接"], rush))
    return county, ids


def _frames(result) -> list[pd.DataFrame]:
    if isinstance(result, pd.DataFrame):
        return [result]
    if isinstance(result, tuple | list):
        return [f for part in result for f in _frames(part)]
    if dataclasses.is_dataclass(result):
        return [f for field in dataclasses.fields(result) for f in _frames(getattr(result, field.name))]
    return []


def test_every_query_under_a_liaisons_scope_returns_only_his_unit(liaison_county):
    con, ids = liaison_county
    liaison = User(5, "li", "李", LIAISON, (ids["县甲局"],))
    scope = liaison.scoped(UnitScope(assessed_only=False))
    period = month_period("2026-10", date(2026, 11, 20))
    arguments = {
        "period": period,
        "scope": scope,
        "calendar": load_calendar(),
        "first_month": "2026-01",
        "last_month": "2026-12",
        "first_monday": date(2026, 9, 28),
        "last_sunday": date(2026, 11, 1),
        "start": date(2026, 1, 1),
        "end": date(2026, 12, 31),
        "today": date(2026, 10, 26),
        "since": date(2026, 1, 1),
        "settings": ReminderSettings(),  # no channel set up: run_reminders skips every message, sends nothing
        "channel": "email",
        "quarter": Quarter(2026, 4),
        "as_of": date(2026, 11, 20),
        "feedback_id": ids["feedback"],  # 乙镇's
        "year": 2026,
        "rubric": current_rubric(con)[0],
        "rule": load_assessment_rule(),
        "month": "2026-10",
        "months": 2,
        "name": "乙镇",  # another unit's name, as a liaison could type it into ?unit=
    }
    arguments["per_unit"] = items_by_unit(con, period, scope)  # silent_last_week judges this frame's units
    called = []
    for name, fn, params in _query_functions():
        if "scope" not in params:
            assert name in NOT_SCOPED or name in _WRITES or name.startswith("m0"), f"{name}: scope it or declare it"
            continue
        result = fn(con, **{p: arguments[p] for p in params[1:] if p in arguments})
        called.append(name)
        for frame in _frames(result):
            if "unit_id" in frame.columns:
                assert set(frame["unit_id"]) <= {ids["县甲局"]}, name
            if "unit_name" in frame.columns:
                assert set(frame["unit_name"]) <= {"县甲局"}, name
        if hasattr(result, "kpis"):
            assert result.kpis.units_in_scope == 1
    assert {"findings", "exemptions", "open_conflicts", "column_freshness", "requests_received"} <= set(called)
    assert {"feedback_queue", "latest_feedback", "feedback_findings", "evidence_file"} <= set(called)
    assert evidence_file(con, scope, ids["feedback"]) is None
    assert {"units_in_scope", "unit_card", "finding_histories", "unit_scores"} <= set(called)
    assert {"rush_updates", "reposts"} <= set(called)


def test_the_unit_page_opens_only_the_liaisons_unit(liaison_county):
    """单位画像 by URL: another unit's name gives no card (the page refuses), his own gives one; the histories
    and scores of his card's scope are his unit's only, while the office's scope sees 乙镇's as well."""
    con, ids = liaison_county
    liaison = User(5, "li", "李", LIAISON, (ids["县甲局"],)).scoped(UnitScope(assessed_only=False))
    assert unit_card(con, liaison, "乙镇") is None
    assert unit_card(con, liaison, "县丁局") is None  # not assessed, and not his either
    own = unit_card(con, liaison, "县甲局")
    assert own is not None and own.scope.unit_ids == (ids["县甲局"],)
    assert list(units_in_scope(con, liaison)["unit_name"]) == ["县甲局"]
    office = UnitScope(assessed_only=False)
    assert set(finding_histories(con, office)["unit_name"]) == {"县甲局", "乙镇"}
    assert set(finding_histories(con, own.scope)["unit_name"]) == {"县甲局"}
    scores = unit_scores(con, own.scope, "2026-10", 2, date(2026, 11, 20), load_calendar(), current_rubric(con)[0])
    assert list(scores.history["month"]) == ["2026-09", "2026-10"]
    assert set(scores.history["unit_name"]) == {"县甲局"}
    assert set(scores.lines["unit_name"]) == {"县甲局"} and len(scores.lines) > 0
    assert unit_card(con, office, "乙镇") is not None


def test_the_same_queries_see_the_other_units_for_the_office(liaison_county):
    """The fixture is not vacuous: unscoped, the exemption and the conflict at 乙镇 are there."""
    from core.monitoring.exemptions import exemptions
    from core.rectification.marks import open_conflicts

    con, ids = liaison_county
    assert list(exemptions(con)["unit_name"]) == ["乙镇"]
    assert list(open_conflicts(con)["unit_name"]) == ["乙镇"]
    everyone = UnitScope(assessed_only=False)
    assert list(feedback_queue(con, everyone)["unit_name"]) == ["乙镇"]
    assert evidence_file(con, everyone, ids["feedback"]) == Evidence("乙.pdf", b"%PDF")
    from core.monitoring.gaming import reposts, rush_updates

    october = month_period("2026-10", date(2026, 11, 20))
    assert list(rush_updates(con, october, everyone, load_calendar())["unit_name"]) == ["乙镇"]
    assert list(reposts(con, october, everyone)["unit_name"]) == ["乙镇"]


def test_a_liaison_without_units_sees_nothing_rather_than_everything():
    scope = User(6, "nobody", "无", LIAISON, ()).scoped(UnitScope())
    assert scope.unit_ids == ()
