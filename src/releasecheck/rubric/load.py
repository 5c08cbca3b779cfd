"""Rubric sets: read a folder of YAML files, check them, and apply a profile overlay."""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from releasecheck.ladder import LEVEL_IDS, LEVEL_RANK, LEVELS, TIER_CLASS, TIER_RANK, TIERS
from releasecheck.rubric import model as m
from releasecheck.yamlpos.loader import RUBRIC, Document, load_bytes
from releasecheck.yamlpos.problems import InputError, Problem, format_path

SINGLETON_KINDS = (
    "benchmark-threshold",
    "unknown-benchmark",
    "uplift-study",
    "red-team",
    "threshold-assessment",
    "no-evidence",
    "cannot-rule-out",
    "weights-safeguards-on",
    "weights-worst-case",
    "proxy",
    "marginal-risk",
    "ceiling-matrix",
    "governing-level",
    "compute-undisclosed",
    "recommendation",
    "decision",
    "confidence",
)
R = TypeVar("R")


class RubricError(Exception):
    """A rubric set that cannot be used: exit code 3."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.render() for p in problems))
        self.problems = problems


def default_rubric_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "rubrics" / "default"


@dataclass(frozen=True)
class Rubric:
    """One rubric set under one profile: what the engine reads."""

    meta: m.Meta
    profile: m.Profile
    tiers: tuple[m.Tier, ...]
    levels: tuple[m.LevelInfo, ...]
    domains: tuple[m.Domain, ...]
    benchmarks: tuple[m.Benchmark, ...]
    pillars: dict[str, m.Pillar]
    rules: tuple[Any, ...]
    sha256: str
    rule_files: dict[str, str] = field(default_factory=dict)
    catalogue: tuple[m.CatalogueModel, ...] = ()

    @cached_property
    def by_id(self) -> dict[str, Any]:
        return {rule.id: rule for rule in self.rules}

    @cached_property
    def catalogue_by_name(self) -> dict[str, m.CatalogueModel]:
        """Catalogue models by every name a card may use (id and aliases), case-insensitively."""
        out: dict[str, m.CatalogueModel] = {}
        for model in self.catalogue:
            for name in (model.id, *model.aliases):
                out.setdefault(catalogue_key(name), model)
        return out

    @cached_property
    def benchmark_by_id(self) -> dict[str, m.Benchmark]:
        return {b.id: b for b in self.benchmarks}

    @cached_property
    def benchmark_by_key(self) -> dict[str, m.Benchmark]:
        """The rubric's benchmarks by `benchmark_key`: how a card's spelling of one is matched."""
        return {benchmark_key(b.id): b for b in self.benchmarks}

    @cached_property
    def domain_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.domains)

    @property
    def tier_rank(self) -> dict[str, int]:
        return TIER_RANK

    @property
    def tier_order(self) -> tuple[str, ...]:
        return TIERS

    @property
    def tier_class(self) -> Mapping[str, str]:
        return TIER_CLASS

    @cached_property
    def by_kind(self) -> dict[str, list[Any]]:
        index: dict[str, list[Any]] = {}
        for rule in self.rules:
            index.setdefault(rule.kind, []).append(rule)
        return index

    def one(self, kind: str, cls: type[R]) -> R:
        rule = self.by_kind[kind][0]
        assert isinstance(rule, cls)
        return rule

    def many(self, kind: str, cls: type[R]) -> list[R]:
        return [r for r in self.by_kind.get(kind, []) if isinstance(r, cls)]


_NAME_SEPARATORS = re.compile(r"[\s_-]+")


def catalogue_key(name: str) -> str:
    """How model names are matched: case and a leading ``org/`` do not matter, and a run of spaces,
    hyphens or underscores is one separator (`GPT 4o` is `GPT-4o`; `Llama 3.1 405B` is
    `Llama-3.1-405B`). A separator is kept, not dropped: a later version is a name extended after one
    (`Open-B-0901` of `Open-B`)."""
    return _NAME_SEPARATORS.sub("-", name.rsplit("/", 1)[-1].strip().lower())


_SETTING = re.compile(r"\s*\([^()]*\)\s*$")
_SEPARATORS = str.maketrans("", "", " \t-_'\u2019")


@functools.lru_cache(maxsize=4096)
def benchmark_key(name: str) -> str:
    """How benchmark names are matched, in cards, the catalogue and the rubric alike: case, spaces,
    hyphens, underscores, apostrophes and a trailing setting in brackets do not matter, so
    `GPQA Diamond`, `gpqa-diamond` and `GPQA_Diamond (0-shot)` are one benchmark, while `MMLU` and
    `MMLU-Pro`, or `MATH` and `MATH-500`, stay two. People spell benchmark names many ways; a
    spelling must not decide whether the open frontier is found (and so a release's tier)."""
    bare = _SETTING.sub("", name) or name
    return bare.lower().translate(_SEPARATORS) or name.lower()


@dataclass(frozen=True)
class RubricSet:
    """A rubric folder: base rules plus profiles."""

    path: str
    meta: m.Meta
    sections: dict[str, Any]
    rules: tuple[Any, ...]
    profiles: dict[str, m.Profile]
    sha256: str
    origins: dict[str, str]
    locations: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # "rule:ID" -> file, line, col

    def profile_ids(self) -> list[str]:
        return list(self.profiles)

    def resolve(self, profile: str | None = None) -> Rubric:
        chosen = self.profiles[profile or self.meta.default_profile]
        rules = apply_overlay(self.rules, chosen)
        return Rubric(
            meta=self.meta,
            profile=chosen,
            tiers=tuple(self.sections["tiers"]),
            levels=tuple(self.sections["levels"]),
            domains=tuple(self.sections["domains"]),
            benchmarks=tuple(self.sections["benchmarks"]),
            pillars=dict(self.sections["pillars"]),
            rules=rules,
            sha256=self.sha256,
            rule_files=self.origins,
            catalogue=tuple(self.sections.get("catalogue", ())),
        )


def apply_overlay(rules: tuple[Any, ...], profile: m.Profile) -> tuple[Any, ...]:
    """Replace rules in their slot, drop removed ones, append added ones."""
    out = []
    for rule in rules:
        if rule.id in profile.remove:
            continue
        out.append(profile.replace.get(rule.id, rule))
    out.extend(profile.add)
    return tuple(out)


def _read(folder: Path) -> Iterator[tuple[Path, bytes]]:
    if not folder.is_dir():
        raise RubricError([Problem(str(folder), 0, 0, "", "rubric set is not a folder")])
    files = sorted(p for p in folder.glob("*.yaml") if p.is_file())
    if not files:
        raise RubricError([Problem(str(folder), 0, 0, "", "no *.yaml rubric files in this folder")])
    for path in files:
        yield path, path.read_bytes()


def _problems_from_validation(doc: Document, err: ValidationError) -> list[Problem]:
    from releasecheck.yamlpos.locations import data_path

    out = []
    for error in err.errors():
        path = data_path(doc.data, error["loc"])
        line, col = doc.position(path)
        out.append(Problem(doc.path, line, col, format_path(path), error["msg"]))
    return sorted(set(out))


def load_rubric_set(folder: str | Path | None = None) -> RubricSet:
    """Read, validate and check a rubric folder; a validated set is cached by content hash."""
    folder = Path(folder) if folder is not None else default_rubric_dir()
    files = list(_read(folder))
    digest = hashlib.sha256()
    for path, raw in files:
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
    from releasecheck.rubric import cache

    cached = cache.get(digest.hexdigest(), str(folder))
    if isinstance(cached, RubricSet):
        return cached
    rubric_set = _parse(folder, files, digest.hexdigest())
    cache.put(rubric_set)
    return rubric_set


def rubric_set_from(
    path: str, merged: m.RubricFile, sha256: str, origins: dict[str, str], locations: dict[str, tuple[str, int, int]]
) -> RubricSet:
    """A checked rubric set rebuilt from its sections as one file (what the cache keeps)."""
    sections = {name: getattr(merged, name) for name in m.RubricFile.model_fields if getattr(merged, name) is not None}
    return _rubric_set(path, sections, sha256, origins, locations)


def _rubric_set(
    path: str,
    sections: dict[str, Any],
    sha256: str,
    origins: dict[str, str],
    locations: dict[str, tuple[str, int, int]],
) -> RubricSet:
    return RubricSet(
        path=path,
        meta=sections["rubric"],
        sections=sections,
        rules=tuple(sections["rules"]),
        profiles={p.id: p for p in sections["profiles"]},
        sha256=sha256,
        origins=origins,
        locations=locations,
    )


def _parse(folder: Path, files: list[tuple[Path, bytes]], sha256: str) -> RubricSet:
    sections: dict[str, Any] = {}
    origins: dict[str, str] = {}
    locations: dict[str, tuple[str, int, int]] = {}
    problems: list[Problem] = []
    for path, raw in files:
        try:
            doc = load_bytes(raw, str(path), noun=RUBRIC)
            part = m.RubricFile.model_validate(doc.data)
        except InputError as err:
            problems.extend(err.problems)
            continue
        except ValidationError as err:
            problems.extend(_problems_from_validation(doc, err))
            continue
        _merge(sections, part, str(path), origins, problems)
        locations.update(_locations(doc))
    if problems:
        raise RubricError(problems)
    missing = [
        s
        for s in ("rubric", "tiers", "levels", "domains", "benchmarks", "pillars", "rules", "profiles")
        if s not in sections
    ]
    if missing:
        raise RubricError([Problem(str(folder), 0, 0, "", f"rubric set lacks section(s): {', '.join(missing)}")])
    rubric_set = _rubric_set(str(folder), sections, sha256, origins, locations)
    check_consistency(rubric_set)
    return rubric_set


def _locations(doc: Document) -> dict[str, tuple[str, int, int]]:
    """Where each rule, benchmark and profile is written, for consistency messages."""
    out: dict[str, tuple[str, int, int]] = {}
    data = doc.data if isinstance(doc.data, dict) else {}
    for section, kind in (
        ("rules", "rule"),
        ("benchmarks", "benchmark"),
        ("profiles", "profile"),
        ("catalogue", "model"),
    ):
        for index, item in enumerate(data.get(section) or []):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                out[f"{kind}:{item['id']}"] = (doc.path, *doc.position((section, index)))
    for index, profile in enumerate(data.get("profiles") or []):
        for old, new in (profile.get("replace") or {}).items() if isinstance(profile, dict) else ():
            if isinstance(new, dict) and isinstance(new.get("id"), str):
                out[f"rule:{new['id']}"] = (doc.path, *doc.position(("profiles", index, "replace", old)))
    return out


def _merge(
    sections: dict[str, Any], part: m.RubricFile, path: str, origins: dict[str, str], problems: list[Problem]
) -> None:
    for name in m.RubricFile.model_fields:
        value = getattr(part, name)
        if value is None:
            continue
        if name in ("rules", "domains", "benchmarks", "profiles", "catalogue"):
            sections.setdefault(name, []).extend(value)
            if name == "rules":
                origins.update({rule.id: path for rule in value})
        elif name in sections:
            problems.append(Problem(path, 1, 1, name, f"section '{name}' is given in more than one file"))
        else:
            sections[name] = value


def _section_problems(sections: dict[str, Any]) -> Iterator[tuple[str | None, str]]:
    """Ids given twice, names shared by two entries, and benchmarks of unknown domains:
    (location key, message) each."""
    domain_ids = [d.id for d in sections["domains"]]
    for dup in _twice(domain_ids):
        yield None, f"domain id '{dup}' is defined more than once"
    benchmarks = sections["benchmarks"]
    for dup in _twice([b.id for b in benchmarks]):
        yield f"benchmark:{dup}", f"benchmark id '{dup}' is defined more than once"
    spelled: dict[str, str] = {}
    for bench in benchmarks:
        earlier = spelled.setdefault(benchmark_key(bench.id), bench.id)
        if earlier != bench.id:
            yield (
                f"benchmark:{bench.id}",
                f"benchmark id '{bench.id}' is '{earlier}' spelled another way (ids are matched ignoring case, spaces, hyphens and underscores)",
            )
    hub_owner: dict[tuple[str, str | None], str] = {}
    for bench in benchmarks:
        if bench.domain not in domain_ids:
            yield f"benchmark:{bench.id}", f"benchmark '{bench.id}' names unknown domain '{bench.domain}'"
        for hub in bench.hub_datasets:
            key = (hub.type.lower(), hub.config.lower() if hub.config else None)
            owner = hub_owner.setdefault(key, bench.id)
            if owner != bench.id:
                yield f"benchmark:{bench.id}", f"Hub dataset {'/'.join(filter(None, key))} is already {owner}'s"
    names: dict[str, tuple[int, str]] = {}
    for index, model in enumerate(sections.get("catalogue", ())):
        for name in {catalogue_key(n): n for n in (model.id, *model.aliases)}.values():
            first = names.setdefault(catalogue_key(name), (index, model.id))
            if first[0] != index:
                yield f"model:{model.id}", f"catalogue name '{name}' of '{model.id}' is already used by '{first[1]}'"


def _twice(ids: list[str]) -> list[str]:
    """The ids given more than once, sorted."""
    from collections import Counter

    return sorted(i for i, count in Counter(ids).items() if count > 1)


def check_consistency(rubric_set: RubricSet) -> None:
    """References between rules, per profile, so a broken custom rubric fails at load (exit 3)."""
    problems: list[Problem] = []

    def fail(key: str | None, message: str) -> None:
        file, line, col = rubric_set.locations.get(key or "", (rubric_set.path, 1, 1))
        problems.append(Problem(file, line, col, "", message))

    ids = [r.id for r in rubric_set.rules]
    for dup in _twice(ids):
        fail(f"rule:{dup}", f"rule id '{dup}' is defined more than once")
    if rubric_set.meta.default_profile not in rubric_set.profiles:
        fail(None, f"default profile '{rubric_set.meta.default_profile}' is not defined")
    domains = {d.id for d in rubric_set.sections["domains"]}
    for key, message in _section_problems(rubric_set.sections):
        fail(key, message)
    for message in ladder_problems(rubric_set.sections["tiers"], rubric_set.sections["levels"]):
        fail(None, message)
    ranks = TIER_RANK
    for profile in rubric_set.profiles.values():
        for target in [*profile.replace, *profile.remove]:
            if target not in ids:
                fail(f"profile:{profile.id}", f"profile '{profile.id}' overlays unknown rule '{target}'")
        rules = apply_overlay(rubric_set.rules, profile)
        for key, msg in _profile_problems(rules, domains, ranks):
            fail(key or f"profile:{profile.id}", f"profile '{profile.id}': {msg}")
    if problems:
        raise RubricError(sorted(set(problems)))


def ladder_problems(tiers: list[m.Tier], levels: list[m.LevelInfo]) -> Iterator[str]:
    """A rubric set describes the fixed tier and level ids (releasecheck.ladder) but cannot change
    them: its lists must name every one, in the ladder's order, with the ladder's ranks and classes."""
    got = [(t.id, t.rank, t.tier_class) for t in tiers]
    want = [(tier, TIER_RANK[tier], TIER_CLASS[tier]) for tier in TIERS]
    if got != want:
        yield (
            "tiers must be, in order, (id, rank, class): "
            + ", ".join(f"({i}, {r}, {c})" for i, r, c in want)
            + " (SPEC §2; ids are fixed, only titles and descriptions are the rubric's)"
        )
    if [(lv.id, lv.rank) for lv in levels] != [(level, LEVEL_RANK[level]) for level in LEVEL_IDS]:
        yield (
            "levels must be, in order, (id, rank): "
            + ", ".join(f"({level}, {LEVEL_RANK[level]})" for level in LEVEL_IDS)
            + " (SPEC §3; ids are fixed, only titles, descriptions and anchors are the rubric's)"
        )


def _profile_problems(
    rules: tuple[Any, ...], domains: set[str], ranks: dict[str, int]
) -> Iterator[tuple[str | None, str]]:
    by_id = {r.id: r for r in rules}
    for kind in SINGLETON_KINDS:
        count = sum(1 for r in rules if r.kind == kind)
        if count != 1:
            yield None, f"needs exactly one rule of kind '{kind}', has {count}"
    for rule in rules:
        if rule.kind == "required-domains":
            for domain in rule.domains:
                if domain not in domains:
                    yield f"rule:{rule.id}", f"rule {rule.id} names unknown domain '{domain}'"
        if rule.kind == "ceiling-matrix":
            yield from ((f"rule:{rule.id}", msg) for msg in _matrix_problems(rule, by_id))
            yield from ((f"rule:{rule.id}", msg) for msg in _matrix_order_problems(rule, ranks))


_ORDERED_MARGINAL = ("below", "none", "slight", "significant")


def _cell_bounds(cell: Any, ranks: dict[str, int]) -> tuple[int, int]:
    """(most open, least open) rank a cell can give: an exception's tier or its fallback."""
    if isinstance(cell, m.Cell):
        return ranks[cell.tier], ranks[cell.otherwise or cell.tier]
    return ranks[cell], ranks[cell]


def _matrix_order_problems(rule: m.CeilingRule, ranks: dict[str, int]) -> Iterator[str]:
    """More risk never opens a tier: down each column (level) and along each row (marginal risk)."""
    matrix: dict[str, Any] = {str(k): v for k, v in rule.matrix.items()}
    if not all(level in matrix and all(c in matrix[level] for c in _ORDERED_MARGINAL[1:]) for level in LEVELS):
        return  # reported as a missing row or column
    for marginal in (*_ORDERED_MARGINAL, "unknown"):
        for lower, upper in itertools.pairwise(LEVELS):
            if marginal not in matrix[lower] or marginal not in matrix[upper]:
                continue
            a, b = _cell_bounds(matrix[lower][marginal], ranks), _cell_bounds(matrix[upper][marginal], ranks)
            if b[0] > a[0] or b[1] > a[1]:
                yield f"{rule.id}: cell {upper}/{marginal} is more open than {lower}/{marginal} (more risk must never open a tier)"
    for level in (*LEVELS, "unknown"):
        for less, more in itertools.pairwise(_ORDERED_MARGINAL):
            if less not in matrix.get(level, {}) or more not in matrix.get(level, {}):
                continue
            a, b = _cell_bounds(matrix[level][less], ranks), _cell_bounds(matrix[level][more], ranks)
            if b[0] > a[0] or b[1] > a[1]:
                yield f"{rule.id}: cell {level}/{more} is more open than {level}/{less} (more marginal risk must never open a tier)"
        row = matrix.get(level, {})
        if "unknown" in row and "significant" in row:
            a, b = _cell_bounds(row["significant"], ranks), _cell_bounds(row["unknown"], ranks)
            if b[0] > a[0] or b[1] > a[1]:
                yield f"{rule.id}: cell {level}/unknown is more open than {level}/significant (withholding comparisons must never open a tier)"


def _matrix_problems(rule: m.CeilingRule, by_id: dict[str, Any]) -> Iterator[str]:
    for level in LEVEL_IDS:
        row = rule.matrix.get(level)
        if row is None:
            yield f"{rule.id}: matrix lacks the row '{level}'"
            continue
        for marginal in ("below", "none", "slight", "significant", "unknown"):
            cell = row.get(marginal)
            if cell is None and marginal == "below":
                continue  # optional: a matrix without it reads `below` as `none`
            if cell is None:
                yield f"{rule.id}: matrix row '{level}' lacks the column '{marginal}'"
            elif isinstance(cell, m.Cell):
                if cell.exception and getattr(by_id.get(cell.exception), "kind", None) != "ceiling-exception":
                    yield f"{rule.id}: cell {level}/{marginal} names unknown exception '{cell.exception}'"
                if cell.exception and cell.otherwise is None:
                    yield f"{rule.id}: cell {level}/{marginal} has an exception but no `otherwise` tier"
                if cell.warning and getattr(by_id.get(cell.warning), "kind", None) != "warning":
                    yield f"{rule.id}: cell {level}/{marginal} names unknown warning '{cell.warning}'"
