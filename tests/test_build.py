"""The real data builds strictly with MkDocs and with Zensical; a failed build keeps the old site."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .conftest import ROOT, copy_project, jzojp


def test_real_data_builds_strictly(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "themas" / "financiering-en-bekostiging" / "index.html").is_file()
    html = (built_site / "themas" / "financiering-en-bekostiging" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<html lang="nl"' in html


def test_real_data_builds_with_zensical(tmp_path: Path) -> None:
    site = tmp_path / "site-zensical"
    result = jzojp("build", "--zensical", "--site", str(site))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (site / "themas" / "financiering-en-bekostiging" / "index.html").is_file()
    assert not list(ROOT.glob(".*.zensical.yml")), "temporary Zensical config left behind"


def test_navigation_lists_every_theme_and_phase() -> None:
    import yaml

    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    flat = yaml.safe_dump(nav)
    for folder in ("themas", "fases", "fasemodellen"):
        for path in (ROOT / "themes_data" / folder).glob("*.yaml"):
            assert f"{folder}/{path.stem}.md" in flat, (
                f"{folder}/{path.stem} ontbreekt in nav van mkdocs.yml"
            )


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("vorige versie", encoding="utf-8")
    # data error: validation fails before anything is written
    broken = project / "themes_data" / "themas" / "juridisch.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "onbekend_veld: 1\n", encoding="utf-8")
    result = jzojp("build", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "onbekend veld 'onbekend_veld'" in result.stderr
    # site error: a hand-written page with a broken link fails the strict MkDocs build
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("onbekend_veld: 1\n", ""), encoding="utf-8"
    )
    (project / "content" / "kapot.md").write_text(
        "# Kapot\n\n[weg](bestaat-niet.md)\n", encoding="utf-8"
    )
    result = jzojp("build", cwd=project)
    assert result.returncode == 1
    assert "ongewijzigd" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "vorige versie"
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def _resolves(site: Path, url: str) -> bool:
    target = site / url
    return (target / "index.html").is_file() if url.endswith("/") or url == "" else target.is_file()


def test_every_promised_url_still_resolves(built_site: Path) -> None:
    """tests/published-urls.txt is the contract with partners: a URL in it never disappears.

    A renamed entry keeps its old URL through an alias redirect page. To promise new URLs,
    copy site/urls.txt over the contract after a build.
    """
    promised = (ROOT / "tests" / "published-urls.txt").read_text(encoding="utf-8").split()
    assert len(promised) > 100
    missing = [u for u in promised if not _resolves(built_site, u)]
    assert missing == []
    published = set((built_site / "urls.txt").read_text(encoding="utf-8").split())
    assert all(_resolves(built_site, u) for u in published)


def test_site_has_sitemap_canonical_and_opengraph(built_site: Path) -> None:
    html = (built_site / "themas" / "juridisch" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://kennisbank-jzojp.nl/themas/juridisch/">' in html
    assert '<meta property="og:title" content="Juridisch">' in html
    assert '<meta property="og:description" content="' in html
    assert "https://kennisbank-jzojp.nl/themas/juridisch/" in (
        built_site / "sitemap.xml"
    ).read_text(encoding="utf-8")


def test_downloads_open_from_the_built_site(built_site: Path) -> None:
    import pandas as pd

    sheets = pd.read_excel(built_site / "downloads" / "kennisbank-jzojp.xlsx", sheet_name=None)
    assert len(sheets["Thema's".replace("'", "")]) == 9
    frame = pd.read_csv(built_site / "downloads" / "themas.csv", sep=";", encoding="utf-8-sig")
    assert "Behoefte cliënt" in set(frame["Titel"])
    embed = (built_site / "embed" / "themas" / "juridisch" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "<script" not in embed and 'href="../../embed.css"' in embed


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def test_every_internal_link_in_every_page_resolves(built_site: Path) -> None:
    """Also links in raw HTML (the tool finder), which MkDocs' own link check does not see."""
    broken, titles = [], {}
    for page in built_site.rglob("*.html"):
        if page.name == "404.html":  # served for any missing path, so it links from the site root
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        rel = page.relative_to(built_site).as_posix()
        if (
            not rel.startswith("embed/")
            and "http-equiv" not in page.read_text(encoding="utf-8")[:600]
        ):
            titles.setdefault(parser.title.strip(), []).append(rel)
        for href in parser.hrefs:
            target = urlsplit(href)
            if target.scheme or target.netloc or not target.path:
                continue
            resolved = (page.parent / unquote(target.path)).resolve()
            if not (resolved.is_file() or (resolved / "index.html").is_file()):
                broken.append(f"{rel} -> {href}")
    assert broken == []
    assert {t: p for t, p in titles.items() if len(p) > 1} == {}
