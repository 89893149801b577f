"""Benchmark: how the build scales with the size of the catalog.

Generates synthetic catalogs with the real schema (the real themes, phases and documents,
plus N entries of the other kinds with a realistic number of links each), then measures
every stage of the generator, the MkDocs build and the Zensical build, peak memory,
output size, the median HTML size of an entry page and the size of the search index.

    python benchmarks/bench.py                    # 1k, 10k and 50k entries
    python benchmarks/bench.py --sizes 200 --skip-zensical   # the smoke run the tests use

Prints a table plus the scaling exponent between sizes, and writes the table to
benchmarks/results/latest.md. This is a measurement, not a test: nothing here fails on time.
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARE = {  # share of each kind in a synthetic catalog, close to the real data
    "knelpunten": 0.22,
    "oplossingen": 0.16,
    "kennisvragen": 0.08,
    "tools": 0.12,
    "bronnen": 0.15,
    "begrippen": 0.06,
    "aanbevelingen": 0.06,
    "praktijkvoorbeelden": 0.05,
    "onderwerpen": 0.06,
    "tips": 0.04,
}
FIXED = ("themas", "fases", "fasemodellen", "documenten", "verschijningsvormen")
VOCABULARY = (
    "zorg welzijn samenwerking regio bekostiging netwerk inwoner preventie wijk huisarts gemeente "
    "zorgverzekeraar data kwaliteit governance budget leren evaluatie patiënt mantelzorg"
)
WORDS = VOCABULARY.split(" ")


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_project(target: Path, size: int, seed: int = 7) -> Path:
    """A copy of the project whose themes_data holds `size` entries."""
    rng = random.Random(seed)
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "content", "site_overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, target / name)
    data = target / "themes_data"
    for (
        folder
    ) in FIXED:  # real themes and phases (the nav names them), without links into real content
        (data / folder).mkdir(parents=True)
        for path in (ROOT / "themes_data" / folder).glob("*.yaml"):
            entry = yaml.safe_load(path.read_text(encoding="utf-8"))
            for key in ("onderwerpen", "modellen", "bronnen", "afgeleid"):
                entry.pop(key, None)
            (data / folder / path.name).write_text(
                yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8"
            )
    themas = sorted(p.stem for p in (data / "themas").glob("*.yaml"))
    fases = sorted(p.stem for p in (data / "fases").glob("*.yaml"))
    document = sorted(p.stem for p in (data / "documenten").glob("*.yaml"))[0]
    counts = {kind: max(1, int(size * share)) for kind, share in SHARE.items()}
    ids = {kind: [f"{kind}-{i:05d}" for i in range(n)] for kind, n in counts.items()}

    def pick(kind: str, k: int) -> list[str]:
        return sorted(set(rng.sample(ids[kind], min(k, len(ids[kind])))))

    for kind, names in ids.items():
        (data / kind).mkdir(parents=True)
        for ident in names:
            entry = {
                "id": ident,
                "titel": _text(rng, 6)[:-1],
                "samenvatting": _text(rng, 60),
                "themas": sorted(set(rng.sample(themas, rng.randint(1, 2)))),
                "herkomst": [
                    {
                        "document": document,
                        "sectie": "Synthetisch",
                        "regels": f"{rng.randint(1, 400)}",
                    }
                ],
            }
            if kind in ("tools", "tips", "praktijkvoorbeelden", "knelpunten"):
                entry["fases"] = sorted(set(rng.sample(fases, rng.randint(1, 2))))
            if kind == "oplossingen":
                entry["knelpunten"] = pick("knelpunten", 2)
                entry["tools"] = pick("tools", 1)
            if kind in ("knelpunten", "tools", "oplossingen"):
                entry["bronnen"] = pick("bronnen", 2)
            if kind == "kennisvragen":
                entry["aanbevelingen"] = pick("aanbevelingen", 1)
            if kind == "tools":
                entry["url"] = f"https://voorbeeld.nl/{ident}"
            (data / kind / f"{ident}.yaml").write_text(
                yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8"
            )
    return target


# As `jzojp generate` runs: the helper forks before the models are imported, and the clock
# starts after that import (the command line imports them to parse its arguments).
GENERATOR_STAGES = r"""
import json
from pathlib import Path
from generator.cli import generate, start_helper
helper = start_helper()
import generator.pipeline
from generator.timing import Timings
t = Timings()
with t.stage("generator"):
    total, _, _ = generate(
        Path("themes_data"), Path("content"), Path("generated/docs"), Path("mkdocs.yml"), t, helper
    )
row = dict(t.seconds)
row["files"] = total
print(json.dumps(row))
"""


def _tree_pss_mb(pid: int) -> float:
    """Memory of a process and all its descendants (Linux), in MB.

    PSS (proportional set size) counts a page that forked processes share once in all, so
    this is what the build really takes from the machine, not the sum of their RSS.
    """
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as kids:
                    todo.extend(int(k) for k in kids.read().split())
        except (OSError, ValueError, StopIteration):  # gone meanwhile, or no /proc
            continue
    return total / 1024


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int, str, str]:
    """Seconds, peak memory of the whole process tree (MB), exit code, stdout, stderr."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0.0
    while True:
        peak = max(peak, _tree_pss_mb(proc.pid))
        try:
            out, err = proc.communicate(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            continue
    seconds = time.perf_counter() - started
    if not peak:  # no /proc: the largest single process instead
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak, proc.returncode, out, err


def _timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    seconds, peak, code, _, err = _run(cmd, cwd, {**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{err[-2000:]}")
    return seconds, peak


def _site_figures(site: Path, catalog_dirs: list[str]) -> dict[str, float]:
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    entry_pages = [p for d in catalog_dirs for p in (site / d).glob("*/index.html")]
    index = site / "search" / "search_index.json"
    return {
        "site_mb": total / 1e6,
        "median_entry_kb": statistics.median(p.stat().st_size for p in entry_pages) / 1e3
        if entry_pages
        else 0,
        "search_index_mb": index.stat().st_size / 1e6 if index.exists() else 0.0,
    }


def page_weight(site: Path, page: Path) -> tuple[int, int]:
    """Bytes a first visit to `page` transfers, uncompressed and gzip-compressed.

    Counts the HTML and everything it loads from the site: stylesheets, scripts, the icon,
    images, plus the search worker and the search index that Material fetches on load.
    """
    import gzip
    import posixpath
    import re

    html = page.read_text(encoding="utf-8")
    base = page.parent.relative_to(site).as_posix()
    refs = set(re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', html))
    refs |= set(re.findall(r'<(?:script|img) [^>]*src="([^"]+)"', html))
    refs |= set(re.findall(r'"search": *"([^"]+)"', html))
    files = [page]
    for ref in refs:
        if "://" not in ref and not ref.startswith("data:"):
            files.append(site / posixpath.normpath(posixpath.join(base, ref)))
    files.append(site / "search" / "search_index.json")
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return raw, packed


def real_site_figures(site: Path) -> str:
    themes = sorted((site / "themas").glob("*/index.html"), key=lambda p: p.stat().st_size)
    largest = themes[-1]
    raw, packed = page_weight(site, largest)
    figures = _site_figures(site, list(SHARE))
    return (
        f"- mediaan HTML van een itempagina: {figures['median_entry_kb']:.1f} kB\n"
        f"- grootste themapagina ({largest.parent.name}) met alles wat ze laadt: "
        f"{raw / 1e3:.0f} kB, {packed / 1e3:.0f} kB met gzip\n"
        f"- zoekindex: {figures['search_index_mb']:.2f} MB\n"
    )


def measure_real(runs: int) -> str:
    """`jzojp build --tijden` on the real data, `runs` times: each run's figures and the median."""
    from generator.timing import read_table

    site = Path(tempfile.gettempdir()) / "jzojp-bench-real"
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-m", "generator.cli", "build", "--tijden", "--site", str(site)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        seconds = read_table(out)
        results.append(seconds)
        print(f"echte gegevens: {seconds['totaal']:.1f} s", file=sys.stderr, flush=True)
    lines = [
        f"\nEchte gegevens: `jzojp build --tijden`, {runs} keer:\n",
        "| run | laden s | controleren s | renderen s | schrijven s | generator s | mkdocs s "
        "| totaal s | generator % |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, r in enumerate(results, 1):
        lines.append(
            f"| {n} | {r['laden']:.2f} | {r['controleren']:.2f} | {r['renderen']:.2f} "
            f"| {r['schrijven']:.2f} | {r['generator']:.2f} | {r['mkdocs']:.2f} "
            f"| {r['totaal']:.2f} | {100 * r['generator'] / r['totaal']:.1f} |"
        )
    gen = statistics.median(r["generator"] for r in results)
    total = statistics.median(r["totaal"] for r in results)
    share = statistics.median(100 * r["generator"] / r["totaal"] for r in results)
    lines.append(
        f"\nMediaan: generator {gen:.2f} s, totaal {total:.2f} s, aandeel generator {share:.1f}%.\n"
    )
    return "\n".join(lines) + "\n" + real_site_figures(site)


def measure(project: Path, zensical: bool) -> dict[str, float]:
    _, peak, code, out, err = _run(
        [sys.executable, "-c", GENERATOR_STAGES], project, {**os.environ, "PYTHONPATH": str(ROOT)}
    )
    if code:
        raise SystemExit(err[-2000:])
    row: dict[str, float] = json.loads(out)
    row["peak_mb"] = peak
    parts = project / "mkdocs-parts.json"
    row["mkdocs_s"], row["mkdocs_peak_mb"] = _timed(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "mkdocs_timed.py"),
            str(parts),
            "build",
            "--strict",
            "-q",
            "-d",
            "site",
        ],
        project,
    )
    seconds = json.loads(parts.read_text(encoding="utf-8"))
    for part in ("markdown", "template", "search"):
        row[f"mkdocs_{part}_pct"] = 100 * seconds.get(part, 0.0) / seconds["cpu"]
    row["mkdocs_cpu_s"] = seconds["cpu"]
    row.update(_site_figures(project / "site", list(SHARE)))
    if zensical:
        shutil.rmtree(project / "site")
        zensical_bin = str(Path(sys.executable).with_name("zensical"))
        row["zensical_s"], row["zensical_peak_mb"] = _timed(
            [zensical_bin, "build", "--strict"], project
        )
    row["entries"] = sum(1 for p in (project / "themes_data").glob("*/*.yaml"))
    row["build_s"] = row["generator"] + row["mkdocs_s"]
    row["generator_pct"] = 100 * row["generator"] / row["build_s"]
    row["pages"] = sum(1 for _ in (project / "generated" / "docs").rglob("*.md"))
    row["mkdocs_ms_page"] = 1000 * row["mkdocs_s"] / row["pages"]
    return row


GENERATOR_COLUMNS = [
    ("entries", "items", "{:.0f}"),
    ("laden", "laden s", "{:.2f}"),
    ("controleren", "controleren s", "{:.2f}"),
    ("renderen", "renderen s", "{:.2f}"),
    ("hulpproces (wachten)", "hulpproces, wachten s", "{:.2f}"),
    ("schrijven", "schrijven s", "{:.2f}"),
    ("generator", "generator s", "{:.2f}"),
    ("peak_mb", "generator MB", "{:.0f}"),
]
BUILD_COLUMNS = [
    ("entries", "items", "{:.0f}"),
    ("pages", "pagina's", "{:.0f}"),
    ("generator", "generator s", "{:.2f}"),
    ("mkdocs_s", "mkdocs s", "{:.1f}"),
    ("mkdocs_ms_page", "mkdocs ms/pagina", "{:.1f}"),
    ("mkdocs_markdown_pct", "waarvan Markdown %", "{:.0f}"),
    ("mkdocs_template_pct", "waarvan template %", "{:.0f}"),
    ("mkdocs_search_pct", "waarvan zoekindex %", "{:.0f}"),
    ("mkdocs_peak_mb", "mkdocs MB", "{:.0f}"),
    ("build_s", "build s", "{:.1f}"),
    ("generator_pct", "generator %", "{:.0f}"),
    ("zensical_s", "zensical s", "{:.1f}"),
    ("zensical_peak_mb", "zensical MB", "{:.0f}"),
    ("site_mb", "site MB", "{:.1f}"),
    ("median_entry_kb", "mediaan pagina kB", "{:.1f}"),
    ("search_index_mb", "zoekindex MB", "{:.2f}"),
]


def _grid(rows: list[dict[str, float]], columns: list[tuple[str, str, str]]) -> list[str]:
    head = "| " + " | ".join(label for _, label, _ in columns) + " |"
    sep = "|" + "---:|" * len(columns)
    body = [
        "| " + " | ".join(fmt.format(r[k]) if k in r else "–" for k, _, fmt in columns) + " |"
        for r in rows
    ]
    return [head, sep, *body, ""]


def table(rows: list[dict[str, float]]) -> str:
    lines = ["Generator, per stap:", "", *_grid(rows, GENERATOR_COLUMNS)]
    lines += [
        "Bouwen (generator + MkDocs; Zensical apart gemeten):",
        "",
        *_grid(rows, BUILD_COLUMNS),
        "Tijden: wandklok. MB: het hoogste geheugengebruik (PSS) van alle processen van een "
        "stap samen. Markdown/template/zoekindex %: aandeel in de CPU-tijd van MkDocs' "
        "twee processen.",
        "",
    ]
    for a, b in zip(rows, rows[1:], strict=False):
        ratio = math.log(b["entries"] / a["entries"])
        parts = []
        for key in ("generator", "mkdocs_s", "build_s", "zensical_s", "peak_mb"):
            if key in a and key in b and a[key] > 0:
                parts.append(f"{key} {math.log(b[key] / a[key]) / ratio:.2f}")
        lines.append(f"Schaalexponent {a['entries']:.0f} → {b['entries']:.0f}: " + ", ".join(parts))
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--skip-zensical", action="store_true")
    parser.add_argument(
        "--real", action="store_true", help="also measure the real data (full jzojp build)"
    )
    parser.add_argument(
        "--real-runs", type=int, default=3, help="how often to build the real data (median)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "latest.md")
    args = parser.parse_args()
    # Measure the code as any installed Python package runs: compiled once. (pip does not
    # compile an editable install, and PYTHONDONTWRITEBYTECODE would recompile it per run.)
    compileall.compile_dir(ROOT / "generator", quiet=1)
    real = measure_real(args.real_runs) if args.real else ""  # first: before the large
    rows = []  # builds below have pushed the real data out of the file cache
    with tempfile.TemporaryDirectory(prefix="jzojp-bench-") as tmp:
        for size in args.sizes:
            project = make_project(Path(tmp) / f"n{size}", size)
            started = time.perf_counter()
            row = measure(project, not args.skip_zensical)
            rows.append(row)
            print(
                f"{size}: klaar in {time.perf_counter() - started:.0f} s",
                file=sys.stderr,
                flush=True,
            )
            shutil.rmtree(project)
    text = table(rows) + real
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
