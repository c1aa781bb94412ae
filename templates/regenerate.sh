#!/usr/bin/env bash
# Regenerate the bundled fill-in workbooks: the default plan's first period (2020-07).
# Run after changing huyu_xlsx/generate/ or huyu_xlsx/layout.py; until then
# tests/test_generate_templates.py fails and names what differs.
set -euo pipefail
cd "$(dirname "$0")/.."
period=$(python -c "from huyu_xlsx.plan import load_plan; print(load_plan().first_period)")
rm -f templates/*.xlsx
python -m huyu_xlsx generate --period "$period" --out templates
