"""The OCI referrers listing (get_referrers, REFERRERS_API) through the Python client against
the fake: the index, the artifactType filter, an empty index, an unknown digest (the registry's
error format), and the registry token the client obtains from /v2/auth (cached per repository,
renewed after it expires, a refused exchange raising RegistryAuthError, the token kept out of
repr() and exceptions)."""

from typing import Iterator, Tuple

import pytest

import quay_sdk
from quay_sdk.testing import FakeQuay

SBOM = "application/vnd.example.sbom.v1"
SIGNATURE = "application/vnd.example.signature.v1"


@pytest.fixture
def fake() -> Iterator[FakeQuay]:
    with FakeQuay(referrers_api=True) as f:
        yield f


def seeded(fake: FakeQuay, client: quay_sdk.Client) -> Tuple[str, str, str]:
    client.create_organization(name="acme", email="acme@example.com")
    client.create_repo(namespace="acme", repository="web", visibility="private", description="")
    image = fake.push_manifest("acme", "web", "v1")
    sbom = fake.push_referrer("acme", "web", image, SBOM, {"org.example.kind": "sbom"})
    signature = fake.push_referrer("acme", "web", image, SIGNATURE)
    return image, sbom, signature


def test_listing_and_filtering(fake: FakeQuay) -> None:
    client = fake.client()
    image, sbom, signature = seeded(fake, client)
    index = client.get_referrers(namespace="acme", repository="web", digest=image)
    assert index["schemaVersion"] == 2 and index["mediaType"] == "application/vnd.oci.image.index.v1+json"
    assert [(m["digest"], m["artifactType"]) for m in index["manifests"]] == [(sbom, SBOM), (signature, SIGNATURE)]
    assert index["manifests"][0]["annotations"] == {"org.example.kind": "sbom"}
    assert index["annotations"] == {"org.example.kind": "sbom"}
    only = client.get_referrers(namespace="acme", repository="web", digest=image, artifactType=SIGNATURE)
    assert [m["digest"] for m in only["manifests"]] == [signature]
    none = client.get_referrers(namespace="acme", repository="web", digest=image, artifactType="application/x-none")
    assert none["manifests"] == [] and "annotations" not in none
    lonely = fake.push_manifest("acme", "web", "v2")
    assert client.get_referrers(namespace="acme", repository="web", digest=lonely)["manifests"] == []
    with pytest.raises(quay_sdk.InvalidInput, match="fake Quay: no manifest"):
        fake.push_referrer("acme", "web", "sha256:" + "1" * 64, SBOM)


def test_unknown_and_malformed_digests(fake: FakeQuay) -> None:
    client = fake.client()
    seeded(fake, client)
    with pytest.raises(quay_sdk.BadRequest) as e:
        client.get_referrers(namespace="acme", repository="web", digest="sha256:" + "0" * 64)
    assert e.value.error_type == "MANIFEST_INVALID" and e.value.detail == "manifest invalid"
    assert e.value.operation == "getReferrers"
    with pytest.raises(quay_sdk.InvalidInput, match="getReferrers.*digest"):
        client.get_referrers(namespace="acme", repository="web", digest="sha256:xyz")


def test_the_registry_token_is_cached_and_renewed(fake: FakeQuay) -> None:
    client = fake.client()
    image, _, _ = seeded(fake, client)
    assert fake.registry_login_count() == 0
    client.get_referrers(namespace="acme", repository="web", digest=image)
    client.get_referrers(namespace="acme", repository="web", digest=image, artifactType=SBOM)
    assert fake.registry_login_count() == 1
    fake.advance(3600)
    assert len(client.get_referrers(namespace="acme", repository="web", digest=image)["manifests"]) == 2
    assert fake.registry_login_count() == 2
    assert fake.superuser_token not in repr(client) and "eyJ" not in repr(client)
    # An app-specific token goes with token_kind="app".
    code = client.create_app_token(title="ci")["token"]["token_code"]
    app = quay_sdk.Client(fake.url, code, token_kind="app")
    assert len(app.get_referrers(namespace="acme", repository="web", digest=image)["manifests"]) == 2


def test_a_refused_exchange_raises_registry_auth_error(fake: FakeQuay) -> None:
    client = fake.client()
    image, _, _ = seeded(fake, client)
    secret = "not-a-token-s3cr3t"
    with pytest.raises(quay_sdk.RegistryAuthError) as e:
        quay_sdk.Client(fake.url, secret).get_referrers(namespace="acme", repository="web", digest=image)
    text = str(e.value)
    assert e.value.code == "registry_auth" and e.value.operation == "getReferrers" and "answered 401" in text
    assert "OAuth access token could not be validated" in text and "token_kind" in text
    assert secret not in text and secret not in repr(e.value)
    wrong_kind = quay_sdk.Client(fake.url, fake.superuser_token, token_kind="app")
    with pytest.raises(quay_sdk.RegistryAuthError, match=r"\$app"):
        wrong_kind.get_referrers(namespace="acme", repository="web", digest=image)
    with pytest.raises(quay_sdk.RegistryAuthError, match="no token is configured"):
        quay_sdk.Client(fake.url).get_referrers(namespace="acme", repository="web", digest=image)
    with pytest.raises(quay_sdk.InvalidInput, match="token_kind"):
        quay_sdk.Client(fake.url, secret, token_kind="robot")
