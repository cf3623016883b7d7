#!/usr/bin/env bash
# 一条命令：安装依赖（含测试用的无头 Chromium 与中文字体）并运行全部测试。CI (.ci/run) 运行的就是它。
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh --dev
if [ ! -x /usr/bin/chromium ] || ! command -v soffice >/dev/null || ! command -v faketime >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "正在安装 chromium、fonts-noto-cjk、libreoffice-writer（浏览器测试、图片与公文预览用）、faketime（换日期跑测试）…"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk libreoffice-writer-nogui \
      poppler-utils faketime >/dev/null
  else
    echo "缺少 chromium 或 LibreOffice：浏览器与公文渲染测试将被跳过（以 root 运行本脚本可自动安装）。" >&2
  fi
fi
echo "ruff check · ruff format --check · mypy …"
.venv/bin/ruff check --quiet .
.venv/bin/ruff format --check --quiet .
.venv/bin/mypy --no-error-summary
exec .venv/bin/python -m pytest "$@"
