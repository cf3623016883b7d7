"""Import templates: the header row and example row are recognised by the real loaders; dropdowns exist."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from loaders.kinds import KINDS
from loaders.pipeline import import_file
from loaders.templates import TemplateLists, registry_lists, template_xlsx
from tests.apphelpers import new_database


@pytest.mark.parametrize("kind", list(KINDS))
def test_template_has_required_headers_and_dropdowns(kind):
    wb = load_workbook(io.BytesIO(template_xlsx(kind)))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for field in KINDS[kind].fields:
        assert field.synonyms[0] in headers
    assert ws.data_validations.dataValidation, "enumerated fields get dropdowns"


def test_filled_templates_import_in_order(tmp_path):
    con = new_database(tmp_path / "t.duckdb")
    outcomes = {}
    for kind in KINDS:
        report = import_file(con, template_xlsx(kind), f"{kind}.xlsx")
        outcomes[kind] = (report.kind, report.rows, report.loaded, report.rejected)
    con.close()
    assert outcomes == {kind: (kind, 1, 1, 0) for kind in KINDS}


def test_unit_and_column_dropdowns_read_the_registry_from_a_hidden_sheet(tmp_path):
    con = new_database(tmp_path / "t.duckdb")
    for kind in ("units", "columns"):
        import_file(con, template_xlsx(kind), f"{kind}.xlsx")
    lists = registry_lists(con)
    assert lists == TemplateLists(("县应急管理局",), ("工作动态",))
    wb = load_workbook(io.BytesIO(template_xlsx("items", con)))
    ws, options = wb.worksheets[0], wb["选项"]
    assert options.sheet_state == "hidden" and ws.title == KINDS["items"].label
    formulas = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    headers = {c.value: c.column_letter for c in ws[1]}
    unit_ref = formulas[f"{headers['单位']}2"]
    assert unit_ref.startswith("'选项'!$")
    column = unit_ref.split("!$")[1].split("$")[0]
    assert [c.value for c in options[column] if c.value][1:] == ["县应急管理局"]
    assert f"{headers['栏目']}2" in formulas
    con.close()


def test_many_registered_units_fit_because_the_list_is_a_range_not_inline_text():
    units = tuple(f"清源县第{i}个很长名称的县直部门单位" for i in range(60))  # inline lists stop at 255 characters
    wb = load_workbook(io.BytesIO(template_xlsx("findings", TemplateLists(units, ()))))
    ws = wb.worksheets[0]
    headers = {c.value: c.column_letter for c in ws[1]}
    unit_dv = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(headers["单位"]))
    assert unit_dv.formula1.endswith("$61") and unit_dv.errorStyle == "warning"
    assert ws.column_dimensions[headers["单位"]].width == 2 * 17 + 3  # wide enough for the longest name
    assert ws.column_dimensions[headers["问题描述"]].width >= 12


def test_without_a_registry_templates_still_have_the_enumeration_dropdowns():
    ws = load_workbook(io.BytesIO(template_xlsx("items"))).worksheets[0]
    headers = {c.value: c.column_letter for c in ws[1]}
    covered = {str(dv.sqref)[:1] for dv in ws.data_validations.dataValidation}
    assert headers["是否政策解读"] in covered and headers["单位"] not in covered


@pytest.mark.parametrize(
    ("kind", "optional"),
    [("findings", ["回头看日期"]), ("requests", ["补正告知日期", "补正次数", "延迟答复期限"])],
)
def test_templates_offer_the_optional_dates_the_rules_read(kind, optional):
    wb = load_workbook(io.BytesIO(template_xlsx(kind)))
    headers = {c.value: c for c in wb.worksheets[0][1]}
    notes = "\n".join(str(row[0].value) for row in wb["填写说明"].iter_rows())
    for header in optional:
        assert headers[header].fill.fgColor.rgb.endswith("F2DCDB"), f"{header} is optional, not a required red"
        assert f"{header}：" in notes  # the sheet says what the column changes


def test_readme_lists_every_ledger_column():
    readme = Path("README.md").read_text(encoding="utf-8")
    section = readme.split("### 各类台账的列", 1)[1].split("\n## ", 1)[0]
    for kind in KINDS.values():
        assert f"| {kind.label} |" in section
        for field in kind.fields:
            assert f"`{field.synonyms[0]}`" in section, f"{kind.label}: {field.synonyms[0]}"
