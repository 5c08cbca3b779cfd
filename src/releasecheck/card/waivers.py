"""Waiver files (SPEC §5): governance requirements may be waived with a reason, an approver and
an expiry; capability findings cannot. Every problem is an input error (exit 2)."""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from releasecheck.card.loader import load_path
from releasecheck.card.problems import InputError, Problem, format_path
from releasecheck.rubric.load import RubricSet

WAIVABLE_KINDS = frozenset({"tier-requirement"})


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: StrictStr = Field(description="Id of the requirement rule waived.")
    reason: StrictStr = Field(min_length=1, description="Why the requirement is waived.")
    approved_by: StrictStr = Field(min_length=1, description="Who approved the waiver.")
    expires: dt.date = Field(description="Last day the waiver holds (ISO 8601).")
    scope: StrictStr | None = Field(None, description="Glob on the card path or model name; absent = every card.")


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    waivers: list[_Entry]


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    approved_by: str
    expires: str
    scope: str | None
    line: int

    def applies_to(self, card_path: str, model_name: str) -> bool:
        if self.scope is None:
            return True
        return fnmatch.fnmatch(card_path, self.scope) or fnmatch.fnmatch(model_name, self.scope)

    def record(self, changed: str) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "reason": self.reason,
            "approved_by": self.approved_by,
            "expires": self.expires,
            "scope": self.scope,
            "changed": changed,
        }


def load_waivers(path: str, rubric_set: RubricSet, today: dt.date) -> list[Waiver]:
    doc = load_path(path)
    data = {"waivers": doc.data} if isinstance(doc.data, list) else doc.data
    prefix: tuple[str | int, ...] = () if isinstance(doc.data, list) else ("waivers",)
    try:
        parsed = _File.model_validate(data)
    except ValidationError as err:
        problems = []
        for e in err.errors():
            loc = tuple(e["loc"])[1:] if not prefix else tuple(e["loc"])
            line, col = doc.position(loc)
            problems.append(
                Problem(
                    path,
                    line,
                    col,
                    format_path(loc),
                    e["msg"].replace("Input should be", "expected"),
                    "a waiver is {rule, reason, approved_by, expires, scope?}",
                )
            )
        raise InputError(sorted(set(problems))) from None
    kinds = _rule_kinds(rubric_set)
    checked = [
        _check_entry(doc, path, (*prefix, index), entry, kinds.get(entry.rule), today)
        for index, entry in enumerate(parsed.waivers)
    ]
    bad = [c for c in checked if isinstance(c, Problem)]
    if bad:
        raise InputError(bad)
    return [c for c in checked if isinstance(c, Waiver)]


def _check_entry(
    doc: Any, path: str, at: tuple[str | int, ...], entry: _Entry, kind: str | None, today: dt.date
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
