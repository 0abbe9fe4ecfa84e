"""Feedback while building: a rich progress bar on a terminal, one plain line per stage
otherwise (CI logs, pipes, `make bench`), so logs stay greppable and terminals stay lively."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, TextIO


@dataclass
class StageBar:
    """Progress of one stage; `advance` is a no-op when there is no bar."""

    enabled: bool
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    _progress: Any = None
    _task: Any = None

    def start(self, name: str, total: int | None) -> None:
        if not self.enabled or not total:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn(f"[{name:<9}]"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=Console(file=self.stream), transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(name, total=total)

    def advance(self, n: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, n)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = self._task = None


def wants_bar(quiet: bool, setting: bool | None, stream: TextIO | None = None) -> bool:
    """A bar only when asked, or by default when stderr is an interactive terminal."""
    if quiet:
        return False
    if setting is not None:
        return setting
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())
