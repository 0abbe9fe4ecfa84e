"""`make serve`: build, serve the site on localhost, rebuild on every change, reload the browser.

    python -m digest.serve [--port 8000] [--content content] [--out site] [--no-search]

Each rebuild is a fresh `build.py` process: rule files and templates are read once per
process (lru caches), so an in-process rebuild could miss an edit. The cache in `.cache/`
keeps the fresh process fast. Live reload is a Server-Sent Events endpoint plus a small
script that this server adds to HTML responses as it sends them; the files in `site/`
never contain it, so what is served here is what gets published.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
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


def build(args: argparse.Namespace) -> int:
    cmd = [sys.executable, str(ROOT / "build.py"), "--content", str(args.content), "--out", str(args.out),
           "--taxonomy", str(args.taxonomy), "--jobs", str(args.jobs), "--base-url", f"http://{args.host}:{args.port}/"]
    if args.no_search:
        cmd.append("--no-search")
    start = time.perf_counter()
    code = subprocess.run(cmd, cwd=ROOT, check=False).returncode
    print(f"serve: build exited {code} in {time.perf_counter() - start:.2f}s", file=sys.stderr)
    return code


def watched(args: argparse.Namespace) -> list[Path]:
    paths = [args.content, ROOT / "templates", args.taxonomy, ROOT / "rules", ROOT / "static"]
    return [p for p in paths if Path(p).exists()]


def parse_args(argv: list[str]) -> argparse.Namespace:
    from .executor import default_jobs

    p = argparse.ArgumentParser(description="Build, serve on localhost, rebuild on change with live reload.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--content", type=Path, default=Path("content"))
    p.add_argument("--out", type=Path, default=Path("site"))
    p.add_argument("--taxonomy", type=Path, default=Path("taxonomy.yaml"))
    p.add_argument("--jobs", type=int, default=default_jobs())
    p.add_argument("--no-search", action="store_true", help="skip Pagefind for faster rebuilds")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from watchfiles import watch

    args = parse_args(sys.argv[1:] if argv is None else argv)
    args.content, args.out, args.taxonomy = (Path(p).resolve() for p in (args.content, args.out, args.taxonomy))
    build(args)
    args.out.mkdir(parents=True, exist_ok=True)
    generation = Generation()
    server = ThreadingHTTPServer((args.host, args.port), make_handler(args.out, generation))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serve: http://{args.host}:{args.port}/ (watching {', '.join(str(p) for p in watched(args))}; Ctrl-C stops)", file=sys.stderr)
    try:
        for changes in watch(*watched(args), debounce=300):
            names = sorted({Path(p).name for _, p in changes})
            print(f"serve: changed {', '.join(names[:5])}{' …' if len(names) > 5 else ''}", file=sys.stderr)
            build(args)
            generation.bump()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
