"""Progress on long runs: a rich bar on stderr when it is a terminal, nothing otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from checker.pipeline import Progress as ProgressCallback


@contextmanager
def progress_bar(show: bool) -> Iterator[ProgressCallback | None]:
    """A callback for the pipeline that advances a bar, or None (no output at all) when not shown."""
    if not show:
        yield None
        return
    columns = (TextColumn("reading articles"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("read", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
