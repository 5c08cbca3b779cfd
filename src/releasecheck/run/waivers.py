"""Waiver files (SPEC §5): governance requirements may be waived with a reason, an approver and
an expiry; capability findings cannot. Every problem is an input error (exit 2)."""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, field_validator

from releasecheck.rubric.load import RubricSet
from releasecheck.yamlpos.loader import MAX_BYTES, WAIVERS, Document, _decode, parse_yaml, read_regular
from releasecheck.yamlpos.problems import InputError, Problem, format_path

WAIVABLE_KINDS = frozenset({"tier-requirement"})
FILE_HINT = (
    "a waivers file is a mapping with a `waivers:` list; each waiver is {rule, reason, approved_by, "
    "expires (a date, YYYY-MM-DD), scope?}: see examples/waivers/waivers.yaml or `releasecheck schema waivers`"
)


class WaiverEntry(BaseModel):
    """One waiver: a governance requirement set aside, with a reason, an approver and an expiry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: StrictStr = Field(min_length=1, description="Id of the tier-requirement rule waived.")
    reason: StrictStr = Field(min_length=1, pattern=r"\S", description="Why the requirement is waived (not blank).")
    approved_by: StrictStr = Field(min_length=1, pattern=r"\S", description="Who approved the waiver (not blank).")
    expires: dt.date = Field(description="Last day the waiver holds, a date (YYYY-MM-DD).")
    scope: StrictStr | None = Field(
        None,
        description="Glob on the card's path as given (`*` also matches `/`); absent = every card. Never the model "
        "name: the card's author writes that.",
    )

    @field_validator("reason", "approved_by", mode="before")
    @classmethod
    def _not_blank(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            raise ValueError("must not be empty or blank")
        return value

    @field_validator("expires", mode="before")
    @classmethod
    def _a_date(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
            raise ValueError(f"expected a date such as 2027-03-31 (got {value!r})")
        return value


class WaiverFile(BaseModel):
    """A waivers file (`check --waivers FILE`): a mapping whose `waivers:` key holds the list."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="releasecheck waivers file")

    waivers: list[WaiverEntry] = Field(description="The waivers; duplicates (same rule and scope) are an error.")


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    approved_by: str
    expires: str
    scope: str | None
    line: int

    def applies_to(self, card_path: str) -> bool:
        # A path glob only: a model name is card text, and a card must not be able to opt into a waiver.
        return self.scope is None or fnmatch.fnmatch(card_path, self.scope)


def _load_file(path: str) -> Document:
    """The waivers file parsed as YAML: any kind of document, so a list or a card gets waiver-file
    wording rather than card wording."""
    raw, _ = read_regular(path, MAX_BYTES, "waivers file")
    if len(raw) > MAX_BYTES:
        raise InputError([Problem(path, 1, 1, "", f"a waivers file may be at most {MAX_BYTES:,} bytes", FILE_HINT)])
    if path.lower().endswith(".md"):
        raise InputError(
            [Problem(path, 1, 1, "", "this is not a waivers file: it is Markdown (a model card?)", FILE_HINT)]
        )
    if not raw.strip():
        raise InputError([Problem(path, 1, 1, "", "this is not a waivers file: it is empty", FILE_HINT)])
    try:
        data, composer = parse_yaml(_decode(raw, path, WAIVERS), path, noun=WAIVERS)
    except InputError as err:  # the loader words its problems for cards
        raise InputError(
            [
                replace(p, message=p.message.replace("a card file", "a waivers file"), hint=FILE_HINT)
                for p in err.problems
            ]
        ) from None
    doc = Document(path, data, composer.value_pos, composer.key_pos, composer.plain_scalars)
    if not isinstance(data, dict) or "waivers" not in data:
        kinds = {type(None): "empty", list: "a list", str: "a text", bool: "a boolean"}
        kind = "a mapping without `waivers:`" if isinstance(data, dict) else kinds.get(type(data), "a single value")
        if isinstance(data, dict) and ("releasecheck" in data or "model" in data):
            kind = "a release card"
        line, col = composer.value_pos.get((), (1, 1))
        raise InputError([Problem(path, line, col, "", f"this is not a waivers file: it is {kind}", FILE_HINT)])
    return doc


def load_waivers(path: str, rubric_set: RubricSet, today: dt.date) -> list[Waiver]:
    doc = _load_file(path)
    try:
        parsed = WaiverFile.model_validate(doc.data)
    except ValidationError as err:
        problems = []
        for e in err.errors():
            loc = tuple(e["loc"])
            line, col = doc.position(loc)
            problems.append(
                Problem(
                    path,
                    line,
                    col,
                    format_path(loc),
                    e["msg"].replace("Input should be", "expected").replace("Value error, ", ""),
                    FILE_HINT,
                )
            )
        raise InputError(sorted(set(problems))) from None
    kinds = _rule_kinds(rubric_set)
    checked = [
        _check_entry(doc, path, ("waivers", index), entry, kinds.get(entry.rule), today)
        for index, entry in enumerate(parsed.waivers)
    ]
    seen: dict[tuple[str, str | None], int] = {}
    for index, entry in enumerate(parsed.waivers):
        first = seen.setdefault((entry.rule, entry.scope), index)
        if first != index:
            line, col = doc.position(("waivers", index))
            scope = "every card" if entry.scope is None else f"scope {entry.scope!r}"
            checked.append(
                Problem(
                    path,
                    line,
                    col,
                    format_path(("waivers", index)),
                    f"a second waiver of {entry.rule} for {scope} (the first is waivers[{first}])",
                    "keep one waiver per rule and scope: remove or merge this one",
                )
            )
    bad = [c for c in checked if isinstance(c, Problem)]
    if bad:
        raise InputError(bad)
    return [c for c in checked if isinstance(c, Waiver)]


def _check_entry(
    doc: Any, path: str, at: tuple[str | int, ...], entry: WaiverEntry, kind: str | None, today: dt.date
) -> Problem | Waiver:
    """One waiver entry: the waiver, or the problem with it (unknown rule, a rule that is no
    governance requirement, or expired)."""
    line, col = doc.position(at)
    where = format_path((*at, "rule"))
    if kind is None:
        return Problem(
            path,
            line,
            col,
            where,
            f"no rule '{entry.rule}' in the rubric set",
            "`releasecheck rubrics list` shows the rule ids",
        )
    if kind not in WAIVABLE_KINDS:
        return Problem(
            path,
            line,
            col,
            where,
            f"'{entry.rule}' is a {kind} rule: a capability finding or assessment step cannot be waived",
            "only tier-requirement (governance) rules can be waived",
        )
    if entry.expires < today:
        exp_line, exp_col = doc.position((*at, "expires"))
        return Problem(
            path,
            exp_line,
            exp_col,
            format_path((*at, "expires")),
            f"waiver of {entry.rule} expired on {entry.expires.isoformat()}",
            "renew it with a new approval, or remove it",
        )
    return Waiver(entry.rule, entry.reason, entry.approved_by, entry.expires.isoformat(), entry.scope, line)


def _rule_kinds(rubric_set: RubricSet) -> dict[str, str]:
    kinds = {r.id: r.kind for r in rubric_set.rules}
    for profile in rubric_set.profiles.values():
        kinds.update({r.id: r.kind for r in [*profile.replace.values(), *profile.add]})
    for pillar in rubric_set.sections["pillars"].values():
        kinds.update({step.id: "pillar-level" for step in pillar.levels})
    return kinds
