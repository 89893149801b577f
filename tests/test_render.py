"""Rendered pages: golden files, links on both sides of a relation, reproducible bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import load_catalog
from generator.render import Site, render

from .conftest import FIXTURES, compare_golden

GOLDEN = FIXTURES / "golden"
SITE = Site(
    site_url="https://voorbeeld.nl/kb/",
    updated={"themes_data/themas/financiering.yaml": "2026-01-31"},
)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render(load_catalog(FIXTURES / "valid" / "themes_data"), SITE)


@pytest.mark.parametrize(
    "page",
    [
        "themas/financiering.md",
        "knelpunten/schotten-in-bekostiging.md",
        "oplossingen/regionaal-budget.md",
        "aanbevelingen/aanbeveling-1.md",
        "fases/start.md",
        "tools/index.md",
        "tools/rekentool.md",
        "bouwstenen/bekostiging.md",
        "actoren/financiers.md",
        "overzichten/thema-fase-matrix.md",
        "overzichten/waar-staat-jouw-samenwerking.md",
    ],
)
def test_page_matches_golden(pages: dict[str, str], page: str, update_goldens: bool) -> None:
    compare_golden(GOLDEN / page, pages[page], update_goldens)


def test_every_entry_has_its_page_and_every_kind_an_index(pages: dict[str, str]) -> None:
    catalog = load_catalog(FIXTURES / "valid" / "themes_data")
    for entry in catalog:
        assert f"{entry.meervoud}/{entry.id}.md" in pages
    assert "begrippen/index.md" in pages and "themas/index.md" in pages


def test_relation_shows_on_both_sides(pages: dict[str, str]) -> None:
    # oplossing → knelpunt is stored once, on the oplossing
    assert (
        'href="../../knelpunten/schotten-in-bekostiging/"'
        in pages["oplossingen/regionaal-budget.md"]
    )
    assert (
        'href="../../oplossingen/regionaal-budget/"'
        in pages["knelpunten/schotten-in-bekostiging.md"]
    )
    # and the theme page lists the knelpunt with its oplossing under it
    thema = pages["themas/financiering.md"]
    assert thema.index("schotten-in-bekostiging") < thema.index("tijdelijke-financiering")
    assert (
        '<li>Oplossing: <a href="../../oplossingen/regionaal-budget/">Een regionaal budget</a></li>'
        in thema
    )


def test_afgeleid_links_are_marked(pages: dict[str, str]) -> None:
    knelpunt = pages["knelpunten/schotten-in-bekostiging.md"]
    line = next(line for line in knelpunt.splitlines() if 'href="../../fases/start/"' in line)
    assert "afgeleid" in line


def test_abbreviations_are_explained_where_they_appear(pages: dict[str, str]) -> None:
    knelpunt = pages["knelpunten/schotten-in-bekostiging.md"]  # its summary names the Zvw
    assert knelpunt.rstrip().endswith("*[Zvw]: Zorgverzekeringswet")
    assert "*[Zvw]" not in pages["fases/groei.md"]  # no Zvw on this page: no definition either
    assert "*[Zvw]" not in pages["begrippen/zvw.md"] or "Zvw" in pages["begrippen/zvw.md"]


def test_every_html_link_points_at_a_generated_page(pages: dict[str, str]) -> None:
    """MkDocs does not check links inside HTML; this does, for every generated page."""
    import posixpath
    import re

    from generator.links import url_path

    urls = {url_path(p) for p in pages if p.endswith(".md")} | set(pages)
    urls |= {"", "themas/financiering.json", "schema/thema-data.json", "nieuw.xml"}
    checked = 0
    for path, text in pages.items():
        if not path.endswith(".md"):
            continue
        base = url_path(path)
        for href in re.findall(r'<a href="([^"#]+)', text):
            if "://" in href:
                continue
            target = posixpath.normpath(posixpath.join(base, href))
            target = "" if target == "." else target + ("/" if href.endswith("/") else "")
            assert target in urls, f"{path}: {href} → {target}"
            checked += 1
    assert checked > 100


def test_titles_in_html_are_escaped_and_their_abbreviations_marked() -> None:
    from generator.render import Renderer

    renderer = Renderer(load_catalog(FIXTURES / "valid" / "themes_data"), SITE)
    assert renderer.html_text("Zvw & <b>Zvw-zorg</b>") == (
        '<abbr title="Zorgverzekeringswet">Zvw</abbr> &amp; &lt;b&gt;Zvw-zorg&lt;/b&gt;'
    )


def test_rendering_is_reproducible() -> None:
    first = render(load_catalog(FIXTURES / "valid" / "themes_data"), SITE)
    second = render(load_catalog(FIXTURES / "valid" / "themes_data"), SITE)
    assert first == second
    assert all("\r" not in text and text.endswith("\n") for text in first.values())


def test_generate_twice_gives_identical_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.cli import generate

    root = Path(__file__).resolve().parent.parent
    out1, out2 = tmp_path / "a", tmp_path / "b"
    monkeypatch.chdir(root)
    generate(FIXTURES / "valid" / "themes_data", root / "content", out1, root / "mkdocs.yml")
    total, written, removed = generate(
        FIXTURES / "valid" / "themes_data", root / "content", out1, root / "mkdocs.yml"
    )
    assert written == 0 and removed == 0
    generate(FIXTURES / "valid" / "themes_data", root / "content", out2, root / "mkdocs.yml")
    files1 = {p.relative_to(out1): p.read_bytes() for p in out1.rglob("*") if p.is_file()}
    files2 = {p.relative_to(out2): p.read_bytes() for p in out2.rglob("*") if p.is_file()}
    assert files1 == files2 and len(files1) == total


def test_real_pages_do_not_depend_on_hash_seeds_or_helper_process(tmp_path: Path) -> None:
    """Set order differs per process; two processes (seeds 1 and 3 order "ActiZ" and "Actiz" differently) must agree.

    The first renders every page itself; the second is `generate`, where a helper process
    renders entry pages from the back of the list while the main process works from the front.
    """
    import json
    import os
    import subprocess
    import sys

    script = (
        "import hashlib, json, sys; from pathlib import Path;"
        "from generator.cli import CONFIG, CONTENT, DATA, generate, site_for;"
        "from generator.pipeline import load_catalog; from generator.render import render;"
        "out = Path(sys.argv[1]);"
        "pages = {k: v.encode() for k, v in render(load_catalog(DATA), site_for(CONFIG)).items()}"
        " if sys.argv[1] == '-' else"
        " (generate(DATA, CONTENT, out, CONFIG) and"
        "  {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob('*') if p.is_file()});"
        "print(json.dumps({k: hashlib.sha1(v).hexdigest() for k, v in pages.items()}))"
    )
    root = Path(__file__).resolve().parent.parent
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script, out],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed, out in (("1", "-"), ("3", str(tmp_path / "docs")))
    ]
    alone, shared = (json.loads(o) for o in outputs)
    differing = sorted(k for k in alone if alone[k] != shared.get(k))
    assert len(alone) > 1000 and not differing, differing[:5]


def test_generate_removes_what_is_no_longer_generated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.cli import generate

    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    out = tmp_path / "docs"
    args = (FIXTURES / "valid" / "themes_data", root / "content", out, root / "mkdocs.yml")
    generate(*args)
    (out / "oud" / "dieper").mkdir(parents=True)
    (out / "oud" / "dieper" / "weg.md").write_text("# Weg\n", encoding="utf-8")
    (out / "tools" / "verdwenen.md").write_text("# Weg\n", encoding="utf-8")
    kept = (out / "tools" / "rekentool.md").stat().st_mtime_ns
    total, written, removed = generate(*args)
    assert (written, removed) == (0, 2)
    assert not (out / "oud").exists() and not (out / "tools" / "verdwenen.md").exists()
    assert (out / "tools" / "rekentool.md").stat().st_mtime_ns == kept  # untouched


def _fixture_pages() -> dict[str, str]:
    return render(load_catalog(FIXTURES / "valid" / "themes_data"), SITE)


def test_templates_compiled_once_load_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    from generator import render as render_module

    monkeypatch.setattr(render_module, "_bytecode_cache", lambda: None)
    uncached = _fixture_pages()
    monkeypatch.undo()
    monkeypatch.setattr(render_module, "CACHE_DIR", str(tmp_path))
    render_module.precompile()
    cached = sorted(p.name for p in tmp_path.iterdir())
    templates = list((Path(render_module.__file__).parent / "templates").glob("*.j2"))
    assert len(cached) == len(templates)

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled a template the cache holds")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    assert _fixture_pages() == uncached

    # Options that change the compiled code give other cache files; the cache never mixes them.
    monkeypatch.undo()
    monkeypatch.setattr(render_module, "CACHE_DIR", str(tmp_path))
    monkeypatch.setitem(render_module.TEMPLATE_OPTIONS, "trim_blocks", False)
    render_module.precompile()
    assert len(list(tmp_path.iterdir())) == 2 * len(templates)


def test_a_cache_that_cannot_be_used_never_fails_rendering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import render as render_module

    expected = _fixture_pages()
    not_a_folder = tmp_path / "bestand"
    not_a_folder.write_text("geen map")
    monkeypatch.setattr(render_module, "CACHE_DIR", str(not_a_folder))
    assert _fixture_pages() == expected
    broken = tmp_path / "kapot"
    broken.mkdir()
    monkeypatch.setattr(render_module, "CACHE_DIR", str(broken))
    render_module.precompile()
    for cached in broken.iterdir():
        cached.write_bytes(cached.read_bytes()[:40])  # cut off halfway, as by a full disk
    assert _fixture_pages() == expected


def test_sync_writes_only_what_changed_and_removes_what_is_gone(tmp_path: Path) -> None:
    from generator.write import sync

    files = {f"soort{i % 7}/item-{i}.md": f"# Item {i}\n".encode() for i in range(700)}
    assert sync(tmp_path, files) == (len(files), 0)
    changed = dict(files)
    for i in range(0, len(files), 50):
        changed[f"soort{i % 7}/item-{i}.md"] = f"# Item {i}, herzien\n".encode()
    del changed["soort1/item-1.md"]
    assert sync(tmp_path, changed) == (len(range(0, len(files), 50)), 1)
    on_disk = {
        p.relative_to(tmp_path).as_posix(): p.read_bytes()
        for p in tmp_path.rglob("*")
        if p.is_file()
    }
    assert on_disk == changed


def test_links_shared_per_folder_are_the_links_each_page_would_make() -> None:
    """Entry pages of one folder share their links to other entries; a page's link to
    itself, other pages' links and links with their own text are made as before."""
    from generator.links import Linker, page_path

    catalog = load_catalog(FIXTURES / "valid" / "themes_data")
    entries = list(catalog)
    shared: dict[str, dict[tuple[str, str], str]] = {}
    pages = [page_path(e) for e in entries] + ["themas/index.md", "overzichten/a-z.md", "index.md"]
    for page in pages:
        alone, together = Linker(page), Linker(page, shared=shared)
        for target in entries:
            assert together.a(target) == alone.a(target), (page, target.id)
            assert together.a(target, "tekst") == alone.a(target, "tekst")
    assert shared and all(len(links) > 1 for links in shared.values())
    assert (
        Linker("themas/financiering.md", shared=shared)
        .a(
            catalog.get("thema", "financiering")  # type: ignore[arg-type]
        )
        .startswith('<a href="./">')
    )
