"""python -m accounts: the password comes from stdin, refusals exit 1 in Chinese, audit prints JSON lines."""

import json
import subprocess
import sys

from core.accounts.console import os_user
from core.config import REPO_ROOT


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "accounts", *args], input=stdin, capture_output=True, text=True, cwd=REPO_ROOT
    )


def test_add_list_disable_and_audit_from_the_command_line(db_path):
    db = ["--db", str(db_path)]
    added = _cli(*db, "add", "wang", "--name", "王五", "--role", "office", stdin="abcd1234\n")
    assert added.returncode == 0 and "首次登录须修改密码" in added.stdout
    weak = _cli(*db, "add", "zhao", "--name", "赵六", "--role", "office", stdin="short\n")
    assert weak.returncode == 1 and "至少 8 位" in weak.stderr
    rows = [json.loads(line) for line in _cli(*db, "list", "--json").stdout.splitlines()]
    assert [(r["login"], r["role"], r["must_change_password"]) for r in rows] == [("wang", "office", True)]
    assert _cli(*db, "disable", "wang").returncode == 0
    logged = [json.loads(line) for line in _cli(*db, "audit", "--json").stdout.splitlines()]
    audit = [a for a in logged if a["action"] != "settings"]  # data/*.toml, *.csv first seen: test_settings_audit
    assert {a["login"] for a in audit} == {f"cli:{os_user()}"}
    assert [(a["action"], a["outcome"]) for a in audit] == [
        ("account_add", "成功"),
        ("account_add", "失败"),
        ("account_disable", "成功"),
    ]
    assert "abcd1234" not in json.dumps(audit, ensure_ascii=False)
