"""The token never shows: not in repr(), not in any exception's text; configuration follows the
Rust client's rules."""

import os
from typing import Iterator, List

import pytest

import quay_sdk
from quay_sdk.testing import FakeQuay

SECRET = "s3cr3t-t0ken-value-XYZ"


@pytest.fixture
def secret_fake() -> Iterator[FakeQuay]:
    with FakeQuay(superuser_token=SECRET) as f:
        yield f


def texts(e: BaseException) -> List[str]:
    out = [str(e), repr(e), str(e.args)]
    out += [repr(v) for v in vars(e).values()]
    return out


def test_token_not_in_repr(secret_fake: FakeQuay) -> None:
    c = quay_sdk.Client(secret_fake.url, SECRET)
    for text in (repr(c), str(c), repr(c._native), repr(quay_sdk.AsyncClient(secret_fake.url, SECRET))):
        assert SECRET not in text
    assert c.get_logged_in_user()["username"] == "quayadmin"  # it is the right token


def test_token_not_in_exceptions(secret_fake: FakeQuay) -> None:
    c = quay_sdk.Client(secret_fake.url, SECRET, retries=0)
    caught: List[BaseException] = []
    for call in (
        lambda: c.get_organization(orgname="nowhere"),  # 404
        lambda: c.get_organization(orgname="Not A Name"),  # invalid input
        lambda: c.create_organization(name="quayadmin"),  # 400
    ):
        with pytest.raises(quay_sdk.QuayError) as e:
            call()
        caught.append(e.value)
    secret_fake.inject_fault(status=500, body="boom")
    with pytest.raises(quay_sdk.ServerError) as e5:
        c.get_logged_in_user()
    caught.append(e5.value)
    secret_fake.inject_fault(delay=2)
    with pytest.raises(quay_sdk.Timeout) as et:
        quay_sdk.Client(secret_fake.url, SECRET, timeout=0.2, retries=0).get_logged_in_user()
    caught.append(et.value)
    with pytest.raises(quay_sdk.TransportError) as tr:
        quay_sdk.Client("http://127.0.0.1:9", SECRET, retries=0).get_logged_in_user()
    caught.append(tr.value)
    with pytest.raises(quay_sdk.InvalidInput) as bad:
        quay_sdk.Client("quay.example.com", SECRET + "\n")  # not a valid header value
    caught.append(bad.value)
    for exc in caught:
        for text in texts(exc):
            assert SECRET not in text, (type(exc), text)


def test_from_env(monkeypatch: pytest.MonkeyPatch, fake: FakeQuay) -> None:
    for name in ("QUAY_REGISTRY", "QUAY_TOKEN", "quay_registry", "bearer_token", "QUAY_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(quay_sdk.InvalidInput, match="registry"):
        quay_sdk.Client.from_env()
    # The curl guide's variables...
    monkeypatch.setenv("quay_registry", fake.url)
    monkeypatch.setenv("bearer_token", fake.superuser_token)
    assert quay_sdk.Client.from_env().get_logged_in_user()["username"] == "quayadmin"
    # ... and QUAY_* ones, which win.
    alice = fake.create_user("alice")
    monkeypatch.setenv("QUAY_TOKEN", alice)
    assert quay_sdk.Client.from_env().get_logged_in_user()["username"] == "alice"
    # Keyword arguments win over the environment.
    assert quay_sdk.Client.from_env(token=fake.superuser_token).get_logged_in_user()["username"] == "quayadmin"
    aclient = quay_sdk.AsyncClient.from_env()
    assert isinstance(aclient, quay_sdk.AsyncClient)
    monkeypatch.setenv("QUAY_CA_BUNDLE", os.devnull)
    with pytest.raises(quay_sdk.InvalidInput, match="CA bundle"):
        quay_sdk.Client.from_env()


def test_registry_forms(fake: FakeQuay) -> None:
    assert quay_sdk.Client("quay.example.com").base_url == "https://quay.example.com"
    assert quay_sdk.Client("https://quay.example.com/api/v1/").base_url == "https://quay.example.com"
    c = quay_sdk.Client(fake.url + "/api/v1", fake.superuser_token, verify_tls=False)
    assert c.get_logged_in_user()["username"] == "quayadmin"
    assert repr(c) == f"Client(registry={fake.url!r})"
