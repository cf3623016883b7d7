"""Annual reports, as a workbook laid out like the published tables and as pasted web text with `|` tables."""

from core.storage.db import fetch_rows
from loaders.pipeline import import_file
from tests.apphelpers import new_database, write_csv

REPORT_TEXT = """清源县教育局2025年政府信息公开工作年度报告
一、总体情况
2025年，本局认真贯彻《条例》……
三、收到和处理政府信息公开申请情况
| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | | | | | |
| | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
| 一、本年新收政府信息公开申请数量 | 4 | 1 | 0 | 0 | 0 | 0 | 5 |
| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| （一）予以公开 | 3 | / | 0 | 0 | 0 | 0 | 3 |
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
"""


def _registry(con, tmp_path):
    import_file(
        con, write_csv(tmp_path / "u.csv", ["单位名称", "单位类型"], [["县教育局", "县直部门"]]).read_bytes(), "u.csv"
    )


def test_text_report_with_pipe_tables_is_stored_cell_by_cell(tmp_path):
    con = new_database(tmp_path / "a.duckdb")
    _registry(con, tmp_path)
    path = tmp_path / "report.txt"
    path.write_text(REPORT_TEXT, encoding="utf-8")
    report = import_file(con, path.read_bytes(), path.name)
    cells = {
        (t, r, c): (v, raw)
        for t, r, c, v, raw in fetch_rows(
            con, "SELECT table_no, row_label, col_label, value, raw FROM annual_report_cells"
        )
    }
    con.close()
    assert report.kind == "annual_report" and report.rejected == 0
    assert report.rows == 3 and report.loaded == 3
    assert cells[("三", "一、本年新收政府信息公开申请数量", "申请人情况/自然人")] == (4.0, "4")
    assert cells[("三", "二、上年结转政府信息公开申请数量", "申请人情况/总计")] == (1.0, "1")
    # a "/" placeholder is kept as missing, never silently 0
    assert cells[("三", "(一)予以公开", "申请人情况/商业企业")] == (None, "/")
    assert len(cells) == 21


def test_report_of_an_unregistered_unit_is_quarantined_not_lost(tmp_path):
    con = new_database(tmp_path / "a.duckdb")
    path = tmp_path / "report.txt"
    path.write_text(REPORT_TEXT, encoding="utf-8")
    report = import_file(con, path.read_bytes(), path.name)
    reasons = {r for (r,) in fetch_rows(con, "SELECT reason FROM quarantine")}
    con.close()
    assert (report.rows, report.rejected) == (3, 3)
    assert reasons == {"单位未登记: 清源县教育局"}
