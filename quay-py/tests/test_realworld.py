"""What a real Quay does that a naive client trips over, from Python: servers that close idle
keep-alive connections, results that must hold what Quay sent, a read-only 503 that no retry
cures, errors that must say which call failed, expirations in the past, duplicates."""

import time
from datetime import datetime, timedelta, timezone

import pytest

import quay_sdk
from quay_sdk.testing import FakeQuay

IN_2031 = 1_924_992_000  # 2031-01-01T00:00:00Z


def test_sync_calls_after_idle_gaps_longer_than_the_keep_alive_never_fail() -> None:
    # The fake closes connections idle for 0.2 s, as gunicorn does after 2 s.
    with FakeQuay(keep_alive=0.2) as fake, fake.client(retries=0) as c:
        failures = []
        for i in range(6):
            time.sleep(0.35)
            try:
                c.get_logged_in_user()
            except quay_sdk.QuayError as e:  # pragma: no cover - the defect this guards against
                failures.append(f"GET {i}: {e}")
            time.sleep(0.35)
            try:
                c.create_organization(name=f"org{i}", email=f"o{i}@example.com")
            except quay_sdk.QuayError as e:  # pragma: no cover
                failures.append(f"POST {i}: {e}")
        assert failures == []


def test_results_hold_every_key_and_value_quay_sent(fake: FakeQuay, client: quay_sdk.Client) -> None:
    import json
    import urllib.request

    client.create_organization(name="acme", email="acme@example.com")
    client.create_organization_quota(orgname="acme", limit_bytes=10_737_418_240)
    client.create_repo(namespace="acme", repository="web", visibility="private", description="")
    for got, path in (
        (client.get_organization(orgname="acme"), "/api/v1/organization/acme"),
        (client.list_organization_quota(orgname="acme"), "/api/v1/organization/acme/quota"),
        (client.get_repo(namespace="acme", repository="web"), "/api/v1/repository/acme/web"),
    ):
        req = urllib.request.Request(fake.url + path, headers={"Authorization": f"Bearer {fake.superuser_token}"})
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(req) as resp:
            sent = json.loads(resp.read())
        assert got == sent, path
    (quota,) = client.list_organization_quota(orgname="acme")
    assert quota["limit_bytes"] == 10_737_418_240 and type(quota["limit_bytes"]) is int
    repo = client.get_repo(namespace="acme", repository="web")
    assert repo["tags"] == {}, "empty objects are kept"
    org = client.get_organization(orgname="acme")
    assert "invoice_email_address" in org and org["invoice_email_address"] is None, "null values are kept"


def test_a_read_only_503_is_raised_at_once(fake: FakeQuay, client: quay_sdk.Client) -> None:
    client.create_organization(name="acme", email="acme@example.com")
    fake.push_manifest("acme", "web", "v1")
    client.change_repo_state(namespace="acme", repository="web", state="READ_ONLY")
    before = fake.request_count()
    with pytest.raises(quay_sdk.ReadOnly) as info:
        client.delete_full_tag(namespace="acme", repository="web", tag="v1")
    assert isinstance(info.value, quay_sdk.ServerError)
    assert info.value.code == "api.read_only" and info.value.status == 503
    assert fake.request_count() - before == 1, "sent once, not retried"


def test_errors_name_the_call(fake: FakeQuay, client: quay_sdk.Client) -> None:
    with pytest.raises(quay_sdk.NotFound) as info:
        client.get_repo(namespace="acme", repository="nope")
    e = info.value
    assert (e.operation, e.method, e.path) == ("getRepo", "GET", "/api/v1/repository/acme/nope")
    assert str(e).startswith("getRepo (GET /api/v1/repository/acme/nope): Quay answered 404")
    assert fake.superuser_token not in str(e) and fake.superuser_token not in repr(e)
    import pickle

    again = pickle.loads(pickle.dumps(e))
    assert type(again) is type(e) and (again.operation, again.path, again.status) == (e.operation, e.path, 404)


def test_transport_errors_say_how_many_attempts(fake: FakeQuay) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    policy = quay_sdk.RetryPolicy(max_retries=2, initial_delay=0.01, max_delay=0.02)
    with quay_sdk.Client(f"http://127.0.0.1:{port}", "t", retries=policy) as dead:
        with pytest.raises(quay_sdk.TransportError) as info:
            dead.get_logged_in_user()
    assert info.value.attempts == 3 and "after 3 attempts" in str(info.value)
    assert info.value.operation == "getLoggedInUser"


def test_duplicates_raise_already_exists(client: quay_sdk.Client) -> None:
    client.create_organization(name="acme", email="acme@example.com")
    with pytest.raises(quay_sdk.AlreadyExists) as info:
        client.create_organization(name="acme", email="acme@example.com")
    assert info.value.status == 400 and info.value.code == "api.already_exists"
    client.create_org_robot(orgname="acme", robot_shortname="ci")
    with pytest.raises(quay_sdk.AlreadyExists):
        client.create_org_robot(orgname="acme", robot_shortname="ci")
    # An idempotent script:
    try:
        client.create_repo(namespace="acme", repository="web", visibility="private", description="")
        client.create_repo(namespace="acme", repository="web", visibility="private", description="")
    except quay_sdk.AlreadyExists:
        pass
    # Other 400s are not mistaken for duplicates.
    with pytest.raises(quay_sdk.BadRequest) as other:
        client.create_org_robot(orgname="nosuchorg", robot_shortname="ci")
    assert not isinstance(other.value, quay_sdk.AlreadyExists)


def test_expirations_take_datetimes_and_past_ones_are_refused_before_sending() -> None:
    with FakeQuay(clock_at=IN_2031) as fake, fake.client() as c:
        c.create_organization(name="acme", email="acme@example.com")
        digest = fake.push_manifest("acme", "web", "v1")
        c.change_tag(namespace="acme", repository="web", tag="v2", manifest_digest=digest)
        in_a_day = datetime.fromtimestamp(IN_2031, tz=timezone.utc) + timedelta(days=1)
        c.change_tag(namespace="acme", repository="web", tag="v2", expiration=in_a_day)
        (v2,) = c.list_repo_tags(namespace="acme", repository="web", specific_tag="v2")["tags"]
        assert v2["end_ts"] == IN_2031 + 86_400
        before = fake.request_count()
        # In the past for the fake's clock (2031), whatever this machine's calendar says.
        with pytest.raises(quay_sdk.InvalidInput, match=r"changeTag: body field `expiration` .* is not in the future"):
            c.change_tag(namespace="acme", repository="web", tag="v2", expiration=IN_2031 - 60)
        with pytest.raises(quay_sdk.InvalidInput, match="not in the future"):
            c.create_service_key(service="quay", name="k", expiration=datetime(2030, 1, 1))
        assert fake.request_count() == before, "nothing was sent"


def test_python_wording_for_python_users() -> None:
    with pytest.raises(quay_sdk.InvalidInput, match=r"no registry given: pass registry="):
        quay_sdk.Client(None, "t")
    with pytest.raises(quay_sdk.InvalidInput, match=r"RetryPolicy: max_retries must be an int >= 0, not -1"):
        quay_sdk.RetryPolicy(max_retries=-1)
    with FakeQuay() as fake, fake.client() as c:
        with pytest.raises(quay_sdk.InvalidInput, match="missing required argument `orgname`"):
            c.get_organization(orgname=None)  # type: ignore[arg-type]
        with pytest.raises(quay_sdk.InvalidInput, match=r"give the body either as `body` or as fields, not both"):
            c.create_organization(body={"name": "acme"}, email="a@example.com")  # type: ignore[call-overload]
        with pytest.raises(quay_sdk.InvalidInput, match=r"unknown body field\(s\) `repo_knd` \(did you mean `repo_kind`\?\)"):
            c.create_repo(
                body={"namespace": "acme", "repository": "web", "visibility": "private", "description": "", "repo_knd": "image"}
            )
        with pytest.raises(quay_sdk.InvalidInput, match=r"body field `name` \"Bad Name!\" is not a valid Namespace"):
            c.create_organization(name="Bad Name!")
        assert fake.request_count() == 0


def test_methods_show_their_real_signature() -> None:
    import inspect

    sig = inspect.signature(quay_sdk.Client.create_org_robot)
    params = sig.parameters
    assert list(params)[:3] == ["self", "orgname", "robot_shortname"]
    assert params["orgname"].kind is inspect.Parameter.KEYWORD_ONLY and params["orgname"].default is inspect.Parameter.empty
    assert params["orgname"].annotation == "Namespace" and params["description"].annotation == "str"
    assert repr(params["description"].default) == "..."
    assert sig.return_annotation == "Robot"
    assert "robot_shortname: 'RobotShortname'" in str(sig)
    assert "(**kwargs" not in str(sig)
    iter_sig = inspect.signature(quay_sdk.Client.iter_list_repo_tags)
    assert "page" not in iter_sig.parameters and iter_sig.return_annotation == "Iterator[RepositoryTag]"
    assert inspect.signature(quay_sdk.AsyncClient.get_repo).parameters["namespace"].annotation == "Namespace"


def test_a_pager_started_at_page_n_yields_each_page_once(fake: FakeQuay, client: quay_sdk.Client) -> None:
    client.create_organization(name="acme", email="acme@example.com")
    for i in range(7):
        fake.push_manifest("acme", "web", f"t{i}")
    names = [t["name"] for t in client.paginate("listRepoTags", namespace="acme", repository="web", limit=3, page=2)]
    assert len(names) == 4 and len(set(names)) == 4, names


def test_https_to_a_plain_http_server_says_to_use_http(fake: FakeQuay) -> None:
    host_port = fake.url.removeprefix("http://")
    with quay_sdk.Client(host_port, "t", retries=0) as c:
        assert c.base_url.startswith("https://")
        with pytest.raises(quay_sdk.TransportError, match=r"plain HTTP.*http://"):
            c.get_logged_in_user()


def test_exception_classes_follow_the_shared_code_table() -> None:
    from quay_sdk import _errors, _native

    table = _native.error_codes()
    assert [c for c, *_ in table] == list(_errors.BY_CODE), "one class per code, in the table's order"
    for code, cls_name, parent, _ in table:
        cls = getattr(quay_sdk, cls_name)
        assert cls.code == code and cls.__bases__[0].__name__ == parent, (code, cls, parent)


def test_csrf_and_scope_403s_and_read_only_503_raise_their_own_classes(fake: FakeQuay, client: quay_sdk.Client) -> None:
    client.create_organization(name="acme", email="acme@example.com")
    with quay_sdk.Client(fake.url, None) as anonymous:
        with pytest.raises(quay_sdk.CsrfError) as csrf:
            anonymous.create_organization(name="other", email="o@example.com")
    assert csrf.value.code == "api.csrf" and isinstance(csrf.value, quay_sdk.Forbidden)
    reader = fake.mint_token("quayadmin", ["repo:read"])
    with quay_sdk.Client(fake.url, reader) as limited:
        with pytest.raises(quay_sdk.InsufficientScope) as scope:
            limited.create_organization(name="third", email="t@example.com")
    assert scope.value.code == "api.insufficient_scope"


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork()")
def test_a_client_used_in_a_forked_child_raises_instead_of_hanging(client: quay_sdk.Client) -> None:
    import os

    client.get_logged_in_user()  # the runtime's threads exist in the parent
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit status
        code = 3
        try:
            client.get_logged_in_user()
        except quay_sdk.ClientClosed as e:
            code = 0 if "forked" in str(e) else 4
        except BaseException:
            code = 5
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    assert client.get_logged_in_user()["username"] == "quayadmin", "the parent's client still works"


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork()")
def test_a_forked_child_makes_its_own_working_client(fake: FakeQuay, client: quay_sdk.Client) -> None:
    import os

    client.get_logged_in_user()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit status
        code = 3
        try:
            with quay_sdk.Client(fake.url, fake.superuser_token) as own:
                code = 0 if own.get_logged_in_user()["username"] == "quayadmin" else 4
        except BaseException:
            code = 5
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
