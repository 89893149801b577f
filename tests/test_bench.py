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


def test_page_weight_counts_the_page_and_what_it_loads(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench import page_weight
    finally:
        sys.path.pop(0)
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "assets").mkdir()
    (tmp_path / "search").mkdir()
    page = tmp_path / "a" / "b" / "index.html"
    page.write_text(
        '<link rel="stylesheet" href="../../assets/x.css"><script src="../../assets/y.js">'
        '</script><script src="https://elders.nl/z.js"></script>'
        '<script id="__config">{"search": "../../assets/w.js"}</script>',
        encoding="utf-8",
    )
    sizes = {"assets/x.css": 1000, "assets/y.js": 2000, "assets/w.js": 3000}
    sizes["search/search_index.json"] = 4000
    for rel, size in sizes.items():
        (tmp_path / rel).write_bytes(b"a" * size)
    raw, packed = page_weight(tmp_path, page)
    assert raw == page.stat().st_size + sum(sizes.values())
    assert 0 < packed < raw
