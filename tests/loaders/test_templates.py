"""Import templates: the header row and example row are recognised by the real loaders; dropdowns exist."""

import io

import pytest
from openpyxl import load_workbook

from loaders.kinds import KINDS
from loaders.pipeline import import_file
from loaders.templates import template_xlsx
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
