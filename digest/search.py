"""Search: a Pagefind index of the canonical (zh-hans) edition plus a query map.

Pagefind's extended build segments Chinese. We index one script only and convert the
reader's query in the browser (assets/search.js): Traditional characters to Simplified
with a character table, and Taiwan vocabulary back to mainland words (資料→数据,
晶片→芯片) with a phrase table made from the words this site actually contains. So a
query in either script finds pages of both editions.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterable

import jieba

from .normalize import converter
from .writer import SiteWriter

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")


def query_map(texts: Iterable[str]) -> dict[str, dict[str, str]]:
    """Tables for the browser: Traditional char → Simplified, Taiwan phrase → mainland."""
    s2t, s2twp, t2s = converter("s2t"), converter("s2twp"), converter("t2s")
    chars: dict[str, str] = {}
    phrases: dict[str, str] = {}
    seen: set[str] = set()
    for text in texts:
        for word in jieba.cut(text, HMM=False):
            if word in seen or not _CJK.match(word):
                continue
            seen.add(word)
            trad = s2t.convert(word)
            for a, b in zip(trad, word, strict=False):
                if a != b:
                    chars[a] = b
            tw = s2twp.convert(word)
            if tw != trad and len(tw) > 1:
                phrases[tw] = word
                for a, b in zip(tw, t2s.convert(tw), strict=False):
                    if a != b:
                        chars[a] = b
    return {"chars": dict(sorted(chars.items())), "phrases": dict(sorted(phrases.items()))}


def build_search_index(writer: SiteWriter, texts: Iterable[str] = (), quiet: bool = False) -> str | None:
    """Write assets/search-map.json and run Pagefind over the staged site. Returns a warning or None."""
    writer.write("assets/search-map.json", json.dumps(query_map(texts), ensure_ascii=False, separators=(",", ":")))
    cmd = [sys.executable, "-m", "pagefind", "--site", str(writer.staging), "--glob", "zh-hans/**/*.html",
           "--force-language", "zh", "--output-subdir", "pagefind", "--quiet"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"search index not built: {exc}"
    if proc.returncode != 0:
        return f"search index not built: pagefind exited {proc.returncode}: {proc.stderr.strip()[:300]}"
    writer.claim("pagefind")
    return None
