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
