//! The namespace chapters beyond the first 86 operations, continued: user robots and robot
//! federation, organization members, collaborators and applications with their tokens, quota
//! limits and the caller's quotas, namespace notifications, team e-mail invitations, the
//! caller's notifications, proxy caches and organization mirroring, through the SDK.

use futures::TryStreamExt;
use quay_fake::{FakeQuay, Features};
use quay_sdk::{Client, Error, Result};
use serde_json::json;

use crate::{Env, api_err};

async fn env_all() -> Env {
    Env::with(FakeQuay::builder().features(Features::all())).await
}

async fn org(c: &Client, name: &str) -> Result<()> {
    c.create_organization().body(json!({"name": name, "email": format!("{name}@example.com")})).call().await?;
    Ok(())
}

async fn repo(c: &Client, ns: &str, name: &str) -> Result<()> {
    let body = json!({"namespace": ns, "repository": name, "visibility": "private", "description": ""});
    c.create_repo().body(body).call().await?;
    Ok(())
}

/// A user who is a plain member (team `devs`, role member) of `org`; returns its client.
async fn member(env: &Env, org: &str, name: &str) -> Result<Client> {
    let token = env.fake.create_user(name, &format!("{name}@example.com"));
    let c = &env.admin;
    c.update_organization_team().orgname(org).teamname("devs").body(json!({"role": "member"})).call().await?;
    c.update_organization_team_member().orgname(org).teamname("devs").membername(name).call().await?;
    Ok(env.client(&token))
}

#[tokio::test]
async fn user_robots() -> Result<()> {
    let env = Env::new().await;
    let alice = env.client(&env.fake.create_user("alice", "alice@example.com"));
    assert!(alice.get_user_robots().call().await?.robots.is_empty());
    let bot = alice
        .create_user_robot()
        .robot_shortname("builder")
        .body(json!({"description": "builds", "unstructured_metadata": {"team": "ci"}}))
        .call()
        .await?;
    assert_eq!((bot.name.as_str(), bot.description.as_str()), ("alice+builder", "builds"));
    let token = bot.token.clone().expect("the token");
    alice.create_user_robot().robot_shortname("bare").call().await?;
    // A second PUT is refused (and recognised as "already exists"), a bad name too.
    assert!(alice.create_user_robot().robot_shortname("builder").call().await.is_err_and(|e| e.is_already_exists()));
    assert!(alice.create_user_robot().robot_shortname("Bad-Name").call().await.is_err());

    let listed = alice.get_user_robots().call().await?.robots;
    assert_eq!(listed.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["alice+builder", "alice+bare"]);
    assert!(listed.iter().all(|r| r.token.is_some()));
    let bare = alice.get_user_robots().token(false).permissions(true).limit(1).call().await?.robots;
    assert_eq!(bare.len(), 1);
    assert!(bare[0].token.is_none());
    let got = alice.get_user_robot().robot_shortname("builder").call().await?;
    assert_eq!(got.unstructured_metadata, json!({"team": "ci"}).as_object().cloned());

    // Permissions on alice's own repository.
    repo(&alice, "alice", "app").await?;
    alice.change_user_permissions().namespace("alice").repository("app").username("alice+builder").body(json!({"role": "read"})).call().await?;
    let perms = alice.get_user_robot_permissions().robot_shortname("builder").call().await?.permissions;
    assert_eq!((perms.len(), perms[0].role.to_string()), (1, "read".to_string()));
    assert!(alice.get_user_robot_permissions().robot_shortname("bare").call().await?.permissions.is_empty());

    let regenerated = alice.regenerate_user_robot_token().robot_shortname("builder").call().await?;
    assert_ne!(regenerated.token.as_deref(), Some(token.as_str()));
    // A missing robot is a 400 with a bare message, as in Quay.
    let missing = api_err(alice.get_user_robot().robot_shortname("nosuch").call().await, 400);
    assert!(missing.detail.contains("Could not find robot"), "{missing:?}");
    alice.delete_user_robot().robot_shortname("builder").call().await?;
    api_err(alice.delete_user_robot().robot_shortname("builder").call().await, 400);
    api_err(env.client("not-a-valid-token-0000000000").get_user_robots().call().await, 401);
    Ok(())
}

#[tokio::test]
async fn robot_federation() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org(c, "acme").await?;
    c.create_org_robot().orgname("acme").robot_shortname("fed").call().await?;
    let get = || c.get_org_robot_federation().orgname("acme").robot_shortname("fed").call();
    assert!(get().await?.is_empty());
    let two = json!([
        {"issuer": "https://token.actions.githubusercontent.com", "subject": "repo:acme/app:ref:refs/heads/main"},
        {"issuer": "https://gitlab.example.com", "subject": "project_path:acme/app"}
    ]);
    let set = c.create_org_robot_federation().orgname("acme").robot_shortname("fed").body(two).call().await?;
    assert_eq!(set.len(), 2);
    // A POST replaces the whole list.
    let one = json!([{"issuer": "https://gitlab.example.com", "subject": "project_path:acme/app"}]);
    c.create_org_robot_federation().orgname("acme").robot_shortname("fed").body(one).call().await?;
    let now = get().await?;
    assert_eq!((now.len(), now[0].issuer.as_str()), (1, "https://gitlab.example.com"));
    for (bad, why) in [
        (json!([{"issuer": "token.example.com", "subject": "x"}]), "Issuer must be a URL"),
        (json!([{"issuer": "https://a.example.com", "subject": ""}]), "Missing one or more required fields"),
        (json!([{"issuer": "https://a.example.com", "subject": "x"}, {"issuer": "https://a.example.com", "subject": "x"}]), "Duplicate"),
    ] {
        let e = api_err(c.create_org_robot_federation().orgname("acme").robot_shortname("fed").body(bad).call().await, 400);
        assert!(e.detail.contains(why), "{e:?}");
    }
    assert_eq!(get().await?.len(), 1, "a refused list changes nothing");
    // An entry without a subject, or an object instead of a list, is refused before sending.
    let no_subject = c.create_org_robot_federation().orgname("acme").robot_shortname("fed").body(json!([{"issuer": "https://a.example.com"}])).call().await;
    assert!(matches!(&no_subject, Err(Error::InvalidInput(m)) if m.contains("createOrgRobotFederation") && m.contains("CreateRobotFederation")), "{no_subject:?}");
    let object = c.create_org_robot_federation().orgname("acme").robot_shortname("fed").body(json!({"issuer": "https://a.example.com", "subject": "x"})).call().await;
    assert!(matches!(object, Err(Error::InvalidInput(_))));
    // An empty list is accepted (and clears nothing else).
    assert!(c.create_org_robot_federation().orgname("acme").robot_shortname("other").body(json!([])).call().await.is_err(), "no robot `other`");
    api_err(c.get_org_robot_federation().orgname("acme").robot_shortname("nosuch").call().await, 400);
    let bob = member(&env, "acme", "bob").await?;
    api_err(bob.get_org_robot_federation().orgname("acme").robot_shortname("fed").call().await, 403);
    c.delete_org_robot_federation().orgname("acme").robot_shortname("fed").call().await?;
    assert!(get().await?.is_empty());
    c.delete_org_robot_federation().orgname("acme").robot_shortname("fed").call().await?;
    Ok(())
}

#[tokio::test]
async fn organization_members_and_collaborators() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org(c, "acme").await?;
    repo(c, "acme", "app").await?;
    member(&env, "acme", "bob").await?;
    env.fake.create_user("carol", "carol@example.com");
    c.change_user_permissions().namespace("acme").repository("app").username("carol").body(json!({"role": "read"})).call().await?;
    c.create_org_robot().orgname("acme").robot_shortname("ci").call().await?;

    let bob = c.get_organization_member().orgname("acme").membername("bob").call().await?;
    assert_eq!((bob.kind.as_str(), bob.teams.len()), ("user", 1));
    let robot = c.get_organization_member().orgname("acme").membername("acme+ci").call().await?;
    assert_eq!((robot.kind.as_str(), robot.teams.len()), ("robot", 0));
    // An outside collaborator is not a member (404) but is listed as a collaborator.
    api_err(c.get_organization_member().orgname("acme").membername("carol").call().await, 404);
    api_err(c.get_organization_member().orgname("acme").membername("nosuch").call().await, 404);
    let collaborators = c.get_organization_collaborators().orgname("acme").call().await?.collaborators;
    assert_eq!(collaborators.iter().map(|x| (x.name.as_str(), x.repositories.clone())).collect::<Vec<_>>(), [("carol", vec!["app".to_string()])]);

    // Removing a collaborator revokes their permissions; removing a member takes them off teams.
    c.remove_organization_member().orgname("acme").membername("carol").call().await?;
    assert!(c.get_organization_collaborators().orgname("acme").call().await?.collaborators.is_empty());
    c.remove_organization_member().orgname("acme").membername("carol").call().await?;
    c.remove_organization_member().orgname("acme").membername("bob").call().await?;
    api_err(c.get_organization_member().orgname("acme").membername("bob").call().await, 404);
    api_err(c.remove_organization_member().orgname("acme").membername("acme+ci").call().await, 404);
    api_err(c.get_organization_collaborators().orgname("nosuchorg").call().await, 404);
    Ok(())
}

#[tokio::test]
async fn organization_applications_and_tokens() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org(c, "acme").await?;
    let app = c
        .create_organization_application()
        .orgname("acme")
        .body(json!({"name": "deployer", "redirect_uri": "https://app.example.com/cb", "application_uri": "https://app.example.com", "description": "deploys", "avatar_email": "app@example.com"}))
        .call()
        .await?;
    let id = app.client_id.clone();
    let got = c.get_organization_application().orgname("acme").client_id(id.as_str()).call().await?;
    assert_eq!(got.client_secret, app.client_secret);
    // The public information, anonymously.
    let anon = Client::builder().registry(env.fake.url()).build().expect("client");
    let info = anon.get_application_information().client_id(id.as_str()).call().await?;
    assert_eq!((info.name.as_str(), info.uri.as_str(), info.organization.name.as_str()), ("deployer", "https://app.example.com", "acme"));
    // A full replace: avatar_email not sent becomes null; the bootstrap name is reserved.
    let body = json!({"name": "deployer2", "redirect_uri": "https://app.example.com/cb2", "application_uri": "https://app.example.com/v2"});
    let updated = c.update_organization_application().orgname("acme").client_id(id.as_str()).body(body).call().await?;
    assert_eq!((updated.name.as_str(), updated.avatar_email.as_deref(), updated.description.as_str()), ("deployer2", None, ""));
    let reserved = json!({"name": "__quay_bootstrap_app", "redirect_uri": "https://a", "application_uri": "https://a"});
    api_err(c.update_organization_application().orgname("acme").client_id(id.as_str()).body(reserved).call().await, 400);

    // Tokens: issued once with the token, which works as an OAuth token with its scopes.
    let tokens = || c.list_organization_application_tokens().orgname("acme").client_id(id.as_str());
    assert!(tokens().call().await?.tokens.is_empty());
    let t = c
        .create_organization_application_token()
        .orgname("acme")
        .client_id(id.as_str())
        .body(json!({"name": "  ci reader  ", "scope": "repo:read,user:read user:read"}))
        .call()
        .await?;
    assert_eq!((t.name.as_str(), t.scope.as_str(), t.created_by.as_str()), ("ci reader", "repo:read user:read", "quayadmin"));
    let secret = t.token.clone().expect("the token, once");
    assert_eq!(env.client(&secret).get_logged_in_user().call().await?.username, "quayadmin");
    api_err(env.client(&secret).create_organization().body(json!({"name": "nope", "email": "n@example.com"})).call().await, 403);
    let bad = c.create_organization_application_token().orgname("acme").client_id(id.as_str()).body(json!({"name": "x", "scope": "repo:fly"})).call().await;
    assert!(api_err(bad, 400).detail.contains("Invalid scope: repo:fly"));
    let blank = c.create_organization_application_token().orgname("acme").client_id(id.as_str()).body(json!({"name": "   ", "scope": "repo:read"})).call().await;
    assert!(api_err(blank, 400).detail.contains("must not be empty"));
    // 51 tokens: two pages, newest first, the stream hands each out once.
    for i in 0..50 {
        c.create_organization_application_token().orgname("acme").client_id(id.as_str()).body(json!({"name": format!("bulk {i:02}"), "scope": "repo:read"})).call().await?;
    }
    let page1 = tokens().call().await?;
    assert_eq!((page1.tokens.len(), page1.tokens[0].name.as_str()), (50, "bulk 49"));
    assert!(page1.tokens.iter().all(|x| x.token.is_none()));
    let all: Vec<_> = tokens().stream().try_collect().await?;
    assert_eq!((all.len(), all[50].uuid.as_str()), (51, t.uuid.as_str()));

    c.delete_organization_application_token().orgname("acme").client_id(id.as_str()).token_uuid(t.uuid.as_str()).call().await?;
    api_err(env.client(&secret).get_logged_in_user().call().await, 401);
    api_err(c.delete_organization_application_token().orgname("acme").client_id(id.as_str()).token_uuid(t.uuid.as_str()).call().await, 404);

    c.delete_organization_application().orgname("acme").client_id(id.as_str()).call().await?;
    api_err(c.get_organization_application().orgname("acme").client_id(id.as_str()).call().await, 404);
    api_err(anon.get_application_information().client_id(id.as_str()).call().await, 404);
    api_err(c.delete_organization_application().orgname("acme").client_id(id.as_str()).call().await, 404);
    Ok(())
}

#[tokio::test]
async fn quota_limits_and_user_quotas() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org(c, "acme").await?;
    c.create_organization_quota().orgname("acme").body(json!({"limit_bytes": 1073741824})).call().await?;
    let quota = c.list_organization_quota().orgname("acme").call().await?[0].id.expect("an id");
    let limits = || c.list_organization_quota_limit().orgname("acme").quota_id(quota);
    assert!(limits().call().await?.is_empty());
    let add = |kind: &str, pct: i64| {
        c.create_organization_quota_limit().orgname("acme").quota_id(quota).body(json!({"type": kind, "threshold_percent": pct})).call()
    };
    assert_eq!(add("Warning", 80).await?, "Created");
    add("Reject", 95).await?;
    add("Reject", 99).await?;
    assert!(add("Warning", 80).await.is_err_and(|e| e.is_already_exists()));
    // Types and percents outside Quay's rules are refused before sending.
    assert!(matches!(add("Bogus", 50).await, Err(Error::InvalidInput(_))));
    // Quay's own range check answers a bare message (the SDK does not check the maximum).
    assert!(api_err(add("Warning", 250).await, 400).detail.contains("between 1 and 100"));
    let listed = limits().call().await?;
    assert_eq!(listed.iter().map(|l| (l.type_.as_str(), l.limit_percent)).collect::<Vec<_>>(), [("Warning", 80), ("Reject", 99), ("Reject", 95)]);
    let warning = listed[0].id;
    let one = c.get_organization_quota_limit().orgname("acme").quota_id(quota).limit_id(warning).call().await?;
    assert_eq!(one.limit_percent, 80);
    // A change answers the whole quota.
    let changed = c.change_organization_quota_limit().orgname("acme").quota_id(quota).limit_id(warning).body(json!({"threshold_percent": 70})).call().await?;
    assert_eq!((changed.id, changed.limits.len()), (Some(quota), 3));
    assert_eq!(c.get_organization_quota().orgname("acme").quota_id(quota).call().await?.limits[0].limit_percent, 70);
    // Members read limits; only superusers change them.
    let bob = member(&env, "acme", "bob").await?;
    assert_eq!(bob.list_organization_quota_limit().orgname("acme").quota_id(quota).call().await?.len(), 3);
    api_err(bob.delete_organization_quota_limit().orgname("acme").quota_id(quota).limit_id(warning).call().await, 403);
    c.delete_organization_quota_limit().orgname("acme").quota_id(quota).limit_id(warning).call().await?;
    api_err(c.delete_organization_quota_limit().orgname("acme").quota_id(quota).limit_id(warning).call().await, 404);
    api_err(c.list_organization_quota_limit().orgname("acme").quota_id(999_999).call().await, 404);

    // The caller's own quota, set by a superuser; limits come through the organization route.
    assert!(bob.list_user_quota().call().await?.is_empty());
    c.create_user_quota_super_user().namespace("bob").body(json!({"limit_bytes": 536870912})).call().await?;
    let mine = bob.list_user_quota().call().await?;
    let qid = mine[0].id.expect("an id");
    assert_eq!(bob.get_user_quota().quota_id(qid).call().await?.limit_bytes, 536870912.0);
    api_err(c.get_user_quota().quota_id(qid).call().await, 404);
    api_err(bob.get_user_quota().quota_id(quota).call().await, 404);
    assert!(bob.list_user_quota_limit().quota_id(qid).call().await?.is_empty());
    c.create_organization_quota_limit().orgname("bob").quota_id(qid).body(json!({"type": "Warning", "threshold_percent": 90})).call().await?;
    let user_limits = bob.list_user_quota_limit().quota_id(qid).call().await?;
    assert_eq!(user_limits.len(), 1);
    // getUserQuotaLimit answers the quota, not the limit.
    let q = bob.get_user_quota_limit().quota_id(qid).limit_id(user_limits[0].id).call().await?;
    assert_eq!((q.id, q.limits.len()), (Some(qid), 1));
    api_err(bob.get_user_quota_limit().quota_id(qid).limit_id(999_999).call().await, 404);
    Ok(())
}

#[tokio::test]
async fn namespace_notifications_and_user_notifications() -> Result<()> {
    let env = env_all().await;
    let c = &env.admin;
    org(c, "acme").await?;
    let bob = member(&env, "acme", "bob").await?;
    let orgs = || c.list_org_notifications().orgname("acme");
    assert!(orgs().call().await?.notifications.is_empty());
    let mail = c
        .create_org_notification()
        .orgname("acme")
        .body(json!({"event": "quota_warning", "method": "email", "config": {"email": "ops@example.com"}, "eventConfig": {}, "title": "mail"}))
        .call()
        .await?;
    assert_eq!((mail.title.as_deref(), mail.number_of_failures), (Some("mail"), 0));
    let to_team = c
        .create_org_notification()
        .orgname("acme")
        .body(json!({"event": "quota_error", "method": "quay_notification", "config": {"target": {"name": "devs", "kind": "team"}}, "eventConfig": {}}))
        .call()
        .await?;
    assert!(to_team.title.is_none());
    for (body, why) in [
        (json!({"event": "quota_warning", "method": "webhook", "config": {"url": "http://localhost/hook"}, "eventConfig": {}}), "Invalid webhook URL"),
        (json!({"event": "quota_warning", "method": "quay_notification", "config": {}, "eventConfig": {}}), "Missing target"),
    ] {
        assert!(api_err(c.create_org_notification().orgname("acme").body(body).call().await, 400).detail.contains(why));
    }
    // Events other than the quota ones are refused before sending.
    let repo_event = json!({"event": "repo_push", "method": "email", "config": {}, "eventConfig": {}});
    assert!(matches!(c.create_org_notification().orgname("acme").body(repo_event).call().await, Err(Error::InvalidInput(_))));
    assert_eq!(orgs().call().await?.notifications.len(), 2);
    api_err(bob.list_org_notifications().orgname("acme").call().await, 403);
    let got = c.get_org_notification().orgname("acme").uuid(mail.uuid.as_str()).call().await?;
    assert_eq!(got.config["email"], "ops@example.com");

    // Tests are queued for Quay's notification worker: the team's members see nothing until it
    // runs; then each test of the team notification reaches bob, and the e-mail one fails.
    assert!(bob.list_user_notifications().call().await?.notifications.is_empty());
    c.test_org_notification().orgname("acme").uuid(to_team.uuid.as_str()).call().await?;
    c.test_org_notification().orgname("acme").uuid(to_team.uuid.as_str()).call().await?;
    c.test_org_notification().orgname("acme").uuid(mail.uuid.as_str()).call().await?;
    assert!(bob.list_user_notifications().call().await?.notifications.is_empty());
    assert_eq!(env.fake.deliver_notifications(), quay_fake::Deliveries { delivered: 2, failed: 1 });
    assert_eq!(env.fake.deliver_notifications(), quay_fake::Deliveries::default());
    let failed = c.get_org_notification().orgname("acme").uuid(mail.uuid.as_str()).call().await?;
    assert_eq!(failed.number_of_failures, 1);
    let page = bob.list_user_notifications().limit(1).call().await?;
    assert_eq!((page.notifications.len(), page.additional, page.notifications[0].kind.as_str()), (1, true, "quota_error"));
    assert_eq!(page.notifications[0].metadata["namespace"], "acme");
    // One to the organization itself reaches its administrators, not its other members.
    let to_org = json!({"event": "quota_warning", "method": "quay_notification", "config": {"target": {"name": "acme", "kind": "org"}}, "eventConfig": {}});
    let to_org = c.create_org_notification().orgname("acme").body(to_org).call().await?;
    c.test_org_notification().orgname("acme").uuid(to_org.uuid.as_str()).call().await?;
    assert_eq!(env.fake.deliver_notifications(), quay_fake::Deliveries { delivered: 1, failed: 0 });
    let admin_sees = c.list_user_notifications().call().await?.notifications;
    assert_eq!((admin_sees.len(), admin_sees[0].organization.as_deref()), (1, Some("acme")));
    assert_eq!(bob.list_user_notifications().call().await?.notifications.len(), 2);
    c.delete_org_notification().orgname("acme").uuid(to_org.uuid.as_str()).call().await?;
    let all: Vec<_> = bob.list_user_notifications().limit(1).stream().try_collect().await?;
    assert_eq!(all.len(), 2);
    c.reset_org_notification_failures().orgname("acme").uuid(mail.uuid.as_str()).call().await?;
    c.delete_org_notification().orgname("acme").uuid(mail.uuid.as_str()).call().await?;
    api_err(c.get_org_notification().orgname("acme").uuid(mail.uuid.as_str()).call().await, 404);
    api_err(c.delete_org_notification().orgname("acme").uuid(mail.uuid.as_str()).call().await, 404);

    // The caller's own namespace notifications.
    let mine = bob
        .create_user_namespace_notification()
        .body(json!({"event": "quota_warning", "method": "quay_notification", "config": {"target": {"name": "bob", "kind": "user"}}, "eventConfig": {}, "title": "mine"}))
        .call()
        .await?;
    assert_eq!(bob.list_user_namespace_notifications().call().await?.notifications.len(), 1);
    assert_eq!(bob.get_user_namespace_notification().uuid(mine.uuid.as_str()).call().await?.title.as_deref(), Some("mine"));
    api_err(c.get_user_namespace_notification().uuid(mine.uuid.as_str()).call().await, 404);
    api_err(bob.get_user_namespace_notification().uuid(to_team.uuid.as_str()).call().await, 404);
    bob.test_user_namespace_notification().uuid(mine.uuid.as_str()).call().await?;
    assert_eq!(bob.list_user_notifications().call().await?.notifications.len(), 2);
    assert_eq!(env.fake.deliver_notifications(), quay_fake::Deliveries { delivered: 1, failed: 0 });
    let newest = bob.list_user_notifications().call().await?.notifications;
    assert_eq!((newest.len(), newest[0].kind.as_str()), (3, "quota_warning"));
    bob.reset_user_namespace_notification_failures().uuid(mine.uuid.as_str()).call().await?;
    api_err(c.reset_user_namespace_notification_failures().uuid(mine.uuid.as_str()).call().await, 404);
    bob.delete_user_namespace_notification().uuid(mine.uuid.as_str()).call().await?;
    assert!(bob.list_user_namespace_notifications().call().await?.notifications.is_empty());
    Ok(())
}

#[tokio::test]
async fn team_email_invitations() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    org(c, "acme").await?;
    let bob = member(&env, "acme", "bob").await?;
    let invite = c.invite_team_member_email().orgname("acme").teamname("devs").email("newbie@example.com").call().await?;
    assert_eq!((invite.kind.as_str(), invite.email.as_deref(), invite.invited), ("invite", Some("newbie@example.com"), true));
    let members = c.get_organization_team_members().orgname("acme").teamname("devs").include_pending(true).call().await?.members;
    assert!(members.iter().any(|m| m.email.as_deref() == Some("newbie@example.com")));
    let plain = c.get_organization_team_members().orgname("acme").teamname("devs").call().await?.members;
    assert!(plain.iter().all(|m| m.kind == "user"), "pending invitations only with includePending");
    api_err(bob.invite_team_member_email().orgname("acme").teamname("devs").email("x@example.com").call().await, 403);
    api_err(c.invite_team_member_email().orgname("acme").teamname("nosuch").email("x@example.com").call().await, 404);
    c.delete_team_member_email_invite().orgname("acme").teamname("devs").email("newbie@example.com").call().await?;
    api_err(c.delete_team_member_email_invite().orgname("acme").teamname("devs").email("newbie@example.com").call().await, 404);
    // A Quay whose SMTP server is down makes the change and still answers 400.
    env.fake.set_smtp_reachable(false);
    let failed = api_err(c.invite_team_member_email().orgname("acme").teamname("devs").email("late@example.com").call().await, 400);
    assert!(failed.detail.contains("Could not send email"), "{failed:?}");
    let members = c.get_organization_team_members().orgname("acme").teamname("devs").include_pending(true).call().await?.members;
    assert!(members.iter().any(|m| m.email.as_deref() == Some("late@example.com")));
    api_err(c.create_install_user().body(json!({"username": "mailless", "email": "mailless@example.com"})).call().await, 400);
    assert_eq!(c.get_user_information().username("mailless").call().await?.username, "mailless");
    env.fake.set_smtp_reachable(true);
    c.create_install_user().body(json!({"username": "mailed", "email": "mailed@example.com"})).call().await?;
    // With mailing off the routes do not exist.
    let off = Env::with(FakeQuay::builder().features(Features { mailing: false, ..Features::default() })).await;
    org(&off.admin, "acme").await?;
    off.admin.update_organization_team().orgname("acme").teamname("devs").body(json!({"role": "member"})).call().await?;
    assert!(off.admin.invite_team_member_email().orgname("acme").teamname("devs").email("a@example.com").call().await.is_err());
    Ok(())
}

#[tokio::test]
async fn proxy_cache() -> Result<()> {
    let env = env_all().await;
    let c = &env.admin;
    org(c, "cache").await?;
    let none = c.get_proxy_cache_config().orgname("cache").call().await?;
    assert_eq!((none.upstream_registry.as_str(), none.expiration_s.clone(), none.insecure.clone()), ("", json!(""), json!("")));
    let host = env.fake.url().trim_start_matches("http://").to_string();
    env.fake.create_user("puller", "puller@example.com");
    c.change_install_user().username("puller").body(json!({"password": "s3cret-pass"})).call().await?;
    let validate = |body: serde_json::Value| c.validate_proxy_cache_config().orgname("cache").body(body).call();
    // The fake itself is the only reachable upstream; it serves plain HTTP.
    assert_eq!(validate(json!({"upstream_registry": format!("{host}/library"), "insecure": true})).await?, "Anonymous");
    let creds = json!({"upstream_registry": format!("{host}/library"), "insecure": true, "upstream_registry_username": "puller", "upstream_registry_password": "s3cret-pass"});
    assert_eq!(validate(creds).await?, "Valid");
    let wrong = json!({"upstream_registry": format!("{host}/library"), "insecure": true, "upstream_registry_username": "puller", "upstream_registry_password": "nope"});
    api_err(validate(wrong).await, 400);
    api_err(validate(json!({"upstream_registry": format!("{host}/library")})).await, 400);
    let unreachable = api_err(validate(json!({"upstream_registry": "quay.io/library", "insecure": true})).await, 400);
    assert!(unreachable.detail.contains("Failed login to remote registry"), "{unreachable:?}");
    assert!(api_err(validate(json!({"upstream_registry": "10.1.2.3/library"})).await, 400).detail.contains("not allowed"));

    let created = c.create_proxy_cache_config().orgname("cache").body(json!({"upstream_registry": "quay.io/library", "expiration_s": 3600, "insecure": false})).call().await?;
    assert_eq!(created, "Created");
    let got = c.get_proxy_cache_config().orgname("cache").call().await?;
    assert_eq!((got.upstream_registry.as_str(), got.expiration_s.clone(), got.insecure.clone()), ("quay.io/library", json!(3600), json!(false)));
    let again = c.create_proxy_cache_config().orgname("cache").body(json!({"upstream_registry": "quay.io/other"})).call().await;
    assert!(again.is_err_and(|e| e.is_already_exists()));
    let bob = member(&env, "cache", "bob").await?;
    api_err(bob.get_proxy_cache_config().orgname("cache").call().await, 403);
    assert_eq!(c.delete_proxy_cache_config().orgname("cache").call().await?, "Deleted");
    api_err(c.delete_proxy_cache_config().orgname("cache").call().await, 404);
    assert_eq!(c.get_proxy_cache_config().orgname("cache").call().await?.upstream_registry, "");
    // Without the feature the routes do not exist.
    let off = Env::with(FakeQuay::builder()).await;
    org(&off.admin, "cache").await?;
    assert!(off.admin.get_proxy_cache_config().orgname("cache").call().await.is_err());
    Ok(())
}

#[tokio::test]
async fn organization_mirroring() -> Result<()> {
    let env = env_all().await;
    let c = &env.admin;
    org(c, "src").await?;
    for name in ["alpha", "bravo", "charlie", "delta", "echo"] {
        repo(c, "src", name).await?;
    }
    org(c, "mirror").await?;
    c.create_org_robot().orgname("mirror").robot_shortname("bot").call().await?;
    c.create_org_robot().orgname("src").robot_shortname("other").call().await?;
    let config = |robot: &str, url: &str, date: &str| {
        json!({"external_registry_type": "quay", "external_registry_url": url, "external_namespace": "src", "robot_username": robot,
               "visibility": "private", "sync_interval": 3600, "sync_start_date": date, "external_registry_username": "quayadmin",
               "external_registry_password": "secret", "external_registry_config": {"verify_tls": false}, "skopeo_timeout": 300})
    };
    let url = env.fake.url();
    let create = |body: serde_json::Value| c.create_org_mirror_config().orgname("mirror").body(body).call();
    api_err(c.get_org_mirror_config().orgname("mirror").call().await, 404);
    for (body, why) in [
        (config("mirror+nosuch", &url, "2030-01-01T00:00:00Z"), "Invalid robot account"),
        (config("src+other", &url, "2030-01-01T00:00:00Z"), "must belong to the organization"),
        (config("mirror+bot", &url, "tomorrow"), "Invalid sync_start_date"),
        (config("mirror+bot", "localhost:8080", "2030-01-01T00:00:00Z"), "Invalid URL scheme 'localhost'"),
        (config("mirror+bot", "https://10.1.2.3", "2030-01-01T00:00:00Z"), "not allowed"),
    ] {
        assert!(api_err(create(body).await, 400).detail.contains(why), "{why}");
    }
    // A non-empty organization cannot mirror.
    let busy = c.create_org_mirror_config().orgname("src").body(config("src+other", &url, "2030-01-01T00:00:00Z")).call().await;
    assert!(api_err(busy, 400).detail.contains("empty organization"));
    assert_eq!(create(config("mirror+bot", &url, "2030-01-01T00:00:00Z")).await?, "");
    assert!(create(config("mirror+bot", &url, "2030-01-01T00:00:00Z")).await.is_err_and(|e| e.is_already_exists()));
    let got = c.get_org_mirror_config().orgname("mirror").call().await?;
    assert_eq!((got.sync_status.as_str(), got.has_external_registry_password, got.robot_username.as_str()), ("NEVER_RUN", true, "mirror+bot"));
    // A mirrored organization cannot become a proxy cache.
    let proxy = c.create_proxy_cache_config().orgname("mirror").body(json!({"upstream_registry": "quay.io/library"})).call().await;
    assert!(api_err(proxy, 400).detail.contains("organization-level mirroring"));

    let verified = c.verify_org_mirror_connection().orgname("mirror").call().await?;
    assert!(verified.success, "{verified:?}");
    let repos = || c.list_org_mirror_repositories().orgname("mirror");
    assert_eq!(repos().call().await?.total, 0);
    c.sync_org_mirror_now().orgname("mirror").call().await?;
    let p1 = repos().limit(2).page(1).call().await?;
    assert_eq!((p1.repositories.len(), p1.total, p1.has_next), (2, 5, true));
    assert_eq!(p1.repositories[0].sync_status, "SYNC_NOW");
    let past = repos().limit(2).page(4).call().await?;
    assert!(past.repositories.is_empty() && !past.has_next);
    let streamed: Vec<_> = repos().limit(2).stream().try_collect().await?;
    assert_eq!(streamed.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["alpha", "bravo", "charlie", "delta", "echo"]);
    let counts = c.get_org_mirror_config().orgname("mirror").call().await?.repo_sync_status_counts;
    assert_eq!(counts["SYNC_NOW"], 5);
    let busy = api_err(c.sync_org_mirror_now().orgname("mirror").call().await, 400);
    assert!(busy.detail.contains("still syncing"));

    // Update (filters, visibility), then cancel (twice: 400), then a filtered discovery.
    let update = json!({"sync_interval": 7200, "repository_filters": ["a*", "b*"], "visibility": "public", "is_enabled": false});
    assert_eq!(c.update_org_mirror_config().orgname("mirror").body(update).call().await?, "");
    c.cancel_org_mirror_sync().orgname("mirror").call().await?;
    api_err(c.cancel_org_mirror_sync().orgname("mirror").call().await, 400);
    let cancelled = repos().status(quay_sdk::types::OrgMirrorSyncStatus::Cancel).call().await?;
    assert_eq!(cancelled.total, 5);
    let after = c.get_org_mirror_config().orgname("mirror").call().await?;
    assert_eq!((after.sync_status.as_str(), after.visibility.as_str(), after.sync_interval), ("CANCEL", "public", 7200));
    c.sync_org_mirror_now().orgname("mirror").call().await?;
    assert_eq!(repos().status(quay_sdk::types::OrgMirrorSyncStatus::SyncNow).call().await?.total, 2);

    // A source namespace that does not exist: the check answers 200 with success false.
    c.update_org_mirror_config().orgname("mirror").body(json!({"external_namespace": "nosuchns"})).call().await?;
    let failed = c.verify_org_mirror_connection().orgname("mirror").call().await?;
    assert!(!failed.success && failed.message.contains("nosuchns"));
    let bob = member(&env, "mirror", "bob").await?;
    api_err(bob.get_org_mirror_config().orgname("mirror").call().await, 403);
    c.delete_org_mirror_config().orgname("mirror").call().await?;
    api_err(c.delete_org_mirror_config().orgname("mirror").call().await, 404);
    api_err(c.list_org_mirror_repositories().orgname("mirror").call().await, 404);
    Ok(())
}
