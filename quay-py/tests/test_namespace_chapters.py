"""The namespace, identity and platform chapters beyond the first 86 operations through the
Python client against the fake: answers, state changes and error paths."""

import urllib.error
import urllib.request
import base64

import pytest

import quay_sdk
from quay_sdk.testing import FakeQuay


def registry_login(fake: FakeQuay, user: str, password: str) -> int:
    """`GET /v2/auth` with HTTP basic credentials: the status."""
    req = urllib.request.Request(fake.url + "/v2/auth")
    req.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=10) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def test_platform(fake: FakeQuay, client: quay_sdk.Client) -> None:
    assert client.get_registry_capabilities()["sparse_manifests"]["supported"] is False
    described = client.get_error_description(error_type="insufficient_scope")
    assert described["title"] == "insufficient_scope"
    assert described["type"] == f"{fake.url}/api/v1/error/insufficient_scope"
    with pytest.raises(quay_sdk.NotFound):
        client.get_error_description(error_type="nosuchtype")
    doc = client.discovery()
    assert doc["swagger"] == "2.0" and "/api/v1/bootstrap/renew" in doc["paths"]
    assert doc["definitions"]["CreateMessage"]["properties"]["message"]["properties"]["severity"]["enum"] == [
        "info",
        "warning",
        "error",
    ]


def test_bootstrap_renewal(fake: FakeQuay, client: quay_sdk.Client) -> None:
    old = fake.bootstrap_token()
    assert old is not None
    with pytest.raises(quay_sdk.ApiError) as e:
        client.renew_bootstrap_token()
    assert e.value.status == 403
    with quay_sdk.Client(registry=fake.url, token=old, retries=0) as boot:
        assert boot.renew_bootstrap_token() == {"status": "rotated"}
        with pytest.raises(quay_sdk.ApiError) as e:
            boot.renew_bootstrap_token()
        assert e.value.status == 401
    new = fake.bootstrap_token()
    assert new is not None and new != old
    with quay_sdk.Client(registry=fake.url, token=new, retries=0) as boot:
        assert boot.get_logged_in_user()["username"] == "quayadmin"


def test_global_messages(fake: FakeQuay, client: quay_sdk.Client) -> None:
    assert client.create_global_message(message={"content": "hi", "media_type": "text/plain", "severity": "info"}) is None
    [message] = client.get_global_messages()["messages"]
    assert message["content"] == "hi" and message["severity"] == "info"
    with quay_sdk.Client(registry=fake.url, token=fake.create_user("alice", "alice@example.com"), retries=0) as alice:
        assert len(alice.get_global_messages()["messages"]) == 1
        with pytest.raises(quay_sdk.ApiError) as e:
            alice.delete_global_message(uuid=message["uuid"])
        assert e.value.status == 403
    with pytest.raises(quay_sdk.InvalidInput, match="severity"):
        client.create_global_message(message={"content": "x", "media_type": "text/plain", "severity": "critical"})
    client.delete_global_message(uuid=message["uuid"])
    client.delete_global_message(uuid=message["uuid"])
    assert client.get_global_messages()["messages"] == []


def test_app_specific_tokens(fake: FakeQuay, client: quay_sdk.Client) -> None:
    with quay_sdk.Client(registry=fake.url, token=fake.create_user("alice", "alice@example.com"), retries=0) as alice:
        token = alice.create_app_token(title="laptop")["token"]
        code = token["token_code"]
        assert [t["title"] for t in alice.list_app_tokens()["tokens"]] == ["laptop"]
        assert "token_code" not in alice.list_app_tokens()["tokens"][0]
        assert alice.get_app_token(token_uuid=token["uuid"])["token"]["token_code"] == code
        assert registry_login(fake, "$app", code) == 200
        assert registry_login(fake, "alice", code) == 401
        assert [t["uuid"] for t in client.list_all_app_tokens()["tokens"]] == [token["uuid"]]
        with pytest.raises(quay_sdk.NotFound):
            client.get_app_token(token_uuid=token["uuid"])
        alice.revoke_app_token(token_uuid=token["uuid"])
        assert registry_login(fake, "$app", code) == 401
        with pytest.raises(quay_sdk.NotFound):
            alice.revoke_app_token(token_uuid=token["uuid"])
        with pytest.raises(quay_sdk.InvalidInput, match="title"):
            alice.create_app_token()  # type: ignore[call-arg]
