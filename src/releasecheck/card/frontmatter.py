"""Gaps in a Markdown card filled from standard Hugging Face front matter (license, base_model,
model-index results). The card's own values always win; every fill is recorded for the trail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from releasecheck.card.loader import Document

HF_SOURCE = "Hugging Face model-index (README front matter)"


def fill_gaps(doc: Document, benchmark_domains: Mapping[str, str]) -> None:
    """Mutates doc.data (a fresh parse, owned by this run) and records each fill in doc.filled."""
    front = doc.front_matter or {}
    if not front or not isinstance(doc.data, dict):
        return
    _fill_scalar(doc, ("release", "licence"), "license", front.get("license"))
    base = front.get("base_model")
    if isinstance(base, list) and base and all(isinstance(b, str) for b in base):
        base = base[0]
    _fill_scalar(doc, ("model", "base_model"), "base_model", base)
    for bench, score in _model_index_scores(front.get("model-index"), benchmark_domains):
        _fill_benchmark(doc, bench, benchmark_domains[bench], score)


def _fill_scalar(doc: Document, path: tuple[str, str], key: str, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        return
    section = doc.data.setdefault(path[0], {})
    if not isinstance(section, dict) or path[1] in section:
        return
    section[path[1]] = value
    doc.value_pos[path] = doc.front_positions.get(key, (1, 1))
    doc.filled.append((path, f"{'.'.join(path)} = {value!r} from front matter `{key}`"))


def _model_index_scores(index: Any, known: Mapping[str, str]) -> list[tuple[str, float]]:
    lowered = {name.lower(): name for name in known}
    out: list[tuple[str, float]] = []
    for entry in _dicts(index):
        for result in _dicts(entry.get("results")):
            dataset: dict[str, Any] = result["dataset"] if isinstance(result.get("dataset"), dict) else {}
            names = [str(dataset.get(k, "")).lower() for k in ("name", "type")]
            bench = next((lowered[n] for n in names if n in lowered), None)
            values = [m.get("value") for m in _dicts(result.get("metrics"))]
            numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
            if bench is not None and numbers:
                # model-index scores are usually percentages; cards use fractions
                out.append((bench, numbers[0] / 100 if numbers[0] > 1 else numbers[0]))
    return out


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _fill_benchmark(doc: Document, bench: str, domain: str, score: float) -> None:
    evaluations = doc.data.setdefault("evaluations", [])
    if not isinstance(evaluations, list):
        return
    if any(isinstance(e, dict) and e.get("benchmark") == bench for e in evaluations):
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
