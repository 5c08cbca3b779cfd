"""Evidence, asked per risk domain, offering the rubric's known benchmarks for the domain."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel

from releasecheck.interview import rubric_text as rt
from releasecheck.interview.asker import Asker, Question, wrap
from releasecheck.interview.questions import pick, question, short, yes_no
from releasecheck.interview.schema import evaluation_types, field_spec
from releasecheck.interview.sections import subheading
from releasecheck.rubric.load import Rubric

# Asked after the type's own fields; `domain` and `type` are set by the questionnaire.
TRAILING = ("elicitation", "performed_by", "source", "date", "id", "notes")


@dataclass
class Evidence:
    """What the evidence questions need: the rubric, the card's results, the ids in use."""

    rubric: Rubric
    given: list[dict[str, Any]]
    ids: set[str] = field(default_factory=set)

    def given_for(self, domain: str) -> list[dict[str, Any]]:
        return [e for e in self.given if e.get("domain") == domain]


def ask_evidence(a: Asker, ev: Evidence, required: list[str]) -> list[dict[str, Any]]:
    """Results for each required domain, then for any other domain the person has results for."""
    ev.ids |= {e["id"] for e in ev.given if isinstance(e.get("id"), str)}
    out: list[dict[str, Any]] = []
    a.section(_overview(required))
    for number, domain in enumerate(required, 1):
        out += ask_domain(a, ev, domain, f"evidence.{domain}", f"{number}/{len(required)}", True)
    others = [d for d in ev.rubric.domain_ids if d not in required]
    a.section(subheading("Other risk domains", "Results for domains not required here count like required ones."), 2)
    index = 0
    while others and a(_another_domain(index, others)):
        domain = a(pick(f"evidence.other.{index}.domain", "Which risk domain?", others, _domains_help(ev, others)))
        out += ask_domain(a, ev, domain, f"evidence.other.{index}.{domain}", "", False)
        others = [d for d in others if d != domain]  # each domain once
        index += 1
    asked = set(required) | {e["domain"] for e in out}
    return out + [e for e in ev.given if e.get("domain") not in asked]


def _overview(required: list[str]) -> str:
    head = "\n[bold reverse] 2. Evidence [/bold reverse]\n"
    if not required:
        return head + wrap("For this model the rubric requires no risk domain; results you give still count.")
    text = (
        f"The rubric requires evidence for these risk domains for this model: {', '.join(required)}. "
        "A required domain without evidence is unknown, and unknown is never read as safe."
    )
    return head + wrap(text)


def _another_domain(index: int, others: list[str]) -> Question:
    more = "another" if index else "any other"
    return yes_no(
        f"evidence.other.{index}.add",
        f"Add results for {more} risk domain?",
        False,
        f"Domains not required for this model count when the card gives evidence for them: {', '.join(others)}.",
    )


def _domains_help(ev: Evidence, domains: list[str]) -> str:
    return " ".join(f"{d}: {rt.domain_title(ev.rubric, d)}." for d in domains)


def ask_domain(a: Asker, ev: Evidence, domain: str, key: str, count: str, required: bool) -> list[dict[str, Any]]:
    """The loop for one domain: results until the person says no more."""
    given = ev.given_for(domain)
    a.section(_domain_heading(ev, domain, count, given), 2)
    if given and required:
        return given
    out: list[dict[str, Any]] = list(given)
    index = 0
    while a(_add(domain, key, index, first=not out, required=required)):
        out.append(ask_result(a, ev, domain, f"{key}.{index}"))
        index += 1
    return out


def _domain_heading(ev: Evidence, domain: str, count: str, given: list[dict[str, Any]]) -> str:
    title = f"Evidence {count}: " if count else "Evidence: "
    lines = ["", f"[bold]{wrap(title + domain + ' — ' + rt.domain_title(ev.rubric, domain))}[/bold]"]
    lines.append(wrap(rt.domain_description(ev.rubric, domain), "  "))
    benches = rt.benchmarks_for(ev.rubric, domain)
    if benches:
        known = ", ".join(f"{b.id} (alert {b.alert:g})" for b in benches)
        lines.append(wrap(f"Known benchmarks: {known}", "  ", "dim"))
    for entry in given:
        lines.append(wrap(f"from the card: {_summary(entry)}", "  ", "green"))
    return "\n".join(lines)


def _summary(entry: dict[str, Any]) -> str:
    what = entry.get("benchmark") or entry.get("level") or entry.get("severity") or entry.get("population") or ""
    score = entry.get("score", entry.get("uplift", ""))
    return " ".join(str(x) for x in (entry.get("type"), what, score, entry.get("elicitation")) if x != "")


def _add(domain: str, key: str, index: int, first: bool, required: bool) -> Question:
    article = "an" if domain[:1] in "aeiou" else "a"
    text = f"Add {article} {domain} result?" if first else f"Add another {domain} result?"
    return yes_no(
        f"{key}.{index}.add",
        text,
        first and required,
        "Each result is one benchmark score, uplift study, red-team finding or threshold assessment.",
    )


def ask_result(a: Asker, ev: Evidence, domain: str, key: str) -> dict[str, Any]:
    """One evaluation entry: its type, the type's own fields, then how and where it was run."""
    types = evaluation_types()
    kind = a(pick(f"{key}.type", "What kind of result is it?", types, _types_help(types)))
    model = types[kind]
    entry: dict[str, Any] = {"domain": domain, "type": kind}
    for name in (*own_fields(kind), *TRAILING):
        value = a(_result_question(ev, model, name, f"{key}.{name}", entry))
        if value is not None:
            entry[name] = value
        if name == "score" and "benchmark" in entry:
            a.note(wrap(rt.benchmark_verdict(ev.rubric, entry["benchmark"], domain, value), "  ", "green"))
    if "id" in entry:
        ev.ids.add(entry["id"])
    return entry


def _types_help(types: dict[str, type[BaseModel]]) -> str:
    parts = []
    for tag, model in types.items():
        own = "; ".join(short(model.model_fields[n].description or n) for n in own_fields(tag))
        parts.append(f"{tag}: {own}.")
    return " ".join(parts)


def own_fields(kind: str) -> list[str]:
    """The fields only this evaluation type has (a benchmark's benchmark and score, …)."""
    types = evaluation_types()
    shared = set.intersection(*(set(model.model_fields) for model in types.values()))
    return [n for n in types[kind].model_fields if n not in shared]


def _result_question(ev: Evidence, model: type[BaseModel], name: str, key: str, entry: dict[str, Any]) -> Question:
    q = question(field_spec(model, name), key, path=f"evaluations[].{name}")
    domain = entry["domain"]
    if name == "benchmark":
        return _benchmark_question(ev, q, domain)
    if name == "score" and entry.get("benchmark") in ev.rubric.benchmark_by_id:
        bench = ev.rubric.benchmark_by_id[entry["benchmark"]]
        return replace(
            q,
            note=f"{bench.id} alert at {bench.alert:g}",
            help=f"{q.help} {bench.id}: {rt.benchmark_help(ev.rubric, bench)}",
        )
    if name == "level":
        return replace(q, choice_help=rt.level_help(ev.rubric))
    if name == "id":
        return replace(q, default=_suggest_id(ev, entry), check=lambda v: _id_taken(ev, v))
    return q


def _benchmark_question(ev: Evidence, q: Question, domain: str) -> Question:
    benches = rt.benchmarks_for(ev.rubric, domain)
    shape = replace(q.shape, choices=tuple(b.id for b in benches), open_choice=True)
    return replace(
        q,
        shape=shape,
        text=f"Which {domain} benchmark?",
        help=q.help + " A benchmark the rubric does not know is reported as a warning and ignored, never guessed.",
        choice_help={b.id: rt.benchmark_help(ev.rubric, b) for b in benches},
        check=near_miss_check([b.id for b in benches], list(ev.rubric.benchmark_by_id)),
    )


def near_miss_check(own: list[str], every: list[str]) -> Callable[[Any], str | None]:
    """A name the rubric does not know but that is close to one it does (`WMDP bio`) is asked
    again with the closest names; typed a second time, it is kept (and reported as unknown)."""
    offered: set[str] = set()

    def check(value: Any) -> str | None:
        name = str(value)
        if name in every or name in offered:
            return None
        close = closest_names(name, own) or closest_names(name, every)
        if not close:
            return None
        offered.add(name)
        return (
            f"the rubric knows no benchmark '{name}'; did you mean {' or '.join(close)}? "
            f"Type a name from the list, or '{name}' again to keep it (it is then reported as unknown and ignored)"
        )

    return check


def closest_names(name: str, names: list[str]) -> list[str]:
    """Up to three of `names` close to `name`, compared without case, spaces or punctuation."""
    import difflib

    def plain(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", text.lower())

    by_plain = {plain(n): n for n in names}
    found = difflib.get_close_matches(plain(name), list(by_plain), n=3, cutoff=0.75)
    return [by_plain[f] for f in found]


def _suggest_id(ev: Evidence, entry: dict[str, Any]) -> str:
    what = entry.get("benchmark") or entry["type"]
    base = re.sub(r"[^a-z0-9]+", "-", f"{entry['domain']}-{what}".lower()).strip("-")
    candidate, number = base, 2
    while candidate in ev.ids:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _id_taken(ev: Evidence, value: Any) -> str | None:
    return f"the id '{value}' is already used by another result" if value in ev.ids else None
