"""签发 of the year's assessment: audited with the result in one transaction, frozen against later ledger changes,
the 文号 in the 发文登记, refused to anyone but the leader, withdrawn with a reason."""

from datetime import date

import pytest

from core.accounts.identity import User
from core.accounts.vocabulary import ACTION_LABELS, FREEZE_YEAR, LEADER, OFFICE, WITHDRAW_YEAR
from core.assessment.signing import assessment_key, frozen_year, sign_year, withdraw_year, year_versions
from core.assessment.year import assess_year, load_assessment_rule
from core.calendar.workdays import load_calendar
from core.errors import DashboardError
from core.ranking.rubric import current_rubric
from core.storage.scope import UnitScope

AS_OF = date(2026, 11, 20)
LEADER_USER = User(3, "lingdao", "赵领导", LEADER)


def _assess(con):
    rubric = current_rubric(con)[0]
    return assess_year(con, 2026, AS_OF, load_calendar(), rubric, UnitScope(), load_assessment_rule())


def _audit(con, action):
    return con.execute("SELECT login, object, after, outcome FROM audit_log WHERE action = ?", [action]).fetchall()


def test_signed_result_stays_as_announced_when_the_ledgers_change(icounty):
    result = _assess(icounty)
    version = sign_year(icounty, LEADER_USER, result, AS_OF, "清公开办〔2026〕40号", "清公开办", AS_OF)
    assert version == 1
    icounty.execute("DELETE FROM annual_reports")  # 县甲局 would now lose 年度报告按时发布
    assert _assess(icounty).scores.set_index("unit_name").loc["县甲局", "score"] != 85.42
    frozen = frozen_year(icounty, 2026, UnitScope())
    assert frozen is not None
    assert frozen.scores[["unit_name", "score", "rank", "grade"]].values.tolist() == (
        result.scores[["unit_name", "score", "rank", "grade"]].values.tolist()
    )
    assert len(frozen.monthly) == len(result.monthly) and len(frozen.items) == len(result.items)
    assert frozen.months == result.months
    assert _audit(icounty, FREEZE_YEAR) == [
        ("lingdao", "年度考评 2026年", "签发第1版，文号 清公开办〔2026〕40号", "成功")
    ]
    assert icounty.execute(
        "SELECT doc_number FROM document_register WHERE doc_key = ?", [assessment_key(2026)]
    ).fetchall() == [("清公开办〔2026〕40号",)]
    assert ACTION_LABELS[FREEZE_YEAR] == "签发年度考评结果"


def test_frozen_result_is_read_within_the_scope(icounty):
    sign_year(icounty, LEADER_USER, _assess(icounty), AS_OF, "", "清公开办", AS_OF)
    jia = icounty.execute("SELECT unit_id FROM units WHERE name = '县甲局'").fetchone()[0]
    mine = frozen_year(icounty, 2026, UnitScope(unit_ids=(jia,)))
    assert mine is not None
    assert set(mine.scores["unit_id"]) == {jia} and set(mine.items["unit_id"]) == {jia}
    assert set(mine.monthly["unit_id"]) == {jia}


def test_the_office_may_not_sign_and_nothing_is_written(icounty):
    with pytest.raises(DashboardError):
        sign_year(icounty, User(2, "ban", "钱办", OFFICE), _assess(icounty), AS_OF, "x", "清公开办", AS_OF)
    assert year_versions(icounty, 2026).empty
    assert [row[3] for row in _audit(icounty, FREEZE_YEAR)] == ["失败"]


def test_signing_twice_is_refused_and_withdrawal_needs_a_reason(icounty):
    sign_year(icounty, LEADER_USER, _assess(icounty), AS_OF, "", "清公开办", AS_OF)
    with pytest.raises(DashboardError) as twice:
        sign_year(icounty, LEADER_USER, _assess(icounty), AS_OF, "", "清公开办", AS_OF)
    assert twice.value.message == "2026年度考评结果已经签发（冻结），不能重复签发。"
    with pytest.raises(DashboardError) as bare:
        withdraw_year(icounty, LEADER_USER, 2026, "  ")
    assert bare.value.message == "撤回2026年度考评结果须写明原因。"
    assert frozen_year(icounty, 2026, UnitScope()) is not None
    assert withdraw_year(icounty, LEADER_USER, 2026, "年度报告报送日期登记有误") == 1
    assert frozen_year(icounty, 2026, UnitScope()) is None
    assert sign_year(icounty, LEADER_USER, _assess(icounty), AS_OF, "", "清公开办", AS_OF) == 2
    versions = year_versions(icounty, 2026)
    assert versions["version"].tolist() == [2, 1]
    assert versions["withdraw_reason"].tolist()[1] == "年度报告报送日期登记有误"
    assert _audit(icounty, WITHDRAW_YEAR)[-1][2:] == ("撤回第1版：年度报告报送日期登记有误", "成功")
