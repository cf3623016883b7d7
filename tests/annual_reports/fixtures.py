"""One table set of an annual report (the national format, numbers from the seed report 004 made non-trivial), and
the report drawn as blocks of cells the way Word/HTML/PDF show it. The readers' tests render these into real files."""

import copy
from typing import Any

from core.annual_reports.model import Block, Cell, Document

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULT = "三、本年度办理结果"
# table 三 of the 2021 format: (label cells as drawn in 3 label columns, key)
T3_LAYOUT: list[tuple[list[str], str]] = [
    (["一、本年新收政府信息公开申请数量"] * 3, "new"),
    (["二、上年结转政府信息公开申请数量"] * 3, "carried_in"),
    ([RESULT, "（一）予以公开", "（一）予以公开"], "open"),
    (
        [RESULT, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] * 1
        + ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
        "partial",
    ),
    *[
        ([RESULT, "（三）不予公开", label], f"deny_{i}")
        for i, label in enumerate(
            [
                "1.属于国家秘密",
                "2.其他法律行政法规禁止公开",
                "3.危及“三安全一稳定”",
                "4.保护第三方合法权益",
                "5.属于三类内部事务信息",
                "6.属于四类过程性信息",
                "7.属于行政执法案卷",
                "8.属于行政查询事项",
            ],
            1,
        )
    ],
    *[
        ([RESULT, "（四）无法提供", label], f"cannot_{i}")
        for i, label in enumerate(
            ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"], 1
        )
    ],
    *[
        ([RESULT, "（五）不予处理", label], f"noproc_{i}")
        for i, label in enumerate(
            [
                "1.信访举报投诉类申请",
                "2.重复申请",
                "3.要求提供公开出版物",
                "4.无正当理由大量反复申请",
                "5.要求行政机关确认或重新出具已获取信息",
            ],
            1,
        )
    ],
    ([RESULT, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"], "other_1"),
    ([RESULT, "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"], "other_2"),
    ([RESULT, "（六）其他处理", "3.其他"], "other_3"),
    ([RESULT, "（七）总计", "（七）总计"], "total"),
    (["四、结转下年度继续办理"] * 3, "carried_out"),
]


def _row(natural: int, *org: int) -> list[int]:
    """自然人, 5 org columns, and the 总计 that adds them."""
    values = [natural, *org, *[0] * (5 - len(org))]
    return [*values, sum(values)]


def tables_2021() -> dict[str, Any]:
    """A consistent 2021-format table set: every identity of §2.5 holds."""
    t3 = {key: _row(0) for _, key in T3_LAYOUT}
    t3["new"] = _row(9, 2, 0, 0, 1)
    t3["carried_in"] = _row(1)
    t3["open"] = _row(5, 1)
    t3["partial"] = _row(1)
    t3["deny_4"] = _row(1)
    t3["cannot_1"] = _row(1, 1, 0, 0, 1)
    t3["noproc_2"] = _row(1)
    t3["total"] = [sum(t3[k][c] for _, k in T3_LAYOUT[2:-2]) for c in range(7)]
    t3["carried_out"] = [t3["new"][c] + t3["carried_in"][c] - t3["total"][c] for c in range(7)]
    return {
        "unit": "清源县应急管理局",
        "year": 2025,
        "t2": {
            "rules": [0, 0, 0],
            "normative": [15, 2, 40],
            "license": [0],
            "penalty": [8],
            "enforcement": [0],
            "fees": ["1.25"],
        },
        "t3": t3,
        "t4": [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0],
        "preamble": "",
        "overall": "本年度共收到政府信息公开申请12件，上年结转1件，办结12件，结转下年度1件；"
        "发生政府信息公开行政复议1件、行政诉讼1件。",
        "problems": "（一）政务公开机制有待完善。各科室发布的信息多有重复。\n（二）新增栏目较多，个别栏目更新不及时。",
        "dated": "2026年1月25日",
    }


def variant(**changes: Any) -> dict[str, Any]:
    tables = copy.deepcopy(tables_2021())
    tables.update(changes)
    return tables


def _text(v: Any) -> str:
    return "" if v is None else str(v)


def report_items(t: dict[str, Any]) -> list[tuple[str, Any]]:
    """The report as ("p", text) paragraphs and ("table", rows of cell texts) in reading order."""
    t3_rows = [
        [NOTE] * 3 + ["申请人情况"] * 7,
        [NOTE] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
        [NOTE] * 3 + ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
    ]
    t3_rows += [labels + [_text(v) for v in t["t3"][key]] for labels, key in T3_LAYOUT if key in t["t3"]]
    t2 = t["t2"]
    t2_rows = [
        ["第二十条第（一）项"] * 4,
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", *map(_text, t2["rules"])],
        ["行政规范性文件", *map(_text, t2["normative"])],
        ["第二十条第（五）项"] * 4,
        ["信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"],
        ["行政许可", *[_text(t2["license"][0])] * 3],
        ["第二十条第（六）项"] * 4,
        ["信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"],
        ["行政处罚", *[_text(t2["penalty"][0])] * 3],
        ["行政强制", *[_text(t2["enforcement"][0])] * 3],
        ["第二十条第（八）项"] * 4,
        ["信息内容", "本年收费金额（单位：万元）", "本年收费金额（单位：万元）", "本年收费金额（单位：万元）"],
        ["行政事业性收费", *[_text(t2["fees"][0])] * 3],
    ]
    groups = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    t4_rows = [
        ["行政复议"] * 5 + ["行政诉讼"] * 10,
        ["行政复议"] * 5 + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
        ["行政复议"] * 0 + groups * 3,
        [_text(v) for v in t["t4"]],
    ]
    t4_rows[0] = groups + ["行政诉讼"] * 10 if False else t4_rows[0]
    items: list[tuple[str, Any]] = [("p", f"{t['unit']}{t['year']}年政府信息公开工作年度报告")]
    if t.get("preamble"):
        items.append(("p", t["preamble"]))
    items += [("p", "一、总体情况"), ("p", t["overall"]), ("p", "二、主动公开政府信息情况"), ("table", t2_rows)]
    items += [("p", "三、收到和处理政府信息公开申请情况"), ("table", t3_rows)]
    items += [("p", "四、政府信息公开行政复议、行政诉讼情况"), ("table", t4_rows)]
    items += [("p", "五、存在的主要问题及改进情况")]
    items += [("p", line) for line in t["problems"].split("\n") if line]
    items += [("p", "六、其他需要报告的事项"), ("p", "本年度未收取信息处理费。"), ("p", t["unit"]), ("p", t["dated"])]
    return items


def as_document(t: dict[str, Any], name: str = "report.docx") -> Document:
    """The report as blocks, the way a reader of a Word file sees it (merged cells repeated)."""
    blocks: list[Block] = []
    for kind, content in report_items(t):
        if kind == "p":
            blocks.append(Block((Cell(content, f"第{len(blocks) + 1}段"),), paragraph=True))
        else:
            for r, row in enumerate(content, 1):
                blocks.append(Block(tuple(Cell(text, f"第{r}行第{c}列") for c, text in enumerate(row, 1))))
    return Document(name, "docx", blocks)
