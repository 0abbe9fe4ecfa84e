#!/usr/bin/env python3
"""Build the digest site. See README.md for the contract and docs/robustness.md for exit codes.

Exit codes: 0 built; 1 built, but --strict and there were warnings; 2 usage or
configuration error (nothing built); 3 another build holds the lock; 70 internal error
(a bug: the previous site is left as it was); 130 interrupted (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import argparse
import signal
import sys
import traceback
import warnings
from pathlib import Path

EXIT_OK, EXIT_STRICT, EXIT_CONFIG, EXIT_LOCKED, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 70, 130


class UsageError(Exception):
    """A problem with the command line or the configuration: exit 2 before anything is built."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    from digest import default_base_url

    p = argparse.ArgumentParser(description="Turn scraped Chinese AI-industry articles into a bilingual static digest.")
    p.add_argument("--content", type=Path, default=Path("content"), help="folder of raw inputs, read recursively (default: content)")
    p.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    p.add_argument("--taxonomy", type=Path, default=Path("taxonomy.yaml"), help="topic taxonomy (default: taxonomy.yaml)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any input is rejected or any warning is raised")
    p.add_argument("--jobs", type=int, default=None, help="worker processes for per-document stages (default: usable cores)")
    p.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    p.add_argument("--cache", type=Path, default=Path(".cache"), help="cache of per-document results (default: .cache)")
    p.add_argument("--no-cache", action="store_true", help="recompute everything and store nothing")
    p.add_argument("--time-budget", type=float, default=None, metavar="SECONDS",
                   help="CPU seconds one input may spend in one stage before it is rejected (default: 30; 0: unlimited)")
    p.add_argument("--base-url", default=default_base_url(),
                   help="absolute site URL for sitemap, feeds and canonical links (default: $DIGEST_BASE_URL or a placeholder)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    return p.parse_args(argv)


def check_paths(content: Path, out: Path, taxonomy: Path) -> None:
    """Refuse layouts where the swap of --out would destroy inputs, or the site would be read back as input."""
    if not content.is_dir():
        raise UsageError(f"content folder not found: {content}")
    if not taxonomy.is_file():
        raise UsageError(f"taxonomy file not found: {taxonomy}")
    c, o = content.resolve(), out.resolve()
    if o == c or c.is_relative_to(o):
        raise UsageError(f"--out {out} contains the content folder {content}; the build replaces --out as a whole")
    if o.is_relative_to(c):
        raise UsageError(f"--out {out} is inside the content folder {content}; the site would be read back as input")
    if o == Path(o.anchor):
        raise UsageError("--out must not be the filesystem root")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a folder")


def make_options(args: argparse.Namespace):  # -> BuildOptions (imported late: --help stays fast)
    from digest.build import BuildOptions

    options = BuildOptions(
        content=args.content, out=args.out, taxonomy=args.taxonomy, strict=args.strict,
        cache=None if args.no_cache else args.cache, search=not args.no_search, base_url=args.base_url, quiet=args.quiet,
    )
    if args.jobs is not None:
        options.jobs = max(1, args.jobs)
    if args.time_budget is not None:
        options.time_budget = args.time_budget or None
    return options


def _interrupt(signum: int, frame: object) -> None:
    # SIGTERM (a CI timeout, `kill`) gets the same clean exit as Ctrl-C: staging removed.
    raise KeyboardInterrupt


def build(args: argparse.Namespace) -> int:
    from digest.build import run
    from digest.writer import build_lock

    options = make_options(args)
    # The lock is taken before the analysis, so a second build refuses at once instead of
    # after minutes of work; render_site takes it again (re-entrant within this process).
    with build_lock(args.out), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = run(options)
    notes = list(dict.fromkeys(str(w.message) for w in caught))
    for note in notes:
        print(f"  warning: {note}", file=sys.stderr)
    if args.strict and notes and code == EXIT_OK:
        print(f"--strict: {len(notes)} configuration warning(s); exiting 1", file=sys.stderr)
        return EXIT_STRICT
    return code


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from digest.taxonomy import TaxonomyError
    from digest.writer import BuildLockedError

    previous = signal.signal(signal.SIGTERM, _interrupt) if threading_is_main() else None
    # A shell starts background jobs with SIGINT ignored, and Python then installs no
    # Ctrl-C handler; the build must stop cleanly on SIGINT however it was started.
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler) if threading_is_main() else None
    try:
        check_paths(args.content, args.out, args.taxonomy)
        return build(args)
    except (UsageError, TaxonomyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except BuildLockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except KeyboardInterrupt:
        print("interrupted: the previous site is left as it was", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug must still leave a clear message and the old site
        traceback.print_exc()
        print(f"internal error: {type(exc).__name__}: {exc}; the previous site is left as it was", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if previous_int is not None:
            signal.signal(signal.SIGINT, previous_int)


def threading_is_main() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


if __name__ == "__main__":
    sys.exit(main())
