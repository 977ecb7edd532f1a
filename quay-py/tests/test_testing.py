"""quay_sdk.testing: the fake Quay in-process and as a subprocess, as a context manager and as
pytest fixtures."""

import os
import subprocess
import sys

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


def test_seeding_and_faults(quay_fake: FakeQuay, quay_client: quay_sdk.Client) -> None:
    token = quay_fake.create_user("alice", "alice@example.com")
    assert quay_sdk.Client(quay_fake.url, token).get_logged_in_user()["username"] == "alice"
    reader = quay_fake.mint_token("alice", ["repo:read"])
    with pytest.raises(quay_sdk.Forbidden):
        quay_sdk.Client(quay_fake.url, reader).create_organization(name="x")
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
