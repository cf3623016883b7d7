"""The quarter's files: the assignment/checklist workbook and the 互查情况通报 in the 公文 layout."""

import io

from openpyxl import load_workbook

from core.accounts.identity import User
from core.accounts.vocabulary import OFFICE
from core.calendar.workdays import load_calendar
from core.inspection.plans import checklist, inspection_units, quarter_findings, quarter_results, save_plan, saved_plan
from core.inspection.rotation import Quarter
from core.registry.office import load_office
from core.storage.scope import UnitScope
from exports.documents import docx_text_structure
from exports.inspection import CHECK_RULES, InspectionBulletin, inspection_bulletin_docx, plan_workbook
from exports.monthly import office_info
from tests.inspection.conftest import AS_OF

Q4 = Quarter(2026, 4)


def _planned(con):
    ids = dict(con.execute("SELECT name, unit_id FROM units").fetchall())
    jia, yi, bing = ids["县甲局"], ids["乙镇"], ids["县丙局"]
    save_plan(con, User(1, "wang", "王五", OFFICE), Q4, [(yi, jia), (bing, yi), (jia, bing)], [jia, yi, bing])
    return saved_plan(con, Q4, UnitScope())


def test_plan_workbook_has_the_assignment_the_checklist_and_the_rules(icounty):
    plan = _planned(icounty)
    wb = load_workbook(io.BytesIO(plan_workbook(plan, checklist(icounty, Q4, UnitScope(), AS_OF), Q4, AS_OF)))
    assert wb.sheetnames == ["互查分工", "检查清单", "检查要点"]
    rows = [[c.value for c in r] for r in wb["互查分工"].iter_rows(min_row=2)]
    assert rows[0] == ["检查单位", "被检查单位", "单位类型"]
    assert sorted(r[:2] for r in rows[1:]) == [["乙镇", "县甲局"], ["县丙局", "乙镇"], ["县甲局", "县丙局"]]
    assert [c.value for c in wb["检查清单"][2]] == [
        "检查单位",
        "被检查单位",
        "栏目",
        "栏目类别",
        "规定更新周期",
        "最近更新日期",
        "当前状态",
    ]
    assert wb["检查要点"].max_row == 2 + len(CHECK_RULES)


def test_bulletin_names_each_units_findings_deadlines_and_review(icounty):
    plan = _planned(icounty)
    units = inspection_units(icounty, UnitScope())
    judged = quarter_findings(icounty, Q4, UnitScope(), load_calendar(), AS_OF)
    bulletin = InspectionBulletin(
        office_info(load_office()),
        Q4,
        "清公开办〔2026〕20号",
        AS_OF,
        AS_OF,
        3,
        len(plan),
        quarter_results(judged, units),
        judged,
    )
    texts = [t for _, t, _, _ in docx_text_structure(inspection_bulletin_docx(bulletin))]
    body = "\n".join(texts)
    assert "关于2026年第四季度全县政务公开互查情况的通报" in body.replace("\n", "")
    assert "清公开办〔2026〕20号" in texts
    assert "共发现问题3个，涉及2个单位" in body
    assert "已整改2个，未完成整改1个（其中逾期1个）；回头看通过1个、未通过0个" in body
    assert "2.县甲局：发现问题2个，已整改2个，回头看通过1个、待回头看1个。" in texts
    assert "1.乙镇：发现问题1个，已整改0个，未完成整改1个（其中逾期1个，最迟整改期限2026年11月13日）。" in texts
    # units in registry order (no 排序 given: by name); the 附件 lists every finding with deadline, state, 回头看
    assert texts.index("HC2") < texts.index("HC1") < texts.index("HC3")  # 乙镇, then 县甲局 by day found
    assert "附件打不开" in texts and "待回头看" in texts and "通过" in texts


def test_the_bulletins_number_is_registered_once_per_quarter(icounty):
    """The 互查情况通报 takes the next 通报 number of its year from the 发文登记 (after the month's bulletin), keeps it
    on every re-export, and the next quarter gets a new one; the document carries it."""
    from core.registry.doc_register import BULLETIN, NumberRequest, register_number, register_table
    from exports.inspection import inspection_bulletin_file

    office = load_office()
    register_number(icounty, NumberRequest("bulletin:2026-10", BULLETIN, office.doc_prefix, 2026, "十月通报"))
    plan = _planned(icounty)
    judged = quarter_findings(icounty, Q4, UnitScope(), load_calendar(), AS_OF)
    results = quarter_results(judged, inspection_units(icounty, UnitScope()))

    def export(quarter):
        data = inspection_bulletin_file(icounty, office, quarter, AS_OF, AS_OF, plan, results, judged)
        return [t for _, t, _, _ in docx_text_structure(data)]

    assert "清公开办〔2026〕2号" in export(Q4)
    register_number(icounty, NumberRequest("bulletin:2026-11", BULLETIN, office.doc_prefix, 2026, "十一月通报"))
    assert "清公开办〔2026〕2号" in export(Q4)  # re-exported after another document: the same number
    assert "清公开办〔2026〕4号" in export(Quarter(2026, 3))
    register = register_table(icounty)
    rows = register.loc[register["doc_key"].str.startswith("inspection:"), ["doc_key", "doc_number", "title"]]
    assert rows.sort_values("doc_key").values.tolist() == [
        ["inspection:2026Q3", "清公开办〔2026〕4号", "关于2026年第三季度全县政务公开互查情况的通报"],
        ["inspection:2026Q4", "清公开办〔2026〕2号", "关于2026年第四季度全县政务公开互查情况的通报"],
    ]


def test_a_finding_without_a_number_is_listed_with_a_dash(icounty):
    """A finding entered on the page without 编号 (or a ledger row without one) is NaN in the frame: the 附件 shows
    "—" (it stopped the bulletin with an AttributeError before)."""
    from datetime import date

    from core.inspection.entry import MutualFinding
    from loaders.finding_entry import enter_finding_as

    plan = _planned(icounty)
    target = int(plan.loc[plan["unit_name"] == "县丙局", "unit_id"].iloc[0])
    entry = MutualFinding(Q4, target, "", "其他", "首页链接失效", date(2026, 11, 18))
    enter_finding_as(icounty, User(1, "wang", "王五", OFFICE), entry, AS_OF, load_calendar())
    judged = quarter_findings(icounty, Q4, UnitScope(), load_calendar(), AS_OF)
    results = quarter_results(judged, inspection_units(icounty, UnitScope()))
    bulletin = InspectionBulletin(
        office_info(load_office()), Q4, "清公开办〔2026〕20号", AS_OF, AS_OF, 3, 3, results, judged
    )
    texts = [t for _, t, _, _ in docx_text_structure(inspection_bulletin_docx(bulletin))]
    at = texts.index("首页链接失效")
    assert texts[at - 2 : at] == ["县丙局", "—"]
