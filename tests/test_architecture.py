"""The layer boundaries: logic never imports streamlit; pages and ui hold no SQL."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADLESS = ["core", "loaders", "exports"]
_SQL = re.compile(
    r"\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b", re.IGNORECASE
)


@pytest.mark.parametrize("package", HEADLESS)
def test_logic_packages_never_load_streamlit(package):
    modules = sorted(
        p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
        for p in (ROOT / package).rglob("*.py")
        if p.name != "__main__.py"
    )
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + "print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", modules


@pytest.mark.parametrize(
    "path", sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "dashboard.py"]), ids=lambda p: p.name
)
def test_pages_and_ui_hold_no_sql_and_no_duckdb(path):
    text = path.read_text(encoding="utf-8")
    assert not _SQL.search(text), f"SQL belongs in core/queries: {path.name}"
    assert "import duckdb" not in text or path.name == "state.py"
