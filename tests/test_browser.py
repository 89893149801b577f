"""The built site in a real browser: Debian's Chromium driven by Playwright, checked with axe-core.

Chromium comes from Debian (`make browsers`) and axe-core from the npm registry
(`package.json`, pinned); Playwright never downloads a browser.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium ontbreekt: draai 'make browsers'"
)


class _Host(http.server.SimpleHTTPRequestHandler):
    """A static host configured as the deploy guide says: the site's own CSP on every page."""

    csp = ""
    csp_embed = ""

    def end_headers(self) -> None:
        self.send_header(
            "Content-Security-Policy",
            self.csp_embed if self.path.startswith("/embed/") else self.csp,
        )
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    from generator.csp import policy

    host = type(
        "Host",
        (_Host,),
        {"csp": policy(built_site), "csp_embed": policy(built_site, embeddable=True)},
    )
    handler = functools.partial(host, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield instance
        instance.close()


class Visit:
    """A page that records console errors and every request it makes."""

    def __init__(self, browser: object, base: str) -> None:
        self.base = base
        self.context = browser.new_context(locale="nl-NL")  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def go(self, path: str) -> None:
        self.page.goto(self.base + path, wait_until="networkidle")

    def foreign(self) -> list[str]:
        here = urlparse(self.base).netloc
        return [
            u
            for u in self.requests
            if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != here
        ]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: object, server: str) -> Iterator[Visit]:
    v = Visit(browser, server)
    yield v
    v.close()


def _h1(visit: Visit) -> str:
    return visit.page.locator("h1").inner_text().rstrip("¶").strip()


def test_home_page_in_dutch_without_errors(visit: Visit) -> None:
    visit.go("")
    assert visit.page.locator("html").get_attribute("lang") == "nl"
    assert "Kennisbank Juiste Zorg op de Juiste Plek" in visit.page.title()
    assert visit.errors == []
    assert visit.foreign() == []


def test_theme_to_knelpunt_to_oplossing(visit: Visit) -> None:
    visit.go("themas/behoefte-client/")
    assert _h1(visit) == "Behoefte cliënt"
    visit.page.locator("article ol > li > a[href*='knelpunten/']").first.click()
    visit.page.wait_for_load_state("networkidle")
    assert "/knelpunten/" in visit.page.url
    link = visit.page.locator("article a[href*='/oplossingen/']").first
    title = link.inner_text()
    link.click()
    visit.page.wait_for_load_state("networkidle")
    assert "/oplossingen/" in visit.page.url
    assert _h1(visit) == title
    assert visit.errors == []


def _search(visit: Visit, query: str) -> list[str]:
    """Type a query as a reader does; the search index loads in a worker, so retype until it answers."""
    visit.go("")
    visit.page.locator("label.md-search__icon, .md-search__input").first.click()
    field = visit.page.locator("input.md-search__input")
    for _ in range(30):
        field.fill("")
        field.press_sequentially(query, delay=10)
        try:
            visit.page.wait_for_selector(".md-search-result__item", timeout=1000)
            break
        except Exception:  # index not ready yet
            continue
    return visit.page.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )


def test_search_finds_the_theme_by_a_dutch_word(visit: Visit) -> None:
    hrefs = _search(visit, "bekostiging")
    assert any("themas/financiering-en-bekostiging" in h for h in hrefs[:3]), hrefs[:5]


def test_search_finds_a_tool_by_its_name(visit: Visit, built_site: Path) -> None:
    tool = next(iter(sorted((ROOT / "themes_data" / "tools").glob("*.yaml"))))
    import yaml

    title = yaml.safe_load(tool.read_text(encoding="utf-8"))["titel"]
    hrefs = _search(visit, title)
    assert any(f"tools/{tool.stem}" in h for h in hrefs[:5]), (title, hrefs[:5])


def test_tool_finder_filters_and_keeps_state_in_url(visit: Visit) -> None:
    visit.go("tools/")
    items = visit.page.locator(".jz-toollist li")
    total = items.count()
    assert total > 10
    select = visit.page.locator("select[name=thema]")
    option = select.locator("option").nth(1).get_attribute("value")
    select.select_option(option)
    assert f"thema={option}" in visit.page.url
    shown = visit.page.locator(".jz-toollist li:not([hidden])").count()
    assert 0 < shown < total
    assert visit.page.locator(".jz-finder__count").inner_text() == f"{shown} van {total} tools"
    visit.page.reload(wait_until="networkidle")
    assert visit.page.locator("select[name=thema]").input_value() == option
    assert visit.page.locator(".jz-toollist li:not([hidden])").count() == shown
    visit.page.keyboard.press("Tab")
    assert visit.errors == []


def test_tool_finder_works_with_the_keyboard_alone(visit: Visit) -> None:
    visit.go("tools/")
    page = visit.page
    for _ in range(80):  # tab from the top of the page until the first filter has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.name") == "thema":
            break
    else:
        pytest.fail("the theme filter cannot be reached with Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert "thema=" in page.url
    assert page.locator(".jz-finder__count").get_attribute("aria-live") == "polite"
    assert "van" in page.locator(".jz-finder__count").inner_text()


def test_skip_link_leads_to_the_content(visit: Visit) -> None:
    visit.go("themas/juridisch/")
    visit.page.keyboard.press("Tab")
    focused = visit.page.evaluate("document.activeElement.getAttribute('href')")
    assert focused and focused.startswith("#")
    visit.page.keyboard.press("Enter")
    assert visit.page.url.endswith(focused)


def test_tool_finder_without_javascript_shows_everything(
    browser: object, server: str, built_site: Path
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "tools/?thema=juridisch")
    assert page.locator(".jz-toollist li").count() == len(
        list((ROOT / "themes_data" / "tools").glob("*.yaml"))
    )
    assert not page.locator("#jz-finder").is_visible()
    context.close()


def test_theme_page_prints_as_a_themakaart(visit: Visit, tmp_path: Path) -> None:
    visit.go("themas/financiering-en-bekostiging/")
    visit.page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".jz-crumbs"):
        assert not visit.page.locator(selector).first.is_visible(), selector
    assert visit.page.locator("h1").is_visible()
    pdf = visit.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def _axe(visit: Visit) -> list[dict[str, object]]:
    # evaluate() runs through the DevTools protocol, so the page's CSP (which forbids injected
    # inline scripts, as it should) stays on while axe runs.
    visit.page.evaluate(_axe_source())
    result = visit.page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def _sample_pages() -> list[str]:
    pages = [
        "",
        "overzichten/",
        "overzichten/kennisagenda-matrix/",
        "overzichten/thema-fase-matrix/",
        "overzichten/waar-staat-jouw-samenwerking/",
        "overzichten/a-z/",
        "overzichten/over-de-inhoud/",
        "downloads/",
        "tools/",
        "begrippen/",
        "over/",
        "toegankelijkheid/",
    ]
    for folder in sorted((ROOT / "themes_data").iterdir()):
        files = sorted(folder.glob("*.yaml"))
        if folder.name != "schema" and files:
            pages += [f"{folder.name}/", f"{folder.name}/{files[0].stem}/"]
    return pages


@pytest.mark.skipif(not AXE.exists(), reason="axe-core ontbreekt: draai 'npm ci'")
@pytest.mark.parametrize("path", _sample_pages())
def test_no_wcag_violations_and_no_foreign_requests(visit: Visit, path: str) -> None:
    visit.go(path)
    assert _axe(visit) == []
    assert visit.foreign() == []
    assert visit.errors == []


def test_pages_satisfy_the_content_security_policy(visit: Visit) -> None:
    """Console errors would include every CSP violation; check the policy really is enforced."""
    visit.go("themas/juridisch/")
    assert visit.errors == []
    ran = visit.page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1';"
        " document.head.appendChild(s); return window.__injected === 1 }"
    )
    assert not ran, "the CSP header is not applied, so this test would prove nothing"


def test_embed_card_is_self_contained(visit: Visit) -> None:
    visit.go("embed/themas/financiering-en-bekostiging/")
    assert visit.page.locator("h1").inner_text() == "Financiering en bekostiging"
    assert visit.foreign() == [] and visit.errors == []


def test_no_page_loads_anything_from_another_host(built_site: Path) -> None:
    """Every page, not just the sample: no src/href that loads from elsewhere."""
    loads = re.compile(
        r"<(?:script|img|iframe|source)\b[^>]*\bsrc=\"(https?:)?//|<link\b[^>]*\bhref=\"(https?:)?//[^\"]*\"[^>]*rel=\"(?:stylesheet|preload|icon|modulepreload)"
    )
    offenders = [
        p for p in built_site.rglob("*.html") if loads.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
