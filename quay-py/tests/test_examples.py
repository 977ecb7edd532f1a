"""The README's examples (examples/*.py, also checked by mypy --strict) run against the fake."""

import pathlib
import runpy
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("name,argv", [("quickstart", ["--fake"]), ("async_example", []), ("errors", [])])
def test_example_runs(name: str, argv: list, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr(sys, "argv", [name, *argv])
    runpy.run_path(str(EXAMPLES / f"{name}.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert out.strip()
    if name == "quickstart":
        assert "robot acme+ci" in out and "'v1.0'" in out
