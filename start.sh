#!/usr/bin/env bash
# 一条命令：安装依赖并启动看板（首次启动自动用 data/samples 的样例台账建立演示数据库）。
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run dashboard.py --server.port "${PORT:-8501}" "$@"
