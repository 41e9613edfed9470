"""What the benchmark scripts share: paths, the machine, medians, tables and CSV files."""

from __future__ import annotations

import csv
import os
import platform
import statistics
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED_PSPLIB = REPO.parent / "shared" / "psplib"


def machine() -> str:
    """One line naming the machine and the software, for every results table."""
    import ortools

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as stream:
            for line in stream:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{cpu}, {cores} cores, Python {platform.python_version()}, "
        f"OR-Tools {ortools.__version__}, {platform.system()} {platform.release()}"
    )


def median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.fmean(present) if present else None


def fmt(value: Any, digits: int = 2) -> str:
    """A table cell: '-' for nothing, fixed digits for floats."""
    if value is None or value == "":
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A Markdown table (also readable in a terminal)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(fmt(cell) for cell in row) + " |")
    return "\n".join(lines)


class CsvOut:
    """Rows written as they come to ``FILE.part`` (poll it), renamed to ``FILE`` when done."""

    def __init__(self, path: str | Path, fields: Sequence[str]) -> None:
        self.path = Path(path)
        self.part = self.path.with_name(self.path.name + ".part")
        self.fields = list(fields)
        self._stream = open(self.part, "w", newline="", encoding="utf-8")  # noqa: SIM115
        self._writer = csv.DictWriter(self._stream, fieldnames=self.fields)
        self._writer.writeheader()
        self._stream.flush()

    def write(self, row: dict[str, Any]) -> None:
        self._writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in self.fields})
        self._stream.flush()

    def close(self) -> None:
        self._stream.close()
        os.replace(self.part, self.path)


def read_csv(path: str | Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def say(text: str) -> None:
    """Progress on stderr, so that stdout carries only the tables."""
    print(text, file=sys.stderr, flush=True)
