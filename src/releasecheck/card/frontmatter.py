"""Gaps in a Markdown card filled from standard Hugging Face front matter (license, base_model,
model-index results). The card's own values always win; every fill is recorded for the trail, and
so is every model-index result seen but not used, with the reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from releasecheck.yamlpos.loader import Document

if TYPE_CHECKING:
    from releasecheck.rubric.model import Benchmark

HF_SOURCE = "Hugging Face model-index (README front matter)"
# A hostile card may list any number of results; the trail names this many and counts the rest.
MAX_UNUSED_NOTES = 20


@dataclass(frozen=True)
class HubNames:
    """How model-index results name the rubric's benchmarks: by Hub dataset id and configuration
    (rubric data, `hub_datasets`), or by the benchmark's own name as dataset name or type."""

    domains: Mapping[str, str]  # benchmark id -> domain
    by_name: Mapping[str, str]  # lower-cased benchmark id -> id
    by_dataset: Mapping[tuple[str, str | None], str]  # (dataset type, config), lower-cased -> id

    @classmethod
    def of(cls, benchmarks: Iterable[Benchmark]) -> HubNames:
        listed = list(benchmarks)
        return cls(
            domains={b.id: b.domain for b in listed},
            by_name={b.id.lower(): b.id for b in listed},
            by_dataset={
                (h.type.lower(), h.config.lower() if h.config else None): b.id for b in listed for h in b.hub_datasets
            },
        )

    def benchmark(self, dataset: Mapping[str, Any]) -> str | None:
        kind, config = (str(dataset.get(k, "")).strip().lower() for k in ("type", "config"))
        for key in ((kind, config or None), (kind, None)):
            if key in self.by_dataset:
                return self.by_dataset[key]
        names = (str(dataset.get(k, "")).strip().lower() for k in ("name", "type"))
        return next((self.by_name[n] for n in names if n in self.by_name), None)


def fill_gaps(doc: Document, benchmarks: Iterable[Benchmark]) -> None:
    """Mutates doc.data (a fresh parse, owned by this run) and records each fill in doc.filled and
    each unused model-index result in doc.unused."""
    front = doc.front_matter or {}
    if not front or not isinstance(doc.data, dict):
        return
    _fill_scalar(doc, ("release", "licence"), "license", front.get("license"))
    base = front.get("base_model")
    if isinstance(base, list) and base and all(isinstance(b, str) for b in base):
        base = base[0]
    _fill_scalar(doc, ("model", "base_model"), "base_model", base)
    names = HubNames.of(benchmarks)
    unused: list[str] = []
    for bench, score in model_index_scores(front.get("model-index"), names, unused):
        _fill_benchmark(doc, bench, names.domains[bench], score, unused)
    doc.unused.extend(unused[:MAX_UNUSED_NOTES])
    if len(unused) > MAX_UNUSED_NOTES:
        doc.unused.append(f"{len(unused) - MAX_UNUSED_NOTES} more model-index result(s) not used")


def _fill_scalar(doc: Document, path: tuple[str, str], key: str, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        return
    section = doc.data.setdefault(path[0], {})
    if not isinstance(section, dict) or path[1] in section:
        return
    section[path[1]] = value
    doc.value_pos[path] = doc.front_positions.get(key, (1, 1))
    doc.filled.append((path, f"{'.'.join(path)} = {value!r} from front matter `{key}`"))


def model_index_scores(index: Any, names: HubNames, unused: list[str]) -> list[tuple[str, float]]:
    """(benchmark id, fraction) for each model-index result the rubric knows; a note in `unused`
    for every other result, saying why."""
    out: list[tuple[str, float]] = []
    for entry in _dicts(index):
        for result in _dicts(entry.get("results")):
            dataset: dict[str, Any] = result["dataset"] if isinstance(result.get("dataset"), dict) else {}
            label = _label(dataset)
            bench = names.benchmark(dataset)
            if bench is None:
                unused.append(f"model-index result {label} not used: no rubric benchmark is reported under it")
                continue
            score = _fraction([m.get("value") for m in _dicts(result.get("metrics"))])
            if isinstance(score, str):
                unused.append(f"model-index result {label} ({bench}) not used: {score}")
                continue
            out.append((bench, score))
    return out


def _fraction(values: list[Any]) -> float | str:
    """The first numeric metric as a fraction (a score above 1 and at most 100 is read as a
    percentage), or why there is none."""
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers:
        return "no numeric metric value"
    try:
        value = float(numbers[0])
    except OverflowError:
        return "metric value out of range"
    if not 0 <= value <= 100:  # also false for NaN
        return f"metric value {value:g} is neither a fraction in [0, 1] nor a percentage in [0, 100]"
    return value / 100 if value > 1 else value


def _label(dataset: Mapping[str, Any]) -> str:
    parts = [str(dataset.get(k)) for k in ("type", "config") if isinstance(dataset.get(k), str | int | float)]
    named = "/".join(parts) or str(dataset.get("name", "")) or "without a dataset"
    return f"`{named[:80]}`"


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _fill_benchmark(doc: Document, bench: str, domain: str, score: float, unused: list[str]) -> None:
    evaluations = doc.data.setdefault("evaluations", [])
    if not isinstance(evaluations, list):
        return
    if any(isinstance(e, dict) and e.get("benchmark") == bench for e in evaluations):
        unused.append(f"model-index result for {bench} not used: {bench} is already among the card's evaluations")
        return
    index = len(evaluations)
    evaluations.append(
        {
            "id": f"hf-{bench.lower()}",
            "domain": domain,
            "type": "benchmark",
            "benchmark": bench,
            "score": round(score, 6),
            "elicitation": "safeguards-on",
            "source": HF_SOURCE,
        }
    )
    doc.value_pos[("evaluations", index)] = doc.front_positions.get("model-index", (1, 1))
    doc.filled.append(
        (
            ("evaluations", index),
            f"evaluations[{index}] = {bench} {score:g} (safeguards-on, as published) from front matter `model-index`",
        )
    )
