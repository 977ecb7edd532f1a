"""Immutability policies (IMMUTABLE_TAGS) of organizations and repositories through the Python
client against the fake: answers, Quay's pattern checks, and the tags the policies mark."""

from typing import Dict

import pytest

import quay_sdk
from quay_sdk.testing import FakeQuay


def flags(client: quay_sdk.Client, namespace: str, repository: str) -> Dict[str, bool]:
    tags = client.list_repo_tags(namespace=namespace, repository=repository, onlyActiveTags=True)["tags"]
    return {t["name"]: t["immutable"] for t in tags}


def test_organization_policies(fake: FakeQuay, client: quay_sdk.Client) -> None:
    client.create_organization(name="acme", email="acme@example.com")
    client.create_repo(namespace="acme", repository="web", visibility="private", description="")
    for tag in ["release-1", "latest"]:
        fake.push_manifest("acme", "web", tag)
    assert client.list_org_immutability_policies(orgname="acme") == {"policies": []}
    uuid = client.create_org_immutability_policy(orgname="acme", tagPattern=" ^release-.*$ ")["uuid"]
    assert flags(client, "acme", "web") == {"release-1": True, "latest": False}
    assert client.get_org_immutability_policy(orgname="acme", policy_uuid=uuid) == {
        "uuid": uuid, "tagPattern": "^release-.*$", "tagPatternMatches": True,
    }
    with pytest.raises(quay_sdk.AlreadyExists, match="same tag_pattern"):
        client.create_org_immutability_policy(orgname="acme", tagPattern="^release-.*$")
    with pytest.raises(quay_sdk.BadRequest, match="Invalid regex pattern"):
        client.create_org_immutability_policy(orgname="acme", tagPattern="[unclosed")
    with pytest.raises(quay_sdk.BadRequest, match="non-empty string"):
        client.create_org_immutability_policy(orgname="acme", tagPattern="   ")
    with pytest.raises(quay_sdk.InvalidInput, match="createOrgImmutabilityPolicy"):
        client.create_org_immutability_policy(orgname="acme", tagPattern="")
    with pytest.raises(quay_sdk.InvalidInput, match="tagPatternMatches"):
        client.create_org_immutability_policy(orgname="acme", tagPattern="^x", tagPatternMatches="yes")  # type: ignore[arg-type]

    with pytest.raises(quay_sdk.Conflict, match="Cannot delete immutable tag 'release-1'"):
        client.delete_full_tag(namespace="acme", repository="web", tag="release-1")
    with pytest.raises(quay_sdk.BadRequest, match="Cannot set expiration on immutable tag"):
        client.change_tag(namespace="acme", repository="web", tag="release-1", expiration=fake.now() + 3600)

    assert client.update_org_immutability_policy(orgname="acme", policy_uuid=uuid, tagPattern="^lat", tagPatternMatches=True) is None
    assert flags(client, "acme", "web") == {"release-1": True, "latest": True}, "the old marks stay"
    fake.push_manifest("acme", "web", "later")
    assert flags(client, "acme", "web")["later"] is True
    assert client.delete_org_immutability_policy(orgname="acme", policy_uuid=uuid) == {"uuid": uuid}
    with pytest.raises(quay_sdk.NotFound):
        client.get_org_immutability_policy(orgname="acme", policy_uuid=uuid)
    assert client.list_org_immutability_policies(orgname="nosuchorg") == {"policies": []}
    with pytest.raises(quay_sdk.BadRequest, match="Username does not exist"):
        client.create_org_immutability_policy(orgname="nosuchorg", tagPattern="^x")
    client.change_tag(namespace="acme", repository="web", tag="latest", immutable=False)
    client.delete_full_tag(namespace="acme", repository="web", tag="latest")

    token = fake.create_user("bob", "bob@example.com")
    with quay_sdk.Client(registry=fake.url, token=token) as bob:
        with pytest.raises(quay_sdk.Forbidden):
            bob.list_org_immutability_policies(orgname="acme")


def test_repository_policies(fake: FakeQuay, client: quay_sdk.Client) -> None:
    client.create_organization(name="acme", email="acme@example.com")
    client.create_repo(namespace="acme", repository="web", visibility="private", description="")
    digest = fake.push_manifest("acme", "web", "v1.0")
    fake.push_manifest("acme", "web", "latest")
    uuid = client.create_repository_immutability_policy(namespace="acme", repository="web", tagPattern="^v1\\.", tagPatternMatches=True)["uuid"]
    assert flags(client, "acme", "web") == {"v1.0": True, "latest": False}
    client.change_tag(namespace="acme", repository="web", tag="v1.9", manifest_digest=digest)
    assert flags(client, "acme", "web")["v1.9"] is True
    with pytest.raises(quay_sdk.Conflict, match="Cannot overwrite immutable tag 'v1.9'"):
        client.change_tag(namespace="acme", repository="web", tag="v1.9", manifest_digest=fake.push_manifest("acme", "web"))
    inverse = client.create_repository_immutability_policy(namespace="acme", repository="web", tagPattern="^dev", tagPatternMatches=False)
    assert [p["tagPatternMatches"] for p in client.list_repository_immutability_policies(namespace="acme", repository="web")["policies"]] == [True, False]
    assert flags(client, "acme", "web")["latest"] is True, "latest does not match ^dev"
    client.update_repository_immutability_policy(namespace="acme", repository="web", policy_uuid=uuid, tagPattern="^v2\\.")
    assert client.get_repository_immutability_policy(namespace="acme", repository="web", policy_uuid=uuid)["tagPattern"] == "^v2\\."
    with pytest.raises(quay_sdk.BadRequest, match="same tag_pattern"):
        client.update_repository_immutability_policy(namespace="acme", repository="web", policy_uuid=uuid, tagPattern="^dev")
    assert client.delete_repository_immutability_policy(namespace="acme", repository="web", policy_uuid=inverse["uuid"]) == inverse
    with pytest.raises(quay_sdk.NotFound):
        client.delete_repository_immutability_policy(namespace="acme", repository="web", policy_uuid=inverse["uuid"])
    with pytest.raises(quay_sdk.NotFound):
        client.list_repository_immutability_policies(namespace="acme", repository="nosuch")
    with pytest.raises(quay_sdk.Conflict):
        client.delete_full_tag(namespace="acme", repository="web", tag="v1.0")
