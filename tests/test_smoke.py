import json
import os
import subprocess
import sys

from conftest import EXAMPLES, run


def test_version_prints_the_package_version() -> None:
    from releasecheck import __version__

    result = run("--version")
    assert result.code == 0
    assert result.stdout.strip() == f"releasecheck {__version__}"


def test_check_on_an_example_passes() -> None:
    result = run("check", str(EXAMPLES / "frontier-api.yaml"))
    assert result.code == 0, result.stderr
    assert "PASS" in result.stdout
    assert "Traceback" not in result.stderr


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**clean, **env}, timeout=60
    )


def test_a_json_check_does_not_import_the_package_metadata_machinery() -> None:
    """Cold start (SPEC §9): pydantic's plugin loader would import importlib.metadata, ~30 ms."""
    card = EXAMPLES / "frontier-api.yaml"
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('metadata' if 'importlib.metadata' in sys.modules else 'none', file=sys.stderr))\n"
        f"sys.argv = ['releasecheck', 'check', {str(card)!r}, '-f', 'json']\n"
        "from releasecheck.cli import main\nmain()\n"
    )
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["decision"] == "pass"
    assert proc.stderr.strip().splitlines()[-1] == "none"


def test_the_plugin_loader_stand_in_finds_none_and_defers_the_rest() -> None:
    code = (
        "import os, sys\nos.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\nimport pydantic.plugin\n"
        "from releasecheck.cli import _no_pydantic_plugin_loader\n_no_pydantic_plugin_loader()\n"
        "from pydantic.plugin._loader import get_plugins\nassert tuple(get_plugins()) == ()\n"
        "print('importlib.metadata' in sys.modules)\n"  # the stand-in answered
        "import pydantic.plugin._loader as loader\n"
        "print(loader.PYDANTIC_ENTRY_POINT_GROUP)\n"  # a name only the real module has
    )
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "pydantic"]


def test_a_user_who_enables_pydantic_plugins_gets_the_real_loader() -> None:
    code = (
        "import sys\nfrom releasecheck.cli import _no_pydantic_plugin_loader\n_no_pydantic_plugin_loader()\n"
        "print('pydantic.plugin._loader' in sys.modules)\n"
    )
    assert _python(code, PYDANTIC_DISABLE_PLUGINS="some_plugin").stdout.strip() == "False"
