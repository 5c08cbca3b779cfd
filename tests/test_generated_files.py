"""Generated files must match their sources: schemas from the models, docs from rubrics and --help."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT
from releasecheck import schemas


@pytest.mark.parametrize("name", schemas.NAMES)
def test_published_schema_matches_the_models(name: str) -> None:
    shipped = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert shipped == schemas.render(name), f"schemas/{name}.schema.json drifted: run python -m releasecheck.schemas"


def _properties(node: object, path: str = "") -> list[tuple[str, dict[str, object]]]:
    found: list[tuple[str, dict[str, object]]] = []
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            found.append((f"{path}.{key}", value))
        for key, value in node.items():
            if key != "properties":
                found += _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += _properties(item, f"{path}[{index}]")
    return found


def test_every_card_field_has_a_description() -> None:
    schema = json.loads((ROOT / "schemas" / "card.schema.json").read_text())
    lacking = [path for path, prop in _properties(schema) if not prop.get("description")]
    assert not lacking, f"card schema fields without a description: {lacking}"


def test_rules_doc_matches_the_rubrics() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    import gen_docs

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == gen_docs.rules_markdown(), (
        "docs/rules.md drifted: run python tools/gen_docs.py"
    )


def test_cli_doc_matches_help() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    import gen_docs

    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == gen_docs.cli_markdown(), (
        "docs/cli.md drifted: run python tools/gen_docs.py"
    )


def test_schema_command_prints_the_shipped_schema(cli_invoke) -> None:
    result = cli_invoke("schema", "card")
    assert result.code == 0
    assert json.loads(result.stdout)["title"] == "releasecheck card"


def test_the_published_card_schema_accepts_every_example() -> None:
    """check-jsonschema and editors use the schema: it must accept what the tool accepts."""
    import jsonschema
    import yaml

    validator = jsonschema.Draft202012Validator(json.loads((ROOT / "schemas" / "card.schema.json").read_text()))
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        data = json.loads(json.dumps(yaml.load(path.read_text(), Loader=yaml.CSafeLoader), default=str))
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, (path.name, errors[:3])
