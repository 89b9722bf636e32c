"""The fuzz harness, bounded in time: UMLAUT_LSP_FUZZ_SECONDS (default 40, split over two
seeds) for longer runs, UMLAUT_LSP_FUZZ_SEED to replay a seed."""

from __future__ import annotations

import os

import pytest

from fuzz_lsp import fuzz

SECONDS = float(os.environ.get("UMLAUT_LSP_FUZZ_SECONDS", 40))
BASE_SEED = int(os.environ.get("UMLAUT_LSP_FUZZ_SEED", 1))


@pytest.mark.parametrize("offset", [0, 1])
def test_fuzz_never_crashes_and_keeps_texts_equal(offset: int):
    stats = fuzz(SECONDS / 2, BASE_SEED + offset, answer_timeout=10.0)
    print(stats)
    assert stats["exit_code"] == 0
    assert stats["checks"] > 0 and stats["edits"] > 0 and stats["malformed"] > 0 and stats["heavy"] > 0
