"""A short, deterministic slice of bench/fuzz.py (the full run is `make fuzz`)."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from digest.ingest import decode_detailed

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import fuzz  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
@example(b"\x00e\xdd#\xb9\xd3")  # NUL parity says UTF-16-BE, but it holds a lone surrogate (found by make fuzz)
def test_decode_never_raises_and_never_returns_control_characters(data: bytes) -> None:
    result = decode_detailed(data)
    if result.text is not None:
        assert result.text.strip()
        assert not any(ord(ch) < 9 or 13 < ord(ch) < 32 or ch in "\x7f\u2028\u2029\x85" for ch in result.text)
        result.text.encode("utf-8")  # no lone surrogates


def test_fuzz_slice_finds_no_crash_no_markup_no_escape() -> None:
    tally = fuzz.fuzz(seconds=20, seed=7, batch_size=4, max_batches=3, pipeline_share=0.4)
    report = "\n".join(tally.lines() + tally.crashes[:3] + tally.unescaped[:3] + tally.outside[:3] + tally.unreported[:3]
                       + tally.markdown_breaks[:3])
    assert tally.batches == 3 and tally.tried == 12 and tally.pipeline > 0, report
    assert tally.crashes == [], report
    assert tally.unescaped == [], report
    assert tally.outside == [], report
    assert tally.unreported == [], report
    assert tally.markdown_breaks == [], report
