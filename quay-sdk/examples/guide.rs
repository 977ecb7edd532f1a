//! The curl guide end to end through quay-sdk, against the embedded fake Quay server:
//! organization -> robot -> team and member -> repository -> default permission -> user, team
//! and robot permissions -> tag with expiration set then cleared -> quota -> mirror config ->
//! superuser listing -> clean-up.
//!
//! Run it with `cargo xtask demo`. Point it at a real Quay instead by setting QUAY_REGISTRY and
//! QUAY_TOKEN (a superuser's token with all scopes). Against a real Quay every name it creates
//! carries a unique suffix (Quay keeps deleted user names reserved for a while, and a rerun must
//! not collide with the last one; QUAY_DEMO_SUFFIX sets it), and the tag step works in
//! QUAY_DEMO_REPO (`namespace/repository`, holding at least one pushed image), since a new
//! organization holds no image; without it that step is skipped with a message. Steps that need
//! a feature the Quay has off (mirroring, quotas) say so and go on.

use quay_sdk::prelude::*;
use quay_sdk::types::{DelegateKind, RepositoryRole, TeamRole};
use serde_json::json;

fn step(n: &mut u32, what: &str) {
    *n += 1;
    println!("\n[{n:>2}] {what}");
}

#[tokio::main]
async fn main() -> Result<()> {
    // Without QUAY_REGISTRY, run against an in-process fake Quay.
    let fake = if std::env::var("QUAY_REGISTRY").is_err() {
        let fake = quay_fake::FakeQuay::start().await;
        println!("fake Quay listening on {}", fake.url());
        Some(fake)
    } else {
        None
    };
    let client = match &fake {
        Some(f) => Client::builder().registry(f.url()).token(f.superuser_token()).build()?,
        None => Client::from_env()?,
    };
    // Unique names against a real Quay; the curl guide's names against the fake.
    let suffix = match (&fake, std::env::var("QUAY_DEMO_SUFFIX")) {
        (_, Ok(s)) => format!("-{s}"),
        (Some(_), Err(_)) => String::new(),
        (None, Err(_)) => {
            let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
            format!("-{}", t % 100_000_000)
        }
    };
    let org = format!("acme{suffix}");
    let alice = format!("alice{suffix}");
    let mut n = 0;

    step(&mut n, &format!("create organization {org}"));
    client.create_organization().body(json!({"name": org, "email": format!("{org}@example.com")})).call().await?;
    let details = client.get_organization().orgname(org.as_str()).call().await?;
    println!("     {} (admin: {})", details.name, details.is_admin);

    step(&mut n, "create robot ci");
    let robot = client.create_org_robot().orgname(org.as_str()).robot_shortname("ci")
        .body(json!({"description": "CI pushes"})).call().await?;
    println!("     {} (token {} characters, not shown)", robot.name, robot.token.as_deref().map_or(0, str::len));

    step(&mut n, "create user alice and team devs, add alice to devs");
    client.create_install_user().body(json!({"username": alice, "email": format!("{alice}@example.com")})).call().await?;
    client.update_organization_team().orgname(org.as_str()).teamname("devs")
        .body_map(|b| b.role(TeamRole::Member).description(Some("Developers".to_string()))).call().await?;
    let member = client.update_organization_team_member().orgname(org.as_str()).teamname("devs").membername(alice.as_str()).call().await?;
    println!("     added {}", member.name);

    step(&mut n, &format!("create repository {org}/web (private)"));
    client.create_repo()
        .body(json!({"namespace": org, "repository": "web", "visibility": "private", "description": "The web app"}))
        .call().await?;

    step(&mut n, "default permission: team devs gets write on new repositories");
    let proto = client.create_organization_prototype_permission().orgname(org.as_str())
        .body_map(|b| b.role(RepositoryRole::Write).delegate(quay_sdk::types::NewPrototypeDelegate { kind: DelegateKind::Team, name: "devs".into() }))
        .call().await?;
    println!("     prototype {}", proto.id);

    step(&mut n, "permissions on web: alice read, devs write, robot write");
    client.change_user_permissions().namespace(org.as_str()).repository("web").username(alice.as_str())
        .body_map(|b| b.role(RepositoryRole::Read)).call().await?;
    client.change_team_permissions().namespace(org.as_str()).repository("web").teamname("devs")
        .body_map(|b| b.role(RepositoryRole::Write)).call().await?;
    client.change_user_permissions().namespace(org.as_str()).repository("web").username(robot.name.as_str())
        .body_map(|b| b.role(RepositoryRole::Write)).call().await?;
    let users = client.list_repo_user_permissions().namespace(org.as_str()).repository("web").call().await?;
    for (name, p) in &users.permissions {
        println!("     {name}: {}", p.role);
    }

    // The fake pushes an image into the new repository; a real Quay needs one pushed already.
    let tag_repo = match &fake {
        Some(f) => {
            f.push_manifest(&org, "web", Some("latest"));
            Some((org.clone(), "web".to_string()))
        }
        None => std::env::var("QUAY_DEMO_REPO").ok().and_then(|r| r.split_once('/').map(|(a, b)| (a.to_string(), b.to_string()))),
    };
    match tag_repo {
        None => {
            step(&mut n, "tags: skipped (set QUAY_DEMO_REPO=namespace/repository, a repository holding a pushed image)");
        }
        Some((ns, repo)) => {
            let tag = format!("v1.0{suffix}");
            step(&mut n, &format!("tag {tag} in {ns}/{repo} on a pushed manifest, expiring in a day, then the expiration cleared"));
            let pushed = client.list_repo_tags().namespace(ns.as_str()).repository(repo.as_str()).only_active_tags(true).limit(1).call().await?;
            let Some(first) = pushed.tags.first() else {
                return Err(Error::invalid_input(format!("{ns}/{repo} holds no tag: push an image there first")));
            };
            let digest: types::ManifestDigest = first.manifest_digest.parse().map_err(|e| Error::invalid_input(format!("{e}")))?;
            // Quay reads `expiration` before `manifest_digest` (and answers 404 for a tag that
            // does not exist yet), so a tag is created first and given its expiration in a
            // second call.
            client.change_tag().namespace(ns.as_str()).repository(repo.as_str()).tag(tag.as_str())
                .body(ChangeTag::to_manifest(digest)).call().await?;
            let tomorrow = std::time::SystemTime::now() + std::time::Duration::from_secs(86_400);
            client.change_tag().namespace(ns.as_str()).repository(repo.as_str()).tag(tag.as_str())
                .body(ChangeTag::default().expire_at(tomorrow)).call().await?;
            let tags = client.list_repo_tags().namespace(ns.as_str()).repository(repo.as_str()).specific_tag(tag.as_str()).call().await?;
            println!("     {tag} expires: {}", tags.tags[0].expiration.as_deref().unwrap_or("never"));
            client.change_tag().namespace(ns.as_str()).repository(repo.as_str()).tag(tag.as_str())
                .body(ChangeTag::default().clear_expiration()).call().await?;
            let tags = client.list_repo_tags().namespace(ns.as_str()).repository(repo.as_str()).specific_tag(tag.as_str()).call().await?;
            println!("     {tag} expires: {}", tags.tags[0].expiration.as_deref().unwrap_or("never"));
            if ns != org {
                client.delete_full_tag().namespace(ns.as_str()).repository(repo.as_str()).tag(tag.as_str()).call().await?;
            }
        }
    }

    step(&mut n, "quota: 10 GiB on the organization");
    match client.create_organization_quota().orgname(org.as_str()).body_map(|b| b.limit_bytes(Some(10 * 1024 * 1024 * 1024))).call().await {
        Ok(_) => {
            for q in client.list_organization_quota().orgname(org.as_str()).call().await? {
                println!("     quota {}: {} bytes", q.id.map_or("-".to_string(), |id| id.to_string()), q.limit_bytes);
            }
        }
        Err(e) if fake.is_none() && e.status().is_some_and(|s| s == 404 || s == 405 || s == 403) => {
            println!("     skipped: quota management looks off on this Quay ({e})");
        }
        Err(e) => return Err(e),
    }

    step(&mut n, "mirror: repository mirror of quay.io/prometheus/node-exporter");
    client.create_repo()
        .body(json!({"namespace": org, "repository": "node-exporter", "visibility": "private", "description": "mirror"}))
        .call().await?;
    let mirrored = async {
        client.change_repo_state().namespace(org.as_str()).repository("node-exporter")
            .body_map(|b| b.state(types::RepositoryState::Mirror)).call().await?;
        client.create_repo_mirror_config().namespace(org.as_str()).repository("node-exporter")
            .body_map(|b| {
                b.external_reference("quay.io/prometheus/node-exporter")
                    .sync_interval(86_400)
                    .sync_start_date("2030-01-01T00:00:00Z")
                    .skopeo_timeout_interval(300)
                    .robot_username(robot.name.as_str())
                    .root_rule(types::MirrorRootRule {
                        rule_kind: types::MirrorRootRuleRuleKind::TagGlobCsv,
                        rule_value: vec!["v1.*".into()],
                    })
            })
            .call().await
    }
    .await;
    match mirrored {
        Ok(_) => {
            let mirror = client.get_repo_mirror_config().namespace(org.as_str()).repository("node-exporter").call().await?;
            println!("     mirroring {} every {}s", mirror.external_reference, mirror.sync_interval);
        }
        Err(e) if fake.is_none() && e.status().is_some_and(|s| matches!(s, 400 | 403 | 404 | 405)) => {
            println!("     skipped: repository mirroring looks off on this Quay ({e})");
        }
        Err(e) => return Err(e),
    }

    step(&mut n, "superuser: list users and organizations (streamed across pages)");
    let users: Vec<_> = client.list_all_users().limit(2).stream().try_collect().await?;
    println!("     users: {}", users.iter().map(|u| u.username.as_str()).collect::<Vec<_>>().join(", "));
    let orgs: Vec<_> = client.list_all_organizations().limit(2).stream().try_collect().await?;
    println!("     organizations: {}", orgs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", "));

    step(&mut n, "errors are typed: a robot a mirror uses, then a deleted robot, then a bad name");
    match client.delete_org_robot().orgname(org.as_str()).robot_shortname("ci").call().await {
        Err(Error::Api(e)) => println!("     {e}"),
        other => println!("     unexpected: {other:?}"),
    }
    client.create_org_robot().orgname(org.as_str()).robot_shortname("scratch").call().await?;
    client.delete_org_robot().orgname(org.as_str()).robot_shortname("scratch").call().await?;
    match client.get_org_robot().orgname(org.as_str()).robot_shortname("scratch").call().await {
        Err(Error::Api(e)) => println!("     {e}"),
        other => println!("     unexpected: {other:?}"),
    }
    match client.get_org_robot().orgname("Not A Name").robot_shortname("ci").call().await {
        Err(e @ Error::InvalidInput(_)) => println!("     refused before sending: {e}"),
        other => println!("     unexpected: {other:?}"),
    }

    step(&mut n, "clean up");
    for repo in ["web", "node-exporter"] {
        client.delete_repository().namespace(org.as_str()).repository(repo).call().await?;
    }
    client.delete_admined_organization().orgname(org.as_str()).call().await?;
    client.delete_install_user().username(alice.as_str()).call().await?;
    println!("     done");
    Ok(())
}
