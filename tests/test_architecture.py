"""The layer boundaries: logic never imports streamlit; pages and ui hold no SQL."""

import ast
import re
import subprocess
import sys

import pytest

from core.config import REPO_ROOT

ROOT = REPO_ROOT
HEADLESS = ["core", "loaders", "exports", "accounts"]
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


def _imports(path) -> list[str]:
    """Every module a file imports (absolute names), read from its syntax tree."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return names


CORE_FILES = sorted((ROOT / "core").rglob("*.py"))
DOMAINS = sorted(p.name for p in (ROOT / "core").iterdir() if (p / "__init__.py").exists())


def test_core_is_cut_by_domain():
    assert DOMAINS == [
        "accounts",
        "annual_reports",
        "assessment",
        "calendar",
        "inspection",
        "monitoring",
        "ranking",
        "rectification",
        "registry",
        "reminders",
        "requests",
        "storage",
    ]
    loose = sorted(p.name for p in (ROOT / "core").glob("*.py"))
    assert loose == ["__init__.py", "config.py", "errors.py", "frames.py"], "a new module belongs in a domain"


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_core_imports_no_ui_no_loaders_no_exports(path):
    bad = [m for m in _imports(path) if m.split(".")[0] in ("streamlit", "ui", "pages", "loaders", "exports")]
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_module_reaches_into_another_domains_private_helpers(path):
    own = path.relative_to(ROOT).parts[:2]
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "core" and len(parts) > 2 and tuple(parts[:2]) != own:
            assert not parts[-1].startswith("_"), f"{path.relative_to(ROOT)} imports private {name}"


def test_storage_depends_on_no_domain_but_the_registry_vocabulary():
    for path in (ROOT / "core" / "storage").glob("*.py"):
        domains = {m for m in _imports(path) if m.startswith("core.") and m.split(".")[1] in DOMAINS}
        assert all(m.startswith(("core.storage", "core.registry.vocabulary")) for m in domains), (path, domains)


@pytest.mark.parametrize("path", sorted([*ROOT.glob("pages/*.py"), ROOT / "dashboard.py"]), ids=lambda p: p.name)
def test_pages_import_no_duckdb_and_no_other_page(path):
    bad = [m for m in _imports(path) if m.split(".")[0] in ("duckdb", "pages")]
    assert not bad, f"{path.name} imports {bad}"
