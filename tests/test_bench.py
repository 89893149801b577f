"""A small smoke run of the benchmark: it runs end to end and prints a complete table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_benchmark_smoke_run(tmp_path: Path) -> None:
    out = tmp_path / "bench.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench.py"),
            "--sizes",
            "60",
            "120",
            "--skip-zensical",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    table = out.read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 4  # two sizes, in the generator table and in the build table
    generator_row, build_row = rows[0], rows[2]
    assert all(cell.strip() not in ("", "–") for cell in generator_row.split("|")[1:-1])
    assert all(cell.strip() not in ("", "–") for cell in build_row.split("|")[1:9])
    assert "Schaalexponent" in table
