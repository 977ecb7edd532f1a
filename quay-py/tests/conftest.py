"""Fixtures of the quay_sdk test suite: a fresh fake Quay per test (quay_sdk.testing, linked
into the extension), clients on it, and a small world of Quay objects built lazily through
the SDK itself.

The fake's coverage (the operationIds answered with success) is collected from every fake the
session stops; quay_sdk.testing's pytest plugin writes it to $QUAY_FAKE_COVERAGE_DIR.
"""

import functools
from typing import Any, Callable, Dict, Iterator, TypeVar

import pytest

import quay_sdk
from quay_sdk.testing import FakeQuay

T = TypeVar("T")

# Small pages, so that paging is exercised with a few objects.
PAGE_SIZES = {"repos": 2, "logs": 3, "tags_default": 2, "tags_max": 3, "superuser_max_limit": 2}


@pytest.fixture
def fake() -> Iterator[FakeQuay]:
    """A fresh fake Quay with small pages and every optional feature on."""
    with FakeQuay(page_sizes=PAGE_SIZES, all_features=True) as f:
        yield f


@pytest.fixture
def client(fake: FakeQuay) -> Iterator[quay_sdk.Client]:
    """A superuser client, retrying nothing (so fault tests see the first answer)."""
    with quay_sdk.Client(registry=fake.url, token=fake.superuser_token, retries=0) as c:
        yield c


@pytest.fixture
def world(fake: FakeQuay, client: quay_sdk.Client) -> "World":
    return World(fake, client)


def once(method: Callable[["World"], T]) -> Callable[["World"], T]:
    """Builds a piece of the world the first time it is asked for."""
    name = method.__name__

    @functools.wraps(method)
    def wrapper(self: "World") -> T:
        if name not in self._built:
            self._built[name] = method(self)
        return self._built[name]  # type: ignore[no-any-return]

    return wrapper


class World:
    """Quay objects a test may need, each created through the SDK on first use.

    acme (organization) with robot acme+ci, team devs (member: alice), repository acme/app
    (tags latest and v1, v1 then deleted; bob can write, devs can read), a default permission,
    a quota, a mirrored repository acme/mirrored, a build, build triggers; users alice, bob and
    carol; a service key.
    """

    def __init__(self, fake: FakeQuay, client: quay_sdk.Client) -> None:
        self.fake = fake
        self.client = client
        self._built: Dict[str, Any] = {}

    def needs(self, *pieces: str) -> "World":
        """Builds the named pieces (e.g. ``w.needs("team").org``) and returns the world."""
        for piece in pieces:
            getattr(self, piece)
        return self

    @property
    @once
    def org(self) -> str:
        self.client.create_organization(name="acme", email="acme@example.com")
        return "acme"

    @property
    @once
    def alice(self) -> str:
        self._built["alice_token"] = self.fake.create_user("alice", "alice@example.com")
        return "alice"

    @property
    @once
    def bob(self) -> str:
        self.fake.create_user("bob", "bob@example.com")
        return "bob"

    @property
    @once
    def carol(self) -> str:
        self.client.create_install_user(username="carol", email="carol@example.com")
        return "carol"

    @property
    @once
    def robot(self) -> str:
        self.client.create_org_robot(orgname=self.org, robot_shortname="ci", description="CI pusher")
        return "ci"

    @property
    @once
    def team(self) -> str:
        self.client.update_organization_team(orgname=self.org, teamname="devs", role="member", description="Devs")
        self.client.update_organization_team_member(orgname=self.org, teamname="devs", membername=self.alice)
        return "devs"

    @property
    @once
    def repo(self) -> str:
        self.client.create_repo(namespace=self.org, repository="app", visibility="private", description="Main app")
        self._built["latest_digest"] = self.fake.push_manifest(self.org, "app", "latest")
        v1 = self.fake.push_manifest(self.org, "app", "v1")
        self._built["v1_digest"] = v1
        self.client.delete_full_tag(namespace=self.org, repository="app", tag="v1")
        self.client.change_user_permissions(namespace=self.org, repository="app", username=self.bob, role="write")
        self.client.change_team_permissions(namespace=self.org, repository="app", teamname=self.team, role="read")
        return "app"

    @property
    def latest_digest(self) -> str:
        self.repo
        return str(self._built["latest_digest"])

    @property
    def v1_digest(self) -> str:
        self.repo
        return str(self._built["v1_digest"])

    @property
    @once
    def label_id(self) -> str:
        added = self.client.add_manifest_label(
            namespace=self.org, repository=self.repo, manifestref=self.latest_digest,
            key="com.example.team", value="core", media_type="text/plain",
        )
        return str(added["label"]["id"])

    @property
    @once
    def notification_uuid(self) -> str:
        created = self.client.create_repo_notification(
            namespace=self.org, repository=self.repo, event="repo_push", method="webhook",
            config={"url": "https://hooks.example.com/quay"}, eventConfig={}, title="push hook",
        )
        return str(created["uuid"])

    @property
    @once
    def org_policy_uuid(self) -> str:
        return str(self.client.create_organization_auto_prune_policy(orgname=self.org, method="number_of_tags", value=10)["uuid"])

    @property
    @once
    def repo_policy_uuid(self) -> str:
        created = self.client.create_repository_auto_prune_policy(
            namespace=self.org, repository=self.repo, method="creation_date", value="7d", tagPattern="^dev-"
        )
        return str(created["uuid"])

    @property
    @once
    def user_policy_uuid(self) -> str:
        return str(self.client.create_user_auto_prune_policy(method="number_of_tags", value=5)["uuid"])

    @property
    @once
    def referrer(self) -> str:
        return self.fake.push_referrer(self.org, self.repo, self.latest_digest, "application/vnd.example.sbom.v1")

    @property
    @once
    def org_immutability_uuid(self) -> str:
        return str(self.client.create_org_immutability_policy(orgname=self.org, tagPattern="^release-")["uuid"])

    @property
    @once
    def repo_immutability_uuid(self) -> str:
        created = self.client.create_repository_immutability_policy(
            namespace=self.org, repository=self.repo, tagPattern="^v1", tagPatternMatches=True
        )
        return str(created["uuid"])

    @property
    @once
    def prototype_id(self) -> str:
        proto = self.client.create_organization_prototype_permission(
            orgname=self.org, role="write", delegate={"name": self.team, "kind": "team"}
        )
        return proto["id"]

    @property
    @once
    def org_quota_id(self) -> int:
        """The quota id, as the listing returns it (the spec types quota_id as an integer)."""
        self.client.create_organization_quota(orgname=self.org, limit_bytes=100 * 1024 * 1024)
        return int(self.client.list_organization_quota(orgname=self.org)[0]["id"])

    @property
    @once
    def user_quota_id(self) -> int:
        self.client.create_user_quota_super_user(namespace=self.bob, limit_bytes=50 * 1024 * 1024)
        return int(self.client.list_user_quota_super_user(namespace=self.bob)[0]["id"])

    @property
    @once
    def mirrored(self) -> str:
        self.client.create_repo(namespace=self.org, repository="mirrored", visibility="private", description="")
        self.client.create_repo_mirror_config(
            namespace=self.org,
            repository="mirrored",
            is_enabled=True,
            external_reference="quay.io/minio/mc",
            sync_interval=600,
            sync_start_date="2030-01-01T00:00:00Z",
            root_rule={"rule_kind": "tag_glob_csv", "rule_value": ["latest"]},
            robot_username=f"{self.org}+{self.robot}",
            skopeo_timeout_interval=300,
        )
        return "mirrored"

    @property
    @once
    def syncing(self) -> str:
        """The mirrored repository, with a synchronisation requested."""
        self.client.sync_now(namespace=self.org, repository=self.mirrored)
        return self.mirrored

    @property
    @once
    def build_uuid(self) -> str:
        build = self.client.request_repo_build(
            namespace=self.org, repository=self.repo, archive_url="https://example.com/context.tar.gz",
            docker_tags=["built"],
        )
        return str(build["id"])

    @property
    @once
    def trigger_uuid(self) -> str:
        """An inactive custom-git build trigger of the repository (set up as Quay's web UI does)."""
        return self.fake.create_build_trigger(self.org, self.repo)

    @property
    @once
    def active_trigger_uuid(self) -> str:
        """An activated custom-git build trigger of the repository."""
        uuid = self.fake.create_build_trigger(self.org, self.repo)
        config = {"build_source": "git@git.example.com:acme/app.git", "dockerfile_path": "/Dockerfile", "context": "/"}
        self.client.activate_build_trigger(namespace=self.org, repository=self.repo, trigger_uuid=uuid, config=config)
        return uuid

    @property
    @once
    def service_key(self) -> str:
        key = self.client.create_service_key(service="quay", expiration=4102444800, name="ci-key")
        return str(key["kid"])
