#!/usr/bin/env bash
# 一条命令：安装依赖并启动看板（首次启动自动用 data/samples 的样例台账建立演示数据库）。
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
# server.py = Streamlit's ASGI app with the login page in front (issue 11); the address comes from
# listen_address in data/security.toml (default 0.0.0.0, every interface), or $LISTEN_ADDRESS.
address="${LISTEN_ADDRESS:-$(.venv/bin/python -c 'from core.accounts.settings import load_settings; print(load_settings().listen_address)')}"
exec .venv/bin/python -m streamlit run server.py --server.port "${PORT:-8501}" --server.address "$address" "$@"
