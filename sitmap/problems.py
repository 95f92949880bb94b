"""Problems found while loading data.

Loading never stops at the first bad file: each problem is recorded with the
file and feature it belongs to, and everything valid still loads. The app
shows the list, and ``python -m sitmap validate`` exits non-zero on errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"


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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]


def read_bounded_text(path: Path | str, problems: ProblemLog, max_bytes: int, what: str, limit_name: str) -> str | None:
    """A UTF-8 file's text, or None with the reason logged: missing, too large, not UTF-8."""
    path, name = Path(path), display_path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        problems.error(name, f"{what} is missing")
        return None
    if size > max_bytes:
        problems.error(name, f"{what} is {size:,} bytes; the limit is {max_bytes:,} ({limit_name})")
        return None
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.error(name, f"{what} is not UTF-8 (byte {exc.start})")
        return None


def display_path(path: Path | str) -> str:
    """A file's name as problems show it: relative to the working folder when it lies inside."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(Path.cwd()))
    except ValueError:
        return str(resolved)
