"""The real content: complete URL coverage of the source documents, reachability, honest links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import yaml
from pydantic import BaseModel

from generator.catalog import Catalog
from generator.pipeline import load_catalog

from .conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
URL = re.compile(r"https?://[^\s<>\"]+|\bwww\.[a-z0-9-]+\.[a-z]{2,}[^\s<>\"]*", re.I)
MD_LINK = re.compile(r"\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>|(https?://[^\s)<>\"]+)")
#: (document file, first line, last line) per part, as the content issues divide them
PARTS = {
    "000": ("000_24050eda1939b5a7.txt", 1, 10**6),
    "001": ("001_8538bd071b503a3f.txt", 1, 10**6),
    "002-rivm": ("002_b2e91e2ffda66bfc.txt", 1, 1040),
    "002-vilans": ("002_b2e91e2ffda66bfc.txt", 1041, 3231),
    "002-nivel": ("002_b2e91e2ffda66bfc.txt", 3232, 10**6),
    "003": ("003_3c2073be5b45bf93.txt", 1, 10**6),
    "004": ("004_c087747cf81f212a.txt", 1, 10**6),
}

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="bronteksten (../shared/seeds) ontbreken"
)


@dataclass(frozen=True)
class Cited:
    line: int
    url: str
    continuation: str


def cited_urls(name: str, first: int, last: int) -> Iterator[Cited]:
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    for number, text in enumerate(lines, 1):
        if not first <= number <= last:
            continue
        following = next((line.strip() for line in lines[number : number + 3] if line.strip()), "")
        continuation = (
            following if following and " " not in following and not URL.match(following) else ""
        )
        for match in URL.finditer(text):
            yield Cited(number, match.group(0), continuation)


def _strings(obj: object) -> Iterator[str]:
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _strings(getattr(obj, name))
    elif isinstance(obj, list):
        for item in obj:
            yield from _strings(item)
    elif isinstance(obj, str):
        yield obj


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "themes_data")


@pytest.fixture(scope="module")
def data_urls(catalog: Catalog) -> set[str]:
    urls: set[str] = set()
    for entry in catalog:
        for text in _strings(entry):
            for groups in MD_LINK.findall(text):
                urls.update(g for g in groups if g)
    return urls


def _exclusions() -> list[dict[str, object]]:
    found = []
    for path in sorted((ROOT / "tests" / "url_exclusions").glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            assert set(item) == {"url", "regel", "reden"} and str(item["reden"]).strip(), (
                path,
                item,
            )
            found.append({**item, "bestand": path.stem})
    return found


def _candidates(cited: Cited) -> set[str]:
    raw = {cited.url, cited.url + cited.continuation} if cited.continuation else {cited.url}
    return raw | {c.rstrip(".,;:)") for c in raw}


@pytest.mark.parametrize("part", sorted(PARTS))
def test_every_cited_url_is_in_the_data_or_excluded_with_a_reason(
    part: str, data_urls: set[str]
) -> None:
    name, first, last = PARTS[part]
    excluded = [e for e in _exclusions() if str(e["bestand"]).startswith(part.split("-")[0])]
    missing = []
    for cited in cited_urls(name, first, last):
        options = _candidates(cited)
        if options & data_urls:
            continue
        if any(
            e["regel"] == cited.line and str(e["url"]).startswith(cited.url.rstrip(".,;:)"))
            for e in excluded
        ):
            continue
        if any(str(e["url"]) in options for e in excluded):
            continue
        missing.append(f"{name}:{cited.line}: {cited.url}")
    assert missing == []


def test_every_linkable_entry_hangs_on_a_kennisthema(catalog: Catalog) -> None:
    loose = [
        f"{e.soort}/{e.id}" for e in catalog if "themas" in type(e).model_fields and not e.themas
    ]
    assert loose == []


def test_every_entry_is_reachable_from_a_theme_page(catalog: Catalog) -> None:
    seen = {("thema", t.id) for t in catalog.all("thema")}
    todo = [e for e in catalog.all("thema")]
    kinds = list(catalog.entries)
    while todo:
        entry = todo.pop()
        for soort in kinds:
            for other in catalog.related(entry, soort):
                if (other.soort, other.id) not in seen:
                    seen.add((other.soort, other.id))
                    todo.append(other)
    unreachable = sorted(f"{e.soort}/{e.id}" for e in catalog if (e.soort, e.id) not in seen)
    assert unreachable == []


def test_the_two_sets_of_bouwstenen_stay_apart_and_labelled(catalog: Catalog) -> None:
    owners = {b.eigenaar for b in catalog.all("bouwsteen")}
    assert len(owners) == 2
    rivm = [b.id for b in catalog.all("bouwsteen") if "RIVM" in b.eigenaar]
    assert sorted(rivm) == sorted(
        [
            "bekostiging-en-financiering",
            "lerend-vermogen",
            "domeinoverstijgende-samenwerking",
            "inwonerparticipatie",
            "kwetsbare-groepen",
        ]
    )


def test_kennisagenda_figures_are_as_printed(catalog: Catalog) -> None:
    figures = {t.id: (t.aandeel_knelpunten, t.aandeel_reacties) for t in catalog.all("thema")}
    assert figures == {
        "behoefte-client": ("10%", "18%"),
        "praktijkleren": ("4%", "6%"),
        "verandervraagstukken": ("17%", "27%"),
        "effectvraagstukken": ("6%", "9%"),
        "kennis-en-vaardigheden": ("6%", "6%"),
        "samenwerkingsvragen": ("41%", "42%"),
        "ict-en-data-uitwisseling": ("6%", "14%"),
        "financiering-en-bekostiging": ("43%", "41%"),
        "juridisch": ("18%", "5%"),
    }


def test_one_thing_is_one_entry(catalog: Catalog) -> None:
    """No URL twice within a kind, and no bron repeating a tool or praktijkvoorbeeld (Bibliotheek).

    An example described in an article is two things (the practice and the source): the
    praktijkvoorbeeld then links the bron, and only the bron carries the URL.
    """
    owners: dict[str, list[str]] = {}
    for soort in ("tool", "bron", "praktijkvoorbeeld"):
        for entry in catalog.all(soort):
            if url := entry.url:
                owners.setdefault(url, []).append(soort + "/" + entry.id)
    doubles = []
    for url, names in owners.items():
        kinds = [n.split("/")[0] for n in names]
        if len(set(kinds)) < len(kinds) or ("bron" in kinds and len(kinds) > 1):
            doubles.append(f"{url}: {', '.join(names)}")
    assert doubles == []


def _compact(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.fixture(scope="module")
def documents(catalog: Catalog) -> dict[str, list[str]]:
    return {
        d.id: (SEEDS / d.bestand).read_text(encoding="utf-8").splitlines()
        for d in catalog.all("document")
    }


def test_every_url_in_the_data_stands_in_its_document_near_its_herkomst(
    catalog: Catalog, documents: dict[str, list[str]]
) -> None:
    """A URL that the cited lines do not give is a defect: typed, guessed or misattributed."""
    wrong = []
    for entry in catalog:
        urls = {getattr(entry, "url", None)} - {None}
        for text in _strings(entry):
            urls.update(g for groups in MD_LINK.findall(text) for g in groups if g)
        for url in urls:
            key = _compact(str(url)).split("://", 1)[-1]
            windows = []
            for her in entry.herkomst:
                start, end = her.bereik()
                windows.append(
                    _compact("".join(documents[her.document][max(0, start - 15) : end + 60]))
                )
            if not any(key in window for window in windows):
                wrong.append(f"{entry.soort}/{entry.id}: {url}")
    assert wrong == []


def test_every_figure_stands_in_its_document(
    catalog: Catalog, documents: dict[str, list[str]]
) -> None:
    wrong = []
    for entry in catalog:
        for cijfer in getattr(entry, "cijfers", []):
            number = re.search(r"[0-9][0-9.,]*", cijfer.waarde)
            if not number:
                continue
            text = "".join("".join(documents[h.document]) for h in entry.herkomst)
            if number.group(0).rstrip(".,") not in text:
                wrong.append(f"{entry.soort}/{entry.id}: {cijfer.label} = {cijfer.waarde}")
    assert wrong == []
