"""`make eval`: print the quality numbers of every labelled set, one section each.

Each evaluator is a script of its own (runnable alone); this runs them in turn and ends
with a one-line verdict per set. Exit code 0 even when a target is missed: the numbers
are the product, and they are printed honestly.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVALS = [
    ("cleaning (issue 4)", "bench/eval_clean.py"),
    ("dedup pairs (issue 5)", "bench/eval_dedup.py"),
    ("headings and tags (issue 6)", "bench/eval_tags.py"),
    ("dates and events (issue 7)", "bench/eval_time.py"),
    ("zh-hant conversion", "bench/eval_hant.py"),
]


def main() -> int:
    failed = []
    for name, script in EVALS:
        print(f"\n=== {name}: python {script} ===", flush=True)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, script], cwd=ROOT, check=False)
        print(f"--- {name}: exit {proc.returncode}, {time.perf_counter() - start:.1f}s", flush=True)
        if proc.returncode not in (0, 1):
            failed.append(name)
    if failed:
        print(f"\nevaluators that could not run: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
