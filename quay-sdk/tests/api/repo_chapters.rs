//! The repository chapters beyond the first 86 operations (builds, stars, search, ...) through
//! the SDK, asserting the answer, the state change and the error paths.

use futures::{StreamExt, TryStreamExt};
use quay_sdk::{Client, Result};
use serde_json::json;

use crate::{Env, api_err};

/// An organization `org` with a private repository `org/repo`.
async fn org_with_repo(c: &Client, org: &str, repo: &str) -> Result<()> {
    c.create_organization().body(json!({"name": org, "email": format!("{org}@example.com")})).call().await?;
    add_repo(c, org, repo, "private").await
}

async fn add_repo(c: &Client, org: &str, repo: &str, visibility: &str) -> Result<()> {
    let body = json!({"namespace": org, "repository": repo, "visibility": visibility, "description": format!("{repo} text")});
    c.create_repo().body(body).call().await?;
    Ok(())
}

/// A user `name` with read access to `org/repo`; returns a client with its token.
async fn reader(env: &Env, name: &str, org: &str, repo: &str) -> Result<Client> {
    let token = env.fake.create_user(name, &format!("{name}@example.com"));
    env.admin
        .change_user_permissions()
        .namespace(org)
        .repository(repo)
        .username(name)
        .body(json!({"role": "read"}))
        .call()
        .await?;
    Ok(env.client(&token))
}

#[tokio::test]
async fn builds() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    assert!(c.get_repo_builds().namespace("acme").repository("web").call().await?.builds.is_empty());
    let start = env.fake.now();
    let mut ids = vec![];
    for i in 0..7 {
        let b = c
            .request_repo_build()
            .namespace("acme")
            .repository("web")
            .body(json!({"archive_url": format!("https://example.com/ctx{i}.tar.gz"), "docker_tags": [format!("v{i}")]}))
            .call()
            .await?;
        ids.push(b.id);
        env.fake.advance(std::time::Duration::from_secs(10));
    }
    // Newest first, 5 by default.
    let listed = c.get_repo_builds().namespace("acme").repository("web").call().await?.builds;
    assert_eq!(listed.iter().map(|b| b.id.clone()).collect::<Vec<_>>(), ids.iter().rev().take(5).cloned().collect::<Vec<_>>());
    let two = c.get_repo_builds().namespace("acme").repository("web").limit(2).call().await?.builds;
    assert_eq!(two.len(), 2);
    // `since` keeps the builds started at or after it.
    let since = c.get_repo_builds().namespace("acme").repository("web").since(start + 50).limit(100).call().await?.builds;
    assert_eq!(since.len(), 2, "builds at +50 and +60");
    // The stream asks with growing limits and hands every build out once.
    let all: Vec<_> = c.get_repo_builds().namespace("acme").repository("web").stream().try_collect().await?;
    assert_eq!(all.iter().map(|b| b.id.clone()).collect::<Vec<_>>(), ids.iter().rev().cloned().collect::<Vec<_>>());
    let reqs = env.fake.request_count();
    let few: Vec<_> = c.get_repo_builds().namespace("acme").repository("web").stream().take(1).try_collect::<Vec<_>>().await?;
    assert_eq!(few.len(), 1);
    assert_eq!(env.fake.request_count(), reqs + 1, "one request for the first item");

    let first = &ids[0];
    let got = c.get_repo_build().namespace("acme").repository("web").build_uuid(first.as_str()).call().await?;
    assert_eq!((got.id.as_str(), got.phase.as_str(), got.tags.as_slice()), (first.as_str(), "waiting", &["v0".to_string()][..]));
    assert_eq!(got.archive_url.as_deref(), Some("https://example.com/ctx0.tar.gz"));
    let status = c.get_repo_build_status().namespace("acme").repository("web").build_uuid(first.as_str()).call().await?;
    assert_eq!(status.id, *first);
    let logs = c.get_repo_build_logs().namespace("acme").repository("web").build_uuid(first.as_str()).call().await?;
    assert_eq!((logs.total, logs.logs.len()), (Some(0), 0));

    // Cancelling: 201 "Okay", then the phase is cancelled and a second cancel is refused.
    let okay = c.cancel_repo_build().namespace("acme").repository("web").build_uuid(first.as_str()).call().await?;
    assert_eq!(okay, "Okay");
    let got = c.get_repo_build().namespace("acme").repository("web").build_uuid(first.as_str()).call().await?;
    assert_eq!(got.phase, "cancelled");
    let again = api_err(c.cancel_repo_build().namespace("acme").repository("web").build_uuid(first.as_str()).call().await, 400);
    assert!(again.detail.contains("running or has finished"), "{again:?}");

    // Unknown builds: 404 for the build, 400 for its status and logs, as Quay answers.
    let none = "00000000-0000-0000-0000-000000000000";
    api_err(c.get_repo_build().namespace("acme").repository("web").build_uuid(none).call().await, 404);
    api_err(c.get_repo_build_status().namespace("acme").repository("web").build_uuid(none).call().await, 400);
    api_err(c.get_repo_build_logs().namespace("acme").repository("web").build_uuid(none).call().await, 400);
    api_err(c.cancel_repo_build().namespace("acme").repository("web").build_uuid(none).call().await, 404);
    // A missing repository lists nothing; a non-integer limit cannot be sent (typed).
    assert!(c.get_repo_builds().namespace("acme").repository("nosuch").call().await?.builds.is_empty());

    // A reader sees builds (without archive URLs) but not their logs, and cannot cancel.
    let bob = reader(&env, "bob", "acme", "web").await?;
    let seen = bob.get_repo_build().namespace("acme").repository("web").build_uuid(ids[1].as_str()).call().await?;
    assert!(!seen.is_writer && seen.archive_url.is_none(), "{seen:?}");
    api_err(bob.get_repo_build_logs().namespace("acme").repository("web").build_uuid(ids[1].as_str()).call().await, 403);
    api_err(bob.cancel_repo_build().namespace("acme").repository("web").build_uuid(ids[1].as_str()).call().await, 403);
    let stranger = env.client(&env.fake.create_user("eve", "eve@example.com"));
    api_err(stranger.get_repo_builds().namespace("acme").repository("web").call().await, 403);
    Ok(())
}

#[tokio::test]
async fn stars() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    add_repo(c, "acme", "site", "public").await?;
    add_repo(c, "acme", "secret", "private").await?;
    let bob = reader(&env, "bob", "acme", "web").await?;
    assert!(bob.list_starred_repos().call().await?.repositories.is_empty());

    let star = bob.create_star().body(json!({"namespace": "acme", "repository": "web"})).call().await?;
    let star = star.0.expect("a starred repository");
    assert_eq!((star.namespace.as_str(), star.repository.as_str()), ("acme", "web"));
    // Starring twice, and a private repository bob cannot read, are accepted.
    bob.create_star().body(json!({"namespace": "acme", "repository": "web"})).call().await?;
    bob.create_star().body(json!({"namespace": "acme", "repository": "site"})).call().await?;
    bob.create_star().body(json!({"namespace": "acme", "repository": "secret"})).call().await?;
    // A missing repository answers 200 null.
    assert!(bob.create_star().body(json!({"namespace": "acme", "repository": "nosuch"})).call().await?.0.is_none());

    let starred: Vec<_> = bob.list_starred_repos().stream().try_collect().await?;
    let mut names: Vec<_> = starred.iter().map(|r| r.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["secret", "site", "web"]);
    assert!(c.list_starred_repos().call().await?.repositories.is_empty(), "stars are per user");
    assert!(bob.get_repo().namespace("acme").repository("web").call().await?.is_starred);

    bob.delete_star().namespace("acme").repository("web").call().await?;
    bob.delete_star().namespace("acme").repository("web").call().await?;
    bob.delete_star().namespace("acme").repository("nosuch").call().await?;
    let left: Vec<_> = bob.list_starred_repos().stream().try_collect().await?;
    assert_eq!(left.len(), 2);

    // A body without the repository is refused before sending; a token without the scope, by Quay.
    assert!(bob.create_star().body(json!({"namespace": "acme"})).call().await.is_err());
    let limited = env.client(&env.fake.mint_token("bob", &["repo:write"]));
    api_err(limited.list_starred_repos().call().await, 403);
    Ok(())
}

#[tokio::test]
async fn starred_repositories_page() -> Result<()> {
    let env = Env::with(quay_fake::FakeQuay::builder().page_sizes(quay_fake::PageSizes { repos: 2, ..Default::default() })).await;
    let c = &env.admin;
    c.create_organization().body(json!({"name": "acme", "email": "acme@example.com"})).call().await?;
    for i in 0..5 {
        add_repo(c, "acme", &format!("r{i}"), "public").await?;
        c.create_star().body(json!({"namespace": "acme", "repository": format!("r{i}")})).call().await?;
    }
    let first = c.list_starred_repos().call().await?;
    assert_eq!(first.repositories.len(), 2);
    assert!(first.next_page.is_some());
    let all: Vec<_> = c.list_starred_repos().stream().try_collect().await?;
    assert_eq!(all.len(), 5);
    Ok(())
}

#[tokio::test]
async fn search() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    c.create_organization().body(json!({"name": "acme", "email": "acme@example.com"})).call().await?;
    for i in 1..=12 {
        add_repo(c, "acme", &format!("findme-{i:02}"), if i % 2 == 1 { "public" } else { "private" }).await?;
    }
    add_repo(c, "acme", "other", "private").await?;
    // Ten a page; the stream walks both pages.
    let p1 = c.conduct_repo_search().query("findme").call().await?;
    assert_eq!((p1.results.len(), p1.has_additional, p1.page, p1.page_size, p1.start_index), (10, true, 1, 10, 0));
    let p2 = c.conduct_repo_search().query("findme").page(2).call().await?;
    assert_eq!((p2.results.len(), p2.has_additional, p2.start_index), (2, false, 10));
    assert!(c.conduct_repo_search().query("findme").page(3).call().await?.results.is_empty());
    assert_eq!(c.conduct_repo_search().query("findme").page(0).call().await?.page, 1, "page 0 is clamped to 1");
    let all: Vec<_> = c.conduct_repo_search().query("findme").stream().try_collect().await?;
    assert_eq!(all.len(), 12);
    assert!(all.iter().all(|r| r.namespace.name == "acme" && r.title == "repo" && r.stars.is_none()));
    let usage = c.conduct_repo_search().query("other").include_usage(true).call().await?;
    assert_eq!(usage.results[0].stars, Some(0));

    // Anonymous callers find the public repositories only; a reader also its granted one.
    let anon = quay_sdk::Client::builder().registry(env.fake.url()).build()?;
    let public: Vec<_> = anon.conduct_repo_search().query("findme").stream().try_collect().await?;
    assert_eq!(public.len(), 6);
    assert!(public.iter().all(|r| r.is_public));
    let bob = reader(&env, "bob", "acme", "findme-02").await?;
    let seen: Vec<_> = bob.conduct_repo_search().query("findme").stream().try_collect().await?;
    assert_eq!(seen.len(), 7);

    // conductSearch: best score first; an empty query finds nothing.
    let found = c.conduct_search().query("acme").call().await?.results;
    assert_eq!((found[0].kind.as_str(), found[0].name.as_str()), ("organization", "acme"));
    assert!(found.iter().any(|r| r.kind == "team" && r.name == "owners") || found.iter().all(|r| r.kind != "team"));
    let repos = c.conduct_search().query("findme").call().await?.results;
    assert!(!repos.is_empty() && repos.iter().all(|r| r.kind == "repository"));
    assert!(repos.windows(2).all(|w| w[0].score >= w[1].score), "sorted by score");
    assert!(c.conduct_search().call().await?.results.is_empty());
    let anon_found = anon.conduct_search().query("acme").call().await?.results;
    assert_eq!(anon_found.len(), 1);

    // getMatchingEntities: users by prefix; in an organization, members are flagged, teams and
    // the organization itself come on request.
    env.fake.create_user("bobby", "bobby@example.com");
    let users = c.get_matching_entities().prefix("bob").call().await?.results;
    assert_eq!(users.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["bob", "bobby"]);
    assert!(users.iter().all(|e| e.is_org_member.is_none()));
    let in_org = c.get_matching_entities().prefix("bob").namespace("acme").call().await?.results;
    let flags: Vec<_> = in_org.iter().map(|e| (e.name.as_str(), e.is_org_member)).collect();
    assert_eq!(flags, [("bob", Some(true)), ("bobby", Some(false))], "a repository grant counts as membership");
    let teams = c.get_matching_entities().prefix("own").namespace("acme").include_teams(true).call().await?.results;
    assert_eq!((teams[0].kind.as_str(), teams[0].name.as_str()), ("team", "owners"));
    let org = c.get_matching_entities().prefix("ac").namespace("acme").include_orgs(true).call().await?.results;
    assert!(org.iter().any(|e| e.kind == "org" && e.name == "acme"));
    assert_eq!(anon.get_matching_entities().prefix("bob").call().await?.results.len(), 2);
    Ok(())
}

#[tokio::test]
async fn manifests_labels_and_pulls() -> Result<()> {
    let env = Env::with(quay_fake::FakeQuay::builder().features(quay_fake::Features::all())).await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    let digest = env.fake.push_manifest("acme", "web", Some("v1"));
    let m = c.get_repo_manifest().namespace("acme").repository("web").manifestref(digest.as_str()).call().await?;
    assert_eq!(m.digest, digest);
    assert!(!m.is_manifest_list);
    let data: serde_json::Value = serde_json::from_str(&m.manifest_data).expect("manifest JSON");
    assert_eq!(data["schemaVersion"], 2);
    assert_eq!(m.layers.as_ref().map(|l| l.len()), Some(1));
    // A manifest no tag points to is invisible, as in Quay; a malformed digest is refused before sending.
    let untagged = env.fake.push_manifest("acme", "web", None);
    api_err(c.get_repo_manifest().namespace("acme").repository("web").manifestref(untagged.as_str()).call().await, 404);
    assert!(c.get_repo_manifest().namespace("acme").repository("web").manifestref("v1").call().await.is_err());

    fn labels<'a>(c: &'a Client, digest: &str) -> quay_sdk::builder::ListManifestLabels<'a> {
        c.list_manifest_labels().namespace("acme").repository("web").manifestref(digest.to_string())
    }
    assert!(labels(c, &digest).call().await?.labels.is_empty());
    let added = c
        .add_manifest_label()
        .namespace("acme")
        .repository("web")
        .manifestref(digest.as_str())
        .body(json!({"key": "com.example.stage", "value": "qa", "media_type": "text/plain"}))
        .call()
        .await?
        .label;
    assert_eq!((added.key.as_str(), added.value.as_str(), added.source_type.as_str()), ("com.example.stage", "qa", "api"));
    let nulled = c
        .add_manifest_label()
        .namespace("acme")
        .repository("web")
        .manifestref(digest.as_str())
        .body(json!({"key": "com.example.meta", "value": "x", "media_type": null}))
        .call()
        .await?
        .label;
    assert_eq!(nulled.media_type, "text/plain", "a null media type is stored as text/plain");
    let listed = labels(c, &digest).call().await?.labels;
    assert_eq!(listed.len(), 2);
    assert_eq!(labels(c, &digest).filter("com.example.st").call().await?.labels.len(), 1);
    let got = c.get_manifest_label().namespace("acme").repository("web").manifestref(digest.as_str()).labelid(added.id.as_str()).call().await?;
    assert_eq!(got.id, added.id);
    // Reserved prefixes and malformed keys are refused with Quay's bare 400.
    for key in ["quay.expires-after", "bad key!"] {
        let e = api_err(
            c.add_manifest_label()
                .namespace("acme")
                .repository("web")
                .manifestref(digest.as_str())
                .body(json!({"key": key, "value": "1d", "media_type": "text/plain"}))
                .call()
                .await,
            400,
        );
        assert!(e.detail.contains("reserved prefix") || e.detail.contains("invalid format"), "{e:?}");
    }
    // A reader may read labels but not add or delete them.
    let bob = reader(&env, "bob", "acme", "web").await?;
    assert_eq!(labels(&bob, &digest).call().await?.labels.len(), 2);
    api_err(
        bob.delete_manifest_label().namespace("acme").repository("web").manifestref(digest.as_str()).labelid(added.id.as_str()).call().await,
        403,
    );
    c.delete_manifest_label().namespace("acme").repository("web").manifestref(digest.as_str()).labelid(added.id.as_str()).call().await?;
    api_err(
        c.delete_manifest_label().namespace("acme").repository("web").manifestref(digest.as_str()).labelid(added.id.as_str()).call().await,
        404,
    );
    api_err(c.get_manifest_label().namespace("acme").repository("web").manifestref(digest.as_str()).labelid(added.id.as_str()).call().await, 404);
    assert_eq!(labels(c, &digest).call().await?.labels.len(), 1);

    // Pull statistics: 0 and null until pulls are counted.
    let tag_stats = || c.get_tag_pull_statistics().namespace("acme").repository("web").tag("v1");
    let before = tag_stats().call().await?;
    assert_eq!((before.tag_pull_count, before.last_tag_pull_date.clone(), before.manifest_pull_count), (0, None, 0));
    env.fake.record_pull("acme", "web", "v1");
    env.fake.record_pull("acme", "web", "v1");
    env.fake.record_pull("acme", "web", &digest);
    let after = tag_stats().call().await?;
    assert_eq!((after.tag_pull_count, after.manifest_pull_count), (2, 3));
    assert!(after.last_tag_pull_date.is_some() && after.current_manifest_digest == digest);
    let ms = c.get_manifest_pull_statistics().namespace("acme").repository("web").manifestref(digest.as_str()).call().await?;
    assert_eq!(ms.manifest_pull_count, 3);
    api_err(c.get_tag_pull_statistics().namespace("acme").repository("web").tag("nosuch").call().await, 404);

    // Security: no scanner answers, so the scan stays queued.
    let sec = c.get_repo_manifest_security().namespace("acme").repository("web").manifestref(digest.as_str()).vulnerabilities(true).call().await?;
    assert_eq!(sec.status, "queued");
    assert!(sec.data.is_none());
    Ok(())
}

#[tokio::test]
async fn feature_gated_manifest_operations_are_absent_by_default() -> Result<()> {
    let env = Env::with(quay_fake::FakeQuay::builder()).await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    let digest = env.fake.push_manifest("acme", "web", Some("v1"));
    assert!(c.get_tag_pull_statistics().namespace("acme").repository("web").tag("v1").call().await.is_err());
    assert!(c.get_repo_manifest_security().namespace("acme").repository("web").manifestref(digest.as_str()).call().await.is_err());
    c.get_repo_manifest().namespace("acme").repository("web").manifestref(digest.as_str()).call().await?;
    Ok(())
}

#[tokio::test]
async fn transitive_permission() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    let bob = reader(&env, "bob", "acme", "web").await?;
    let roles = |u: &'static str| c.get_user_transitive_permission().namespace("acme").repository("web").username(u);
    let direct = roles("bob").call().await?.permissions;
    assert_eq!(direct.iter().map(|p| p.role).collect::<Vec<_>>(), [quay_sdk::types::RepositoryRole::Read]);
    env.fake.create_user("carol", "carol@example.com");
    api_err(roles("carol").call().await, 404);
    c.update_organization_team().orgname("acme").teamname("devs").body(json!({"role": "member"})).call().await?;
    c.update_organization_team_member().orgname("acme").teamname("devs").membername("carol").call().await?;
    c.change_team_permissions().namespace("acme").repository("web").teamname("devs").body(json!({"role": "write"})).call().await?;
    let via_team = roles("carol").call().await?.permissions;
    assert_eq!(via_team.iter().map(|p| p.role).collect::<Vec<_>>(), [quay_sdk::types::RepositoryRole::Write]);
    let owner = roles("quayadmin").call().await?.permissions;
    assert!(owner.iter().any(|p| p.role == quay_sdk::types::RepositoryRole::Admin));
    api_err(roles("nosuchuser").call().await, 404);
    api_err(bob.get_user_transitive_permission().namespace("acme").repository("web").username("bob").call().await, 403);
    Ok(())
}

#[tokio::test]
async fn repository_notifications() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    fn create<'a>(c: &'a Client, body: serde_json::Value) -> quay_sdk::builder::CreateRepoNotification<'a> {
        c.create_repo_notification().namespace("acme").repository("web").body(body)
    }
    let list = || c.list_repo_notifications().namespace("acme").repository("web");
    assert!(list().call().await?.notifications.is_empty());
    let hook = create(
        c,
        json!({"event": "repo_push", "method": "webhook", "config": {"url": "http://127.0.0.2:9/"}, "eventConfig": {}, "title": "hook"}),
    )
    .call()
    .await?;
    assert_eq!((hook.event.as_str(), hook.method.as_str(), hook.title.as_deref()), ("repo_push", "webhook", Some("hook")));
    assert_eq!((hook.number_of_failures, hook.config["url"].as_str()), (0, Some("http://127.0.0.2:9/")));
    env.fake.create_user("bob", "bob@example.com");
    let to_bob = create(
        c,
        json!({"event": "vulnerability_found", "method": "quay_notification", "config": {"target": {"name": "bob", "kind": "user"}}, "eventConfig": {"level": 3}}),
    )
    .call()
    .await?;
    assert_eq!(to_bob.title, None, "a missing title comes back as null");
    assert_eq!(to_bob.event_config["level"], 3, "eventConfig comes back as event_config");
    // Each method checks its config as Quay does (bare loopback names are refused literally).
    for (config, method, why) in [
        (json!({"url": "http://127.0.0.1:9/"}), "webhook", "Invalid webhook URL"),
        (json!({"url": "ftp://example.com/"}), "webhook", "Invalid webhook URL"),
        (json!({}), "webhook", "Missing webhook URL"),
        (json!({"target": {"name": "nosuchuser", "kind": "user"}}), "quay_notification", "Unknown user nosuchuser"),
        (json!({"target": {"name": "nosuchteam", "kind": "team"}}), "quay_notification", "Unknown team nosuchteam"),
        (json!({"email": "someone@example.com"}), "email", "not authorized to receive notifications"),
        (json!({}), "slack", "Missing Slack Callback URL"),
    ] {
        let e = api_err(create(c, json!({"event": "repo_push", "method": method, "config": config, "eventConfig": {}})).call().await, 400);
        assert!(e.detail.contains(why), "{method}: {e:?}");
    }
    // Unknown methods and events (an HTML 500 in Quay) and missing fields are refused before sending.
    for body in [
        json!({"event": "repo_push", "method": "carrier_pigeon", "config": {}, "eventConfig": {}}),
        json!({"event": "no_such_event", "method": "webhook", "config": {"url": "http://example.com/"}, "eventConfig": {}}),
        json!({"event": "repo_push", "method": "webhook", "eventConfig": {}}),
    ] {
        let r = create(c, body).call().await;
        assert!(matches!(&r, Err(quay_sdk::Error::InvalidInput(m)) if m.contains("createRepoNotification")), "{r:?}");
    }
    assert_eq!(list().call().await?.notifications.iter().map(|n| n.uuid.clone()).collect::<Vec<_>>(), [hook.uuid.clone(), to_bob.uuid.clone()]);
    let get = |uuid: &str| c.get_repo_notification().namespace("acme").repository("web").uuid(uuid.to_string());
    assert_eq!(get(&hook.uuid).call().await?.title.as_deref(), Some("hook"));

    // A test is queued (200 {}) whatever the target; the worker's failed delivery to the
    // unreachable webhook then shows as a failure, Quay's own notification is delivered.
    let test = |uuid: &str| c.test_repo_notification().namespace("acme").repository("web").uuid(uuid.to_string());
    assert!(test(&hook.uuid).call().await?.is_empty());
    test(&hook.uuid).call().await?;
    test(&to_bob.uuid).call().await?;
    assert_eq!(get(&hook.uuid).call().await?.number_of_failures, 0, "nothing is delivered before the worker runs");
    assert_eq!(env.fake.deliver_notifications(), quay_fake::Deliveries { delivered: 1, failed: 2 });
    assert_eq!(get(&hook.uuid).call().await?.number_of_failures, 2);
    assert_eq!(get(&to_bob.uuid).call().await?.number_of_failures, 0);
    let reset = |uuid: &str| c.reset_repository_notification_failures().namespace("acme").repository("web").uuid(uuid.to_string());
    reset(&hook.uuid).call().await?;
    assert_eq!(get(&hook.uuid).call().await?.number_of_failures, 0);

    // Unknown notifications: 404 to read, 400 to test, reset or delete (as Quay answers).
    let nobody = "00000000-0000-0000-0000-000000000000";
    api_err(get(nobody).call().await, 404);
    for r in [test(nobody).call().await.map(|_| ()), reset(nobody).call().await] {
        assert!(api_err(r, 400).detail.contains("No repository notification found for: acme, web, 00000000"));
    }
    // Admin only: a reader is refused; a missing repository lists nothing.
    let reader = reader(&env, "carol", "acme", "web").await?;
    api_err(reader.list_repo_notifications().namespace("acme").repository("web").call().await, 403);
    api_err(reader.delete_repo_notification().namespace("acme").repository("web").uuid(hook.uuid.as_str()).call().await, 403);
    assert!(c.list_repo_notifications().namespace("acme").repository("nosuch").call().await?.notifications.is_empty());
    let delete = |uuid: &str| c.delete_repo_notification().namespace("acme").repository("web").uuid(uuid.to_string());
    delete(&hook.uuid).call().await?;
    api_err(delete(&hook.uuid).call().await, 400);
    api_err(get(&hook.uuid).call().await, 404);
    assert_eq!(list().call().await?.notifications.len(), 1);
    Ok(())
}

#[tokio::test]
async fn usage_logs_windows_aggregates_and_exports() -> Result<()> {
    let env = Env::new().await;
    // 2030-03-10 12:00 UTC: windows below are read from the fake's clock, never today's date.
    env.fake.set_time(1_899_374_400);
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    for i in 0..4 {
        c.update_repo().namespace("acme").repository("web").body(json!({"description": format!("rev {i}")})).call().await?;
    }
    let org_logs = || c.list_org_logs().orgname("acme");
    let first = org_logs().call().await?;
    assert_eq!(first.logs[0].kind, "set_repo_description", "newest first");
    assert!(first.logs.iter().any(|l| l.kind == "create_repo"));
    assert!(first.logs.iter().all(|l| l.namespace.is_none()), "one namespace: no namespace key");
    assert_eq!(first.start_time, "Sat, 09 Mar 2030 12:00:00 -0000");
    assert_eq!(first.end_time, "Mon, 11 Mar 2030 12:00:00 -0000");
    // Paged by next_page: the stream hands out every entry once.
    env.fake.set_page_sizes(quay_fake::PageSizes { logs: 2, ..env.fake.page_sizes() });
    let all: Vec<_> = org_logs().stream().try_collect().await?;
    assert_eq!(all.len(), first.logs.len());
    assert!(org_logs().call().await?.next_page.is_some());
    let repo_logs = || c.list_repo_logs().namespace("acme").repository("web");
    let repo_all: Vec<_> = repo_logs().stream().try_collect().await?;
    assert_eq!(repo_all.iter().filter(|l| l.kind == "set_repo_description").count(), 4);
    assert!(repo_all.iter().all(|l| l.metadata.get("repo").and_then(|r| r.as_str()) == Some("web")));
    env.fake.set_page_sizes(quay_fake::PageSizes { logs: 20, ..env.fake.page_sizes() });

    // Three days later the default window is empty; an explicit one finds the entries.
    env.fake.advance(std::time::Duration::from_secs(3 * 86_400));
    assert!(org_logs().call().await?.logs.is_empty());
    let dated = org_logs().starttime("03/10/2030").endtime("03/10/2030").call().await?;
    assert_eq!(dated.logs.len(), first.logs.len());
    assert_eq!(dated.end_time, "Mon, 11 Mar 2030 00:00:00 -0000", "the end day is included");
    assert!(org_logs().starttime("03/11/2030").endtime("03/12/2030").call().await?.logs.is_empty());
    assert_eq!(org_logs().starttime("yesterday").call().await?.logs.len(), 0, "an unparseable date is ignored");
    api_err(org_logs().starttime("03/12/2030").endtime("03/01/2030").call().await, 400);
    let by_admin = org_logs().starttime("03/10/2030").endtime("03/10/2030").performer("quayadmin").call().await?;
    assert_eq!(by_admin.logs.len(), first.logs.len());
    api_err(org_logs().performer("nosuchuser").call().await, 500);

    // Daily counts by kind.
    let agg = c.get_aggregate_repo_logs().namespace("acme").repository("web").starttime("03/10/2030").endtime("03/10/2030").call().await?;
    let desc = agg.aggregated.iter().find(|a| a.kind == "set_repo_description").expect("counted");
    assert_eq!((desc.count, desc.datetime.as_str()), (4, "Sun, 10 Mar 2030 00:00:00 -0000"));
    assert!(c.get_aggregate_org_logs().orgname("acme").call().await?.aggregated.is_empty(), "nothing in today's window");

    // Exports: queued with an id; bad callbacks and windows refused, both logged.
    let export = c.export_org_logs().orgname("acme").body(json!({"callback_email": "ops@example.com"})).call().await?;
    assert_eq!(export.export_id.len(), 36);
    c.export_org_logs().orgname("acme").body(json!({})).call().await?;
    for (body, why) in [
        (json!({"callback_email": "not-an-email"}), "Invalid callback e-mail"),
        (json!({"callback_url": "ftp://example.com/x"}), "Invalid URL scheme 'ftp'"),
        (json!({"callback_url": "http://10.1.2.3/cb"}), "Invalid callback URL"),
    ] {
        let e = api_err(c.export_org_logs().orgname("acme").body(body).call().await, 400);
        assert!(e.detail.contains(why), "{e:?}");
    }
    let e = api_err(c.export_repo_logs().namespace("acme").repository("web").starttime("03/12/2030").endtime("03/01/2030").body(json!({})).call().await, 400);
    assert!(e.detail.contains("Invalid time span selected"), "{e:?}");
    api_err(c.export_repo_logs().namespace("acme").repository("nosuch").body(json!({})).call().await, 404);
    let kinds: Vec<String> = org_logs().call().await?.logs.into_iter().map(|l| l.kind).collect();
    assert_eq!(kinds.iter().filter(|k| *k == "export_logs_success").count(), 2);
    assert_eq!(kinds.iter().filter(|k| *k == "export_logs_failure").count(), 5);
    assert!(matches!(c.export_org_logs().orgname("acme").body(json!({"callback_url": 5})).call().await, Err(quay_sdk::Error::InvalidInput(_))));

    // Who may read: missing org 400, missing repo 404, a reader 403; a user reads its own logs.
    api_err(c.list_org_logs().orgname("nosuchorg").call().await, 400);
    api_err(c.list_repo_logs().namespace("acme").repository("nosuch").call().await, 404);
    let bob = reader(&env, "bob", "acme", "web").await?;
    api_err(bob.list_repo_logs().namespace("acme").repository("web").call().await, 403);
    api_err(bob.list_org_logs().orgname("acme").call().await, 403);
    api_err(bob.export_org_logs().orgname("acme").body(json!({})).call().await, 403);
    bob.create_repo().body(json!({"namespace": "bob", "repository": "mine", "visibility": "private", "description": ""})).call().await?;
    let own = bob.list_user_logs().call().await?.logs;
    assert!(own.iter().any(|l| l.kind == "create_repo" && l.metadata.get("repo").and_then(|r| r.as_str()) == Some("mine")));
    let counts = bob.get_aggregate_user_logs().call().await?.aggregated;
    assert_eq!(counts.iter().find(|a| a.kind == "create_repo").map(|a| a.count), Some(1));
    assert_eq!(bob.export_user_logs().body(json!({"callback_url": "https://example.com/done"})).call().await?.export_id.len(), 36);
    assert_eq!(bob.list_user_logs().call().await?.logs[0].kind, "export_logs_success");
    Ok(())
}

#[tokio::test]
async fn auto_prune_policies() -> Result<()> {
    let env = Env::with(quay_fake::FakeQuay::builder().features(quay_fake::Features { auto_prune: true, ..Default::default() })).await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    // Organization policies: create, duplicate refused, list, get, update (204), delete (200).
    let org_create = |body: serde_json::Value| c.create_organization_auto_prune_policy().orgname("acme").body(body);
    let keep10 = org_create(json!({"method": "number_of_tags", "value": 10})).call().await?.uuid;
    let e = api_err(org_create(json!({"method": "number_of_tags", "value": 10})).call().await, 400);
    assert!(e.detail.contains("Existing policy with same values for this namespace"), "{e:?}");
    let dev = org_create(json!({"method": "creation_date", "value": "7d", "tagPattern": "^dev-.*", "tagPatternMatches": true})).call().await?.uuid;
    // Quay does not check the pattern: an invalid regular expression is stored.
    org_create(json!({"method": "number_of_tags", "value": 3, "tagPattern": "[bad"})).call().await?;
    for (body, why) in [
        (json!({"method": "number_of_tags", "value": -5}), "Invalid value given for method type"),
        (json!({"method": "number_of_tags", "value": "abc"}), "Invalid value given for method type"),
        (json!({"method": "creation_date", "value": "7x"}), "Invalid value given for method type"),
        (json!({"method": "creation_date", "value": 7}), "Invalid value given for method type"),
    ] {
        assert!(api_err(org_create(body).call().await, 400).detail.contains(why));
    }
    // Unknown methods and non-integer, non-string values are refused before sending.
    for body in [json!({"method": "by_size", "value": 10}), json!({"method": "number_of_tags", "value": true}), json!({"method": "number_of_tags"})] {
        let r = org_create(body).call().await;
        assert!(matches!(&r, Err(quay_sdk::Error::InvalidInput(m)) if m.contains("createOrganizationAutoPrunePolicy")), "{r:?}");
    }
    let listed = c.list_organization_auto_prune_policies().orgname("acme").call().await?.policies;
    assert_eq!(listed.iter().map(|p| p.uuid.clone()).collect::<Vec<_>>().len(), 3);
    assert_eq!(listed[1].tag_pattern.as_deref(), Some("^dev-.*"));
    assert_eq!(listed[0].tag_pattern, None);
    let got = c.get_organization_auto_prune_policy().orgname("acme").policy_uuid(keep10.as_str()).call().await?;
    assert_eq!((got.method.as_str(), serde_json::to_value(&got.value).expect("value"), got.tag_pattern_matches), ("number_of_tags", json!(10), true));
    // An update may make a policy identical to another (Quay accepts it).
    c.update_organization_auto_prune_policy()
        .orgname("acme")
        .policy_uuid(keep10.as_str())
        .body(json!({"method": "creation_date", "value": "7d", "tagPattern": "^dev-.*", "tagPatternMatches": true}))
        .call()
        .await?;
    let got = c.get_organization_auto_prune_policy().orgname("acme").policy_uuid(keep10.as_str()).call().await?;
    assert_eq!((got.method.as_str(), serde_json::to_value(&got.value).expect("value")), ("creation_date", json!("7d")));
    api_err(
        c.update_organization_auto_prune_policy().orgname("acme").policy_uuid(keep10.as_str()).body(json!({"method": "number_of_tags", "value": 0})).call().await,
        400,
    );
    assert_eq!(c.delete_organization_auto_prune_policy().orgname("acme").policy_uuid(dev.as_str()).call().await?.uuid, dev);
    api_err(c.delete_organization_auto_prune_policy().orgname("acme").policy_uuid(dev.as_str()).call().await, 404);
    api_err(c.get_organization_auto_prune_policy().orgname("acme").policy_uuid(dev.as_str()).call().await, 404);
    assert!(c.list_organization_auto_prune_policies().orgname("nosuchorg").call().await?.policies.is_empty());
    api_err(c.create_organization_auto_prune_policy().orgname("nosuchorg").body(json!({"method": "number_of_tags", "value": 3})).call().await, 404);
    let kinds: Vec<String> = c.list_org_logs().orgname("acme").call().await?.logs.into_iter().map(|l| l.kind).collect();
    assert!(kinds.contains(&"create_namespace_autoprune_policy".to_string()) && kinds.contains(&"delete_namespace_autoprune_policy".to_string()));

    // Repository policies, admin only; a reader is refused, an unknown repository is 404.
    let repo_create = |body: serde_json::Value| c.create_repository_auto_prune_policy().namespace("acme").repository("web").body(body);
    let r1 = repo_create(json!({"method": "number_of_tags", "value": 10})).call().await?.uuid;
    let e = api_err(repo_create(json!({"method": "number_of_tags", "value": 10})).call().await, 400);
    assert!(e.detail.contains("for this repository"), "{e:?}");
    c.update_repository_auto_prune_policy().namespace("acme").repository("web").policy_uuid(r1.as_str()).body(json!({"method": "number_of_tags", "value": 25})).call().await?;
    let r = c.get_repository_auto_prune_policy().namespace("acme").repository("web").policy_uuid(r1.as_str()).call().await?;
    assert_eq!(serde_json::to_value(&r.value).expect("value"), json!(25));
    let bob = reader(&env, "bob", "acme", "web").await?;
    api_err(bob.list_repository_auto_prune_policies().namespace("acme").repository("web").call().await, 403);
    api_err(bob.list_organization_auto_prune_policies().orgname("acme").call().await, 403);
    api_err(c.list_repository_auto_prune_policies().namespace("acme").repository("nosuch").call().await, 404);
    c.delete_repository_auto_prune_policy().namespace("acme").repository("web").policy_uuid(r1.as_str()).call().await?;
    assert!(c.list_repository_auto_prune_policies().namespace("acme").repository("web").call().await?.policies.is_empty());

    // User policies act on the caller's own namespace only.
    let mine = bob.create_user_auto_prune_policy().body(json!({"method": "creation_date", "value": "2w"})).call().await?.uuid;
    assert_eq!(bob.list_user_auto_prune_policies().call().await?.policies.len(), 1);
    api_err(c.get_user_auto_prune_policy().policy_uuid(mine.as_str()).call().await, 404);
    bob.update_user_auto_prune_policy().policy_uuid(mine.as_str()).body(json!({"method": "creation_date", "value": "3d"})).call().await?;
    let v = bob.get_user_auto_prune_policy().policy_uuid(mine.as_str()).call().await?.value;
    assert_eq!(serde_json::to_value(&v).expect("value"), json!("3d"));
    bob.delete_user_auto_prune_policy().policy_uuid(mine.as_str()).call().await?;
    api_err(bob.delete_user_auto_prune_policy().policy_uuid(mine.as_str()).call().await, 404);
    Ok(())
}

#[tokio::test]
async fn auto_prune_is_absent_without_its_feature() -> Result<()> {
    let env = Env::with(quay_fake::FakeQuay::builder()).await;
    env.admin.create_organization().body(json!({"name": "acme", "email": "acme@example.com"})).call().await?;
    assert!(env.admin.list_organization_auto_prune_policies().orgname("acme").call().await.is_err());
    Ok(())
}

#[tokio::test]
async fn mirror_health() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    let empty = c.get_repository_mirror_health().call().await?;
    assert!(empty.healthy && empty.issues.is_empty());
    assert_eq!((empty.repositories.total, empty.workers.status.as_str()), (0, "healthy"));
    org_with_repo(c, "acme", "mirrored").await?;
    let robot = c.create_org_robot().orgname("acme").robot_shortname("mirror").call().await?;
    c.change_repo_state().namespace("acme").repository("mirrored").body(json!({"state": "MIRROR"})).call().await?;
    c.create_repo_mirror_config()
        .namespace("acme")
        .repository("mirrored")
        .body(json!({
            "external_reference": "registry.example.org/library/alpine", "sync_interval": 3600,
            "sync_start_date": "2030-01-01T00:00:00Z", "robot_username": robot.name,
            "root_rule": {"rule_kind": "tag_glob_csv", "rule_value": ["3.*"]}, "skopeo_timeout_interval": 300,
        }))
        .call()
        .await?;
    let h = c.get_repository_mirror_health().namespace("acme").detailed(true).limit(5).call().await?;
    assert_eq!((h.repositories.total, h.repositories.never_run), (1, 1));
    assert_eq!(h.issues[0].message, "Repository acme/mirrored has never been synced");
    let details = h.repositories.details;
    assert_eq!((details[0].repository.as_str(), details[0].sync_status.as_str()), ("mirrored", "NEVER_RUN"));
    let page = h.repositories.pagination.expect("pagination");
    assert_eq!((page.limit, page.offset, page.has_more), (5, 0, false));
    assert_eq!(c.get_super_user_repository_mirror_health().call().await?.repositories.total, 1);
    c.create_organization().body(json!({"name": "other", "email": "other@example.com"})).call().await?;
    assert_eq!(c.get_repository_mirror_health().namespace("other").call().await?.repositories.total, 0);
    api_err(c.get_repository_mirror_health().namespace("nosuchorg").call().await, 404);
    // Superusers only, as the recorded Quay answered.
    let bob = reader(&env, "bob", "acme", "mirrored").await?;
    api_err(bob.get_repository_mirror_health().namespace("acme").call().await, 403);
    api_err(bob.get_super_user_repository_mirror_health().call().await, 403);
    Ok(())
}

#[tokio::test]
async fn build_triggers() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    let list = || c.list_build_triggers().namespace("acme").repository("web");
    let get = |uuid: &str| c.get_build_trigger().namespace("acme").repository("web").trigger_uuid(uuid.to_string());
    let activate = |uuid: &str, body: serde_json::Value| {
        c.activate_build_trigger().namespace("acme").repository("web").trigger_uuid(uuid.to_string()).body(body)
    };
    let start = |uuid: &str, body: serde_json::Value| {
        c.manually_start_build_trigger().namespace("acme").repository("web").trigger_uuid(uuid.to_string()).body(body)
    };
    let update = |uuid: &str, enabled: bool| {
        c.update_build_trigger().namespace("acme").repository("web").trigger_uuid(uuid.to_string()).body(json!({"enabled": enabled}))
    };
    let recent = |uuid: &str| c.list_trigger_recent_builds().namespace("acme").repository("web").trigger_uuid(uuid.to_string());
    assert!(list().call().await?.triggers.is_empty());

    // No API creates a trigger: the fake's hook sets one up as Quay's web UI does, inactive.
    let uuid = env.fake.create_build_trigger("acme", "web", "custom-git", "quayadmin");
    let listed = list().call().await?.triggers;
    assert_eq!(listed.len(), 1);
    let t = &listed[0];
    assert_eq!((t.id.as_str(), t.service.as_str(), t.is_active, t.enabled, t.can_invoke), (uuid.as_str(), "custom-git", false, true, true));
    assert!(t.config.is_empty() && t.build_source.is_none() && t.disabled_reason.is_none() && t.pull_robot.is_none());
    let nobody = "00000000-0000-0000-0000-000000000000";
    api_err(get(nobody).call().await, 404);
    let e = api_err(update(&uuid, false).call().await, 400);
    assert!(e.detail.contains("Cannot update an unactivated trigger"), "{e:?}");
    let e = api_err(start(&uuid, json!({"commit_sha": "0123456789abcdef"})).call().await, 400);
    assert!(e.detail.contains("Trigger is not active."), "{e:?}");
    // The config is required before sending.
    let r = activate(&uuid, json!({})).call().await;
    assert!(matches!(&r, Err(quay_sdk::Error::InvalidInput(m)) if m.contains("activateBuildTrigger")), "{r:?}");

    // Only the user who set the trigger up activates it (an org admin or a reader is refused),
    // with a robot of the repository's namespace.
    let config = json!({"build_source": "git@git.example.com:acme/web.git", "dockerfile_path": "/Dockerfile", "context": "/"});
    let bob = reader(&env, "bob", "acme", "web").await?;
    api_err(bob.activate_build_trigger().namespace("acme").repository("web").trigger_uuid(uuid.as_str()).body(json!({"config": config})).call().await, 403);
    let alice_token = env.fake.create_user("alice", "alice@example.com");
    c.update_organization_team_member().orgname("acme").teamname("owners").membername("alice").call().await?;
    let alice = env.client(&alice_token);
    api_err(alice.activate_build_trigger().namespace("acme").repository("web").trigger_uuid(uuid.as_str()).body(json!({"config": config})).call().await, 403);
    api_err(activate(&uuid, json!({"config": config, "pull_robot": "acme+nosuch"})).call().await, 404);
    c.create_organization().body(json!({"name": "other", "email": "other@example.com"})).call().await?;
    c.create_org_robot().orgname("other").robot_shortname("puller").call().await?;
    api_err(activate(&uuid, json!({"config": config, "pull_robot": "other+puller"})).call().await, 403);
    c.create_org_robot().orgname("acme").robot_shortname("puller").call().await?;
    let mut with_templates = config.clone();
    with_templates["tag_templates"] = json!(["v-${commit_info.short_sha}", "${nosuch.field}"]);
    let active = activate(&uuid, json!({"config": with_templates, "pull_robot": "acme+puller"})).call().await?;
    assert!(active.is_active && active.can_invoke);
    assert_eq!(active.build_source.as_deref(), Some("git@git.example.com:acme/web.git"));
    assert_eq!(active.pull_robot.as_ref().map(|r| r.name.as_str()), Some("acme+puller"));
    let credentials = active.config["credentials"].as_array().expect("credentials").clone();
    assert_eq!(credentials[0]["name"], "SSH Public Key");
    assert!(credentials[0]["value"].as_str().unwrap().starts_with("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ"), "{credentials:?}");
    assert_eq!(credentials[1]["name"], "Webhook Endpoint URL");
    let webhook = credentials[1]["value"].as_str().unwrap().to_string();
    let secret = webhook.split("$token:").nth(1).and_then(|r| r.split('@').next()).expect("a token in the URL").to_string();
    assert!(secret.len() >= 32, "{webhook}");
    assert!(webhook.starts_with("http://$token:") && webhook.ends_with(&format!("/webhooks/push/trigger/{uuid}")), "{webhook}");
    assert_eq!(get(&uuid).call().await?.config, active.config, "getBuildTrigger shows the config");
    let e = api_err(activate(&uuid, json!({"config": config})).call().await, 400);
    assert!(e.detail.contains("Trigger config is not sufficient for activation."), "{e:?}");
    // The audit log records the set-up, never the webhook's secret.
    let logs = c.list_repo_logs().namespace("acme").repository("web").call().await?;
    let text = serde_json::to_string(&logs.logs).expect("json");
    assert!(text.contains("setup_repo_trigger") && !text.contains(&secret));

    // A manual start needs a commit (7+ hex digits) and queues a build (201) named after it.
    let e = api_err(start(&uuid, json!({})).call().await, 400);
    assert!(e.detail.contains("missing required parameter"), "{e:?}");
    api_err(start(&uuid, json!({"branch_name": "main"})).call().await, 400);
    let e = api_err(start(&uuid, json!({"commit_sha": "abc"})).call().await, 400);
    assert!(e.detail.contains("does not match"), "{e:?}");
    let sha = "0123456789abcdef0123456789abcdef01234567";
    let build = start(&uuid, json!({"commit_sha": sha})).call().await?;
    assert_eq!((build.display_name.as_str(), build.tags.as_slice()), ("0123456", &["v-0123456".to_string()][..]));
    assert_eq!((build.phase.as_str(), build.manual_user.as_deref(), build.dockerfile_path.as_str(), build.context.as_str()), ("waiting", Some("quayadmin"), "/Dockerfile", "/"));
    assert_eq!(build.trigger.as_ref().map(|t| t.id.as_str()), Some(uuid.as_str()));
    assert!(build.trigger.as_ref().is_some_and(|t| t.pull_robot.is_none()), "builds never show the trigger's robot");
    assert_eq!(build.trigger_metadata.as_ref().map(|m| m["commit"].clone()), Some(json!(sha)));
    assert_eq!(build.pull_robot.as_ref().map(|r| (r.name.as_str(), r.is_robot)), Some(("acme+puller", true)));
    env.fake.advance(std::time::Duration::from_secs(10));
    let second = start(&uuid, json!({"commit_sha": "fedcba9876543210"})).call().await?;
    let ids: Vec<String> = recent(&uuid).call().await?.builds.into_iter().map(|b| b.id).collect();
    assert_eq!(ids, [second.id.clone(), build.id.clone()], "newest first");
    assert_eq!(recent(&uuid).limit(1).call().await?.builds.len(), 1);
    let streamed: Vec<_> = recent(&uuid).stream().try_collect().await?;
    assert_eq!(streamed.len(), 2);
    let in_repo = c.get_repo_builds().namespace("acme").repository("web").call().await?.builds;
    assert_eq!(in_repo[0].trigger.as_ref().map(|t| t.id.as_str()), Some(uuid.as_str()));
    // A reader sees the build source of the build's trigger, not its config.
    let seen = bob.get_repo_build().namespace("acme").repository("web").build_uuid(build.id.as_str()).call().await?;
    let t = seen.trigger.expect("the trigger");
    assert!(!seen.is_writer && !t.can_invoke && t.config.is_empty() && t.build_source.is_some());

    // Disabling hides the config in the answer and keeps `user_toggled` after enabling again.
    let off = update(&uuid, false).call().await?;
    assert_eq!((off.enabled, off.can_invoke, off.disabled_reason.as_deref()), (false, false, Some("user_toggled")));
    assert!(off.config.is_empty() && off.build_source.is_none());
    let e = api_err(start(&uuid, json!({"commit_sha": sha})).call().await, 400);
    assert!(e.detail.contains("Trigger is not enabled."), "{e:?}");
    let on = update(&uuid, true).call().await?;
    assert_eq!((on.enabled, on.disabled_reason.as_deref()), (true, Some("user_toggled")));
    assert!(!get(&uuid).call().await?.config.is_empty());

    // An empty config activates a custom-git trigger, but a start then fails as Quay's does.
    let empty = env.fake.create_build_trigger("acme", "web", "custom-git", "quayadmin");
    let a = activate(&empty, json!({"config": {}})).call().await?;
    assert!(a.is_active && a.build_source.is_none() && a.config.contains_key("credentials"));
    api_err(start(&empty, json!({"commit_sha": sha})).call().await, 500);
    // Without tag templates a build is tagged with the short SHA.
    let plain = env.fake.create_build_trigger("acme", "web", "custom-git", "quayadmin");
    activate(&plain, json!({"config": config})).call().await?;
    assert_eq!(start(&plain, json!({"commit_sha": sha})).call().await?.tags, ["0123456"]);
    // GitHub (like GitLab and Bitbucket) cannot be reached: activating fails (500).
    let gh = env.fake.create_build_trigger("acme", "web", "github", "quayadmin");
    api_err(activate(&gh, json!({"config": {"build_source": "acme/web"}})).call().await, 500);
    assert!(!get(&gh).call().await?.is_active);

    // Admins only; deleting keeps the builds, unlinked; unknown or deleted triggers list none.
    api_err(bob.list_build_triggers().namespace("acme").repository("web").call().await, 403);
    api_err(bob.delete_build_trigger().namespace("acme").repository("web").trigger_uuid(uuid.as_str()).call().await, 403);
    assert_eq!(list().call().await?.triggers.len(), 4);
    c.delete_build_trigger().namespace("acme").repository("web").trigger_uuid(uuid.as_str()).call().await?;
    api_err(get(&uuid).call().await, 404);
    api_err(c.delete_build_trigger().namespace("acme").repository("web").trigger_uuid(uuid.as_str()).call().await, 404);
    assert!(recent(&uuid).call().await?.builds.is_empty());
    assert!(recent(nobody).call().await?.builds.is_empty());
    let kept = c.get_repo_build().namespace("acme").repository("web").build_uuid(build.id.as_str()).call().await?;
    assert!(kept.trigger.is_none());
    assert_eq!(kept.trigger_metadata.as_ref().map(|m| m["git_url"].clone()), Some(json!("git@git.example.com:acme/web.git")));
    assert_eq!(list().call().await?.triggers.len(), 3);
    Ok(())
}
