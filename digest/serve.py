"""`make serve`: build, serve the site on localhost, rebuild on every change, reload the browser.

    python -m digest.serve [--port 8000] [--content content] [--out site] [--no-search]

The builds run in this process, in one resident `digest.build.Session`: modules, the
taxonomy and jieba's dictionary stay loaded and cache entries stay in memory, so a rebuild
after adding or editing an input costs what that input changes (like `hugo server`),
and writes exactly the files a cold `build.py` would. Rule files, templates, code and the
taxonomy are read once per process (lru caches, jieba's dictionary), so an edit of any
of those restarts this server in a fresh process (`os.execv`, same arguments) instead.
The search index (Pagefind, seconds per thousand articles) is rebuilt after the browser has
reloaded, not before (`BuildOptions.search_later`): until then search answers from the
previous index. Live reload is a Server-Sent Events endpoint plus a small
script that this server adds to HTML responses as it sends them; the files in `site/`
never contain it, so what is served here is what gets published.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENTS = "/__digest/events"
RELOAD_SCRIPT = (
    "<script>/* digest serve: live reload, never in the built site */(function(){"
    f"var es=new EventSource('{EVENTS}'),seen=null;"
    "es.onmessage=function(e){if(seen===null){seen=e.data;}else if(e.data!==seen){location.reload();}};})();</script>"
).encode()
KEEPALIVE = 15.0


@dataclass
class Generation:
    """Counts finished builds; SSE clients wait on it."""

    value: int = 0
    cond: threading.Condition = field(default_factory=threading.Condition)

    def bump(self) -> None:
        with self.cond:
            self.value += 1
            self.cond.notify_all()

    def wait_change(self, seen: int, timeout: float) -> int:
        with self.cond:
            self.cond.wait_for(lambda: self.value != seen, timeout=timeout)
            return self.value


def inject_reload(html: bytes) -> bytes:
    """The reload script before `</body>` (or at the end when there is none)."""
    at = html.lower().rfind(b"</body>")
    return html + RELOAD_SCRIPT if at < 0 else html[:at] + RELOAD_SCRIPT + html[at:]


class Handler(SimpleHTTPRequestHandler):
    generation: Generation  # set by make_handler

    def log_message(self, format: str, *args: object) -> None:  # stdlib signature
        pass  # the build log is what the editor reads

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == EVENTS:
            self.stream_events()
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            body = inject_reload(path.read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def stream_events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.generation.value
        try:
            self.wfile.write(f"data: {seen}\n\n".encode())
            self.wfile.flush()
            while True:
                now = self.generation.wait_change(seen, KEEPALIVE)
                self.wfile.write(f"data: {now}\n\n".encode() if now != seen else b": keepalive\n\n")
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            return


def make_handler(out: Path, generation: Generation) -> partial[Handler]:
    # The site folder is swapped by rename on every build, so serve it by path, not by handle.
    cls = type("DigestHandler", (Handler,), {"generation": generation})
    return partial(cls, directory=str(out))


def build_options(args: argparse.Namespace):  # -> BuildOptions
    from .build import BuildOptions

    return BuildOptions(content=args.content, out=args.out, taxonomy=args.taxonomy, jobs=max(1, args.jobs),
                        cache=args.cache, search=not args.no_search, search_later=not args.no_search,
                        base_url=args.base_url)


def build(args: argparse.Namespace, session, changed: list[Path] | None = None) -> int:  # session: digest.build.Session
    """One build in this process (the CLI's exit codes; an error is printed, never raised).
    `changed`: the input paths the watcher saw change (None: walk the content folder)."""
    import warnings

    from .writer import BuildLockedError, build_lock

    start = time.perf_counter()
    try:
        with build_lock(args.out), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            code = session.build(changed)
        for note in dict.fromkeys(str(w.message) for w in caught):
            print(f"  warning: {note}", file=sys.stderr)
    except BuildLockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = 3
    except Exception:  # a bug: keep serving the previous site, say what broke
        traceback.print_exc()
        print("serve: internal error; the previous site is left as it was", file=sys.stderr)
        code = 70
    print(f"serve: build {session.builds} exited {code} in {time.perf_counter() - start:.2f}s", file=sys.stderr)
    return code


def index_later(args: argparse.Namespace, session, generation: Generation) -> None:
    """The search index a build left to do (BuildOptions.search_later), after the browser
    has reloaded: until it is in place, search answers from the previous index. The
    browser reloads again once it is (a page that loaded the previous index would ask for
    its files, which the new one replaces)."""
    from .render import finish_search
    from .writer import build_lock

    start = time.perf_counter()
    try:
        with build_lock(args.out):
            problems = finish_search(session.options, session.store)
    except Exception as exc:  # the server keeps serving the site with its previous index
        problems = [f"{type(exc).__name__}: {exc}"]
    if problems is None:
        return
    if problems:
        print(f"  warning: search index not updated ({'; '.join(problems[:3])})", file=sys.stderr)
        return
    print(f"serve: search index updated in {time.perf_counter() - start:.2f}s", file=sys.stderr)
    generation.bump()


def needs_fresh_process(args: argparse.Namespace, changed: list[Path]) -> bool:
    """True when something other than an input changed: rules, templates, static files,
    the taxonomy or code are read once per process, so the session cannot see the edit."""
    content = Path(args.content).resolve()
    return any(not Path(p).resolve().is_relative_to(content) for p in changed)


def restart(args: argparse.Namespace) -> None:
    """Replace this process by a fresh `digest.serve` with the same (absolute) arguments."""
    print("serve: rules, templates, taxonomy or code changed: restarting in a fresh process", file=sys.stderr)
    sys.stderr.flush()
    argv = ["--host", args.host, "--port", str(args.port), "--content", str(args.content), "--out", str(args.out),
            "--taxonomy", str(args.taxonomy), "--jobs", str(args.jobs), "--cache", str(args.cache),
            "--base-url", args.base_url]
    os.execv(sys.executable, [sys.executable, "-m", "digest.serve", *argv, *(["--no-search"] if args.no_search else [])])


def watched(args: argparse.Namespace) -> list[Path]:
    paths = [args.content, ROOT / "templates", args.taxonomy, ROOT / "rules", ROOT / "static", ROOT / "digest"]
    return [p for p in paths if Path(p).exists()]


def parse_args(argv: list[str]) -> argparse.Namespace:
    from . import default_base_url
    from .executor import default_jobs

    p = argparse.ArgumentParser(description="Build, serve on localhost, rebuild on change with live reload.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--content", type=Path, default=Path("content"))
    p.add_argument("--out", type=Path, default=Path("site"))
    p.add_argument("--taxonomy", type=Path, default=Path("taxonomy.yaml"))
    p.add_argument("--jobs", type=int, default=default_jobs())
    p.add_argument("--cache", type=Path, default=ROOT / ".cache")
    p.add_argument("--base-url", default=default_base_url(),
                   help="the site's absolute URL, as `make` builds it (default: $DIGEST_BASE_URL or a placeholder)")
    p.add_argument("--no-search", action="store_true", help="skip Pagefind for faster rebuilds")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from watchfiles import watch

    from .build import Session

    args = parse_args(sys.argv[1:] if argv is None else argv)
    args.content, args.out, args.taxonomy, args.cache = (Path(p).resolve() for p in (args.content, args.out, args.taxonomy, args.cache))
    os.chdir(ROOT)  # builds ran here as processes: report paths are relative to the project
    session = Session(build_options(args))
    build(args, session)
    args.out.mkdir(parents=True, exist_ok=True)
    generation = Generation()
    server = ThreadingHTTPServer((args.host, args.port), make_handler(args.out, generation))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serve: http://{args.host}:{args.port}/ (watching {', '.join(str(p) for p in watched(args))}; Ctrl-C stops)", file=sys.stderr)
    try:
        session.flush(spare=False)
        index_later(args, session, generation)
        session.prepare_spare()  # after the search index: the editor waits for neither
        for changes in watch(*watched(args), debounce=300):
            changed = sorted({Path(p) for _, p in changes})
            names = sorted({p.name for p in changed})
            print(f"serve: changed {', '.join(names[:5])}{' …' if len(names) > 5 else ''}", file=sys.stderr)
            if needs_fresh_process(args, changed):
                session.flush(spare=False)
                server.shutdown()
                server.server_close()
                restart(args)
            build(args, session, changed)
            generation.bump()
            session.flush(spare=False)  # the cache's state entries, while the browser reloads
            index_later(args, session, generation)
            session.prepare_spare()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        session.flush(spare=False)  # a stopping server links no tree for a next build
    return 0


if __name__ == "__main__":
    sys.exit(main())
