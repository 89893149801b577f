"""Typed entities of the knowledge base, one pydantic model per kind.

Every model forbids unknown keys so that a misspelt field is reported instead of
silently ignored. References to other entries are plain ids, annotated with the
kind they point to (`Ref`), so the catalog and the checks can find every link by
introspection instead of by a hand-kept list.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
REGELS_PATTERN = r"^[1-9][0-9]*(-[1-9][0-9]*)?$"
PERCENTAGE_PATTERN = r"^<?[0-9]{1,3}%$"


EntryId = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]


def refs(kind: str, description: str) -> Any:
    return Field(default_factory=list, description=description, json_schema_extra={"x-soort": kind})


def ref(kind: str, description: str) -> Any:
    return Field(default=None, description=description, json_schema_extra={"x-soort": kind})


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


class Herkomst(Strict):
    document: EntryId = Field(
        description="Id van het brondocument waaruit dit item komt (map documenten/).",
        json_schema_extra={"x-soort": "document"},
    )
    sectie: str = Field(
        min_length=1, description="Hoofdstuk, paragraaf of kop in het document waar dit staat."
    )
    regels: str = Field(
        pattern=REGELS_PATTERN,
        description="Regelnummer of regelbereik in de tekstversie van het document, bv. '120-145'.",
    )

    def bereik(self) -> tuple[int, int]:
        start, _, end = self.regels.partition("-")
        return int(start), int(end or start)


class Onderdeel(Strict):
    naam: str = Field(
        min_length=1, description="Naam van het onderdeel (component, principe, waarde)."
    )
    toelichting: str = Field(default="", description="Korte uitleg in eigen woorden (Markdown).")


class Cijfer(Strict):
    label: str = Field(min_length=1, description="Waar het cijfer over gaat.")
    waarde: str = Field(
        min_length=1,
        description="Het cijfer precies zoals het document het geeft, bv. '41%' of '101'.",
    )


class Entry(Strict):
    """Fields every entry has, whatever its kind."""

    soort: ClassVar[str]
    meervoud: ClassVar[str]
    label: ClassVar[str]
    label_meervoud: ClassVar[str]

    id: EntryId = Field(
        description="Permanente id in kleine letters met koppeltekens; gelijk aan de bestandsnaam."
    )
    titel: str = Field(
        min_length=1, max_length=300, description="Titel zoals die op de site staat."
    )
    samenvatting: str = Field(
        min_length=1, description="Beschrijving in eigen woorden, in het Nederlands (Markdown)."
    )
    herkomst: list[Herkomst] = Field(
        min_length=1,
        description="Waar dit item vandaan komt: document, sectie en regels. Meerdere bij meerdere bronnen.",
    )
    synoniemen: list[str] = Field(
        default_factory=list,
        description="Andere namen waaronder dit item in de documenten voorkomt.",
    )
    aliases: list[EntryId] = Field(
        default_factory=list,
        description="Vroegere ids van dit item; hun oude adressen verwijzen door naar deze pagina.",
    )
    afgeleid: list[EntryId] = Field(
        default_factory=list,
        description=(
            "Ids van gekoppelde items waarvan de koppeling redactioneel is afgeleid "
            "en niet letterlijk in het document staat."
        ),
    )


class Linked(Entry):
    """Entries that hang on themes, phases, topics and sources."""

    themas: list[EntryId] = refs("thema", "Kennisthema's waar dit item bij hoort.")
    fases: list[EntryId] = refs("fase", "Ontwikkelfases waarin dit item speelt.")
    onderwerpen: list[EntryId] = refs(
        "onderwerp", "Onderwerpen (hoofdstukken, pijlers) waar dit item onder valt."
    )
    modellen: list[EntryId] = refs("model", "Modellen en kaders waar dit item bij hoort.")
    bronnen: list[EntryId] = refs("bron", "Geciteerde bronnen (literatuur, websites) bij dit item.")


class Document(Entry):
    soort = "document"
    meervoud = "documenten"
    label = "Document"
    label_meervoud = "Brondocumenten"

    bestand: str = Field(description="Bestandsnaam van de tekstversie in de bronmap.")
    auteur: str = Field(description="Organisatie(s) die het document maakten.")
    opdrachtgever: str = Field(default="", description="Voor wie het document is gemaakt.")
    jaar: str = Field(pattern=r"^(≈)?[0-9]{4}$", description="Jaar van verschijnen.")
    aantal_regels: int = Field(gt=0, description="Aantal regels van de tekstversie.")
    url: str | None = Field(default=None, description="Openbare vindplaats van het document.")


class Thema(Entry):
    soort = "thema"
    meervoud = "themas"
    label = "Thema"
    label_meervoud = "Thema's"

    volgorde: int = Field(
        ge=1, description="Plaats van het thema in de matrix van de kennisagenda."
    )
    aandeel_knelpunten: str = Field(
        pattern=PERCENTAGE_PATTERN,
        description="Aandeel van de 355 knelpunten dat dit thema raakt, zoals gedrukt (bv. '41%').",
    )
    aandeel_reacties: str = Field(
        pattern=PERCENTAGE_PATTERN,
        description="Aandeel van de 616 reacties op de discussienota dat dit thema raakt.",
    )


class Verschijningsvorm(Entry):
    soort = "verschijningsvorm"
    meervoud = "verschijningsvormen"
    label = "Verschijningsvorm"
    label_meervoud = "Verschijningsvormen van verplaatsing van zorg"

    volgorde: int = Field(ge=1, description="Plaats in de matrix van de kennisagenda.")
    aandeel_knelpunten: str = Field(
        pattern=PERCENTAGE_PATTERN, description="Aandeel van de knelpunten."
    )
    aandeel_reacties: str = Field(
        pattern=PERCENTAGE_PATTERN, description="Aandeel van de reacties."
    )


class Actor(Entry):
    soort = "actor"
    meervoud = "actoren"
    label = "Actor"
    label_meervoud = "Actoren en perspectieven"

    perspectief: bool = Field(
        default=False,
        description="Waar als dit een van de vier perspectieven van de lerende evaluatie is.",
    )


class Onderwerp(Linked):
    soort = "onderwerp"
    meervoud = "onderwerpen"
    label = "Onderwerp"
    label_meervoud = "Onderwerpen"

    categorie: str = Field(
        default="",
        description="Soort onderwerp, bv. 'syntheseonderwerp', 'onderzoekspijler', 'actietafel'.",
    )
    cijfers: list[Cijfer] = Field(
        default_factory=list, description="Cijfers die het document geeft."
    )
    onderdeel_van: EntryId | None = ref("onderwerp", "Bovenliggend onderwerp.")


class Fasemodel(Linked):
    soort = "fasemodel"
    meervoud = "fasemodellen"
    label = "Fasemodel"
    label_meervoud = "Fasemodellen"


class Fase(Linked):
    soort = "fase"
    meervoud = "fases"
    label = "Fase"
    label_meervoud = "Fases"

    fasemodel: EntryId = Field(
        description="Het fasemodel waar deze fase bij hoort.",
        json_schema_extra={"x-soort": "fasemodel"},
    )
    volgorde: int = Field(ge=1, description="Nummer van de fase binnen het fasemodel.")
    kenmerken: list[str] = Field(
        default_factory=list,
        description="Herkenbare kenmerken van een samenwerking in deze fase (voor 'Waar staat jouw samenwerking?').",
    )
    komt_overeen_met: list[EntryId] = refs(
        "fase", "Fases van een ander fasemodel die met deze fase overeenkomen."
    )


class Model(Linked):
    soort = "model"
    meervoud = "modellen"
    label = "Model"
    label_meervoud = "Modellen en kaders"

    onderdelen: list[Onderdeel] = Field(
        default_factory=list,
        description="Componenten, principes of waarden van het model, in volgorde.",
    )


class Bekostigingsmodel(Linked):
    soort = "bekostigingsmodel"
    meervoud = "bekostigingsmodellen"
    label = "Bekostigingsmodel"
    label_meervoud = "Bekostigingsmodellen"

    geschiktheid: str = Field(
        description="Hoe geschikt het model is voor domeinoverstijgende samenwerking, volgens het document."
    )


class Bouwsteen(Linked):
    soort = "bouwsteen"
    meervoud = "bouwstenen"
    label = "Bouwsteen"
    label_meervoud = "Bouwstenen"

    eigenaar: str = Field(
        min_length=1,
        description="Van wie deze set bouwstenen is, bv. 'RIVM lerende evaluatie' of 'NVZ/JuMP'.",
    )
    ervaringen: list[Ervaring] = Field(
        default_factory=list, description="Ervaringen met deze bouwsteen per perspectief."
    )


class Ervaring(Strict):
    perspectief: EntryId = Field(
        description="Id van het perspectief (actor) waarvandaan deze ervaring komt.",
        json_schema_extra={"x-soort": "actor"},
    )
    tekst: str = Field(min_length=1, description="Samenvatting van de ervaringen (Markdown).")


class Knelpunt(Linked):
    soort = "knelpunt"
    meervoud = "knelpunten"
    label = "Knelpunt"
    label_meervoud = "Knelpunten"

    rang: int | None = Field(
        default=None,
        ge=1,
        description="Plaats in de lijst van het document (1 = vaakst genoemd) binnen het eerste thema.",
    )
    verschijningsvormen: list[EntryId] = refs(
        "verschijningsvorm", "Verschijningsvormen van verplaatsing van zorg die dit knelpunt raakt."
    )
    bouwstenen: list[EntryId] = refs("bouwsteen", "Bouwstenen waar dit knelpunt onder valt.")
    perspectieven: list[EntryId] = refs(
        "actor", "Perspectieven of actoren die dit knelpunt ervaren of noemen."
    )


class Oplossing(Linked):
    soort = "oplossing"
    meervoud = "oplossingen"
    label = "Oplossing"
    label_meervoud = "Oplossingen"

    status: Literal["gevonden", "voorgesteld", "tijdelijk", "geen-structurele-oplossing"] = Field(
        default="voorgesteld",
        description=(
            "gevonden: in de praktijk toegepast; voorgesteld: genoemd als behoefte of idee; "
            "tijdelijk: werkt maar niet structureel (bv. subsidie); geen-structurele-oplossing: "
            "het document meldt dat er (nog) geen oplossing is."
        ),
    )
    knelpunten: list[EntryId] = refs("knelpunt", "Knelpunten die deze oplossing aanpakt.")
    bouwstenen: list[EntryId] = refs("bouwsteen", "Bijbehorende bouwstenen.")
    tools: list[EntryId] = refs("tool", "Tools die bij deze oplossing helpen.")


class Kennisvraag(Linked):
    soort = "kennisvraag"
    meervoud = "kennisvragen"
    label = "Kennisvraag"
    label_meervoud = "Kennisvragen"

    categorie: Literal["kennisvraag", "kennishiaat", "onderzoeksvraag"] = Field(
        default="kennisvraag",
        description="kennisvraag uit de kennisagenda, kennishiaat uit een synthese, of onderzoeksvraag.",
    )
    aanbevelingen: list[EntryId] = refs(
        "aanbeveling", "Aanbevelingen (of hun onderdelen A/B/C) waaronder deze vraag valt."
    )


class Kennisonderwerp(Linked):
    soort = "kennisonderwerp"
    meervoud = "kennisonderwerpen"
    label = "Kennisonderwerp"
    label_meervoud = "Kennisonderwerpen"


class Aanbeveling(Linked):
    soort = "aanbeveling"
    meervoud = "aanbevelingen"
    label = "Aanbeveling"
    label_meervoud = "Aanbevelingen"

    code: str = Field(
        default="", description="Nummer of letter zoals in het document, bv. '2' of '2B'."
    )
    onderdeel_van: EntryId | None = ref(
        "aanbeveling", "De aanbeveling waarvan dit een onderdeel (A/B/C) is."
    )
    actoren: list[EntryId] = refs("actor", "Wie moet handelen.")
    bouwstenen: list[EntryId] = refs("bouwsteen", "Bijbehorende bouwstenen.")
    knelpunten: list[EntryId] = refs("knelpunt", "Knelpunten waar deze aanbeveling op antwoordt.")


class Tool(Linked):
    soort = "tool"
    meervoud = "tools"
    label = "Tool"
    label_meervoud = "Tools"

    url: str | None = Field(
        default=None, description="Adres van de tool, precies zoals in het document."
    )
    organisatie: str = Field(default="", description="Wie de tool aanbiedt of beheert.")
    categorie: Literal[
        "instrument",
        "handreiking",
        "website",
        "regeling",
        "subsidie",
        "loket",
        "netwerk",
        "kennisbron",
        "opleiding",
        "wet",
    ] = Field(default="instrument", description="Soort tool.")
    knelpunten: list[EntryId] = refs("knelpunt", "Knelpunten waarbij deze tool helpt.")


class Tip(Linked):
    soort = "tip"
    meervoud = "tips"
    label = "Tip"
    label_meervoud = "Tips"


class Praktijkvoorbeeld(Linked):
    soort = "praktijkvoorbeeld"
    meervoud = "praktijkvoorbeelden"
    label = "Praktijkvoorbeeld"
    label_meervoud = "Praktijkvoorbeelden"

    regio: str = Field(default="", description="Regio of plaats van het voorbeeld.")
    url: str | None = Field(
        default=None, description="Adres met meer informatie, precies zoals in het document."
    )
    tools: list[EntryId] = refs("tool", "Tools die in dit voorbeeld worden gebruikt.")
    knelpunten: list[EntryId] = refs("knelpunt", "Knelpunten die het voorbeeld laat zien.")
    oplossingen: list[EntryId] = refs("oplossing", "Oplossingen die het voorbeeld toepast.")


class Bron(Linked):
    soort = "bron"
    meervoud = "bronnen"
    label = "Bron"
    label_meervoud = "Bronnen"

    url: str | None = Field(
        default=None, description="Adres van de bron, precies zoals in het document."
    )
    auteurs: str = Field(default="", description="Auteur(s) of organisatie.")
    jaar: str = Field(default="", description="Jaar van verschijnen, zoals in het document.")
    categorie: str = Field(default="", description="Rubriek van de Bibliotheek of literatuurlijst.")


class Begrip(Linked):
    soort = "begrip"
    meervoud = "begrippen"
    label = "Begrip"
    label_meervoud = "Begrippenlijst"

    afkorting: str = Field(
        default="", description="Afkorting, bv. 'Zvw'. Wordt overal in de tekst uitgelegd."
    )


Bouwsteen.model_rebuild()

KINDS: tuple[type[Entry], ...] = (
    Thema,
    Verschijningsvorm,
    Knelpunt,
    Oplossing,
    Kennisvraag,
    Kennisonderwerp,
    Aanbeveling,
    Fasemodel,
    Fase,
    Bouwsteen,
    Tool,
    Tip,
    Praktijkvoorbeeld,
    Model,
    Bekostigingsmodel,
    Onderwerp,
    Actor,
    Begrip,
    Bron,
    Document,
)
BY_SOORT: dict[str, type[Entry]] = {k.soort: k for k in KINDS}
BY_MEERVOUD: dict[str, type[Entry]] = {k.meervoud: k for k in KINDS}


@functools.cache
def ref_fields(model: type[BaseModel]) -> dict[str, str]:
    """Field name → kind it references, for every reference field of `model` itself."""
    found: dict[str, str] = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and "x-soort" in extra:
            found[name] = str(extra["x-soort"])
    return found


def _holds_models(annotation: object) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_models(arg) for arg in typing.get_args(annotation))


@functools.cache
def _ref_walk(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` that can hold a reference: reference fields and nested models."""
    kinds = ref_fields(model)
    return tuple(
        name
        for name, info in model.model_fields.items()
        if name in kinds or _holds_models(info.annotation)
    )


def iter_refs(
    obj: BaseModel, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Every reference held by `obj`, nested models included, as (path, kind, id)."""
    kinds = ref_fields(type(obj))
    for name in _ref_walk(type(obj)):
        value = getattr(obj, name)
        here = (*path, name)
        if name in kinds:
            if isinstance(value, list):
                for i, target in enumerate(value):
                    yield (*here, i), kinds[name], target
            elif value is not None:
                yield here, kinds[name], value
        elif isinstance(value, BaseModel):
            yield from iter_refs(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from iter_refs(item, (*here, i))
