"""The catalog holds every relation in both directions, built once."""

from __future__ import annotations

import pytest

from generator.catalog import Catalog
from generator.pipeline import load_catalog

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURES / "valid" / "themes_data")


def test_forward_and_reverse_links(catalog: Catalog) -> None:
    oplossing = catalog.get("oplossing", "regionaal-budget")
    knelpunt = catalog.get("knelpunt", "schotten-in-bekostiging")
    assert oplossing is not None and knelpunt is not None
    assert catalog.forward(oplossing, "knelpunten") == [knelpunt]
    assert catalog.reverse(knelpunt, "oplossing") == [oplossing]
    assert catalog.related(knelpunt, "oplossing") == [oplossing]


def test_reverse_links_are_sorted_by_rank_then_title(catalog: Catalog) -> None:
    thema = catalog.get("thema", "financiering")
    assert thema is not None
    assert [k.id for k in catalog.reverse(thema, "knelpunt")] == [
        "schotten-in-bekostiging",
        "tijdelijke-financiering",
    ]


def test_nested_references_are_links_too(catalog: Catalog) -> None:
    actor = catalog.get("actor", "financiers")
    doc = catalog.get("document", "testdocument")
    assert actor is not None and doc is not None
    assert [b.id for b in catalog.reverse(actor, "bouwsteen")] == ["bekostiging"]
    assert len(catalog.reverse(doc, "knelpunt", "herkomst")) == 2


def test_catalog_is_immutable(catalog: Catalog) -> None:
    with pytest.raises(TypeError):
        catalog.entries["thema"]["nieuw"] = catalog.all("thema")[0]  # type: ignore[index]


def test_related_by_kind_agrees_with_related_for_every_real_entry() -> None:
    from generator.cli import DATA
    from generator.models import KINDS

    real = load_catalog(DATA)
    compared = 0
    for entry in real:
        by_kind = real.related_by_kind(entry)
        for kind in KINDS:
            assert by_kind.get(kind.soort, []) == real.related(entry, kind.soort), (entry.id, kind)
            compared += len(by_kind.get(kind.soort, []))
    assert compared > 10_000
