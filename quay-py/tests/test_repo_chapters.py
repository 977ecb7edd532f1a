"""The repository chapters beyond the first 86 operations (builds, stars, search, ...) through
the Python client against the fake: answers, state changes and error paths."""

import pytest

import quay_sdk
from quay_sdk.testing import FakeQuay


def org_repo(client: quay_sdk.Client, visibility: str = "private") -> None:
    client.create_organization(name="acme", email="acme@example.com")
    client.create_repo(namespace="acme", repository="web", visibility=visibility, description="web app")


def test_builds_list_stream_get_cancel(fake: FakeQuay, client: quay_sdk.Client) -> None:
    org_repo(client)
    ids = []
    for i in range(7):
        b = client.request_repo_build(
            namespace="acme", repository="web", archive_url=f"https://example.com/c{i}.tar.gz"
        )
        ids.append(b["id"])
    newest_first = list(reversed(ids))
    assert [b["id"] for b in client.get_repo_builds(namespace="acme", repository="web")["builds"]] == newest_first[:5]
    before = fake.request_count()
    assert [b["id"] for b in client.iter_get_repo_builds(namespace="acme", repository="web")] == newest_first
    assert fake.request_count() - before == 1, "the stream's first limit covers seven builds"
    build = client.get_repo_build(namespace="acme", repository="web", build_uuid=ids[0])
    assert build["phase"] == "waiting" and build["archive_url"] == "https://example.com/c0.tar.gz"
    assert client.get_repo_build_status(namespace="acme", repository="web", build_uuid=ids[0])["id"] == ids[0]
    assert client.get_repo_build_logs(namespace="acme", repository="web", build_uuid=ids[0])["logs"] == []
    assert client.cancel_repo_build(namespace="acme", repository="web", build_uuid=ids[0]) == "Okay"
    assert client.get_repo_build(namespace="acme", repository="web", build_uuid=ids[0])["phase"] == "cancelled"
    with pytest.raises(quay_sdk.ApiError) as e:
        client.cancel_repo_build(namespace="acme", repository="web", build_uuid=ids[0])
    assert e.value.status == 400
    with pytest.raises(quay_sdk.NotFound):
        client.get_repo_build(namespace="acme", repository="web", build_uuid="nope")
    with pytest.raises(quay_sdk.ApiError) as e:
        client.get_repo_build_status(namespace="acme", repository="web", build_uuid="nope")
    assert e.value.status == 400


def test_stars(fake: FakeQuay, client: quay_sdk.Client) -> None:
    org_repo(client)
    token = fake.create_user("bob", "bob@example.com")
    with quay_sdk.Client(registry=fake.url, token=token) as bob:
        assert bob.create_star(namespace="acme", repository="web") == {"namespace": "acme", "repository": "web"}
        assert bob.create_star(namespace="acme", repository="nosuch") is None
        assert [r["name"] for r in bob.iter_list_starred_repos()] == ["web"]
        assert client.list_starred_repos()["repositories"] == []
        bob.delete_star(namespace="acme", repository="web")
        assert bob.list_starred_repos()["repositories"] == []
    with pytest.raises(quay_sdk.InvalidInput, match="repository"):
        client.create_star(namespace="acme")


def test_search_pages_and_entities(fake: FakeQuay, client: quay_sdk.Client) -> None:
    client.create_organization(name="acme", email="acme@example.com")
    for i in range(13):
        client.create_repo(namespace="acme", repository=f"find-{i:02d}", visibility="public", description="")
    page = client.conduct_repo_search(query="find")
    assert len(page["results"]) == 10 and page["has_additional"] and page["page"] == 1
    assert len(list(client.iter_conduct_repo_search(query="find"))) == 13
    assert client.conduct_search(query="")["results"] == []
    found = client.conduct_search(query="acme")["results"]
    assert found[0]["name"] == "acme" and found[0]["kind"] == "organization"
    fake.create_user("alice", "alice@example.com")
    entities = client.get_matching_entities(prefix="ali")["results"]
    assert [e["name"] for e in entities] == ["alice"] and "is_org_member" not in entities[0]
    assert client.conduct_repo_search(query="find", page=0)["page"] == 1, "page 0 is clamped to 1"


def test_manifest_labels_pull_statistics_and_scan(fake: FakeQuay, client: quay_sdk.Client) -> None:
    org_repo(client)
    digest = fake.push_manifest("acme", "web", "v1")
    manifest = client.get_repo_manifest(namespace="acme", repository="web", manifestref=digest)
    assert manifest["digest"] == digest and len(manifest["layers"]) == 1
    added = client.add_manifest_label(
        namespace="acme", repository="web", manifestref=digest, key="com.example.a", value="1", media_type=None
    )["label"]
    assert added["media_type"] == "text/plain" and added["source_type"] == "api"
    labels = client.list_manifest_labels(namespace="acme", repository="web", manifestref=digest)["labels"]
    assert [label["key"] for label in labels] == ["com.example.a"]
    with pytest.raises(quay_sdk.BadRequest, match="reserved prefix"):
        client.add_manifest_label(
            namespace="acme", repository="web", manifestref=digest, key="quay.expires-after", value="1d",
            media_type="text/plain",
        )
    with pytest.raises(quay_sdk.InvalidInput):
        client.add_manifest_label(
            namespace="acme", repository="web", manifestref=digest, key="k", value="v", media_type="image/png"
        )
    client.delete_manifest_label(namespace="acme", repository="web", manifestref=digest, labelid=added["id"])
    with pytest.raises(quay_sdk.NotFound):
        client.get_manifest_label(namespace="acme", repository="web", manifestref=digest, labelid=added["id"])
    stats = client.get_tag_pull_statistics(namespace="acme", repository="web", tag="v1")
    assert stats["tag_pull_count"] == 0 and stats["last_tag_pull_date"] is None
    scan = client.get_repo_manifest_security(namespace="acme", repository="web", manifestref=digest)
    assert scan == {"status": "queued", "data": None}
    roles = client.get_user_transitive_permission(namespace="acme", repository="web", username="quayadmin")
    assert {"role": "admin"} in roles["permissions"]


def test_repository_notifications(fake: FakeQuay, client: quay_sdk.Client) -> None:
    org_repo(client)
    hook = client.create_repo_notification(
        namespace="acme", repository="web", event="repo_push", method="webhook",
        config={"url": "http://127.0.0.2:9/"}, eventConfig={"x": 1},
    )
    assert hook["title"] is None and hook["event_config"] == {"x": 1} and hook["number_of_failures"] == 0
    with pytest.raises(quay_sdk.BadRequest, match="Invalid webhook URL"):
        client.create_repo_notification(
            namespace="acme", repository="web", event="repo_push", method="webhook",
            config={"url": "http://localhost:9/"}, eventConfig={},
        )
    with pytest.raises(quay_sdk.InvalidInput, match="method"):
        client.create_repo_notification(
            namespace="acme", repository="web", event="repo_push", method="carrier_pigeon", config={}, eventConfig={}
        )
    uuid = hook["uuid"]
    assert client.test_repo_notification(namespace="acme", repository="web", uuid=uuid) == {}
    assert fake.deliver_notifications() == {"delivered": 0, "failed": 1}
    assert client.get_repo_notification(namespace="acme", repository="web", uuid=uuid)["number_of_failures"] == 1
    client.reset_repository_notification_failures(namespace="acme", repository="web", uuid=uuid)
    listed = client.list_repo_notifications(namespace="acme", repository="web")["notifications"]
    assert [(n["uuid"], n["number_of_failures"]) for n in listed] == [(uuid, 0)]
    token = fake.create_user("bob", "bob@example.com")
    client.change_user_permissions(namespace="acme", repository="web", username="bob", role="write")
    with quay_sdk.Client(registry=fake.url, token=token) as bob:
        with pytest.raises(quay_sdk.Forbidden):
            bob.get_repo_notification(namespace="acme", repository="web", uuid=uuid)
    client.delete_repo_notification(namespace="acme", repository="web", uuid=uuid)
    with pytest.raises(quay_sdk.BadRequest, match="No repository notification found"):
        client.delete_repo_notification(namespace="acme", repository="web", uuid=uuid)
    with pytest.raises(quay_sdk.NotFound):
        client.get_repo_notification(namespace="acme", repository="web", uuid=uuid)


def test_usage_logs(fake: FakeQuay, client: quay_sdk.Client) -> None:
    fake.set_time(1_899_374_400)  # 2030-03-10 12:00 UTC, whatever today is
    org_repo(client)
    for i in range(3):
        client.update_repo(namespace="acme", repository="web", description=f"rev {i}")
    page = client.list_repo_logs(namespace="acme", repository="web")
    assert [e["kind"] for e in page["logs"]][:3] == ["set_repo_description"] * 3
    assert page["start_time"] == "Sat, 09 Mar 2030 12:00:00 -0000"
    fake.set_page_sizes(logs=2)
    streamed = list(client.iter_list_org_logs(orgname="acme"))
    assert [e["kind"] for e in streamed].count("set_repo_description") == 3
    fake.set_page_sizes(logs=20)
    fake.advance(2 * 86400)
    assert client.list_org_logs(orgname="acme")["logs"] == []
    dated = client.list_org_logs(orgname="acme", starttime="03/10/2030", endtime="03/10/2030")["logs"]
    assert len(dated) == len(streamed)
    counts = client.get_aggregate_org_logs(orgname="acme", starttime="03/10/2030", endtime="03/10/2030")["aggregated"]
    assert {"kind": "set_repo_description", "count": 3, "datetime": "Sun, 10 Mar 2030 00:00:00 -0000"} in counts
    with pytest.raises(quay_sdk.BadRequest):
        client.list_org_logs(orgname="acme", starttime="03/12/2030", endtime="03/01/2030")
    with pytest.raises(quay_sdk.BadRequest, match="Invalid namespace requested"):
        client.list_org_logs(orgname="nosuchorg")
    assert len(client.export_org_logs(orgname="acme", callback_email="ops@example.com")["export_id"]) == 36
    with pytest.raises(quay_sdk.BadRequest, match="Invalid callback e-mail"):
        client.export_repo_logs(namespace="acme", repository="web", callback_email="nobody")
    kinds = [e["kind"] for e in client.list_org_logs(orgname="acme")["logs"]]
    assert kinds[:2] == ["export_logs_failure", "export_logs_success"]
    token = fake.create_user("bob", "bob@example.com")
    with quay_sdk.Client(registry=fake.url, token=token) as bob:
        with pytest.raises(quay_sdk.Forbidden):
            bob.get_aggregate_org_logs(orgname="acme")
        bob.create_repo(namespace="bob", repository="mine", visibility="private", description="")
        assert "create_repo" in [e["kind"] for e in bob.list_user_logs()["logs"]]
        assert bob.get_aggregate_user_logs()["aggregated"][0]["count"] >= 1
        assert "export_id" in bob.export_user_logs()


def test_auto_prune_policies(fake: FakeQuay, client: quay_sdk.Client) -> None:
    org_repo(client)
    created = client.create_organization_auto_prune_policy(orgname="acme", method="number_of_tags", value=10)
    with pytest.raises(quay_sdk.BadRequest, match="duplicate policies are not permitted"):
        client.create_organization_auto_prune_policy(orgname="acme", method="number_of_tags", value=10)
    with pytest.raises(quay_sdk.BadRequest, match="Invalid value given for method type"):
        client.create_organization_auto_prune_policy(orgname="acme", method="creation_date", value="7x")
    with pytest.raises(quay_sdk.InvalidInput):
        client.create_organization_auto_prune_policy(orgname="acme", method="by_size", value=10)
    policy = client.get_organization_auto_prune_policy(orgname="acme", policy_uuid=created["uuid"])
    assert policy == {"uuid": created["uuid"], "method": "number_of_tags", "value": 10, "tagPattern": None, "tagPatternMatches": True}
    client.update_organization_auto_prune_policy(
        orgname="acme", policy_uuid=created["uuid"], method="creation_date", value="2w", tagPattern="^tmp-", tagPatternMatches=False
    )
    policies = client.list_organization_auto_prune_policies(orgname="acme")["policies"]
    assert [(p["value"], p["tagPattern"], p["tagPatternMatches"]) for p in policies] == [("2w", "^tmp-", False)]
    repo_policy = client.create_repository_auto_prune_policy(namespace="acme", repository="web", method="number_of_tags", value=3)
    assert client.delete_repository_auto_prune_policy(namespace="acme", repository="web", policy_uuid=repo_policy["uuid"]) == repo_policy
    with pytest.raises(quay_sdk.NotFound):
        client.get_repository_auto_prune_policy(namespace="acme", repository="web", policy_uuid=repo_policy["uuid"])
    token = fake.create_user("bob", "bob@example.com")
    with quay_sdk.Client(registry=fake.url, token=token) as bob:
        with pytest.raises(quay_sdk.Forbidden):
            bob.list_organization_auto_prune_policies(orgname="acme")
        mine = bob.create_user_auto_prune_policy(method="creation_date", value="1d")
        assert [p["uuid"] for p in bob.list_user_auto_prune_policies()["policies"]] == [mine["uuid"]]
        with pytest.raises(quay_sdk.NotFound):
            client.get_user_auto_prune_policy(policy_uuid=mine["uuid"])


def test_mirror_health(fake: FakeQuay, client: quay_sdk.Client) -> None:
    health = client.get_repository_mirror_health(detailed=True, limit=3)
    assert health["healthy"] is True and health["repositories"]["pagination"] == {"limit": 3, "offset": 0, "has_more": False}
    assert client.get_super_user_repository_mirror_health()["repositories"]["total"] == 0
    with pytest.raises(quay_sdk.NotFound):
        client.get_repository_mirror_health(namespace="nosuchorg")
    token = fake.create_user("bob", "bob@example.com")
    with quay_sdk.Client(registry=fake.url, token=token) as bob:
        with pytest.raises(quay_sdk.Forbidden):
            bob.get_repository_mirror_health(namespace="bob")


def test_build_triggers(fake: FakeQuay, client: quay_sdk.Client) -> None:
    org_repo(client)
    repo = {"namespace": "acme", "repository": "web"}
    assert client.list_build_triggers(**repo)["triggers"] == []
    uuid = fake.create_build_trigger("acme", "web")
    t = client.get_build_trigger(**repo, trigger_uuid=uuid)
    assert (t["service"], t["is_active"], t["config"], t["build_source"]) == ("custom-git", False, {}, None)
    with pytest.raises(quay_sdk.BadRequest, match="Cannot update an unactivated trigger"):
        client.update_build_trigger(**repo, trigger_uuid=uuid, enabled=False)
    with pytest.raises(quay_sdk.BadRequest, match="Trigger is not active"):
        client.manually_start_build_trigger(**repo, trigger_uuid=uuid, commit_sha="0123456789")
    with pytest.raises(quay_sdk.InvalidInput, match="config"):
        client.activate_build_trigger(**repo, trigger_uuid=uuid)  # type: ignore[call-overload]

    config = {"build_source": "git@git.example.com:acme/web.git", "dockerfile_path": "/Dockerfile", "context": "/"}
    active = client.activate_build_trigger(**repo, trigger_uuid=uuid, config=config)
    names = [c["name"] for c in active["config"]["credentials"]]
    assert active["is_active"] and names == ["SSH Public Key", "Webhook Endpoint URL"]
    assert "$token:" in active["config"]["credentials"][1]["value"]
    with pytest.raises(quay_sdk.BadRequest, match="not sufficient for activation"):
        client.activate_build_trigger(**repo, trigger_uuid=uuid, config=config)

    with pytest.raises(quay_sdk.BadRequest, match="missing required parameter"):
        client.manually_start_build_trigger(**repo, trigger_uuid=uuid)
    with pytest.raises(quay_sdk.InvalidInput, match="tag"):
        client.manually_start_build_trigger(**repo, trigger_uuid=uuid, tag="x")  # type: ignore[call-arg]
    build = client.manually_start_build_trigger(**repo, trigger_uuid=uuid, commit_sha="abcdef0123456789")
    assert (build["display_name"], build["tags"], build["trigger"]["id"]) == ("abcdef0", ["abcdef0"], uuid)
    assert build["trigger_metadata"] == {"commit": "abcdef0123456789", "git_url": config["build_source"]}
    assert [b["id"] for b in client.iter_list_trigger_recent_builds(**repo, trigger_uuid=uuid)] == [build["id"]]

    off = client.update_build_trigger(**repo, trigger_uuid=uuid, enabled=False)
    assert (off["enabled"], off["disabled_reason"], off["config"], off["can_invoke"]) == (False, "user_toggled", {}, False)
    with pytest.raises(quay_sdk.BadRequest, match="Trigger is not enabled"):
        client.manually_start_build_trigger(**repo, trigger_uuid=uuid, commit_sha="abcdef0123456789")
    assert client.update_build_trigger(**repo, trigger_uuid=uuid, enabled=True)["disabled_reason"] == "user_toggled"

    github = fake.create_build_trigger("acme", "web", service="github")
    with pytest.raises(quay_sdk.ServerError):
        client.activate_build_trigger(**repo, trigger_uuid=github, config={"build_source": "acme/web"})
    with pytest.raises(quay_sdk.InvalidInput, match="service"):
        fake.create_build_trigger("acme", "web", service="svn")

    token = fake.create_user("bob", "bob@example.com")
    client.change_user_permissions(**repo, username="bob", role="write")
    with quay_sdk.Client(registry=fake.url, token=token) as bob:
        with pytest.raises(quay_sdk.Forbidden):
            bob.list_build_triggers(**repo)
    client.delete_build_trigger(**repo, trigger_uuid=uuid)
    with pytest.raises(quay_sdk.NotFound):
        client.get_build_trigger(**repo, trigger_uuid=uuid)
    assert client.list_trigger_recent_builds(**repo, trigger_uuid=uuid)["builds"] == []
    assert client.get_repo_build(**repo, build_uuid=build["id"])["trigger"] is None
    assert [t["id"] for t in client.list_build_triggers(**repo)["triggers"]] == [github]
