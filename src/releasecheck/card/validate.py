"""Document -> Card: schema errors and cross-field checks, each with a card position."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from pydantic import ValidationError

from releasecheck.card.model import Card
from releasecheck.yamlpos.loader import Document, Path
from releasecheck.yamlpos.problems import InputError, Problem, format_path


def validate_document(doc: Document, domains: Iterable[str] | None = None) -> Card:
    """Validate a Document; raise InputError with every problem, sorted by position."""
    _refuse_what_is_no_card(doc)
    try:
        card = Card.model_validate(doc.data)
    except ValidationError as err:
        # imported here: only an invalid card needs the messages (and their positions); keeps cold start short
        from releasecheck.card.messages import problems_from

        raise InputError(problems_from(doc, err.errors())) from None
    problems = list(cross_field_problems(doc, card, frozenset(domains) if domains is not None else None))
    if problems:
        raise InputError(sorted(problems))
    return card


def _refuse_what_is_no_card(doc: Document) -> None:
    """A YAML mapping with neither `releasecheck:` nor `model:` is some other file (a waivers file,
    a casebook's ranges, a CI config found in a folder): one message saying so, not one per key."""
    data = doc.data
    if not isinstance(data, dict) or "releasecheck" in data or "model" in data:
        return
    if "waivers" in data:
        hint = "this looks like a waivers file: pass it with `releasecheck check CARD --waivers FILE`"
    elif data and all(isinstance(entry, dict) and "range" in entry for entry in data.values()):
        hint = (
            "this looks like a casebook's ranges file: pass its folder with `releasecheck rubrics test --casebook DIR`"
        )
    else:
        hint = "a card starts with `releasecheck: 1` and has a `model:` section; start from `releasecheck init`"
    raise InputError([Problem(doc.path, 1, 1, "", "not a card: no `releasecheck:` or `model:` key", hint)])


def cross_field_problems(doc: Document, card: Card, domains: frozenset[str] | None) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, evaluation in enumerate(card.evaluations):
        if evaluation.id is None:
            continue
        if evaluation.id in seen:
            line, col = doc.position(("evaluations", index, "id"))
            yield Problem(
                doc.path,
                line,
                col,
                f"evaluations[{index}].id",
                f"evaluation id '{evaluation.id}' is used twice (first at evaluations[{seen[evaluation.id]}])",
                "ids must be unique so reports can refer to each result",
            )
        else:
            seen[evaluation.id] = index
    yield from _artifact_problems(doc, card)
    if domains is not None:
        yield from _unknown_domains(doc, card, domains)


# What a weights tier releases, by definition (SPEC §2): weights; fully-open also training code and data.
TIER_ARTIFACTS = {
    "gated-weights": ("weights",),
    "open-weights": ("weights",),
    "fully-open": ("weights", "training-code", "training-data"),
}


def _artifact_problems(doc: Document, card: Card) -> Iterator[Problem]:
    tier = card.release.planned_tier
    needed = TIER_ARTIFACTS.get(tier or "", ())
    missing = [a for a in needed if a not in card.release.artifacts]
    if not missing:
        return
    path: Path = ("release", "planned_tier")
    line, col = doc.position(path)
    yield Problem(
        doc.path,
        line,
        col,
        format_path(path),
        f"planned tier {tier} releases {', '.join(needed)}, but release.artifacts does not list {', '.join(missing)}",
        f"add {', '.join(missing)} to release.artifacts, or plan the tier that matches what is released",
    )


def _domain_uses(card: Card) -> Iterator[tuple[Path, str]]:
    for index, evaluation in enumerate(card.evaluations):
        yield ("evaluations", index, "domain"), evaluation.domain
    for index, domain in enumerate(card.safeguards.data_filtering):
        yield ("safeguards", "data_filtering", index), domain
    for index, comparison in enumerate(card.marginal_risk.domain_comparisons):
        yield ("marginal_risk", "domain_comparisons", index, "domain"), comparison.domain
    if card.similarly_safe is not None:
        for domain in card.similarly_safe.reference.assessed_levels:
            yield ("similarly_safe", "reference", "assessed_levels", domain), domain


def _domains_used(card: Card) -> set[str]:
    used = {e.domain for e in card.evaluations} | set(card.safeguards.data_filtering)
    used.update(x.domain for x in card.marginal_risk.domain_comparisons)
    if card.similarly_safe is not None:
        used.update(card.similarly_safe.reference.assessed_levels)
    return used


def _unknown_domains(doc: Document, card: Card, domains: frozenset[str]) -> Iterator[Problem]:
    if _domains_used(card) <= domains:
        return  # the usual case, without building a path for every use
    for path, domain in _domain_uses(card):
        if domain in domains:
            continue
        is_key = path[-1] == domain and path[-2] == "assessed_levels"
        line, col = doc.key_position(path) if is_key else doc.position(path)
        lowered = {d.lower(): d for d in domains}
        close = (
            [lowered[domain.lower()]]
            if domain.lower() in lowered
            else difflib.get_close_matches(domain, sorted(domains), n=1)
        )
        hint = f"did you mean '{close[0]}'?" if close else f"known domains: {', '.join(sorted(domains))}"
        yield Problem(doc.path, line, col, format_path(path), f"unknown risk domain '{domain}'", hint)
