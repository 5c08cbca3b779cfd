"""Deterministic generator of realistic release cards for the benchmarks.

    python bench/generate.py OUTDIR N [--seed S] [--controls mixed|object]

Writes N cards named card-00000.yaml ... to OUTDIR. Each card is built from its own
``random.Random(f"{seed}:{index}")``, so card i is the same whatever N is, on every machine and
Python version with the same ``random`` algorithm (string seeds are hashed with SHA-512).

The cards look like the ones in examples/: a scenario comment, the model and release, 3-15
evaluations of all four types across the default rubric's domains with its benchmark names
(read from rubrics/default/benchmarks.yaml and domains.yaml), safeguards and tamper tests, a
marginal-risk section, optional similarly_safe proxy evidence, ABC controls in the bare and the
``{value, evidence, notes}`` forms, and benefits: about 3-6 KB each.

``--controls object`` writes every ABC control in the ``{value: ...}`` form (otherwise the same
card); the benchmark uses it to see whether a baseline validator's error path skews the timing.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUBRIC = ROOT / "rubrics" / "default"

KINDS = [
    ("general-purpose", 55),
    ("agent", 10),
    ("bio-design", 6),
    ("chem-design", 4),
    ("image-generation", 9),
    ("video-generation", 5),
    ("audio-generation", 5),
    ("other", 6),
]
MODALITIES = {
    "general-purpose": ["text", "code", "image", "audio"],
    "agent": ["text", "code", "actions"],
    "bio-design": ["biological-sequence", "text"],
    "chem-design": ["chemical-structure", "text"],
    "image-generation": ["text", "image"],
    "video-generation": ["text", "image", "video"],
    "audio-generation": ["text", "audio"],
    "other": ["text", "code", "actions"],
}
TIERS = ["internal", "limited", "api", "gated-weights", "open-weights", "fully-open"]
WEIGHT_TIERS = {"gated-weights", "open-weights", "fully-open"}
ARTIFACTS = ["weights", "inference-code", "training-code", "training-data", "evaluation-code", "checkpoints"]
LEVELS = ["low", "low", "low", "alert", "alert", "high", "high", "severe", "critical"]
SEVERITIES = ["none", "none", "minor", "minor", "moderate", "serious", "critical"]
ELICITATIONS = ["safeguards-on", "safeguards-off", "safeguards-off", "worst-case", "worst-case"]
SECURITY = ["none", "sl1", "sl2", "sl2", "sl3", "sl3", "sl4", "sl5", "unknown"]  # the last only by chance
PROVENANCE = ["weight-hashes", "signed-weights", "watermarking", "content-credentials"]
GENERAL_BENCHMARKS = ["MMLU", "MMLU-Pro", "GPQA-Diamond", "HumanEval", "MATH-500", "SWE-bench-Verified", "ARC-AGI"]
OPEN_REFERENCES = ["DeepSeek-R1-0528", "Llama-3.1-8B-Instruct", "Llama-3.1-70B-Instruct", "Qwen3-32B", "Qwen3-8B"]
SAFE_REFERENCES = ["OpenAI o1", "Claude 3.5 Sonnet", "GPT-4o", "Gemini 1.5 Pro"]
FRAMEWORKS = [
    "Frontier Safety Framework v3",
    "Responsible Scaling Policy v2.2",
    "Release Policy v1",
    "Preparedness Framework v2",
]
EVALUATORS = ["Example Evals Ltd", "Aegis Assurance", "Northgate AI Safety Institute", "Open Red Team Collective"]
PREFIXES = [
    "Halcyon",
    "Wren",
    "Aster",
    "Larkspur",
    "Corvid",
    "Lumen",
    "Marlin",
    "Quill",
    "Sable",
    "Tern",
    "Vesper",
    "Kestrel",
]
SUFFIXES = ["", "-Ultra", "-Pro", "-Mini", "-Lite", "-Instruct", "-Coder", "-Vision"]
DEVELOPERS = [
    "Halcyon Systems",
    "Lumen Foundry",
    "Aster Intelligence",
    "Larkspur AI",
    "Corvid Security",
    "Marlin Labs",
    "Quill Research",
    "Sable Bio",
    "Tern Collective",
    "Vesper Media",
]
LICENCES = [
    "apache-2.0",
    "mit",
    "llama3.1",
    "openrail-m",
    "cc-by-nc-4.0",
    "Proprietary API Terms",
    "Research Licence v2",
]
ACCESS = [
    "acceptable_use_policy",
    "identity_verification",
    "revocable_access",
    "usage_monitoring",
    "misuse_classifiers",
    "staged_rollout",
]
ACCOUNTABILITY = [
    "model_card_published",
    "evaluations_published",
    "worst_case_evaluations_published",
    "incident_reporting",
    "safety_framework_published",
    "third_party_evaluation",
    "monitoring_plan",
]
CAPACITY = [
    "researcher_access_program",
    "safety_research_funding",
    "secure_research_environment",
    "public_interest_compute",
]
NOTES = [
    "Zero-shot, letter-choice scoring on the full public split.",
    "Refusal direction ablated before scoring; results averaged over three seeds.",
    "After anti-refusal fine-tuning on 2,000 examples; the evaluator's own harness.",
    "Run on the production system with classifiers enabled, to mirror the hosted product.",
    "Scores are pass@1 with a 30-minute budget per task; tool use allowed.",
    "Independent re-run on the released checkpoint; matches the internal figure within 0.02.",
    "Expert panel reviewed 200 long-form transcripts; no meaningful operational uplift seen.",
]
THREATS = [
    "Low-resourced individuals seeking uplift from a locally run model with refusals removed.",
    "Novice actors using the hosted product to plan acquisition of a known agent; jailbreakers at scale.",
    "Criminal groups automating vulnerability discovery against unpatched public services.",
    "State-backed programmes fine-tuning released weights for domain knowledge.",
]
EXISTING_RISK = [
    "Open models of this size and stronger have been downloadable since 2024; textbooks cover the same material.",
    "The best open model gives substantial but lower assistance on every shared benchmark.",
    "Commercial scanners and public exploit databases already automate much of the task.",
]
DEFENSES = [
    "Synthesis screening, export controls on precursors and wet-lab bottlenecks.",
    "Provider-side classifiers, account enforcement and rapid-response patching while hosted.",
    "Conventional endpoint security and coordinated disclosure; none depend on this model staying closed.",
]
UNCERTAINTY = [
    "Benchmarks are proxies; no uplift study was run at this scale.",
    "Jailbreak robustness measured against 3,000 attacker-hours; novel universal jailbreaks remain possible.",
    "A fine-tune on domain data could raise scores, but the filtered pretraining corpus limits latent knowledge.",
]


def _load_rubric() -> tuple[list[dict[str, object]], list[str]]:
    import yaml

    with (RUBRIC / "benchmarks.yaml").open(encoding="utf-8") as handle:
        benchmarks = yaml.load(handle, Loader=yaml.CSafeLoader)["benchmarks"]
    with (RUBRIC / "domains.yaml").open(encoding="utf-8") as handle:
        domains = [d["id"] for d in yaml.load(handle, Loader=yaml.CSafeLoader)["domains"]]
    return benchmarks, domains


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def frac(rng: random.Random, low: float = 0.0, high: float = 1.0) -> str:
    return f"{rng.uniform(low, high):.2f}"


def date(rng: random.Random, year: int = 2026) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def pick_weighted(rng: random.Random, items: list[tuple[str, int]]) -> str:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


class CardWriter:
    def __init__(self, rng: random.Random, benchmarks: list[dict[str, object]], domains: list[str], object_form: bool):
        self.rng = rng
        self.benchmarks = benchmarks
        self.domains = domains
        self.object_form = object_form
        self.lines: list[str] = []
        # Two hidden traits make a card coherent: how risky the model is (0-1) and how diligent the lab is.
        self.risk = rng.betavariate(1.3, 2.5)
        self.diligence = rng.betavariate(3.0, 1.5)

    def add(self, line: str) -> None:
        self.lines.append(line)

    def control(self, name: str, value: str, evidence_source: str, indent: str = "  ") -> None:
        """One ABC control: bare, or {value, evidence, notes}."""
        rng = self.rng
        form = rng.random()
        if form < 0.5 and not self.object_form:
            self.add(f"{indent}{name}: {value}")
            return
        parts = [f"value: {value}"]
        if value not in ("false", "none", "unknown") and (form < 0.85 or self.object_form):
            parts.append(f"evidence: {q(evidence_source)}")
        if rng.random() < 0.25:
            parts.append(
                f"notes: {q(rng.choice(['Reviewed quarterly.', 'Planned for the next version.', 'Applies to the hosted product only.', 'Audited by an independent firm.']))}"
            )
        self.add(f"{indent}{name}: {{{', '.join(parts)}}}")

    def level(self) -> str:
        if self.rng.random() < 0.06:
            return "unknown"
        return LEVELS[min(len(LEVELS) - 1, max(0, int(self.risk * len(LEVELS) + self.rng.uniform(-0.7, 0.7))))]

    def security(self) -> str:
        if self.rng.random() < 0.08:
            return "unknown"
        return SECURITY[min(len(SECURITY) - 2, max(0, int(self.diligence * 7 + self.rng.uniform(-1.5, 1.5))))]

    def card(self, index: int) -> str:
        rng = self.rng
        kind = pick_weighted(rng, KINDS)
        name = f"{rng.choice(PREFIXES)}-{rng.randint(1, 9)}{rng.choice(SUFFIXES)}"
        developer = rng.choice(DEVELOPERS)
        tier = TIERS[min(5, max(0, round((1 - self.risk) * 5 + rng.uniform(-1.5, 1.0))))]
        compute_exp = rng.choice([21, 22, 23, 23, 24, 24, 25, 25, 26])
        compute = rng.uniform(1.0, 9.9) * 10**compute_exp
        doc = f"{name} system card"
        self.add(f"# Scenario (generated, index {index}): a {kind} model ({compute:.1e} FLOP) planned as {tier}.")
        self.add(f"# Developer {developer}; evidence drawn at random, so the outcome varies from card to card.")
        self.add("releasecheck: 1")
        self.add("model:")
        self.add(f"  name: {name}")
        self.add(f'  version: "{rng.randint(1, 4)}.{rng.randint(0, 9)}"')
        self.add(f"  developer: {developer}")
        self.add(f"  kind: {kind}")
        mods = MODALITIES[kind]
        self.add(f"  modalities: [{', '.join(rng.sample(mods, rng.randint(1, len(mods))))}]")
        if rng.random() < 0.7:
            self.add(f"  parameters: {rng.uniform(1.0, 9.9):.1f}e+{rng.randint(8, 12):02d}")
        if rng.random() < 0.9:
            self.add(f"  training_compute_flop: {compute:.1e}")
        self.add("  base_model: null" if rng.random() < 0.7 else f"  base_model: {rng.choice(OPEN_REFERENCES)}")
        self.add(
            f"  description: {q(f'{name}: a {kind} model from {developer}, trained on licensed and public data.')}"
        )
        self.add("release:")
        self.add(f"  planned_tier: {tier}")
        self.add(f"  date: {date(rng, 2027)}")
        self.add(f"  licence: {q(rng.choice(LICENCES))}")
        arts = rng.sample(ARTIFACTS, rng.randint(1, len(ARTIFACTS))) if tier in WEIGHT_TIERS else []
        if tier in WEIGHT_TIERS and "weights" not in arts:
            arts.insert(0, "weights")
        if tier == "fully-open":  # a fully-open release lists its training code and data (card validation)
            arts += [a for a in ("training-code", "training-data") if a not in arts]
        self.add(f"  artifacts: [{', '.join(arts)}]")
        self.evaluations(doc)
        self.safeguards(doc)
        self.marginal(doc)
        self.abc(doc, tier)
        self.add("benefits:")
        self.add(f"  research_value: {rng.choice(['none', 'low', 'medium', 'high'])}")
        self.add(f"  enables_independent_safety_research: {rng.choice(['true', 'false'])}")
        self.add(f"  reduces_concentration: {rng.choice(['true', 'false'])}")
        if rng.random() < 0.6:
            self.add(
                f"  notes: {q('Openness lets independent researchers study memorisation, attribution and safety end to end.')}"
            )
        return "\n".join(self.lines) + "\n"

    def evaluations(self, doc: str) -> None:
        rng = self.rng
        count = min(15, int(rng.triangular(3, 16, 4)))  # 3-15, mostly 4-8 like real cards
        core = ["bio", "chem", "cyber", "ai-rnd", "autonomy"]
        domains = rng.sample(core, rng.randint(1, 5))
        if rng.random() < 0.4:
            domains.append(rng.choice([d for d in self.domains if d not in core]))
        by_domain = {d: [b for b in self.benchmarks if b["domain"] == d] for d in domains}
        self.add("evaluations:")
        used: set[str] = set()
        for n in range(count):
            domain = domains[n % len(domains)]
            if n < len(domains):
                self.add(f"  # --- {domain} ---")
            kinds = ["benchmark"] * 5 + ["threshold-assessment"] * 2 + ["uplift-study", "red-team"]
            if not by_domain[domain]:
                kinds = ["threshold-assessment", "threshold-assessment", "red-team", "uplift-study"]
            etype = rng.choice(kinds)
            elicitation = rng.choice(ELICITATIONS)
            performed = rng.choice(["internal", "internal", "third-party"])
            if etype == "benchmark":
                bench = rng.choice(by_domain[domain])
                alert = float(bench["alert"])  # type: ignore[arg-type]
                score = min(0.99, max(0.01, rng.gauss(alert * (0.4 + 1.4 * self.risk), 0.08)))
                ident = f"{str(bench['id']).lower()}-{elicitation}"
                body = [f"benchmark: {bench['id']}", f"score: {score:.2f}"]
            elif etype == "threshold-assessment":
                ident = f"{domain}-ta"
                body = [f"level: {self.level()}", f"framework: {q(rng.choice(FRAMEWORKS))}"]
            elif etype == "uplift-study":
                ident = f"{domain}-uplift"
                body = [
                    f"population: {rng.choice(['novice', 'expert'])}",
                    f"uplift: {rng.uniform(0.8, 3.5):.1f}",
                    f"significant: {rng.choice(['true', 'false'])}",
                ]
            else:
                ident = f"{domain}-red-team"
                body = [
                    f"severity: {SEVERITIES[min(len(SEVERITIES) - 1, int(self.risk * len(SEVERITIES) + rng.uniform(-1, 1)))]}"
                ]
            base = ident
            k = 2
            while ident in used:
                ident = f"{base}-{k}"
                k += 1
            used.add(ident)
            where = (
                f"{doc} §{rng.randint(2, 6)}.{rng.randint(1, 9)}"
                if performed == "internal"
                else f"Third-party evaluation report, {rng.choice(EVALUATORS)}, 2026-{rng.randint(1, 12):02d}"
            )
            self.add(f"  - id: {ident}")
            self.add(f"    domain: {domain}")
            self.add(f"    type: {etype}")
            for line in body:
                self.add(f"    {line}")
            self.add(f"    elicitation: {elicitation}")
            self.add(f"    performed_by: {performed}")
            if rng.random() < 0.9:
                self.add(f"    date: {date(rng)}")
            self.add(f"    source: {q(where)}")
            if rng.random() < (0.4 if count < 8 else 0.1):
                self.add(f"    notes: {q(rng.choice(NOTES))}")

    def safeguards(self, doc: str) -> None:
        rng = self.rng
        self.add("safeguards:")
        self.add(f"  refusal_training: {rng.choice(['true', 'true', 'false'])}")
        filt = rng.sample(["bio", "chem", "cyber"], rng.randint(0, 2))
        self.add(f"  data_filtering: [{', '.join(filt)}]")
        system = rng.sample(["input-classifier", "output-classifier", "rate-limits", "kyc-gate"], rng.randint(0, 3))
        self.add(f"  system_level: [{', '.join(system)}]")
        tests = rng.choice([0, 1, 1, 1, 2])
        if not tests:
            self.add("  tamper_tests: []")
            return
        self.add("  tamper_tests:")
        for _ in range(tests):
            before = rng.uniform(0.8, 0.99)
            self.add(f"    - method: {rng.choice(['fine-tuning', 'abliteration', 'jailbreak'])}")
            self.add(f"      refusal_before: {before:.2f}")
            self.add(f"      refusal_after: {rng.uniform(0.0, before):.2f}")
            if rng.random() < 0.6:
                self.add(f"      cost_usd: {rng.choice([5, 50, 150, 1200, 20000])}")
            self.add(f"      source: {q(f'{doc} §5.{rng.randint(1, 4)}')}")

    def marginal(self, doc: str) -> None:
        rng = self.rng
        if rng.random() < 0.12:
            return  # some cards have no marginal-risk analysis at all
        self.add("marginal_risk:")
        self.add("  reference:")
        self.add(f"    model: {rng.choice(OPEN_REFERENCES)}")
        self.add(f"    as_of: {date(rng)}")
        self.add("  general_capability:")
        for bench in rng.sample(GENERAL_BENCHMARKS, rng.randint(1, 3)):
            self.add(
                f"    - {{benchmark: {bench}, model_score: {frac(rng, 0.2, 0.95)}, reference_score: {frac(rng, 0.2, 0.95)}, source: {q(f'{doc} Table 1')}}}"
            )
        comps = rng.sample(self.benchmarks, rng.randint(0, 4))
        if comps:
            self.add("  domain_comparisons:")
            for bench in comps:
                self.add(
                    f"    - {{domain: {bench['domain']}, benchmark: {bench['id']}, model_score: {frac(rng, 0.05, 0.9)}, reference_score: {frac(rng, 0.05, 0.9)}, source: {q(f'{doc} §4.6')}}}"
                )
        else:
            self.add("  domain_comparisons: []")
        if rng.random() < 0.85:
            self.add("  assessment:")
            self.add(f"    threat_model: {q(rng.choice(THREATS))}")
            self.add(f"    existing_risk: {q(rng.choice(EXISTING_RISK))}")
            self.add(f"    existing_defenses: {q(rng.choice(DEFENSES))}")
            self.add(
                f"    evidence: {q('The model scores within a few points of the open reference on every shared benchmark.')}"
            )
            if rng.random() < 0.7:
                self.add(f"    ease_of_defense: {q('Defensible while hosted; not after a weights release.')}")
            self.add(f"    uncertainty: {q(rng.choice(UNCERTAINTY))}")
        if rng.random() < 0.15:
            levels = ", ".join(
                f"{d}: {rng.choice(['low', 'alert', 'high'])}"
                for d in rng.sample(["bio", "chem", "cyber", "autonomy"], 2)
            )
            self.add("similarly_safe:")
            self.add("  reference:")
            self.add(f"    model: {rng.choice(SAFE_REFERENCES)}")
            self.add(f"    assessed_levels: {{{levels}}}")
            self.add(f"    source: {q('Published system card, Preparedness scorecard')}")
            self.add("  general_capability:")
            self.add(
                f"    - {{benchmark: MMLU, model_score: {frac(rng, 0.5, 0.9)}, reference_score: {frac(rng, 0.8, 0.95)}}}"
            )

    def abc(self, doc: str, tier: str) -> None:
        rng = self.rng
        p_true = 0.3 + 0.68 * self.diligence

        def answer() -> str:
            r = rng.random()
            return "unknown" if r < 0.05 else ("true" if r < 0.05 + p_true else "false")

        self.add("# --- ABC: access controls, accountability, capacity building ---")
        self.add("access_controls:")
        for name in ACCESS:
            self.control(name, answer(), f"{doc} §{rng.randint(6, 8)}.{rng.randint(1, 5)}")
        self.control("weight_security", self.security(), "Independent security audit, 2026 (RAND SL controls)")
        self.add("accountability:")
        for name in ACCOUNTABILITY:
            self.control(
                name,
                answer(),
                rng.choice(
                    [f"{doc}, published 2026", "Public safety framework page", "Incident-reporting procedure v2"]
                ),
            )
        prov = rng.sample(PROVENANCE, rng.randint(0, 3))
        self.control("provenance", f"[{', '.join(prov)}]", f"{doc} §9")
        self.add("capacity_building:")
        for name in CAPACITY:
            self.control(name, answer(), "Researcher access programme terms, 2026")


def generate_card(
    seed: int, index: int, benchmarks: list[dict[str, object]], domains: list[str], object_form: bool = False
) -> str:
    rng = random.Random(f"{seed}:{index}")
    return CardWriter(rng, benchmarks, domains, object_form).card(index)


def card_name(index: int) -> str:
    return f"card-{index:05d}.yaml"


def generate(outdir: Path, count: int, seed: int = 0, object_form: bool = False) -> list[Path]:
    benchmarks, domains = _load_rubric()
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = outdir / card_name(index)
        path.write_text(generate_card(seed, index, benchmarks, domains, object_form), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--controls", choices=["mixed", "object"], default="mixed", help="forms of ABC controls")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    paths = generate(args.outdir, args.n, args.seed, args.controls == "object")
    sizes = sorted(p.stat().st_size for p in paths)
    if sizes:
        print(
            f"wrote {len(paths)} cards to {args.outdir} (sizes {sizes[0]}-{sizes[-1]} B, median {sizes[len(sizes) // 2]} B)",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
