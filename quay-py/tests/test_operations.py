"""Every spec operation, through the sync client, against the fake Quay: parametrised from the
Rust core's operation table (itself generated from the spec)."""

import ast
import inspect
import pathlib
from typing import Any, Dict, List

import pytest

import quay_sdk
from quay_sdk import _native
from quay_sdk.testing import FakeQuay

from conftest import World
from operation_examples import EXAMPLES

OPERATIONS: List[Dict[str, Any]] = _native.operations()
PACKAGE = pathlib.Path(quay_sdk.__file__).parent


def test_the_spec_has_operations() -> None:
    assert len(OPERATIONS) >= 80
    assert len({op["id"] for op in OPERATIONS}) == len(OPERATIONS)


@pytest.mark.parametrize("op", OPERATIONS, ids=[op["id"] for op in OPERATIONS])
def test_operation_succeeds(op: Dict[str, Any], fake: FakeQuay, world: World) -> None:
    example = EXAMPLES.get(op["id"])
    assert example is not None, f"no example for {op['id']}: add one to tests/operation_examples.py"
    kwargs = example(world)
    before = fake.request_count()
    result = getattr(world.client, op["name"])(**kwargs)
    assert fake.request_count() == before + 1, "one call, one request"
    assert op["id"] in fake.coverage()
    assert result is None or isinstance(result, (dict, list, str, int, float, bool))


def test_generated_surface_matches_the_core() -> None:
    assert quay_sdk.OPERATION_IDS == {op["name"]: op["id"] for op in OPERATIONS}
    for op in OPERATIONS:
        sync = getattr(quay_sdk.Client, op["name"])
        asynchronous = getattr(quay_sdk.AsyncClient, op["name"])
        assert inspect.iscoroutinefunction(asynchronous), op["id"]
        assert not inspect.iscoroutinefunction(sync), op["id"]
        assert op["id"] in (sync.__doc__ or ""), op["id"]
        paged = op["paging"] is not None
        assert hasattr(quay_sdk.Client, "iter_" + op["name"]) == paged, op["id"]
        assert hasattr(quay_sdk.AsyncClient, "iter_" + op["name"]) == paged, op["id"]


def _stub_functions() -> Dict[str, Dict[str, Any]]:
    tree = ast.parse((PACKAGE / "_operations.pyi").read_text())
    out: Dict[str, Dict[str, Any]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            out[node.name] = {
                f.name: f for f in node.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
            }
    return out


def test_stubs_name_every_parameter_as_a_keyword() -> None:
    stubs = _stub_functions()
    for op in OPERATIONS:
        for cls in ("SyncOperations", "AsyncOperations"):
            fn = stubs[cls][op["name"]]
            keywords = {a.arg for a in fn.args.kwonlyargs}
            for p in op["params"]:
                assert p["python_name"] in keywords, (op["id"], p)
            if op["body"] is not None:
                # The last overload (or the only signature) takes the body whole.
                assert "body" in keywords or set(op["body"]["fields"]) <= keywords, op["id"]


def test_stubs_type_enums_as_literals_and_responses_as_typeddicts() -> None:
    stub = (PACKAGE / "_operations.pyi").read_text()
    types = (PACKAGE / "types.pyi").read_text()
    assert 'RepositoryRole = Literal["read", "write", "admin"]' in types
    assert "class Robot(TypedDict):" in types
    assert "def create_org_robot(self, *, orgname: Namespace, robot_shortname: RobotShortname" in stub
    assert (PACKAGE / "py.typed").exists()
