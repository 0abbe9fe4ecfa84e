#!/usr/bin/env python3
"""Build the digest site. See README.md for the contract and exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Turn scraped Chinese AI-industry articles into a bilingual static digest.")
    p.add_argument("--content", type=Path, default=Path("content"), help="folder of raw inputs, read recursively (default: content)")
    p.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    p.add_argument("--taxonomy", type=Path, default=Path("taxonomy.yaml"), help="topic taxonomy (default: taxonomy.yaml)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any input is rejected or any warning is raised")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes for per-document stages (default: cores)")
    p.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    p.add_argument("--base-url", default=os.environ.get("DIGEST_BASE_URL", "https://digest.example/"), help="absolute site URL for sitemap, feeds and canonical links")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from digest.build import BuildOptions, run
    from digest.taxonomy import TaxonomyError
    from digest.writer import BuildLockedError

    if not args.content.is_dir():
        print(f"error: content folder not found: {args.content}", file=sys.stderr)
        return 2
    options = BuildOptions(
        content=args.content, out=args.out, taxonomy=args.taxonomy, strict=args.strict, jobs=max(1, args.jobs),
        search=not args.no_search, base_url=args.base_url, quiet=args.quiet,
    )
    try:
        return run(options)
    except TaxonomyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BuildLockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("interrupted: the previous site is left as it was", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
