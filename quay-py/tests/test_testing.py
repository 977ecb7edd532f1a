"""quay_sdk.testing: the fake Quay in-process and as a subprocess, as a context manager and as
pytest fixtures."""

import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest

import quay_sdk
from quay_sdk.testing import FakeQuay, fake_quay


def test_context_manager_in_process() -> None:
    with fake_quay() as fake:
        url = fake.url
        c = fake.client()
        assert c.create_organization(name="acme") == "Created"
        assert fake.request_count() == 1
        assert fake.coverage() == ["createOrganization"]
    with pytest.raises(quay_sdk.QuayError, match="not running"):
        fake.url
    with pytest.raises(quay_sdk.TransportError):
        quay_sdk.Client(url, "t", retries=0).get_logged_in_user()


def test_subprocess() -> None:
    with FakeQuay(subprocess=True, page_sizes={"repos": 1}, team_syncing=True) as fake:
        c = fake.client()
        c.create_organization(name="acme")
        for name in ("a", "b", "c"):
            c.create_repo(namespace="acme", repository=name, visibility="private", description="")
        assert len(c.list_repos(namespace="acme")["repositories"]) == 1
        assert [r["name"] for r in c.iter_list_repos(namespace="acme")] == ["a", "b", "c"]
        c.update_organization_team(orgname="acme", teamname="devs", role="member")
        c.enable_organization_team_sync(orgname="acme", teamname="devs", group_dn="cn=x")
        assert "listRepos" in fake.coverage()
        assert fake.request_count() >= 9
        process = fake._process
        assert process is not None
    assert process.poll() is not None, "the subprocess stopped with the fake"


def test_subprocess_with_every_feature() -> None:
    # Every switch reaches the child process's command line (auto-prune included).
    with FakeQuay(subprocess=True, all_features=True) as fake:
        c = fake.client()
        assert c.get_logged_in_user()["prompts"] == ["enter_name", "enter_company"]
        c.create_organization(name="acme")
        assert c.list_organization_auto_prune_policies(orgname="acme") == {"policies": []}


def test_user_metadata_prompts() -> None:
    # FEATURE_USER_METADATA asks users for a name and a company; off (Quay's default), nothing.
    with FakeQuay() as fake:
        assert fake.client().get_logged_in_user()["prompts"] == []
    with FakeQuay(user_metadata=True) as fake:
        assert fake.client().get_logged_in_user()["prompts"] == ["enter_name", "enter_company"]


def test_seeding_and_faults(quay_fake: FakeQuay, quay_client: quay_sdk.Client) -> None:
    token = quay_fake.create_user("alice", "alice@example.com")
    assert quay_sdk.Client(quay_fake.url, token).get_logged_in_user()["username"] == "alice"
    reader = quay_fake.mint_token("alice", ["repo:read"])
    with pytest.raises(quay_sdk.Forbidden):
        quay_sdk.Client(quay_fake.url, reader).create_organization(name="xy")
    quay_client.create_organization(name="acme")
    digest = quay_fake.push_manifest("acme", "app", "latest")
    assert digest.startswith("sha256:") and len(digest) == 71
    assert quay_client.list_repo_tags(namespace="acme", repository="app")["tags"][0]["manifest_digest"] == digest
    with pytest.raises(quay_sdk.InvalidInput, match="no namespace"):
        quay_fake.push_manifest("nowhere", "app")
    assert quay_fake.set_page_sizes(repos=5)["repos"] == 5
    quay_fake.inject_fault(status=503, operation_id="getRepo", times=5)
    quay_fake.clear_faults()
    assert quay_client.get_repo(namespace="acme", repository="app")["name"] == "app"
    quay_fake.reset()
    with pytest.raises(quay_sdk.NotFound):
        quay_client.get_organization(orgname="acme")


def test_env_for_code_configured_from_the_environment(quay_fake: FakeQuay) -> None:
    code = "import quay_sdk; print(quay_sdk.Client.from_env().get_logged_in_user()['username'])"
    env = dict(os.environ, **quay_fake.env())
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "quayadmin"


def test_module_entry_point_prints_url_and_token() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "quay_sdk.testing", "--superuser-token", "fixed-token", "--stop-on-eof"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    lines = [proc.stdout.readline().strip() for _ in range(2)]
    assert lines[0].startswith("QUAY_REGISTRY=http://127.0.0.1:")
    assert lines[1] == "QUAY_TOKEN=fixed-token"
    url = lines[0].split("=", 1)[1]
    assert quay_sdk.Client(url, "fixed-token").get_logged_in_user()["username"] == "quayadmin"
    proc.stdin.close()
    assert proc.wait(timeout=10) == 0
    proc.stdout.close()


IN_2031 = 1_924_992_000  # 2031-01-01T00:00:00Z


def _active(c: quay_sdk.Client) -> list:
    return sorted(t["name"] for t in c.iter_list_repo_tags(namespace="acme", repository="web", only_active_tags=True))


def test_tag_expiry_with_the_fake_clock() -> None:
    with FakeQuay(clock_at=IN_2031) as fake:
        assert fake.now() == IN_2031
        c = fake.client()
        c.create_organization(name="acme")
        digest = fake.push_manifest("acme", "web")
        for tag in ("v1", "stable"):
            c.change_tag(namespace="acme", repository="web", tag=tag, manifest_digest=digest)
        in_an_hour = fake.now() + 3600
        c.change_tag(namespace="acme", repository="web", tag="v1", expiration=in_an_hour)
        assert _active(c) == ["stable", "v1"]
        assert fake.advance(timedelta(hours=2)) == IN_2031 + 7200
        assert _active(c) == ["stable"], "the tag expired when the clock passed its expiration"
        (v1,) = c.list_repo_tags(namespace="acme", repository="web", specific_tag="v1")["tags"]
        assert v1["end_ts"] == in_an_hour
        before = fake.request_count()
        with pytest.raises(quay_sdk.InvalidInput, match="not in the future"):
            c.change_tag(namespace="acme", repository="web", tag="stable", expiration=in_an_hour)
        assert fake.request_count() == before, "an expiration the fake's clock has passed is refused before sending"


def test_clock_controls_and_their_errors() -> None:
    with FakeQuay(subprocess=True, clock_at=datetime(2031, 1, 1, tzinfo=timezone.utc)) as fake:
        assert fake.now() == IN_2031, "the subprocess fake starts at the given time"
        assert fake.advance(90) == IN_2031 + 90
        assert fake.set_time(datetime(2031, 1, 2)) == IN_2031 + 86400, "naive datetimes are UTC"
        for bad in (-1, "soon", True):
            with pytest.raises(quay_sdk.InvalidInput, match="advance"):
                fake.advance(bad)  # type: ignore[arg-type]
        with pytest.raises(quay_sdk.InvalidInput, match="set_time"):
            fake.set_time(-5)
        assert fake.now() == IN_2031 + 86400, "refused changes change nothing"
        assert abs(fake.follow_system_clock() - time.time()) < 60, "it follows the system clock again"
    with pytest.raises(quay_sdk.InvalidInput, match="clock_at"):
        FakeQuay(clock_at="tomorrow")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "options,immutable_sent,quotas_sent",
    [
        ({}, False, False),  # Quay's defaults: FEATURE_IMMUTABLE_TAGS and quota management off
        ({"all_features": True}, True, True),
        ({"subprocess": True, "immutable_tags": True}, True, False),  # flags reach the subprocess
    ],
)
def test_feature_switches_shape_the_answers(options: dict, immutable_sent: bool, quotas_sent: bool) -> None:
    with FakeQuay(**options) as fake:
        c = fake.client()
        c.create_organization(name="acme")
        for tag in ("latest", "v1"):
            fake.push_manifest("acme", "web", tag)
        tags = c.list_repo_tags(namespace="acme", repository="web")["tags"]
        assert sorted(t["name"] for t in tags) == ["latest", "v1"]
        assert [("immutable" in t) for t in tags] == [immutable_sent, immutable_sent], tags
        org = c.get_organization(orgname="acme")
        assert ("quota_report" in org, "quotas" in org) == (quotas_sent, quotas_sent), org
