"""Published JSON Schemas: generated from the pydantic models, shipped in schemas/.

`python -m releasecheck.schemas` rewrites the files; a test fails when they drift.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent / "data" / "schemas"
NAMES = ("card", "report", "rubric", "waivers")
_IDS = {name: f"https://releasecheck.dev/schemas/{name}.schema.json" for name in NAMES}


def generate(name: str) -> dict[str, Any]:
    if name == "card":
        from releasecheck.card.model import Card

        schema = Card.model_json_schema()
    elif name == "report":
        from releasecheck.report.schema_model import Report

        schema = Report.model_json_schema()
    elif name == "waivers":
        from releasecheck.run.waivers import WaiverFile

        schema = WaiverFile.model_json_schema()
    else:
        from releasecheck.rubric.model import RubricFile

        schema = RubricFile.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": _IDS[name], **schema}


def render(name: str) -> str:
    return json.dumps(generate(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_path(name: str) -> Path:
    return SCHEMA_DIR / f"{name}.schema.json"


def schema_text(name: str) -> str:
    return schema_path(name).read_text(encoding="utf-8")


def main() -> None:
    for name in NAMES:
        schema_path(name).write_text(render(name), encoding="utf-8")
        sys.stdout.write(f"wrote {schema_path(name)}\n")


if __name__ == "__main__":
    main()
