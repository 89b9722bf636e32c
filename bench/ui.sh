#!/usr/bin/env bash
# Benchmark (not a test): the dashboard's first render of a 1,000-epoch session.
#
#   bench/ui.sh [EPOCHS] [RUNS]     (defaults 1000 and 5; UMLAUT=path/to/umlaut, default the debug build)
#
# Makes a synthetic event stream (bench/ui_render.py: one model, two layers, every epoch with
# metrics, learning rate, gradient norms, dead units and input statistics, validation loss that
# turns upward so the rules find overfitting), stores it with `umlaut import` (the runtime rules
# run on it as on a real run), exports the session page with `umlaut show --format html`, and
# opens it RUNS times in headless Chromium. The figure is the time from navigation start to the
# page script's end of rendering (all charts, timeline and findings drawn), as the page itself
# measures it with performance.now(); the median and the worst are printed, with the file size
# and the time `umlaut show` took to build the page.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-1000}
runs=${2:-5}
umlaut=${UMLAUT:-.build/debug/umlaut}
exec .venv/bin/python bench/ui_render.py "$umlaut" "$epochs" "$runs"
