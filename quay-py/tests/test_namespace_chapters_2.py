"""The namespace chapters beyond the first 86 operations, continued, through the Python
client against the fake: robots of the caller and robot federation, organization members and
applications, quota limits, namespace notifications, team invitations, proxy caches and
organization mirroring."""

import pytest

import quay_sdk
from quay_sdk.testing import FakeQuay


def test_user_robots_and_federation(fake: FakeQuay, client: quay_sdk.Client) -> None:
    bot = client.create_user_robot(robot_shortname="builder", description="builds")
    assert bot["name"] == "quayadmin+builder" and bot["token"]
    with pytest.raises(quay_sdk.AlreadyExists):
        client.create_user_robot(robot_shortname="builder")
    assert [r["name"] for r in client.get_user_robots()["robots"]] == ["quayadmin+builder"]
    new = client.regenerate_user_robot_token(robot_shortname="builder")["token"]
    assert new != bot["token"]
    client.delete_user_robot(robot_shortname="builder")
    with pytest.raises(quay_sdk.ApiError) as e:
        client.get_user_robot(robot_shortname="builder")
    assert e.value.status == 400

    client.create_organization(name="acme", email="acme@example.com")
    client.create_org_robot(orgname="acme", robot_shortname="fed")
    entries = [{"issuer": "https://issuer.example.com", "subject": "a"}, {"issuer": "https://issuer.example.com", "subject": "b"}]
    assert client.create_org_robot_federation(orgname="acme", robot_shortname="fed", body=entries) == entries
    client.create_org_robot_federation(orgname="acme", robot_shortname="fed", body=entries[:1])
    assert client.get_org_robot_federation(orgname="acme", robot_shortname="fed") == entries[:1]
    with pytest.raises(quay_sdk.ApiError, match="Issuer must be a URL"):
        client.create_org_robot_federation(orgname="acme", robot_shortname="fed", body=[{"issuer": "x", "subject": "y"}])
    client.delete_org_robot_federation(orgname="acme", robot_shortname="fed")
    assert client.get_org_robot_federation(orgname="acme", robot_shortname="fed") == []


def test_members_applications_and_tokens(fake: FakeQuay, client: quay_sdk.Client) -> None:
    client.create_organization(name="acme", email="acme@example.com")
    fake.create_user("bob", "bob@example.com")
    client.update_organization_team(orgname="acme", teamname="devs", role="member")
    client.update_organization_team_member(orgname="acme", teamname="devs", membername="bob")
    assert client.get_organization_member(orgname="acme", membername="bob")["teams"][0]["name"] == "devs"
    client.remove_organization_member(orgname="acme", membername="bob")
    with pytest.raises(quay_sdk.NotFound):
        client.get_organization_member(orgname="acme", membername="bob")
    assert client.get_organization_collaborators(orgname="acme") == {"collaborators": []}

    app = client.create_organization_application(orgname="acme", name="app", redirect_uri="https://a/cb", application_uri="https://a")
    cid = app["client_id"]
    assert client.get_application_information(client_id=cid)["organization"]["name"] == "acme"
    token = client.create_organization_application_token(orgname="acme", client_id=cid, name=" reader ", scope="repo:read")
    assert token["name"] == "reader" and token["token"]
    assert [t["uuid"] for t in client.iter_list_organization_application_tokens(orgname="acme", client_id=cid)] == [token["uuid"]]
    with pytest.raises(quay_sdk.ApiError, match="Invalid scope"):
        client.create_organization_application_token(orgname="acme", client_id=cid, name="x", scope="repo:fly")
    client.delete_organization_application_token(orgname="acme", client_id=cid, token_uuid=token["uuid"])
    client.delete_organization_application(orgname="acme", client_id=cid)
    with pytest.raises(quay_sdk.NotFound):
        client.get_organization_application(orgname="acme", client_id=cid)


def test_quota_limits(fake: FakeQuay, client: quay_sdk.Client) -> None:
    client.create_organization(name="acme", email="acme@example.com")
    client.create_organization_quota(orgname="acme", limit_bytes=1024 * 1024)
    qid = client.list_organization_quota(orgname="acme")[0]["id"]
    assert client.create_organization_quota_limit(orgname="acme", quota_id=qid, type="Reject", threshold_percent=95) == "Created"
    client.create_organization_quota_limit(orgname="acme", quota_id=qid, type="Warning", threshold_percent=80)
    with pytest.raises(quay_sdk.AlreadyExists):
        client.create_organization_quota_limit(orgname="acme", quota_id=qid, type="Warning", threshold_percent=80)
    with pytest.raises(quay_sdk.InvalidInput, match="QuotaLimitType"):
        client.create_organization_quota_limit(orgname="acme", quota_id=qid, type="Bogus", threshold_percent=50)  # type: ignore[arg-type]
    with pytest.raises(quay_sdk.BadRequest, match="between 1 and 100"):
        client.create_organization_quota_limit(orgname="acme", quota_id=qid, type="Warning", threshold_percent=101)
    limits = client.list_organization_quota_limit(orgname="acme", quota_id=qid)
    assert [(x["type"], x["limit_percent"]) for x in limits] == [("Warning", 80), ("Reject", 95)]
    quota = client.change_organization_quota_limit(orgname="acme", quota_id=qid, limit_id=limits[0]["id"], threshold_percent=60)
    assert quota["limits"][0]["limit_percent"] == 60
    client.delete_organization_quota_limit(orgname="acme", quota_id=qid, limit_id=limits[0]["id"])
    assert len(client.list_organization_quota_limit(orgname="acme", quota_id=qid)) == 1
    assert client.list_user_quota() == []


def test_notifications_and_invitations(fake: FakeQuay, client: quay_sdk.Client) -> None:
    client.create_organization(name="acme", email="acme@example.com")
    client.update_organization_team(orgname="acme", teamname="devs", role="member")
    n = client.create_org_notification(
        orgname="acme", event="quota_warning", method="quay_notification",
        config={"target": {"name": "quayadmin", "kind": "user"}}, eventConfig={},
    )
    assert n["number_of_failures"] == 0 and n["title"] is None
    assert client.test_org_notification(orgname="acme", uuid=n["uuid"]) == {}
    # The test waits in Quay's notification queue until the worker runs.
    assert client.list_user_notifications()["notifications"] == []
    assert fake.deliver_notifications() == {"delivered": 1, "failed": 0}
    [note] = client.list_user_notifications()["notifications"]
    assert (note["kind"], note["metadata"]["namespace"]) == ("quota_warning", "acme")
    with pytest.raises(quay_sdk.ApiError, match="Missing target"):
        client.create_org_notification(orgname="acme", event="quota_warning", method="quay_notification", config={}, eventConfig={})
    client.delete_org_notification(orgname="acme", uuid=n["uuid"])
    with pytest.raises(quay_sdk.NotFound):
        client.get_org_notification(orgname="acme", uuid=n["uuid"])

    invite = client.invite_team_member_email(orgname="acme", teamname="devs", email="new@example.com")
    assert invite == {"email": "new@example.com", "kind": "invite", "avatar": invite["avatar"], "invited": True}
    members = client.get_organization_team_members(orgname="acme", teamname="devs", include_pending=True)["members"]
    assert [m.get("email") for m in members] == ["new@example.com"]
    client.delete_team_member_email_invite(orgname="acme", teamname="devs", email="new@example.com")
    with pytest.raises(quay_sdk.NotFound):
        client.delete_team_member_email_invite(orgname="acme", teamname="devs", email="new@example.com")

    # A Quay whose SMTP server is down makes the change and still answers 400.
    fake.set_smtp_reachable(False)
    with pytest.raises(quay_sdk.BadRequest, match="Could not send email"):
        client.invite_team_member_email(orgname="acme", teamname="devs", email="late@example.com")
    members = client.get_organization_team_members(orgname="acme", teamname="devs", include_pending=True)["members"]
    assert [m.get("email") for m in members] == ["late@example.com"]
    with pytest.raises(quay_sdk.BadRequest, match="Could not send email"):
        client.create_install_user(username="mailless", email="mailless@example.com")
    assert client.get_user_information(username="mailless")["username"] == "mailless"
    fake.set_smtp_reachable(True)
    assert client.create_install_user(username="mailed", email="mailed@example.com")["username"] == "mailed"


def test_proxy_cache_and_org_mirror(fake: FakeQuay, client: quay_sdk.Client) -> None:
    client.create_organization(name="cache", email="cache@example.com")
    assert client.get_proxy_cache_config(orgname="cache") == {"upstream_registry": "", "expiration_s": "", "insecure": ""}
    host = fake.url.split("://")[1]
    assert client.validate_proxy_cache_config(orgname="cache", upstream_registry=f"{host}/x", insecure=True) == "Anonymous"
    with pytest.raises(quay_sdk.ApiError, match="Failed login"):
        client.validate_proxy_cache_config(orgname="cache", upstream_registry="quay.io/x", insecure=True)
    client.create_proxy_cache_config(orgname="cache", upstream_registry="quay.io/x", expiration_s=60, insecure=False)
    assert client.get_proxy_cache_config(orgname="cache")["expiration_s"] == 60
    assert client.delete_proxy_cache_config(orgname="cache") == "Deleted"

    client.create_organization(name="src", email="src@example.com")
    for name in ["a1", "a2", "b1"]:
        client.create_repo(namespace="src", repository=name, visibility="public", description="")
    client.create_organization(name="copy", email="copy@example.com")
    client.create_org_robot(orgname="copy", robot_shortname="bot")
    client.create_org_mirror_config(
        orgname="copy", external_registry_type="quay", external_registry_url=fake.url, external_namespace="src",
        robot_username="copy+bot", visibility="public", sync_interval=60, sync_start_date="2030-01-01T00:00:00Z",
        repository_filters=["a*"],
    )
    assert client.verify_org_mirror_connection(orgname="copy") == {"success": True, "message": "Connection successful"}
    client.sync_org_mirror_now(orgname="copy")
    names = [r["name"] for r in client.iter_list_org_mirror_repositories(orgname="copy", limit=1)]
    assert names == ["a1", "a2"]
    client.cancel_org_mirror_sync(orgname="copy")
    assert client.get_org_mirror_config(orgname="copy")["sync_status"] == "CANCEL"
    with pytest.raises(quay_sdk.ApiError, match="already cancelled"):
        client.cancel_org_mirror_sync(orgname="copy")
    client.delete_org_mirror_config(orgname="copy")
    with pytest.raises(quay_sdk.NotFound):
        client.get_org_mirror_config(orgname="copy")
