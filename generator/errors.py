"""Problems in the data, reported to editors as `file:line:col: entry → field: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in one data file. Sorting gives file, then line order."""

    path: str
    line: int
    col: int
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        subject = " → ".join(part for part in (self.entry, self.field) if part)
        return f"{where}: {subject}: {self.message}" if subject else f"{where}: {self.message}"


class DataError(Exception):
    """The data is wrong: report the issues and exit 1, without a traceback."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(f"{len(issues)} probleem/problemen in de gegevens")
        self.issues = sorted(issues)


def format_path(path: tuple[str | int, ...]) -> str:
    """('oplossingen', 1, 'naam') → 'oplossingen[1].naam'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
