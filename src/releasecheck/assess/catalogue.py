"""SPEC §5 step 3 against the open frontier (rubrics/default/catalogue.yaml).

The reference for each benchmark is the best score among catalogue models whose weights were
openly available before the card's release date, and the card's named reference, whose own
figures (where the card gives them) win for that model. A model is never its own reference, nor
are its later versions. The comparisons are the ones the card's `marginal_risk` lists: results in
`evaluations` establish levels, never marginal risk, so volunteering one cannot move the finding.
Every comparison names, in the trail, the model that set the frontier; a comparison with no
reference score from anywhere is not used, and is reported. A rubric without the
`catalogue-reference` rule compares with the card's figures only.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar, cast

from releasecheck.assess.tables import first_rule
from releasecheck.assess.trail import Trail
from releasecheck.card import model as c
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric, benchmark_key, catalogue_key
from releasecheck.yamlpos.loader import Path

T = TypeVar("T")


class Pair(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    """One comparison that counts: this model's score against the frontier's on one benchmark."""

    benchmark: str
    model: float
    reference: float
    path: Path  # the card entry that gives this model's score
    setter: str = ""  # the model that holds the frontier score


@dataclass(frozen=True)
class Comparisons:
    reference: str | None  # what the comparisons are against, for messages; None when nothing is
    general: tuple[Pair, ...] = ()
    domains: dict[str, tuple[Pair, ...]] = field(default_factory=dict)
    searched: bool = False  # the catalogue was searched (no reference named)


def catalogue_rule(rubric: Rubric) -> m.CatalogueRule | None:
    rule = first_rule(rubric, "catalogue-reference")
    return rule if isinstance(rule, m.CatalogueRule) else None


def available_by(released: str) -> dt.date:
    """The date by which a dated event certainly happened: a year-month counts as its last day, a year as 31 Dec."""
    parts = [int(p) for p in released.split("-")]
    if len(parts) == 3:
        return dt.date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], 12, 31)


def find(rubric: Rubric, name: str) -> m.CatalogueModel | None:
    return rubric.catalogue_by_name.get(catalogue_key(name))


class Entry(NamedTuple):
    """A catalogue model with what every card asks of it worked out once per rubric set."""

    model: m.CatalogueModel
    keys: tuple[str, ...]  # catalogue_key of its id and aliases
    released: dt.date
    scores: dict[str, m.Score]  # by benchmark_key
    openly_available: bool
    assessed: tuple[tuple[dt.date, m.AssessedLevel], ...]


class _Tables(NamedTuple):
    """What every card asks of one catalogue, built once per catalogue object (see `index`)."""

    entries: tuple[Entry, ...]
    names: tuple[str, ...]  # every entry's keys, sorted: the later versions of a name follow it
    owners: tuple[int, ...]  # the position in `entries` of each of `names`
    by_date: dict[object, Any]  # bounded caches keyed on a release date (see _per_date)
    benchmarks: dict[str, str]  # every benchmark the catalogue has figures for: benchmark_key -> its spelling
    near_misses: dict[str, str | None]  # a benchmark key it lacks -> the close one's spelling (bounded cache)


_INDEX: dict[int, tuple[tuple[m.CatalogueModel, ...], _Tables]] = {}
# A batch of two million cards meets a few thousand release dates; the per-date tables of a
# catalogue are dropped wholesale past this many keys so memory stays flat however many there are.
_PER_DATE_LIMIT = 4096


def _tables(rubric: Rubric) -> _Tables:
    """Keyed on the catalogue tuple's identity, which the entry keeps alive (so the id is never
    reused for another catalogue): a rubric resolved again from the same set shares the tables."""
    catalogue = rubric.catalogue
    found = _INDEX.get(id(catalogue))
    if found is None or found[0] is not catalogue:
        entries = tuple(
            Entry(
                x,
                tuple(catalogue_key(n) for n in (x.id, *x.aliases)),
                available_by(x.released),
                _scores(x),
                x.openly_available,
                tuple((available_by(a.date), a) for a in x.assessed),
            )
            for x in catalogue
        )
        names = sorted((key, pos) for pos, x in enumerate(entries) for key in x.keys)
        spelled = {key: s.benchmark for x in reversed(entries) for key, s in x.scores.items()}
        tables = _Tables(
            entries, tuple(n for n, _ in names), tuple(p for _, p in names), {}, dict(sorted(spelled.items())), {}
        )
        found = _INDEX[id(catalogue)] = (catalogue, tables)
    return found[1]


def index(rubric: Rubric) -> tuple[Entry, ...]:
    """The catalogue's entries, built once per catalogue (the same tuple serves every card of a run)."""
    return _tables(rubric).entries


def per_date(rubric: Rubric, key: tuple[object, ...], build: Callable[[], T]) -> T:
    """`build()`, cached per catalogue on `key`, which must hold everything of the card that the
    result depends on (its release date, its own and its named models' positions): cards with
    equal keys get the same, never-mutated object, and nothing else of a card is in it."""
    cache = _tables(rubric).by_date
    found = cache.get(key)
    if found is None:
        if len(cache) >= _PER_DATE_LIMIT:
            cache.clear()
        found = cache[key] = build()
    return cast(T, found)


def own_versions(rubric: Rubric, own: str, before: dt.date | None = None) -> frozenset[int]:
    """Positions of the entries that are the model `own` names or a later version of it: the
    names that start with `own` are adjacent in sorted order, so a bisection finds them. A version
    released before the card's date `before` is an earlier model in its own right (o1-preview for
    o1) and is not skipped; without a date every version is."""
    tables = _tables(rubric)
    names, out = tables.names, set()
    for i in range(bisect_left(names, own), len(names)):
        if not names[i].startswith(own):
            break
        if self_or_later(own, (names[i],)):
            pos = tables.owners[i]
            if names[i] == own or before is None or tables.entries[pos].released >= before:
                out.add(pos)
    return frozenset(out)


def self_or_later(own: str, keys: tuple[str, ...]) -> bool:
    """A catalogue entry is the model `own` names, or a later version of it (its name extends the card's)."""
    return any(n == own or (n.startswith(own) and not n[len(own)].isalnum()) for n in keys)


def open_models(card: c.Card, rubric: Rubric) -> list[Entry]:
    """Catalogue models openly available before the card's release date (all of them for an undated card)."""
    own = own_versions(rubric, catalogue_key(card.model.name), card.release.date)
    entries = index(rubric)
    return [entries[pos] for pos in _open_before(rubric, card.release.date) if pos not in own]


def _open_before(rubric: Rubric, date: dt.date | None) -> tuple[int, ...]:
    """Positions of the openly available entries released before `date`: per date, not per card."""

    def build() -> tuple[int, ...]:
        return tuple(
            pos for pos, x in enumerate(index(rubric)) if x.openly_available and (date is None or x.released < date)
        )

    return per_date(rubric, ("open", date), build)


def _scores(model: m.CatalogueModel | None) -> dict[str, m.Score]:
    return {benchmark_key(s.benchmark): s for s in model.scores} if model is not None else {}


class _Frontier:
    """Best open score per benchmark, with the model that holds it."""

    def __init__(self, card: c.Card, rubric: Rubric, named: str | None) -> None:
        self.named = named
        self.named_model = find(rubric, named) if named is not None else None
        self.named_scores = _scores(self.named_model)  # once per card, not per comparison
        named_at = _positions(rubric, self.named_model)
        skip = own_versions(rubric, catalogue_key(card.model.name), card.release.date) | named_at
        # the named reference is added with the card's own figures (in `reference`), not here
        key = ("best", card.release.date, skip)
        self.best: Mapping[str, tuple[float, str, m.Score]] = per_date(
            rubric, key, lambda: _best(rubric, card.release.date, skip)
        )

    def reference(self, benchmark: str, card_figure: float | None) -> tuple[float, str, str] | None:
        """(score, holder, citation) of the frontier on a benchmark; the card's figure stands for its named model."""
        key = benchmark_key(benchmark)
        options: list[tuple[float, str, str]] = []
        if card_figure is not None and self.named is not None:
            options.append((card_figure, self.named, "the card's figure"))
        elif self.named_model is not None and key in self.named_scores:
            s = self.named_scores[key]
            options.append((s.score, self.named_model.id, f"{s.source}, {s.date}"))
        if key in self.best:
            score, holder, s = self.best[key]
            options.append((score, holder, f"{s.source}, {s.date}"))
        return max(options, key=lambda o: o[0]) if options else None


def _positions(rubric: Rubric, model: m.CatalogueModel | None) -> frozenset[int]:
    """Positions of the entries with `model`'s id (ids are matched, as the frontier always has)."""
    if model is None:
        return frozenset()
    name = model.id
    return per_date(
        rubric, ("named", name), lambda: frozenset(pos for pos, x in enumerate(index(rubric)) if x.model.id == name)
    )


def _best(rubric: Rubric, date: dt.date | None, skip: frozenset[int]) -> dict[str, tuple[float, str, m.Score]]:
    """Best open score per benchmark before `date`, leaving out the entries at `skip`."""
    best: dict[str, tuple[float, str, m.Score]] = {}
    entries = index(rubric)
    for pos in _open_before(rubric, date):
        if pos in skip:
            continue
        entry = entries[pos]
        for key, score in entry.scores.items():
            if key not in best or score.score > best[key][0]:
                best[key] = (score.score, entry.model.id, score)
    return best


def resolve(card: c.Card, rubric: Rubric, trail: Trail, fallback_rule: str) -> Comparisons:
    """The card's comparisons against the open frontier (or, without the catalogue rule, its named reference)."""
    mr = card.marginal_risk
    rule = catalogue_rule(rubric)
    named = mr.reference.model if mr.reference is not None else None
    if rule is None or not rule.frontier:
        return _card_only(card, named, fallback_rule, trail)
    frontier = _Frontier(card, rubric, named)
    if named is None and not frontier.best:
        return Comparisons(None, searched=True)
    rule_id = rule.id
    _describe_frontier(card, frontier, rule_id, trail)
    _warn_misspelled(card, rubric, rule_id, trail)
    general = _listed(mr.general_capability, "general_capability", frontier, rule_id, trail)
    domains: dict[str, list[Pair]] = {}
    for index, x in enumerate(mr.domain_comparisons):
        domains.setdefault(x.domain, []).extend(
            _listed([x], "domain_comparisons", frontier, rule_id, trail, offset=index)
        )
    name = "the open frontier" + (f" (with the named {named})" if named is not None else "")
    return Comparisons(name, general, {d: tuple(p) for d, p in domains.items()}, named is None)


def _card_only(card: c.Card, named: str | None, rule_id: str, trail: Trail) -> Comparisons:
    if named is None:
        return Comparisons(None)
    mr = card.marginal_risk
    pairs = []
    for index, x in enumerate(mr.general_capability):
        if x.reference_score is not None:
            pairs.append(
                Pair(
                    x.benchmark, x.model_score, x.reference_score, ("marginal_risk", "general_capability", index), named
                )
            )
    domains: dict[str, list[Pair]] = {}
    for index, d in enumerate(mr.domain_comparisons):
        if d.reference_score is not None:
            path: Path = ("marginal_risk", "domain_comparisons", index)
            domains.setdefault(d.domain, []).append(Pair(d.benchmark, d.model_score, d.reference_score, path, named))
    return Comparisons(named, tuple(pairs), {k: tuple(v) for k, v in domains.items()})


def _warn_misspelled(card: c.Card, rubric: Rubric, rule_id: str, trail: Trail) -> None:
    """A comparison whose benchmark the catalogue does not know, but whose name is close to one it
    does, is most likely misspelt: the open frontier was not looked up for it, so say so and name
    the catalogue's spelling (a benchmark the catalogue simply lacks gets no warning)."""
    tables = _tables(rubric)
    mr = card.marginal_risk
    listed = [("general_capability", i, x) for i, x in enumerate(mr.general_capability)]
    listed += [("domain_comparisons", i, x) for i, x in enumerate(mr.domain_comparisons)]
    for section, index, x in listed:
        key = benchmark_key(x.benchmark)
        if key in tables.benchmarks:
            continue
        close = _near_miss(tables, key)
        if close is not None:
            trail.warn(
                rule_id,
                f"{section}[{index}] {x.benchmark}: the catalogue has no figures under this name; did you mean "
                f"'{close}'? Without them the open frontier is not looked up for this comparison",
                [("marginal_risk", section, index, "benchmark")],
            )


def _near_miss(tables: _Tables, key: str) -> str | None:
    """The catalogue's spelling of the benchmark closest to `key`, if close enough. Fuzzy matching is
    the costliest step of a card naming benchmarks the catalogue lacks, and a batch names the same few
    again and again: each key is matched once per catalogue (the cache is bounded like the per-date
    tables, so memory stays flat over any number of distinct names)."""
    cache = tables.near_misses
    if key not in cache:
        if len(cache) >= _PER_DATE_LIMIT:
            cache.clear()
        import difflib  # here: only a card naming a benchmark the catalogue lacks needs it

        close = difflib.get_close_matches(key, list(tables.benchmarks), n=1, cutoff=0.8)
        cache[key] = tables.benchmarks[close[0]] if close else None
    return cache[key]


def _describe_frontier(card: c.Card, frontier: _Frontier, rule_id: str, trail: Trail) -> None:
    date = card.release.date
    when = f"before {date.isoformat()}" if date is not None else "at any date (release.date not given)"
    holders = sorted({holder for _, holder, _ in frontier.best.values()})
    text = f"open frontier: best scores of {len(holders)} openly available catalogue model(s) released {when}"
    if frontier.named is not None:
        text += f", and the card's named reference {frontier.named}"
        if (
            frontier.named_model is not None
            and date is not None
            and available_by(frontier.named_model.released) >= date
        ):
            text += f" (note: the catalogue has it released {frontier.named_model.released}, not before this card)"
    paths: list[Path] = [("marginal_risk",)] + ([("release", "date")] if date is not None else [])
    trail.add(rule_id, "info", text, paths, once=True)


def _listed(
    items: Sequence[c.Comparison],
    section: str,
    frontier: _Frontier,
    rule_id: str,
    trail: Trail,
    offset: int = 0,
) -> tuple[Pair, ...]:
    out = []
    for index, x in enumerate(items, start=offset):
        path: Path = ("marginal_risk", section, index)
        where = f"{section}[{index}] {x.benchmark}"
        ref = frontier.reference(x.benchmark, x.reference_score)
        if ref is None:
            text = f"{where}: no open reference score (none given, none in the catalogue): comparison not used"
            trail.add(rule_id, "fired", text, [path], effect="comparison not used", once=True)
            trail.warn(rule_id, text, [path])
            continue
        score, holder, cite = ref
        out.append(Pair(x.benchmark, x.model_score, score, path, holder))
        from_catalogue = cite != "the card's figure"  # the catalogue, not the card, supplied the reference
        trail.add(
            rule_id,
            "fired" if from_catalogue else "info",
            f"{where}: {x.model_score:g} against the open frontier {score:g}, set by {holder} ({cite})",
            [path],
            effect="frontier score from the catalogue" if from_catalogue else None,
            once=True,
        )
    return tuple(out)
