#!/usr/bin/env bash
# Creates .venv with the pinned Python packages the tests and benchmarks use (requirements-dev.txt):
# real Keras, TensorFlow and PyTorch for the runner's tests and the real-code corpus, ruff for the
# benchmarks, pytest-lsp for end-to-end language-server tests. Idempotent: does nothing when
# .venv already matches the requirements file.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$root/.venv"
requirements="$root/requirements-dev.txt"
stamp="$venv/.requirements-sha256"
want=$(sha256sum "$requirements" | cut -d' ' -f1)

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    exit 0
fi
echo "setup: creating .venv from requirements-dev.txt (Keras, TensorFlow, PyTorch: a few minutes the first time)" >&2
python=${PYTHON:-python3}
[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r "$requirements"
echo "$want" > "$stamp"
