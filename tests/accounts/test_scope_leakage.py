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
from core.calendar.workdays import load_calendar
from core.monitoring.exemptions import add_exemption
from core.monitoring.overview import items_by_unit
from core.ranking.rubric import current_rubric
from core.ranking.unit_profile import finding_histories, unit_card, unit_scores, units_in_scope
from core.rectification.marks import mark_finding
from core.storage.scope import UnitScope, month_period
from tests.apphelpers import load, write_csv

_DOMAINS = ("core.monitoring", "core.rectification", "core.requests", "core.ranking", "core.registry")
# Read functions without a scope, and why a liaison cannot get another unit's rows from them.
NOT_SCOPED = {
    "available_months": "months only, no unit data",
    "is_demo": "a flag",
    "data_version": "a version string",
    "unit_items": "keyed by a unit id the publications page takes from a scoped frame",
    "unit_trend": "keyed by a unit id the publications page takes from a scoped frame",
    "finding_timeline": "keyed by a finding id the rectification page takes from the scoped findings",
    "bulletin_info": "ranking page only: a liaison has no VIEW_RANKING",
    "frozen_scores": "ranking page only",
    "frozen_months": "ranking page only",
    "current_rubric": "the rubric, no unit data",
    "rubric_version": "the rubric, no unit data",
    "score_month": "ranking page only",
    "month_scores": "ranking page only",
    "rank_trend": "ranking page only",
    "ranking_view": "ranking page only",
    "month_facts": "ranking page only",
    "bulletin_facts": "ranking page only",
    "bulletin_paragraphs": "the office's own paragraphs of a bulletin, no unit data",
    "edited_paragraphs": "the office's own paragraphs of a document, no unit data",
    "next_number": "a 文号, no unit data",
    "register_table": "the 发文登记: titles and numbers of the office's documents (ranking page only)",
}
_WRITES = {
    "add_exemption",
    "revoke_exemption",
    "mark_finding",
    "resolve_conflict",
    "freeze",
    "record_version",
    "edit_bulletin_paragraphs",
    "save_paragraphs",
    "register_number",
    "register_numbers",
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
    """The hand-made county plus an exemption and an open ledger conflict at 乙镇 (not the liaison's unit)."""
    ids = dict(county.execute("SELECT name, unit_id FROM units").fetchall())
    yi_column = county.execute("SELECT column_id FROM site_columns WHERE unit_id = ?", [ids["乙镇"]]).fetchone()[0]
    add_exemption(county, yi_column, date(2026, 10, 1), date(2026, 10, 31), "栏目已整合", "王五")
    f2 = county.execute("SELECT finding_id FROM findings WHERE finding_no = 'F2'").fetchone()[0]
    mark_finding(county, f2, "已整改", "电话核实", "王五", date(2026, 10, 25))
    header = ["编号", "检查名称", "发现日期", "责任单位", "问题类型", "问题描述", "整改期限", "整改状态"]
    row = ["F2", "网上巡查", "2026-10-20", "乙镇", "内容错误", "错别字", "2026-11-30", "未整改"]
    load(county, write_csv(tmp_path / "again.csv", header, [row]))
    assert county.execute("SELECT count(*) FROM finding_conflicts").fetchone()[0] == 1
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
        "month": "2026-10",
        "months": 2,
        "today": date(2026, 11, 20),
        "rubric": current_rubric(con)[0],
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
    assert {"units_in_scope", "unit_card", "finding_histories", "unit_scores"} <= set(called)


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

    con, _ = liaison_county
    assert list(exemptions(con)["unit_name"]) == ["乙镇"]
    assert list(open_conflicts(con)["unit_name"]) == ["乙镇"]


def test_a_liaison_without_units_sees_nothing_rather_than_everything():
    scope = User(6, "nobody", "无", LIAISON, ()).scoped(UnitScope())
    assert scope.unit_ids == ()
