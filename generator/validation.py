"""Turn loaded records into typed entries, translating pydantic's errors for editors."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from .errors import Issue
from .loader import Record
from .models import BY_SOORT, Entry

_MESSAGES = {
    "missing": "verplicht veld ontbreekt.",
    "string_type": "moet tekst zijn.",
    "list_type": "moet een lijst zijn (regels die beginnen met '- ').",
    "int_type": "moet een geheel getal zijn.",
    "int_parsing": "moet een geheel getal zijn.",
    "bool_type": "moet true of false zijn.",
    "bool_parsing": "moet true of false zijn.",
    "model_type": "moet een groep velden zijn (sleutel: waarde).",
    "dict_type": "moet een groep velden zijn (sleutel: waarde).",
    "string_too_short": "mag niet leeg zijn.",
    "too_short": "moet minstens één item bevatten.",
    "greater_than_equal": "moet minstens {ge} zijn.",
    "greater_than": "moet groter zijn dan {gt}.",
    "string_too_long": "is te lang (hoogstens {max_length} tekens).",
    "none_required": "moet leeg zijn.",
}

_PATTERNS = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "moet een id zijn van kleine letters, cijfers en koppeltekens (bv. 'regionale-samenwerking')",
    r"^[1-9][0-9]*(-[1-9][0-9]*)?$": "moet een regelnummer of bereik zijn, bv. '120' of '120-145'",
    r"^<?[0-9]{1,3}%$": "moet een percentage zijn zoals gedrukt, bv. '41%' of '<1%'",
}


def _message(err: Any, model: type[Entry], loc: tuple[str | int, ...]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    if kind == "extra_forbidden":
        return _unknown_field(loc, model)
    if kind == "string_pattern_mismatch":
        hint = _PATTERNS.get(
            ctx.get("pattern", ""), f"moet voldoen aan het patroon {ctx.get('pattern')}"
        )
        return f"{hint}; nu: '{got}'."
    if kind == "literal_error":
        return f"onbekende waarde '{got}'; kies uit: {ctx.get('expected', '')}."
    if kind in _MESSAGES:
        text = _MESSAGES[kind].format(**ctx)
        if (
            kind.endswith(("_type", "_parsing"))
            and got is not None
            and not isinstance(got, dict | list)
        ):
            text = text[:-1] + f"; nu: {got!r}."
        return text
    return str(err["msg"])


def _unknown_field(loc: tuple[str | int, ...], model: type[Entry]) -> str:
    name = str(loc[-1])
    owner: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        ann = owner.model_fields[part].annotation
        inner = getattr(ann, "__args__", (ann,))[0]
        owner = inner if hasattr(inner, "model_fields") else owner
    options = sorted(owner.model_fields)
    close = difflib.get_close_matches(name, options, n=1)
    hint = f" Bedoelde je '{close[0]}'?" if close else f" Toegestaan: {', '.join(options)}."
    return f"onbekend veld '{name}'.{hint}"


def to_entry(record: Record) -> tuple[Entry | None, list[Issue]]:
    model = BY_SOORT[record.soort]
    try:
        return model.model_validate(record.data), []
    except ValidationError as exc:
        issues = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            at_key = err["type"] == "extra_forbidden"
            issues.append(record.issue(loc, _message(err, model, loc), at_key=at_key))
        return None, issues
