"""Liaison contacts as optional columns of the 单位名录, stored beside the units."""

from core.reminders.digest import unit_contacts
from core.storage.scope import UnitScope
from loaders.write import undo_import
from tests.apphelpers import load, new_database, write_csv


def _contacts(con) -> list[tuple]:
    frame = unit_contacts(con, UnitScope(assessed_only=False))
    return [tuple(r) for r in frame.dropna(subset=["liaison"])[["unit_name", "liaison", "mobile", "email"]].values]


def test_contacts_are_stored_a_later_register_without_them_keeps_them_and_undo_takes_them_back(tmp_path):
    con = new_database(tmp_path / "x.duckdb")
    header = ["单位名称", "单位类型", "联络员", "手机", "电子邮箱"]
    rows = [["县甲局", "县直部门", "张三", "13800000001", "z@x.cn"], ["乙镇", "乡镇", "", "", ""]]
    report = load(con, write_csv(tmp_path / "a.csv", header, rows))
    assert (report.loaded, report.rejected) == (2, 0)
    assert _contacts(con) == [("县甲局", "张三", "13800000001", "z@x.cn")]
    again = load(con, write_csv(tmp_path / "b.csv", ["单位名称", "单位类型"], [["县甲局", "县直部门"]]))
    assert again.duplicate == 1  # the unit row itself is unchanged: contacts are not part of its hash
    assert _contacts(con) == [("县甲局", "张三", "13800000001", "z@x.cn")]
    changed = load(
        con, write_csv(tmp_path / "c.csv", ["单位名称", "单位类型", "手机"], [["县甲局", "县直部门", "13900000009"]])
    )
    assert changed.rejected == 0
    assert _contacts(con) == [("县甲局", "张三", "13900000009", "z@x.cn")]  # a blank 联络员/邮箱 keeps the old
    undo_import(con, changed.batch)
    assert _contacts(con) == [("县甲局", "张三", "13800000001", "z@x.cn")]
    con.close()


def test_the_registry_template_offers_the_contact_columns():
    import io

    from openpyxl import load_workbook

    from loaders.templates import template_xlsx

    ws = load_workbook(io.BytesIO(template_xlsx("units"))).active
    assert [c.value for c in ws[1]][-3:] == ["联络员", "联络员手机", "联络员邮箱"]
    assert [c.value for c in ws[2]][-3:] == ["张三", "13800000000", "yjj@example.gov.cn"]
