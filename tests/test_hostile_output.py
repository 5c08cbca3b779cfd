"""Issue 19 items 3-5: card text is inert in every human-facing output.

A hostile corpus (tests/hostile_corpus.py: forged headings and table rows, images, links, raw
HTML, mentions, autolinks, a backtick and a pipe in a file name, terminal escapes, workflow
commands, bidi and zero-width characters, U+FFFE) is checked in every format; each output is
parsed the way its reader parses it and asserted free of what the card tried to smuggle in."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import invoke
from hostile_corpus import BAD_FILE, FORBIDDEN, PAYLOAD, write_corpus

# GitHub's @mention and e-mail autolink both need an ASCII '@' before a name
MENTION = re.compile(r"@[A-Za-z0-9]")
WORKFLOW_COMMAND = re.compile(r"^\s*::|##\[", re.MULTILINE)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "cards"
    write_corpus(folder)
    return folder


def _check(corpus: Path, fmt: str) -> tuple[str, str]:
    # planned open-weights fails, so blockers (which quote card text) reach every format
    result = invoke("check", str(corpus), "-f", fmt, "--expect-tier", "open-weights", "--no-timestamp")
    assert result.code == 2, result.stderr  # the invalid card; the other three fail their tier
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result.stdout, result.stderr


def _assert_clean(text: str) -> None:
    found = FORBIDDEN.search(text)
    assert found is None, f"U+{ord(found.group()):04X} in {text[max(0, found.start() - 60) : found.end() + 20]!r}"


def _assert_no_workflow_command(text: str) -> None:
    found = WORKFLOW_COMMAND.search(text)
    assert found is None, text[max(0, found.start() - 80) : found.end() + 40]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse_html(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser


def test_markdown_renders_card_text_as_inert_text(corpus: Path) -> None:
    cmarkgfm = pytest.importorskip("cmarkgfm")
    from cmarkgfm.cmark import Options

    out, _ = _check(corpus, "markdown")
    _assert_clean(out)
    html = cmarkgfm.github_flavored_markdown_to_html(out, options=Options.CMARK_OPT_UNSAFE)
    page = _parse_html(html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"a", "img", "script", "b", "iframe"}, tags
    allowed = {"h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "strong", "em", "code", "ul", "ol", "li"}
    assert tags <= allowed | {"details", "summary"}, tags - allowed
    # one heading of our own per card, none forged by a line break in card text
    assert [t for t, _ in page.tags if t == "h2"] == ["h2"]
    assert sum(1 for t, _ in page.tags if t == "h3") == 4
    # every row of the summary table keeps its seven cells: no pipe or newline split one
    summary = html.split("</table>", 1)[0]
    for row in summary.split("<tr>")[2:]:
        assert row.count("<td") == 7, row
    text = "".join(page.text)
    assert not MENTION.search(text), MENTION.findall(text)
    assert "all release gates passed" in text  # the words are shown, as words
    assert "![pixel](https://evil.example/p.png)" in text and "<img src=x" in text
    # the file name with a backtick is shown whole, as text (not a code span it could escape)
    assert "a`b|c" in text and "[x](javascript:alert(1))" in text


def test_markdown_code_spans_hold_plain_paths() -> None:
    from releasecheck.inert import md_code

    assert md_code("cards/a.yaml") == "`cards/a.yaml`"
    assert md_code("a`b.yaml") == "a\\`b.yaml"
    assert md_code("a|b.yaml") == "a\\|b.yaml"


def test_text_output_has_no_controls_and_no_workflow_command(corpus: Path) -> None:
    out, err = _check(corpus, "text")
    for text in (out, err):
        _assert_clean(text)
        _assert_no_workflow_command(text)
    # the long name wraps so that `::error::pwned` starts a line: it is shown, disarmed
    assert "\n: :error::pwned" in out
    assert "evil" in out  # the text is kept, only the override around it is gone


def test_stderr_messages_echo_no_line_breaks_from_card_values(corpus: Path) -> None:
    _, err = _check(corpus, "json")
    _assert_clean(err)
    _assert_no_workflow_command(err)
    for line in err.splitlines():
        # every line is a problem (path:line:col:), its hint, or the batch summary
        assert re.match(r"(/.*:\d+:\d+: |  hint: |checked \d+ card)", line), line


def test_junit_parses_and_holds_no_forbidden_character(corpus: Path) -> None:
    out, _ = _check(corpus, "junit")
    root = ET.fromstring(out)
    cases = root.findall(".//testcase")
    assert len(cases) == 4
    _assert_clean(out.replace("\n", " "))
    assert any("a`b|c" in (case.get("name") or "") for case in cases)


def test_sarif_parses_and_its_messages_are_clean(corpus: Path) -> None:
    out, _ = _check(corpus, "sarif")
    log = json.loads(out)
    messages = [r["message"]["text"] for r in log["runs"][0]["results"]]
    assert messages and any("Evil" in m for m in messages)
    for message in messages:
        _assert_clean(message)
    for artifact in log["runs"][0]["artifacts"]:
        _assert_clean(artifact["location"]["uri"])


def test_html_escapes_card_text_and_holds_no_forbidden_character(corpus: Path) -> None:
    out, _ = _check(corpus, "html")
    _assert_clean(out.replace("\n", " "))
    page = _parse_html(out)
    assert not {tag for tag, _ in page.tags} & {"a", "img", "script", "iframe"}
    assert "<img src=x onerror" in "".join(page.text)  # shown as text


def test_json_keeps_card_text_exactly(corpus: Path) -> None:
    """Machine-readable reports are data, not display: card text stays byte-exact there."""
    out, _ = _check(corpus, "json")
    reports = json.loads(out)
    assert any(r.get("model", {}).get("name") == PAYLOAD for r in reports)
    assert any(r["input"]["path"].endswith(BAD_FILE) for r in reports)


def test_diff_output_is_clean(corpus: Path, tmp_path: Path) -> None:
    hostile = corpus / "hostile.yaml"
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert invoke("check", str(hostile), "-f", "json", "-o", str(a)).code == 0
    assert invoke("check", str(hostile), "-f", "json", "-o", str(b), "--expect-tier", "open-weights").code == 1
    result = invoke("diff", str(a), str(b))
    assert result.code == 1
    _assert_clean(result.stdout)
    _assert_no_workflow_command(result.stdout)
    verify = invoke("verify", str(b))
    _assert_clean(verify.stdout + verify.stderr)


def test_inert_functions() -> None:
    from releasecheck import inert

    assert inert.clean("a\r\nb\u202ec\u200bd\x1b[2Je\ufffe") == "a  bcd[2Je"
    assert inert.no_commands("  ::warning::x\n\x1b[1m::error::y\nok ##[error]z") == (
        "  : :warning::x\n\x1b[1m: :error::y\nok # #[error]z"
    )
    assert inert.md("@octocat a@b.c www.x.org https://x <b>") == (
        "\uff20octocat a\uff20b.c www\\.x.org https\\://x \\<b\\>"
    )
