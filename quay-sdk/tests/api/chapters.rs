//! Every spec operation through the SDK, chapter by chapter, asserting the answer and the
//! state change it makes.

use futures::TryStreamExt;
use quay_sdk::body::{ChangeTag, PutServiceKey};
use quay_sdk::types::{self, DelegateKind, RepositoryRole, RepositoryState, TeamRole, Visibility};

use quay_sdk::{Client, Result};

use serde_json::json;

use crate::{Env, api_err};

/// An organization `org` with a private repository `org/repo`.
async fn org_with_repo(c: &Client, org: &str, repo: &str) -> Result<()> {
    c.create_organization().body(json!({"name": org, "email": format!("{org}@example.com")})).call().await?;
    c.create_repo()
        .body(json!({"namespace": org, "repository": repo, "visibility": "private", "description": "test"}))
        .call()
        .await?;
    Ok(())
}

#[tokio::test]
async fn organization() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    let created = c.create_organization().body(json!({"name": "acme", "email": "acme@example.com"})).call().await?;
    assert_eq!(created, "Created");
    let org = c.get_organization().orgname("acme").call().await?;
    assert_eq!(org.name, "acme");
    assert!(org.is_admin);

    let changed = c
        .change_organization_details()
        .orgname("acme")
        .body(quay_sdk::body::UpdateOrg { email: Some("ops@acme.example".into()), ..Default::default() })
        .call()
        .await?;
    assert_eq!(changed.email, "ops@acme.example");
    assert_eq!(c.get_organization().orgname("acme").call().await?.email, "ops@acme.example");
    let set = quay_sdk::body::UpdateOrg { invoice_email_address: Some(Some("billing@acme.example".into())), ..Default::default() };
    let org = c.change_organization_details().orgname("acme").body(set).call().await?;
    assert_eq!(org.invoice_email_address.as_deref(), Some("billing@acme.example"));
    let clear = quay_sdk::body::UpdateOrg { invoice_email_address: Some(None), ..Default::default() };
    let org = c.change_organization_details().orgname("acme").body(clear).call().await?;
    assert_eq!(org.invoice_email_address, None, "null clears the invoice address");

    let members = c.get_organization_members().orgname("acme").call().await?;
    assert!(members.members.iter().any(|m| m.name == "quayadmin"), "{members:?}");

    assert!(c.get_organization_applications().orgname("acme").call().await?.applications.is_empty());
    let app = c.create_organization_application().orgname("acme").body_map(|b| b.name("automation")).call().await?;
    assert_eq!(app.name, "automation");
    let apps = c.get_organization_applications().orgname("acme").call().await?;
    assert_eq!(apps.applications.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["automation"]);

    c.delete_admined_organization().orgname("acme").call().await?;
    api_err(c.get_organization().orgname("acme").call().await, 404);
    Ok(())
}

#[tokio::test]
async fn prototype() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    c.create_organization().body(json!({"name": "acme", "email": "acme@example.com"})).call().await?;
    c.update_organization_team().orgname("acme").teamname("devs").body_map(|b| b.role(TeamRole::Member)).call().await?;
    let p = c
        .create_organization_prototype_permission()
        .orgname("acme")
        .body_map(|b| b.role(RepositoryRole::Write).delegate(types::NewPrototypeDelegate { kind: DelegateKind::Team, name: "devs".into() }))
        .call()
        .await?;
    assert_eq!(p.role, RepositoryRole::Write);
    assert_eq!(p.delegate.name, "devs");
    let list = c.get_organization_prototype_permissions().orgname("acme").call().await?;
    assert_eq!(list.prototypes.len(), 1);
    assert_eq!(list.prototypes[0].id, p.id);

    let updated = c
        .update_organization_prototype_permission()
        .orgname("acme")
        .prototypeid(p.id.as_str())
        .body_map(|b| b.role(RepositoryRole::Admin))
        .call()
        .await?;
    assert_eq!(updated.role, RepositoryRole::Admin);
    let list = c.get_organization_prototype_permissions().orgname("acme").call().await?;
    assert_eq!(list.prototypes[0].role, RepositoryRole::Admin);

    c.delete_organization_prototype_permission().orgname("acme").prototypeid(p.id.as_str()).call().await?;
    assert!(c.get_organization_prototype_permissions().orgname("acme").call().await?.prototypes.is_empty());
    Ok(())
}

#[tokio::test]
async fn repository() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    let repo = c.get_repo().namespace("acme").repository("web").call().await?;
    assert_eq!((repo.namespace.as_str(), repo.name.as_str(), repo.is_public), ("acme", "web", false));

    let listed: Vec<_> = c.list_repos().namespace("acme").stream().try_collect().await?;
    assert_eq!(listed.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["web"]);

    assert!(c.update_repo().namespace("acme").repository("web").body_map(|b| b.description("new words")).call().await?.success);
    assert_eq!(c.get_repo().namespace("acme").repository("web").call().await?.description.as_deref(), Some("new words"));

    c.change_repo_visibility().namespace("acme").repository("web").body_map(|b| b.visibility(Visibility::Public)).call().await?;
    assert!(c.get_repo().namespace("acme").repository("web").call().await?.is_public);

    c.change_repo_state().namespace("acme").repository("web").body_map(|b| b.state(RepositoryState::ReadOnly)).call().await?;
    assert_eq!(c.get_repo().namespace("acme").repository("web").call().await?.state, RepositoryState::ReadOnly);

    c.delete_repository().namespace("acme").repository("web").call().await?;
    api_err(c.get_repo().namespace("acme").repository("web").call().await, 404);
    Ok(())
}

#[tokio::test]
async fn list_repos_pages_across_small_pages() -> Result<()> {
    let env = Env::with(quay_fake::FakeQuay::builder().page_sizes(quay_fake::PageSizes { repos: 2, ..Default::default() })).await;
    let c = &env.admin;
    c.create_organization().body(json!({"name": "acme", "email": "a@example.com"})).call().await?;
    for i in 0..5 {
        c.create_repo()
            .body(json!({"namespace": "acme", "repository": format!("r{i}"), "visibility": "private", "description": ""}))
            .call()
            .await?;
    }
    let first = c.list_repos().namespace("acme").call().await?;
    assert_eq!(first.repositories.len(), 2);
    assert!(first.next_page.is_some());
    let mut names: Vec<String> = c.list_repos().namespace("acme").stream().map_ok(|r| r.name).try_collect().await?;
    names.sort();
    assert_eq!(names, ["r0", "r1", "r2", "r3", "r4"]);
    Ok(())
}

#[tokio::test]
async fn permission() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    c.create_install_user().body(json!({"username": "alice", "email": "alice@example.com"})).call().await?;
    c.update_organization_team().orgname("acme").teamname("devs").body_map(|b| b.role(TeamRole::Member)).call().await?;

    let p = c.change_user_permissions().namespace("acme").repository("web").username("alice").body_map(|b| b.role(RepositoryRole::Read)).call().await?;
    assert_eq!(p.role, RepositoryRole::Read);
    assert_eq!(c.get_user_permissions().namespace("acme").repository("web").username("alice").call().await?.role, RepositoryRole::Read);
    let all = c.list_repo_user_permissions().namespace("acme").repository("web").call().await?;
    assert_eq!(all.permissions["alice"].role, RepositoryRole::Read);
    c.delete_user_permissions().namespace("acme").repository("web").username("alice").call().await?;
    // Quay reports a missing grant as 400, not 404.
    api_err(c.get_user_permissions().namespace("acme").repository("web").username("alice").call().await, 400);

    let t = c.change_team_permissions().namespace("acme").repository("web").teamname("devs").body_map(|b| b.role(RepositoryRole::Write)).call().await?;
    assert_eq!(t.role, RepositoryRole::Write);
    assert_eq!(c.get_team_permissions().namespace("acme").repository("web").teamname("devs").call().await?.role, RepositoryRole::Write);
    let teams = c.list_repo_team_permissions().namespace("acme").repository("web").call().await?;
    assert_eq!(teams.permissions["devs"].role, RepositoryRole::Write);
    c.delete_team_permissions().namespace("acme").repository("web").teamname("devs").call().await?;
    assert!(c.list_repo_team_permissions().namespace("acme").repository("web").call().await?.permissions.is_empty());
    Ok(())
}

#[tokio::test]
async fn mirror() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org_with_repo(c, "acme", "mirrored").await?;
    let robot = c.create_org_robot().orgname("acme").robot_shortname("mirror").call().await?;
    c.change_repo_state().namespace("acme").repository("mirrored").body_map(|b| b.state(RepositoryState::Mirror)).call().await?;
    c.create_repo_mirror_config()
        .namespace("acme")
        .repository("mirrored")
        .body_map(|b| {
            b.external_reference("registry.example.org/library/alpine")
                .sync_interval(3600)
                .sync_start_date("2030-01-01T00:00:00Z")
                .skopeo_timeout_interval(300)
                .robot_username(Some(robot.name.clone()))
                .root_rule(types::MirrorRootRule { rule_kind: types::MirrorRootRuleRuleKind::TagGlobCsv, rule_value: vec!["3.*".into()] })
        })
        .call()
        .await?;
    let cfg = c.get_repo_mirror_config().namespace("acme").repository("mirrored").call().await?;
    assert_eq!(cfg.external_reference, "registry.example.org/library/alpine");
    assert_eq!(cfg.sync_interval, 3600);

    c.change_repo_mirror_config().namespace("acme").repository("mirrored").body(json!({"sync_interval": 7200})).call().await?;
    assert_eq!(c.get_repo_mirror_config().namespace("acme").repository("mirrored").call().await?.sync_interval, 7200);

    // Credentials are set, then removed with an explicit null (absent would leave them).
    let creds = quay_sdk::body::UpdateMirrorConfig {
        external_registry_username: Some(Some("puller".into())),
        external_registry_password: Some(Some("secret".into())),
        ..Default::default()
    };
    c.change_repo_mirror_config().namespace("acme").repository("mirrored").body(creds).call().await?;
    let cfg = c.get_repo_mirror_config().namespace("acme").repository("mirrored").call().await?;
    assert_eq!(cfg.external_registry_username.as_deref(), Some("puller"));
    c.change_repo_mirror_config().namespace("acme").repository("mirrored").body(json!({"is_enabled": true})).call().await?;
    let cfg = c.get_repo_mirror_config().namespace("acme").repository("mirrored").call().await?;
    assert_eq!(cfg.external_registry_username.as_deref(), Some("puller"), "absent leaves the credentials");
    let clear = quay_sdk::body::UpdateMirrorConfig {
        external_registry_username: Some(None),
        external_registry_password: Some(None),
        ..Default::default()
    };
    c.change_repo_mirror_config().namespace("acme").repository("mirrored").body(clear).call().await?;
    let cfg = c.get_repo_mirror_config().namespace("acme").repository("mirrored").call().await?;
    assert_eq!(cfg.external_registry_username, None, "null removes the credentials");

    c.sync_now().namespace("acme").repository("mirrored").call().await?;
    let cfg = c.get_repo_mirror_config().namespace("acme").repository("mirrored").call().await?;
    assert_eq!(cfg.sync_status, types::MirrorSyncStatus::SyncNow);
    c.sync_cancel().namespace("acme").repository("mirrored").call().await?;
    let cfg = c.get_repo_mirror_config().namespace("acme").repository("mirrored").call().await?;
    assert_eq!(cfg.sync_status, types::MirrorSyncStatus::Cancel);
    Ok(())
}

async fn active(c: &Client) -> Result<types::TagList> {
    c.list_repo_tags().namespace("acme").repository("web").only_active_tags(true).call().await
}

#[tokio::test]
async fn tag() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    let digest: types::ManifestDigest = env.fake.push_manifest("acme", "web", None).parse().unwrap();

    assert_eq!(c.change_tag().namespace("acme").repository("web").tag("v1").body(ChangeTag::to_manifest(digest.clone())).call().await?, "Updated");
    let tags = active(c).await?;
    assert_eq!(tags.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["v1"]);
    assert_eq!(tags.tags[0].manifest_digest, digest.to_string());
    assert!(tags.tags[0].expiration.is_none());

    let later = env.fake.now() + 3600;
    c.change_tag().namespace("acme").repository("web").tag("v1").body(ChangeTag::default().expire_at(later)).call().await?;
    assert!(active(c).await?.tags[0].expiration.is_some());
    c.change_tag().namespace("acme").repository("web").tag("v1").body(ChangeTag::default().clear_expiration()).call().await?;
    assert!(active(c).await?.tags[0].expiration.is_none(), "null clears the expiration");

    c.delete_full_tag().namespace("acme").repository("web").tag("v1").call().await?;
    assert!(active(c).await?.tags.is_empty());
    let history = c.list_repo_tags().namespace("acme").repository("web").call().await?;
    assert!(history.tags.iter().any(|t| t.name == "v1" && t.end_ts.is_some()), "history keeps the deleted tag");

    c.restore_tag().namespace("acme").repository("web").tag("v1").body_map(|b| b.manifest_digest(digest.clone())).call().await?;
    assert_eq!(active(c).await?.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["v1"]);
    Ok(())
}

/// Tag-expiry automation tested in milliseconds: the fake's clock, not the calendar, decides
/// when a tag expires (the fake starts in 2031 to show that today's date plays no part).
#[tokio::test]
async fn tag_expires_when_the_fake_clock_passes_it() -> Result<()> {
    const IN_2031: i64 = 1_924_992_000;
    let env = Env::with(quay_fake::FakeQuay::builder().clock_at(IN_2031)).await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    let digest: types::ManifestDigest = env.fake.push_manifest("acme", "web", None).parse().unwrap();
    for tag in ["v1", "stable"] {
        c.change_tag().namespace("acme").repository("web").tag(tag).body(ChangeTag::to_manifest(digest.clone())).call().await?;
    }
    let in_an_hour = env.fake.now() + 3600;
    c.change_tag().namespace("acme").repository("web").tag("v1").body(ChangeTag::default().expire_at(in_an_hour)).call().await?;
    let names = |l: &types::TagList| {
        let mut n: Vec<String> = l.tags.iter().map(|t| t.name.clone()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&active(c).await?), ["stable", "v1"], "an expiry an hour ahead keeps the tag active");

    env.fake.advance(std::time::Duration::from_secs(2 * 3600));
    assert_eq!(names(&active(c).await?), ["stable"], "two hours later the tag has expired");
    let history = c.list_repo_tags().namespace("acme").repository("web").specific_tag("v1").call().await?;
    assert_eq!(history.tags[0].end_ts, Some(in_an_hour), "its history shows when it ended");
    // An expiration the fake's clock has passed is refused before sending (the SDK reads the
    // server's time from its Date header), as Quay would refuse it.
    let before = env.fake.request_count();
    let err = c.change_tag().namespace("acme").repository("web").tag("stable").body(ChangeTag::default().expire_at(in_an_hour)).call().await;
    match err {
        Err(quay_sdk::Error::InvalidInput(m)) => assert!(m.contains("changeTag: body field `expiration`") && m.contains("not in the future"), "{m}"),
        other => panic!("expected invalid input, got {other:?}"),
    }
    assert_eq!(env.fake.request_count(), before, "nothing was sent");
    let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs((IN_2031 + 3 * 3600) as u64);
    c.change_tag().namespace("acme").repository("web").tag("stable").body(ChangeTag::default().expire_at(at)).call().await?;
    Ok(())
}

#[tokio::test]
async fn tags_stream_across_pages() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    for i in 0..7 {
        env.fake.push_manifest("acme", "web", Some(&format!("t{i}")));
    }
    let first = c.list_repo_tags().namespace("acme").repository("web").limit(3).call().await?;
    assert_eq!((first.tags.len(), first.has_additional), (3, true));
    let mut names: Vec<String> =
        c.list_repo_tags().namespace("acme").repository("web").limit(3).stream().map_ok(|t| t.name).try_collect().await?;
    names.sort();
    assert_eq!(names, ["t0", "t1", "t2", "t3", "t4", "t5", "t6"]);
    Ok(())
}

#[tokio::test]
async fn build() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    let b = c
        .request_repo_build()
        .namespace("acme")
        .repository("web")
        .body_map(|b| b.archive_url(Some("https://example.com/context.tar.gz".to_string())))
        .call()
        .await?;
    let got = c.get_repo_build_super_user().build_uuid(b.id.as_str()).call().await?;
    assert_eq!(got.id, b.id);
    let status = c.get_repo_build_status_super_user().build_uuid(b.id.as_str()).call().await?;
    assert_eq!(status.id, b.id);
    c.get_repo_build_logs_super_user().build_uuid(b.id.as_str()).call().await?;
    api_err(c.get_repo_build_super_user().build_uuid("no-such-build").call().await, 404);
    Ok(())
}

#[tokio::test]
async fn robot() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    let r = c.create_org_robot().orgname("acme").robot_shortname("ci").body(json!({"description": "builds"})).call().await?;
    assert_eq!(r.name, "acme+ci");
    let token = r.token.clone().expect("a new robot has a token");
    assert_eq!(c.get_org_robot().orgname("acme").robot_shortname("ci").call().await?.description, "builds");
    let list = c.get_org_robots().orgname("acme").call().await?;
    assert_eq!(list.robots.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["acme+ci"]);

    let again = c.regenerate_org_robot_token().orgname("acme").robot_shortname("ci").call().await?;
    assert_ne!(again.token.as_deref(), Some(token.as_str()), "a regenerated token differs");

    c.change_user_permissions().namespace("acme").repository("web").username("acme+ci").body_map(|b| b.role(RepositoryRole::Write)).call().await?;
    let perms = c.get_org_robot_permissions().orgname("acme").robot_shortname("ci").call().await?;
    assert_eq!(perms.permissions.len(), 1);

    c.delete_org_robot().orgname("acme").robot_shortname("ci").call().await?;
    // Quay reports a missing robot as 400 with a bare message.
    let e = api_err(c.get_org_robot().orgname("acme").robot_shortname("ci").call().await, 400);
    assert!(e.detail.contains("robot"), "{e}");
    Ok(())
}

#[tokio::test]
async fn team() -> Result<()> {
    let env = Env::with(quay_fake::FakeQuay::builder().team_syncing(true)).await;
    let c = &env.admin;
    org_with_repo(c, "acme", "web").await?;
    c.create_install_user().body(json!({"username": "bob", "email": "bob@example.com"})).call().await?;
    let t = c.update_organization_team().orgname("acme").teamname("devs").body_map(|b| b.role(TeamRole::Member).description(Some("Devs".to_string()))).call().await?;
    assert!(t.new_team);
    let t = c.update_organization_team().orgname("acme").teamname("devs").body_map(|b| b.role(TeamRole::Creator)).call().await?;
    assert_eq!((t.new_team, t.role), (false, TeamRole::Creator));

    let m = c.update_organization_team_member().orgname("acme").teamname("devs").membername("bob").call().await?;
    assert_eq!(m.name, "bob");
    let members = c.get_organization_team_members().orgname("acme").teamname("devs").call().await?;
    assert!(members.members.iter().any(|m| m.name.as_deref() == Some("bob")), "{members:?}");
    c.delete_organization_team_member().orgname("acme").teamname("devs").membername("bob").call().await?;
    let members = c.get_organization_team_members().orgname("acme").teamname("devs").call().await?;
    assert!(!members.members.iter().any(|m| m.name.as_deref() == Some("bob")));

    c.change_team_permissions().namespace("acme").repository("web").teamname("devs").body_map(|b| b.role(RepositoryRole::Read)).call().await?;
    let perms = c.get_organization_team_permissions().orgname("acme").teamname("devs").call().await?;
    assert_eq!(perms.permissions.len(), 1);

    c.enable_organization_team_sync().orgname("acme").teamname("devs").body(json!({"group_dn": "cn=devs"})).call().await?;
    let members = c.get_organization_team_members().orgname("acme").teamname("devs").call().await?;
    assert!(members.synced.is_some(), "sync enabled");
    c.disable_organization_team_sync().orgname("acme").teamname("devs").call().await?;
    assert!(c.get_organization_team_members().orgname("acme").teamname("devs").call().await?.synced.is_none());

    c.delete_organization_team().orgname("acme").teamname("devs").call().await?;
    api_err(c.get_organization_team_members().orgname("acme").teamname("devs").call().await, 404);
    Ok(())
}

#[tokio::test]
async fn user() -> Result<()> {
    let env = Env::new().await;
    let me = env.admin.get_logged_in_user().call().await?;
    assert_eq!(me.username, "quayadmin");
    let token = env.fake.create_user("carol", "carol@example.com");
    let carol = env.client(&token);
    assert_eq!(carol.get_logged_in_user().call().await?.username, "carol");
    let info = carol.get_user_information().username("quayadmin").call().await?;
    assert_eq!(info.username, "quayadmin");
    Ok(())
}

#[tokio::test]
async fn namespacequota() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    c.create_organization().body(json!({"name": "acme", "email": "a@example.com"})).call().await?;
    assert_eq!(c.create_organization_quota().orgname("acme").body_map(|b| b.limit_bytes(Some(1_000_000))).call().await?, "Created");
    let list = c.list_organization_quota().orgname("acme").call().await?;
    assert_eq!(list.len(), 1);
    let id = list[0].id.expect("a quota has an id");
    let q = c.get_organization_quota().orgname("acme").quota_id(id).call().await?;
    assert_eq!(q.limit_bytes as i64, 1_000_000);
    c.change_organization_quota().orgname("acme").quota_id(id).body_map(|b| b.limit_bytes(Some(2_000_000))).call().await?;
    assert_eq!(c.get_organization_quota().orgname("acme").quota_id(id).call().await?.limit_bytes as i64, 2_000_000);
    c.delete_organization_quota().orgname("acme").quota_id(id).call().await?;
    assert!(c.list_organization_quota().orgname("acme").call().await?.is_empty());
    api_err(c.get_organization_quota().orgname("acme").quota_id(id).call().await, 404);
    Ok(())
}

#[tokio::test]
async fn superuser_users_orgs_logs() -> Result<()> {
    let env = Env::with(quay_fake::FakeQuay::builder().features(quay_fake::Features { config_dump: true, ..Default::default() })).await;
    let c = &env.admin;
    let config = c.get_config_dump().call().await?;
    assert!(!config.config.is_empty());

    let u = c.create_install_user().body(json!({"username": "dave", "email": "dave@example.com"})).call().await?;
    assert_eq!(u.username, "dave");
    assert!(!u.password.is_empty());
    let users: Vec<_> = c.list_all_users().limit(1).stream().try_collect().await?;
    assert!(users.iter().any(|u| u.username == "dave") && users.len() >= 2, "streamed one per page");
    c.change_install_user().username("dave").body_map(|b| b.email(Some("dave@new.example".to_string()))).call().await?;
    let after = c.list_all_users().call().await?;
    assert_eq!(after.users.iter().find(|u| u.username == "dave").unwrap().email, "dave@new.example");

    c.create_organization().body(json!({"name": "acme", "email": "a@example.com"})).call().await?;
    let orgs: Vec<_> = c.list_all_organizations().limit(1).stream().try_collect().await?;
    assert!(orgs.iter().any(|o| o.name == "acme"));
    c.change_organization().name("acme").body(json!({"name": "acme-renamed"})).call().await?;
    api_err(c.get_organization().orgname("acme").call().await, 404);
    assert_eq!(c.get_organization().orgname("acme-renamed").call().await?.name, "acme-renamed");

    let taken = c.take_ownership().namespace("acme-renamed").call().await?;
    assert_eq!(taken.namespace, "acme-renamed");

    let logs: Vec<_> = c.list_all_logs().stream().try_collect().await?;
    assert!(logs.iter().any(|l| l.kind == "org_create"), "mutations are logged");

    c.delete_organization().name("acme-renamed").call().await?;
    api_err(c.get_organization().orgname("acme-renamed").call().await, 404);
    c.delete_install_user().username("dave").call().await?;
    assert!(!c.list_all_users().call().await?.users.iter().any(|u| u.username == "dave"));
    Ok(())
}

#[tokio::test]
async fn superuser_service_keys() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    let k = c.create_service_key().body_map(|b| b.service("quay").name(Some("deploy".to_string())).expiration(None)).call().await?;
    assert!(!k.kid.is_empty());
    assert!(c.list_service_keys().call().await?.keys.iter().any(|x| x.kid == k.kid));
    let got = c.get_service_key().kid(k.kid.as_str()).call().await?;
    assert_eq!(got.name, "deploy");

    let later = env.fake.now() + 86_400;
    let updated = c
        .update_service_key()
        .kid(k.kid.as_str())
        .body(PutServiceKey { name: Some("renamed".into()), expiration: Some(Some(later)), ..Default::default() })
        .call()
        .await?;
    assert_eq!(updated.name, "renamed");
    assert!(updated.expiration_date.is_some());
    let cleared = c.update_service_key().kid(k.kid.as_str()).body(PutServiceKey { expiration: Some(None), ..Default::default() }).call().await?;
    assert!(cleared.expiration_date.is_none(), "null removes the expiry");

    c.approve_service_key().kid(k.kid.as_str()).body_map(|b| b.notes(Some("ok".to_string()))).call().await?;
    assert!(c.get_service_key().kid(k.kid.as_str()).call().await?.approval.is_some());
    c.delete_service_key().kid(k.kid.as_str()).call().await?;
    api_err(c.get_service_key().kid(k.kid.as_str()).call().await, 404);
    Ok(())
}

#[tokio::test]
async fn superuser_quotas_and_registry_size() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    c.create_organization().body(json!({"name": "acme", "email": "a@example.com"})).call().await?;
    env.fake.create_user("erin", "erin@example.com");

    // Quay's nicknames for these two families look swapped against their paths; the spec keeps them.
    c.create_user_quota_super_user().namespace("erin").body_map(|b| b.limit_bytes(Some(5_000))).call().await?;
    let uq = c.list_user_quota_super_user().namespace("erin").call().await?;
    let uid = uq[0].id.expect("id");
    c.change_user_quota_super_user().namespace("erin").quota_id(uid).body_map(|b| b.limit_bytes(Some(6_000))).call().await?;
    assert_eq!(c.list_user_quota_super_user().namespace("erin").call().await?[0].limit_bytes as i64, 6_000);
    c.delete_user_quota_super_user().namespace("erin").quota_id(uid).call().await?;
    assert!(c.list_user_quota_super_user().namespace("erin").call().await?.is_empty());

    c.create_organization_quota_super_user().namespace("acme").body_map(|b| b.limit_bytes(Some(7_000))).call().await?;
    let oq = c.list_organization_quota_super_user().namespace("acme").call().await?;
    let oid = oq[0].id.expect("id");
    c.change_organization_quota_super_user().namespace("acme").quota_id(oid).body_map(|b| b.limit_bytes(Some(8_000))).call().await?;
    assert_eq!(c.list_organization_quota_super_user().namespace("acme").call().await?[0].limit_bytes as i64, 8_000);
    c.delete_organization_quota_super_user().namespace("acme").quota_id(oid).call().await?;
    assert!(c.list_organization_quota_super_user().namespace("acme").call().await?.is_empty());

    let before = c.get_registry_size().call().await?;
    assert!(!before.queued);
    c.queue_registry_size_calculation().call().await?;
    assert!(c.get_registry_size().call().await?.queued);
    Ok(())
}

#[tokio::test]
async fn thousands_of_tags_stream_lazily() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org_with_repo(c, "acme", "big").await?;
    env.fake.push_tags("acme", "big", 1_234, "b");
    let before = env.fake.request_count();
    let mut stream = c.list_repo_tags().namespace("acme").repository("big").limit(100).stream();
    let first = stream.try_next().await?.expect("a first tag");
    assert!(first.name.starts_with('b'));
    assert_eq!(env.fake.request_count() - before, 1, "one page fetched for the first item");
    let rest: Vec<_> = stream.try_collect().await?;
    assert_eq!(rest.len() + 1, 1_234);
    assert_eq!(env.fake.request_count() - before, 13, "13 pages of at most 100");
    Ok(())
}

/// A Quay with its default features sends tags without `immutable` (FEATURE_IMMUTABLE_TAGS is
/// off by default) and namespaces without quota fields; one with every feature on sends them.
/// Both answers decode.
#[tokio::test]
async fn tag_listings_decode_with_default_features_and_with_all() -> Result<()> {
    for (features, all) in [(quay_fake::Features::default(), false), (quay_fake::Features::all(), true)] {
        let env = Env::with(quay_fake::FakeQuay::builder().features(features)).await;
        let c = &env.admin;
        org_with_repo(c, "acme", "web").await?;
        for tag in ["latest", "v1"] {
            env.fake.push_manifest("acme", "web", Some(tag));
        }
        // Marking a tag immutable is accepted either way; only the flag makes it show and bind.
        c.change_tag().namespace("acme").repository("web").tag("v1").body(json!({"immutable": true})).call().await?;

        let raw = c.call("listRepoTags", json!({"namespace": "acme", "repository": "web"})).await?;
        let sent: Vec<bool> = raw["tags"].as_array().unwrap().iter().map(|t| t.get("immutable").is_some()).collect();
        assert_eq!(sent, [all, all], "{features:?}: {raw}");

        let tags = c.list_repo_tags().namespace("acme").repository("web").call().await?;
        let mut seen: Vec<(String, Option<bool>)> = tags.tags.iter().map(|t| (t.name.clone(), t.immutable)).collect();
        seen.sort();
        let expected = if all { [Some(false), Some(true)] } else { [None, None] };
        assert_eq!(seen, [("latest".to_string(), expected[0]), ("v1".to_string(), expected[1])], "{features:?}");

        let org = c.get_organization().orgname("acme").call().await?;
        assert_eq!(org.quota_report.is_some(), all, "{features:?}: {org:?}");
        let raw = c.call("getOrganization", json!({"orgname": "acme"})).await?;
        assert_eq!(raw.get("quotas").is_some(), all, "{features:?}: {raw}");

        // An immutable tag refuses deletion only with the feature on.
        let deleted = c.delete_full_tag().namespace("acme").repository("web").tag("v1").call().await;
        if all {
            api_err(deleted, 409);
        } else {
            deleted?;
        }
    }
    Ok(())
}
