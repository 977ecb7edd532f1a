"""Every exception class, and input refused before anything is sent."""

import pickle
import socket
from typing import Any, Dict, Type

import pytest

import quay_sdk
from quay_sdk.testing import FakeQuay

from conftest import World


def test_hierarchy() -> None:
    for cls in (
        quay_sdk.ApiError,
        quay_sdk.TransportError,
        quay_sdk.Timeout,
        quay_sdk.InvalidInput,
        quay_sdk.DecodeError,
    ):
        assert issubclass(cls, quay_sdk.QuayError)
    for cls in (
        quay_sdk.BadRequest,
        quay_sdk.Unauthorized,
        quay_sdk.Forbidden,
        quay_sdk.NotFound,
        quay_sdk.Conflict,
        quay_sdk.RateLimited,
        quay_sdk.ServerError,
    ):
        assert issubclass(cls, quay_sdk.ApiError)
    assert issubclass(quay_sdk.InvalidInput, ValueError)
    assert issubclass(quay_sdk.Timeout, quay_sdk.TransportError)
    assert quay_sdk.api_error_class(502) is quay_sdk.ServerError
    assert quay_sdk.api_error_class(418) is quay_sdk.ApiError


def test_400_bad_request(world: World) -> None:
    # Quay answers 400, not 404, for a robot that does not exist.
    with pytest.raises(quay_sdk.BadRequest) as e:
        world.client.get_org_robot(orgname=world.org, robot_shortname="ghost")
    assert e.value.status == 400 and e.value.code == "api.bad_request"
    assert e.value.detail
    # A duplicate is a 400 of its own class.
    with pytest.raises(quay_sdk.AlreadyExists) as dup:
        world.client.create_organization(name=world.org)
    assert dup.value.status == 400 and dup.value.code == "api.already_exists"


def test_401_unauthorized(fake: FakeQuay) -> None:
    anonymous = quay_sdk.Client(fake.url, retries=0)
    with pytest.raises(quay_sdk.Unauthorized) as e:
        anonymous.get_logged_in_user()
    assert e.value.status == 401


def test_403_forbidden_names_the_missing_scope(fake: FakeQuay, world: World) -> None:
    reader = quay_sdk.Client(fake.url, fake.mint_token(world.alice, ["repo:read"]), retries=0)
    with pytest.raises(quay_sdk.Forbidden) as e:
        reader.create_organization(name="other")
    assert e.value.status == 403
    assert e.value.error_type == "insufficient_scope"
    assert e.value.title
    assert "scope" in str(e.value)


def test_404_not_found(client: quay_sdk.Client) -> None:
    with pytest.raises(quay_sdk.NotFound) as e:
        client.get_organization(orgname="nowhere")
    assert (e.value.status, e.value.error_type) == (404, "not_found")


def test_409_conflict(world: World) -> None:
    kwargs: Dict[str, Any] = dict(
        namespace=world.org,
        repository=world.mirrored,
        external_reference="quay.io/minio/mc",
        sync_interval=600,
        sync_start_date="2030-01-01T00:00:00Z",
        root_rule={"rule_kind": "tag_glob_csv", "rule_value": ["latest"]},
        skopeo_timeout_interval=300,
    )
    # An existing mirror configuration is a 409 that means "already exists".
    with pytest.raises(quay_sdk.AlreadyExists) as e:
        world.client.create_repo_mirror_config(**kwargs)
    assert e.value.status == 409


def test_429_rate_limited_with_retry_after(fake: FakeQuay, client: quay_sdk.Client) -> None:
    fake.inject_fault(status=429, operation_id="getLoggedInUser", headers={"Retry-After": "7"})
    with pytest.raises(quay_sdk.RateLimited) as e:
        client.get_logged_in_user()
    assert e.value.status == 429
    assert e.value.retry_after == 7.0


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_server_error(fake: FakeQuay, client: quay_sdk.Client, status: int) -> None:
    fake.inject_fault(status=status, operation_id="getLoggedInUser", body="<html>oops</html>")
    with pytest.raises(quay_sdk.ServerError) as e:
        client.get_logged_in_user()
    assert e.value.status == status


def test_503_read_only_is_a_server_error_with_quays_message(world: World) -> None:
    c = world.client
    c.change_repo_state(namespace=world.org, repository=world.repo, state="READ_ONLY")
    with pytest.raises(quay_sdk.ServerError) as e:
        c.change_tag(namespace=world.org, repository=world.repo, tag="v2", manifest_digest=world.latest_digest)
    assert e.value.status == 503
    assert "read only" in e.value.detail


def test_retries_recover_from_a_transient_503(fake: FakeQuay) -> None:
    fake.inject_fault(status=503, operation_id="getLoggedInUser", times=2)
    retrying = quay_sdk.Client(
        fake.url, fake.superuser_token, retries=quay_sdk.RetryPolicy(max_retries=3, initial_delay=0.01, max_delay=0.02)
    )
    before = fake.request_count()
    assert retrying.get_logged_in_user()["username"] == "quayadmin"
    assert fake.request_count() - before == 3


def test_transport_error_when_nothing_listens() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = quay_sdk.Client(f"http://127.0.0.1:{port}", "t", retries=0)
    with pytest.raises(quay_sdk.TransportError) as e:
        c.get_logged_in_user()
    assert not isinstance(e.value, quay_sdk.Timeout)


def test_timeout(fake: FakeQuay) -> None:
    fake.inject_fault(delay=2.0, operation_id="getLoggedInUser")
    c = quay_sdk.Client(fake.url, fake.superuser_token, timeout=0.2, retries=0)
    with pytest.raises(quay_sdk.Timeout):
        c.get_logged_in_user()


def test_decode_error_on_a_body_that_is_not_the_spec(fake: FakeQuay, client: quay_sdk.Client) -> None:
    fake.inject_fault(status=200, operation_id="getLoggedInUser", body="not json")
    with pytest.raises(quay_sdk.DecodeError):
        client.get_logged_in_user()


def test_api_errors_pickle(client: quay_sdk.Client) -> None:
    with pytest.raises(quay_sdk.NotFound) as e:
        client.get_organization(orgname="nowhere")
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is quay_sdk.NotFound
    assert (again.status, again.detail, str(again)) == (404, e.value.detail, str(e.value))


BAD_INPUT = [
    ("get_organization", dict(orgname="Not A Name")),
    ("get_org_robot", dict(orgname="acme", robot_shortname="CI!")),
    ("change_tag", dict(namespace="acme", repository="app", tag="v1", manifest_digest="sha256:abc")),
    ("change_tag", dict(namespace="acme", repository="app", tag="-bad", manifest_digest="sha256:" + "a" * 64)),
    ("change_repo_state", dict(namespace="acme", repository="app", state="read_only")),
    ("create_repo", dict(namespace="acme", repository="app", visibility="secret", description="")),
    ("create_repo", dict(namespace="acme", repository="app", visibility="public")),  # description missing
    ("get_organization", dict()),  # orgname missing
    ("get_organization", dict(orgname="acme", colour="blue")),  # unknown argument
    ("change_user_permissions", dict(namespace="acme", repository="app", username="bob", role="owner")),
    ("list_repo_tags", dict(namespace="acme", repository="app", limit="many")),
    ("get_organization", dict(orgname=b"acme")),  # not JSON data
]


@pytest.mark.parametrize("method,kwargs", BAD_INPUT, ids=[f"{m}-{i}" for i, (m, _) in enumerate(BAD_INPUT)])
def test_invalid_input_raises_before_sending(
    fake: FakeQuay, client: quay_sdk.Client, method: str, kwargs: Dict[str, Any]
) -> None:
    before = fake.request_count()
    with pytest.raises(quay_sdk.InvalidInput) as e:
        getattr(client, method)(**kwargs)
    assert isinstance(e.value, ValueError)
    assert fake.request_count() == before, "nothing was sent"


def test_invalid_input_of_a_pager_raises_before_the_first_page(fake: FakeQuay, client: quay_sdk.Client) -> None:
    before = fake.request_count()
    # A missing argument is refused when the pager is made...
    with pytest.raises(quay_sdk.InvalidInput):
        client.iter_list_repo_tags(namespace="acme")  # repository missing
    # ... a malformed value or an unknown argument at the latest when the first page is asked for.
    with pytest.raises(quay_sdk.InvalidInput):
        next(client.iter_list_repo_tags(namespace="Not A Name", repository="app"))
    with pytest.raises(quay_sdk.InvalidInput):
        list(client.iter_list_repos(namespace="acme", colour="blue"))
    assert fake.request_count() == before


def test_bad_configuration_is_invalid_input(tmp_path: Any) -> None:
    cases: Dict[str, Dict[str, Any]] = {
        "no registry": {},
        "bad scheme": {"registry": "ftp://quay.example.com"},
        "credentials": {"registry": "https://u:p@quay.example.com"},
        "missing ca": {"registry": "quay.example.com", "ca_bundle": tmp_path / "missing.pem"},
        "bad timeout": {"registry": "quay.example.com", "timeout": -1},
        "bad retries": {"registry": "quay.example.com", "retries": -2},
    }
    bad_pem = tmp_path / "bad.pem"
    bad_pem.write_text("not a certificate")
    cases["bad ca"] = {"registry": "quay.example.com", "ca_bundle": bad_pem}
    for name, kwargs in cases.items():
        with pytest.raises(quay_sdk.InvalidInput):
            quay_sdk.Client(**kwargs)
        print(name, "refused")


def test_closed_client_raises(fake: FakeQuay) -> None:
    with quay_sdk.Client(fake.url, fake.superuser_token) as c:
        assert c.get_logged_in_user()["username"] == "quayadmin"
    assert c.closed
    with pytest.raises(quay_sdk.QuayError, match="closed"):
        c.get_logged_in_user()


ERRORS: Dict[int, Type[quay_sdk.ApiError]] = {
    400: quay_sdk.BadRequest,
    401: quay_sdk.Unauthorized,
    403: quay_sdk.Forbidden,
    404: quay_sdk.NotFound,
    409: quay_sdk.Conflict,
    429: quay_sdk.RateLimited,
    500: quay_sdk.ServerError,
}


@pytest.mark.parametrize("status", sorted(ERRORS))
def test_every_status_class_from_an_injected_answer(fake: FakeQuay, client: quay_sdk.Client, status: int) -> None:
    fake.inject_fault(status=status, operation_id="getLoggedInUser", body={"detail": "injected", "error_type": "x"})
    with pytest.raises(ERRORS[status]) as e:
        client.get_logged_in_user()
    assert (e.value.status, e.value.detail, e.value.error_type) == (status, "injected", "x")
