"""Search: a Pagefind index of the canonical (zh-hans) edition plus a query map.

Pagefind's extended build segments Chinese, but a query only matches a page whose text
was segmented into the same word: 芯片 misses a page where the segmenter kept 芯片厂商 or
AI芯片 whole (measured on the seeds: 47 of 870 term/article pairs missed). So each article
is indexed through Pagefind's API with an extra, index-only block of every dictionary
word its text contains (jieba full mode), each standing alone, so any dictionary word
that is a substring of the text is also a word of the index. The block never reaches
the page on disk; the browser cuts it off the result text at SEARCH_TOKENS_MARK.

We index one script only and convert the reader's query in the browser
(assets/search.js): Traditional characters to Simplified with a character table, and
Taiwan vocabulary back to mainland words (資料→数据, 晶片→芯片) with a phrase table made
from the words this site actually contains. So a query in either script finds pages of
both editions.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import re
import shutil
import zlib
from collections.abc import Iterable
from pathlib import Path

from .convert import sense_guarded
from .normalize import converter
from .tokens import lcut
from .writer import SiteWriter, beside

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
CJK_FIRST = 0x4E00
_B26 = "abcdefghijklmnopqrstuvwxyz"
TOKEN_PREFIX = "q"
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_IGNORED = re.compile(r"<(details|nav|aside)\b.*?</\1>", re.S)
SEARCH_TOKENS_MARK = "〓"  # never in article text; search.js cuts the result text here
INDEXED_GLOB = "zh-hans/articles/*/index.html"
ARTICLE_END = "</article>"


def cjk_words(texts: Iterable[str]) -> list[str]:
    """The distinct CJK words of `texts` (jieba, no HMM), in order of first occurrence.
    Pure per text, so the renderer computes it per article in the pool and caches it."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in lcut(text, hmm=False):
            if word not in seen and _CJK.match(word):
                seen[word] = None
    return list(seen)


def query_map(texts: Iterable[str]) -> dict[str, dict[str, str]]:
    """Tables for the browser, from the words this site contains: `chars` and `phrases`
    turn a query into Simplified (Traditional char → Simplified, Taiwan phrase → mainland);
    `hant` (with `phrases` read backwards) turns a Simplified result excerpt into the
    zh-hant edition's script."""
    return query_map_of_words(cjk_words(texts))


def query_map_of_words(words: Iterable[str]) -> dict[str, dict[str, str]]:
    """`query_map` from CJK words already cut; a word seen again is skipped, so word
    lists per text can be concatenated in text order."""
    s2t, s2twp, t2s = converter("s2t"), converter("s2twp"), converter("t2s")
    chars: dict[str, str] = {}
    phrases: dict[str, str] = {}
    hant: dict[str, str] = {}
    seen: set[str] = set()
    for word in words:
        if word in seen:
            continue
        seen.add(word)
        trad = s2t.convert(word)
        tw = s2twp.convert(word)
        for ch in set(trad + tw):
            simple = t2s.convert(ch)
            if simple != ch:  # 像 is Simplified too: a character t2s keeps is never mapped
                chars[ch] = simple
        hant.update((b, a) for a, b in zip(trad, word, strict=False) if a != b)
        # a word the edition converts by characters (rules/hant.yaml) shows no Taiwan phrase
        if tw != trad and len(tw) > 1 and not sense_guarded(word):
            phrases[tw] = word
    for ch in list(hant):
        hant[ch] = s2t.convert(ch)  # a lone character takes OpenCC's most common form
    return {
        "chars": dict(sorted(chars.items())),
        "phrases": dict(sorted(phrases.items())),
        "hant": dict(sorted(hant.items())),
    }


def encode_char(ch: str) -> str:
    """A CJK character as four base-26 letters (shared with search.js). Letters only:
    the build's segmenter splits some letter-digit mixes, the browser's does not."""
    n = ord(ch) - CJK_FIRST
    return "".join(_B26[n // 26**k % 26] for k in (3, 2, 1, 0))


def search_tokens(text: str) -> list[str]:
    """Each distinct CJK bigram of `text` (and each character, for one-character queries),
    encoded as a Latin word so neither segmenter can split or merge it."""
    found: dict[str, None] = {}
    for run in _CJK_RUN.findall(text):
        codes = [encode_char(ch) for ch in run]
        for i, code in enumerate(codes):
            found[TOKEN_PREFIX + code + (codes[i + 1] if i + 1 < len(codes) else "")] = None
    return list(found)


def indexable_html(html: str, hant_title: str = "") -> str:
    """The page as Pagefind should see it: the article plus its index-only block of
    encoded bigrams and the zh-hant title (as meta, for results in that edition)."""
    if ARTICLE_END not in html:
        return html
    body = _TAG.sub(" ", _IGNORED.sub(" ", html.split("<article", 1)[-1].split(ARTICLE_END, 1)[0]))
    meta = f'<span data-pagefind-meta="title_hant">{hant_title}</span>' if hant_title else ""
    block = f"<p>{SEARCH_TOKENS_MARK} {meta} {' '.join(search_tokens(body))}</p>"
    head, tail = html.rsplit(ARTICLE_END, 1)
    return head + block + ARTICLE_END + tail


def _title_html(page: Path) -> str:
    """Inner HTML (already escaped) of the page's <h1>, or '' when it has none."""
    if not page.is_file():
        return ""
    found = _H1.search(page.read_text(encoding="utf-8"))
    return found.group(1) if found else ""


async def _write_index(source: Path, out_dir: Path) -> int:
    """Index the pages under `source` in one request: Pagefind's API answers a request per
    0.1 s (its reader sleeps between responses), so a request per page took 100 s at 1,000
    articles and never finished at 10,000; a folder is one request, indexed in parallel."""
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language="zh", output_path=str(out_dir))
    async with PagefindIndex(config=config) as index:
        done = await index.add_directory(str(source), glob=INDEXED_GLOB)
    return int(done["page_count"])


def stage_indexable(site: Path, folder: Path) -> int:
    """Write each indexed page of `site` as Pagefind should see it (`indexable_html`) to the
    same path under `folder`, so Pagefind's URLs are the site's. Returns the page count."""
    count = 0
    for page in sorted(site.glob(INDEXED_GLOB)):
        rel = page.relative_to(site).as_posix()
        hant = _title_html(site / ("zh-hant" + rel.removeprefix("zh-hans")))
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(indexable_html(page.read_text(encoding="utf-8"), hant), encoding="utf-8")
        count += 1
    return count


# How a complete asset of Pagefind's ends: its JS bundles close with `;`, `}`, `)` or a
# comment, its CSS with `}`. A file cut at a buffer boundary almost never does.
_ASSET_END = {".js": re.compile(rb"(;|\}|\)|\*/)\s*\Z"), ".css": re.compile(rb"\}\s*\Z")}
_PF_MAGIC = b"pagefind_dcd"


def verify_index(out_dir: Path, pages: int) -> list[str]:
    """Problems in a Pagefind output folder (empty list when it is whole).

    Pagefind has exited 0 under load leaving `pagefind-component-ui.js` cut at 131,072
    bytes and `wasm.unknown.pagefind` empty (bench/RESULTS.md). So: no file is empty;
    the entry file parses and every language's meta file it names exists; every
    compressed index file decompresses whole (gzip's CRC and length catch a cut) to
    Pagefind's header; every JS/CSS asset ends as a complete file does; there is one
    fragment per indexed page."""
    problems: list[str] = []
    if not out_dir.is_dir():
        return [f"{out_dir.name}/ missing"]
    files = sorted(p for p in out_dir.rglob("*") if p.is_file())
    for f in files:
        rel = f.relative_to(out_dir).as_posix()
        data = f.read_bytes()
        if not data:
            problems.append(f"{rel} is empty")
            continue
        if f.suffix in _ASSET_END and not _ASSET_END[f.suffix].search(data[-200:]):
            problems.append(f"{rel} is cut off ({len(data)} bytes)")
        elif f.suffix == ".pagefind" or f.suffix.startswith(".pf_"):
            try:
                if not gzip.decompress(data).startswith(_PF_MAGIC):
                    problems.append(f"{rel} is not a Pagefind file")
            except (OSError, EOFError, zlib.error):
                problems.append(f"{rel} is cut off or corrupt ({len(data)} bytes)")
    try:
        entry = json.loads((out_dir / "pagefind-entry.json").read_text(encoding="utf-8"))
        for lang, info in entry["languages"].items():
            if not (out_dir / f"pagefind.{info['hash']}.pf_meta").is_file():
                problems.append(f"pagefind.{info['hash']}.pf_meta (language {lang}) missing")
            if info.get("wasm") and not (out_dir / f"wasm.{info['wasm']}.pagefind").is_file():
                problems.append(f"wasm.{info['wasm']}.pagefind (language {lang}) missing")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        problems.append(f"pagefind-entry.json unreadable: {type(exc).__name__}")
    for needed in ("pagefind.js", "wasm.unknown.pagefind"):
        if not (out_dir / needed).is_file():
            problems.append(f"{needed} missing")
    fragments = sum(1 for _ in (out_dir / "fragment").glob("*.pf_fragment")) if (out_dir / "fragment").is_dir() else 0
    if fragments != pages:
        problems.append(f"{fragments} fragments for {pages} indexed pages")
    return problems


def index_site(site: Path, out_dir: Path, scratch: Path | None = None) -> tuple[int, list[str]]:
    """Pagefind index of `site`'s article pages in `out_dir`: (pages indexed, problems).
    The pages are staged in `scratch` (default: beside the site, where SiteWriter.recover
    removes what a killed build left), removed after."""
    shutil.rmtree(out_dir, ignore_errors=True)
    scratch = scratch or beside(site, "search")
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        staged = stage_indexable(site, scratch)
        pages = asyncio.run(asyncio.wait_for(_write_index(scratch, out_dir), timeout=600))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    problems = verify_index(out_dir, pages)
    if pages != staged:
        problems.append(f"Pagefind indexed {pages} of {staged} pages")
    return pages, problems


def reuse_index(live: Path, staged: Path) -> bool:
    """Put the live site's Pagefind index into staging when it is whole (`verify_index`),
    as hard links: Pagefind never writes into them (`index_site` removes its output folder
    before it writes). False when there is no whole index to reuse."""
    pages = sum(1 for _ in live.parent.glob(INDEXED_GLOB))  # the pages it was built from
    if not live.is_dir() or verify_index(live, pages):
        return False
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(live, staged, copy_function=os.link)
    return True


SEARCH_ATTEMPTS = 3  # Pagefind has left a broken index under load (verify_index); rare, so try again


def build_search_index(writer: SiteWriter, texts: Iterable[str] = (), quiet: bool = False,
                       words: Iterable[str] | None = None, keep_live: bool = False) -> tuple[str | None, bool]:
    """Write assets/search-map.json and the Pagefind index of the staged site. Returns a
    warning or None, and whether the live site's index was kept instead.

    The query map comes from `words` (CJK words in text order, see `cjk_words`) when
    given, else from cutting `texts`. With `keep_live` (no indexed page changed since the
    live index was built, or a server indexes later: `replace_index`) the live index is
    kept, if whole. Pagefind's output is verified (`verify_index`) and built again when
    broken; the last broken output is removed and reported, never published."""
    table = query_map_of_words(words) if words is not None else query_map(texts)
    writer.write("assets/search-map.json", json.dumps(table, ensure_ascii=False, separators=(",", ":")))
    site = writer.staging.resolve()
    out_dir = site / "pagefind"
    if keep_live and reuse_index(writer.out / "pagefind", out_dir):
        writer.claim("pagefind")
        return None, True
    problems: list[str] = []
    for _attempt in range(SEARCH_ATTEMPTS):
        try:
            _, problems = index_site(site, out_dir, beside(writer.out, "search"))
        except Exception as exc:  # any failure of the external indexer must not stop the build
            problems = [f"{type(exc).__name__}: {exc}"]
        if not problems:
            writer.claim("pagefind")
            return None, False
    shutil.rmtree(out_dir, ignore_errors=True)
    return f"search index not built: Pagefind output broken {SEARCH_ATTEMPTS} times ({'; '.join(problems[:5])})"[:400], False


def index_identity(site: Path) -> tuple[int, int] | None:
    """Which index `site` holds: its entry file's inode and modification time (a reuse by
    hard links keeps both; a new index has a new file). None when it holds none."""
    try:
        st = os.stat(site / "pagefind" / "pagefind-entry.json")
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def replace_index(site: Path) -> list[str]:
    """Index the live `site` and put the new index in place of its pagefind/ folder (a
    server's deferred search step, after the pages are in place). Returns the problems;
    with any, the old index stays."""
    # beside the site, so SiteWriter.recover removes them after a kill
    fresh, old = beside(site, "pagefind-next"), beside(site, "pagefind-old")
    try:
        shutil.rmtree(fresh, ignore_errors=True)
        _, problems = index_site(site, fresh)
        if not problems:
            shutil.rmtree(old, ignore_errors=True)
            live = site / "pagefind"
            if live.exists():
                os.rename(live, old)
            os.rename(fresh, live)
            shutil.rmtree(old, ignore_errors=True)
    except Exception as exc:  # the external indexer or a rename failing must not stop the server
        problems = [f"{type(exc).__name__}: {exc}"]
    shutil.rmtree(fresh, ignore_errors=True)
    return problems
