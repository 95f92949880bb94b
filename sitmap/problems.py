"""Problems found while loading data: the one way the core reports them.

Loading never stops at the first bad file: each problem is recorded with the
file and feature it belongs to, and everything valid still loads. The app
shows the list, and ``python -m sitmap validate`` exits non-zero on errors.
Code that checks one file or one feature takes a ``Scope``, which knows both
names, so no check has to invent its own way of saying what went wrong.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"
BYTE_ORDER_MARK = "\ufeff"


@dataclass(frozen=True)
class Problem:
    severity: str
    file: str
    message: str
    feature: str | None = None

    def __str__(self) -> str:
        where = self.file if self.feature is None else f"{self.file} [{self.feature}]"
        return f"{self.severity}: {where}: {self.message}"


class ProblemLog:
    """Collects problems; callers add to it instead of raising."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, file: str, message: str, feature: str | None = None) -> None:
        self.items.append(Problem(ERROR, file, message, feature))

    def warning(self, file: str, message: str, feature: str | None = None) -> None:
        self.items.append(Problem(WARNING, file, message, feature))

    def scope(self, file: str, feature: str | None = None) -> Scope:
        return Scope(self, file, feature)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]


class Scope:
    """Problems of one file, or of one feature in it. ``failed`` says whether an error was reported."""

    def __init__(self, log: ProblemLog, file: str, feature: str | None = None) -> None:
        self.log = log
        self.file = file
        self.feature = feature
        self.failed = False

    def error(self, message: str) -> None:
        self.failed = True
        self.log.error(self.file, message, self.feature)

    def warning(self, message: str) -> None:
        self.log.warning(self.file, message, self.feature)

    def fail_silently(self) -> None:
        """Leave the item out without a message of its own: its cause is reported once elsewhere."""
        self.failed = True


def read_bounded_text(path: Path | str, scope: Scope, max_bytes: int, what: str, limit_name: str) -> str | None:
    """A UTF-8 file's text, or None with the reason reported.

    Every data file goes through here, so each one refuses the same things the
    same way: missing or unreadable (a dangling link, a folder, a file deleted
    since it was listed), too large, not UTF-8. A leading byte-order mark is
    dropped with a warning, since editors on Windows add one.
    """
    path = Path(path)
    try:
        if not path.is_file():
            scope.error(f"{what} is missing" if not path.exists() else f"{what} is not a regular file")
            return None
        size = path.stat().st_size
        if size > max_bytes:
            scope.error(f"{what} is {size:,} bytes; the limit is {max_bytes:,} ({limit_name})")
            return None
        data = path.read_bytes()
    except OSError as exc:
        scope.error(f"{what} could not be read: {exc.strerror or exc}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        scope.error(f"{what} is not UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); save it as UTF-8")
        return None
    if text.startswith(BYTE_ORDER_MARK):
        scope.warning(f"{what} starts with a byte-order mark (U+FEFF); it was ignored")
        text = text[1:]
    return text


def display_path(path: Path | str) -> str:
    """A file's name as problems show it: relative to the working folder when it lies inside."""
    resolved = Path(os.path.abspath(path))  # not resolve(): a link is named as itself, not as its target
    try:
        return str(resolved.relative_to(Path.cwd()))
    except ValueError:
        return str(resolved)
