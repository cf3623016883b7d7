#!/usr/bin/env bash
# Creates .venv and installs the pinned packages (runtime, or runtime + test with --dev). Idempotent and quiet.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
req=requirements.txt
[ "${1:-}" = "--dev" ] && req=requirements-dev.txt
stamp=".venv/.installed-$(sha256sum requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)-$(basename "$req")"
if [ ! -f "$stamp" ]; then
  echo "正在安装依赖（$req）…"
  .venv/bin/python -m pip install --disable-pip-version-check -q -r "$req"
  touch "$stamp"
fi
# Bytecode for the project's own modules, written once here: where PYTHONDONTWRITEBYTECODE is set (as on this
# machine) every start and every cron import would otherwise compile ~150 modules again (0.3 s of a 100k-row
# import, issue 9). Up-to-date files are skipped, so this costs nothing on the next run.
.venv/bin/python -m compileall -q -j 0 -x '/\.(venv|git)/|/tests/' . >/dev/null
