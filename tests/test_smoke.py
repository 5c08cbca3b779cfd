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
