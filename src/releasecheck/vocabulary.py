"""The card's fixed words for what a model is (SPEC §4) that the rubric maps to required domains
and tier artifacts: declared here so that card/ and rubric/ both import them and neither the other."""

from typing import Literal

Kind = Literal[
    "general-purpose",
    "bio-design",
    "chem-design",
    "image-generation",
    "video-generation",
    "audio-generation",
    "agent",
    "other",
]
Modality = Literal[
    "text",
    "code",
    "image",
    "audio",
    "video",
    "biological-sequence",
    "chemical-structure",
    "actions",
]
Artifact = Literal[
    "weights",
    "inference-code",
    "training-code",
    "training-data",
    "evaluation-code",
    "checkpoints",
]
