"""Progress of long work (a duplicate scan, an audit verification), told to whoever shows it:
the work names each phase as it starts, with its size when known, and advances through it."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


class ScanProgress(Protocol):
    """Told what long work is doing: a phase starts (with its size, if known), work advances."""

    def phase(self, name: str, total: int | None) -> None: ...

    def advance(self, n: int) -> None: ...


class BarProgress:
    """A rich progress bar per phase."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.task: TaskID | None = None

    def phase(self, name: str, total: int | None) -> None:
        if self.task is not None:
            self.bar.update(self.task, completed=self.bar.tasks[-1].total or 0)
        self.task = self.bar.add_task(name, total=total)

    def advance(self, n: int) -> None:
        if self.task is not None:
            self.bar.advance(self.task, n)


@contextmanager
def progress_bars(console: Console) -> Iterator[BarProgress]:
    """Bars on `console` (the CLI's stderr), gone when the work is done."""
    columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn()]
    # Drawn on a terminal only: into a file or a pipe, a finished bar still leaves a blank line.
    quiet = not console.is_terminal
    with Progress(
        *columns, TimeElapsedColumn(), console=console, transient=True, disable=quiet
    ) as bar:
        yield BarProgress(bar)
