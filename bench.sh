#!/usr/bin/env bash
# The scale benchmarks (issue 8): one table with the targets beside the figures.
#   ./bench.sh                 10,000 synthetic articles (default)
#   ./bench.sh --size 1000     quick;   ./bench.sh --full   100,000 articles
#   ./bench.sh --docs          also write the table to docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")"
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m tests.bench "$@"
