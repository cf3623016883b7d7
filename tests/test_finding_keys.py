"""Which rows of a 问题清单 are the same finding: the office's 编号, or a 序号 only within its inspection."""

from core.storage.db import fetch_rows
from loaders.pipeline import import_file
from tests.apphelpers import new_database, write_csv

HEADER = ["序号", "检查名称", "发现日期", "责任单位", "问题类型", "问题描述", "整改期限", "整改状态"]


def _load(con, path):
    return import_file(con, path.read_bytes(), path.name)


def test_row_numbers_of_two_inspections_do_not_overwrite_each_other(tmp_path):
    con = new_database(tmp_path / "f.duckdb")
    _load(con, write_csv(tmp_path / "u.csv", ["单位名称", "单位类型"], [["县甲局", "县直部门"]]))
    patrol = _load(
        con,
        write_csv(
            tmp_path / "a.csv",
            HEADER,
            [["1", "网上巡查", "2026-10-09", "县甲局", "内容错误", "错别字", "10个工作日", "未整改"]],
        ),
    )
    mutual = _load(
        con,
        write_csv(
            tmp_path / "b.csv",
            HEADER,
            [["1", "季度互查", "2026-10-20", "县甲局", "链接失效", "链接打不开", "15天", "未整改"]],
        ),
    )
    later = _load(
        con,
        write_csv(
            tmp_path / "c.csv",
            HEADER,
            [["1", "网上巡查", "2026-10-09", "县甲局", "内容错误", "错别字", "10个工作日", "已整改"]],
        ),
    )
    rows = sorted(fetch_rows(con, "SELECT inspection, status FROM findings"))
    con.close()
    assert (patrol.loaded, mutual.loaded, later.updated) == (1, 1, 1)
    assert rows == [("季度互查", "未整改"), ("网上巡查", "已整改")]


def test_office_numbers_identify_a_finding_across_ledgers(tmp_path):
    con = new_database(tmp_path / "f.duckdb")
    _load(con, write_csv(tmp_path / "u.csv", ["单位名称", "单位类型"], [["县甲局", "县直部门"]]))
    header = ["编号", *HEADER[1:]]
    _load(
        con,
        write_csv(
            tmp_path / "a.csv",
            header,
            [["WX-2026-001", "网上巡查", "2026-10-09", "县甲局", "内容错误", "错别字", "10个工作日", "未整改"]],
        ),
    )
    # the next ledger corrects the description: still the same finding, by its number
    again = _load(
        con,
        write_csv(
            tmp_path / "b.csv",
            header,
            [["WX-2026-001", "网上巡查", "2026-10-09", "县甲局", "内容错误", "标题错别字", "10个工作日", "整改中"]],
        ),
    )
    history = fetch_rows(con, "SELECT old_status, new_status FROM finding_history ORDER BY history_id")
    con.close()
    assert again.updated == 1
    assert history == [(None, "未整改"), ("未整改", "整改中")]


def test_the_timeline_shows_each_change_with_the_ledger_it_came_from(tmp_path):
    from core.rectification.queries import finding_timeline

    con = new_database(tmp_path / "f.duckdb")
    _load(con, write_csv(tmp_path / "u.csv", ["单位名称", "单位类型"], [["县甲局", "县直部门"]]))
    header = ["编号", *HEADER[1:], "整改完成日期"]
    row = ["WX-1", "网上巡查", "2026-10-09", "县甲局", "内容错误", "错别字", "10个工作日"]
    _load(con, write_csv(tmp_path / "10月.csv", header, [[*row, "未整改", ""]]))
    _load(con, write_csv(tmp_path / "11月.csv", header, [[*row, "整改中", ""]]))
    _load(con, write_csv(tmp_path / "12月.csv", header, [[*row, "已整改", "2026-12-03"]]))
    finding_id = con.execute("SELECT finding_id FROM findings").fetchall()[0][0]
    timeline = finding_timeline(con, finding_id)
    con.close()
    assert timeline[["old_status", "new_status", "file_name"]].fillna("—").values.tolist() == [
        ["—", "未整改", "10月.csv"],
        ["未整改", "整改中", "11月.csv"],
        ["整改中", "已整改", "12月.csv"],
    ]
    assert str(timeline["rectified_on"].iloc[-1].date()) == "2026-12-03"
