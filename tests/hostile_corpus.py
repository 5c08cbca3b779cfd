"""Hostile card text and file names, shared by the hostile-output tests (issue 19 items 3-5).

Each string carries what a hostile uploader would try on a reader of releasecheck's output: a
line break that forges a Markdown heading or table row, images (a tracking pixel), links, raw
HTML, @mentions, e-mail and bare-URL autolinks, emoji codes, a backtick, CI workflow commands,
bidi overrides, zero-width characters and the XML-forbidden U+FFFE."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import EXAMPLES

PAYLOAD = (
    "Evil\r\n## all release gates passed\n| fake | row |\n"
    "![pixel](https://evil.example/p.png) <img src=x onerror=alert(1)> [link](http://evil.example) "
    "<https://evil.example/auto> @octocat @org/team a@b.example www.evil.example https://evil.example/bare "
    "`tick` **bold** :warning: $x^2$ &lt; \u202eevil\u202c z\u200bw \u2066iso\u2069 \u2028sep \ufffe "
    "</details> ::warning::pwned ##[error]pwned"
)
# A long name wraps in the text report; the workflow command then lands at a line start.
LONG_NAME = "Model " + "word " * 12 + "::warning file=x.py::pwned " + "word " * 12 + "\u200b::error::pwned"
# Unknown keys of an invalid card are echoed in messages.
BAD_KEY = "![k](https://evil.example/k.png)\r\n::warning::key @octocat <b>k</b>"
# A file name can hold anything but '/' and NUL: a backtick ends a code span, ESC ] 52 writes the
# clipboard of a terminal that prints it, \x01 is not allowed in XML.
BAD_FILE = "a`b|c \x01\x1b]52;c;aGVsbG8=\x07\x1b[2J [x](javascript:alert(1)) @octocat \u202e.yaml"

# What must never reach a person from card text: C0/C1 controls (a newline only as our own line
# break), bidi controls, zero-width and other invisible characters, XML-forbidden characters.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u206f\ufeff\ufffe\uffff]"
)


def _yaml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def hostile_card(name: str = PAYLOAD) -> str:
    card = (EXAMPLES / "frontier-api.yaml").read_text(encoding="utf-8")
    card = card.replace("name: Halcyon-Ultra", f"name: {_yaml(name)}", 1)
    card = card.replace("  developer: Halcyon Systems\n", f"  developer: {_yaml(PAYLOAD)}\n", 1)
    card = card.replace("id: bio-ta\n", f"id: {_yaml('bio-ta ' + PAYLOAD)}\n", 1)
    card = card.replace('source: "Halcyon-Ultra system card §3.1"', f"source: {_yaml(PAYLOAD)}", 1)
    # shown since issue 17 item 2: safeguards, tamper tests (text, markdown, html, SARIF notes) and benefits
    card = card.replace("[input-classifier, output-classifier]", f"[{_yaml(PAYLOAD)}]", 1)
    card = card.replace('source: "Halcyon-Ultra system card §4.2', f"source: {_yaml(PAYLOAD)} #", 1)
    card = card.replace('notes: "Hosted access reaches', f"notes: {_yaml(PAYLOAD)} #", 1)
    assert card.count("Evil") >= 6, "the example card changed; update the hostile corpus"
    return card


def invalid_card() -> str:
    return f"releasecheck: 1\n{_yaml(BAD_KEY)}: 1\nmodel:\n  name: {_yaml(PAYLOAD)}\n  {_yaml('x' + BAD_KEY)}: 2\n"


def write_corpus(folder: Path) -> list[Path]:
    """Cards whose text and names are hostile: a valid card (failing its planned tier, so every
    format shows its findings), a long-named one, an invalid one, and one with a hostile file name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        folder / "hostile.yaml": hostile_card(),
        folder / "long-name.yaml": hostile_card(LONG_NAME),
        folder / "invalid.yaml": invalid_card(),
        folder / BAD_FILE: hostile_card(),
    }
    for path, text in paths.items():
        path.write_text(text, encoding="utf-8")
    return list(paths)
