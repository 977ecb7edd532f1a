//! Immutability policies (IMMUTABLE_TAGS) of organizations and repositories through the SDK:
//! the answers, Quay's pattern checks, and the tags the policies mark immutable (at creation,
//! at update and when tags are created later; the marks stay when a policy changes or goes).

use futures::TryStreamExt;
use quay_sdk::{ApiErrorKind, Client, Result};
use serde_json::{Value, json};

use crate::{Env, api_err};

async fn fake_with_policies() -> Env {
    Env::with(quay_fake::FakeQuay::builder().features(quay_fake::Features { immutable_tags: true, ..Default::default() })).await
}

async fn repo(c: &Client, ns: &str, name: &str) -> Result<()> {
    let body = json!({"namespace": ns, "repository": name, "visibility": "private", "description": ""});
    c.create_repo().body(body).call().await?;
    Ok(())
}

/// The live tags of `ns/name` with their immutable flag, by name.
async fn flags(c: &Client, ns: &str, name: &str) -> Result<Vec<(String, bool)>> {
    let tags = c.list_repo_tags().namespace(ns).repository(name).only_active_tags(true).call().await?.tags;
    let mut out: Vec<(String, bool)> = tags.into_iter().map(|t| (t.name, t.immutable.expect("IMMUTABLE_TAGS is on"))).collect();
    out.sort();
    Ok(out)
}

fn named(list: &[(&str, bool)]) -> Vec<(String, bool)> {
    list.iter().map(|(n, f)| (n.to_string(), *f)).collect()
}

#[track_caller]
fn refused_before_sending<T: std::fmt::Debug>(r: Result<T>, op: &str) {
    assert!(matches!(&r, Err(quay_sdk::Error::InvalidInput(m)) if m.contains(op)), "{r:?}");
}

#[tokio::test]
async fn organization_policies_check_patterns_and_mark_tags() -> Result<()> {
    let env = fake_with_policies().await;
    let c = &env.admin;
    c.create_organization().body(json!({"name": "acme", "email": "acme@example.com"})).call().await?;
    repo(c, "acme", "web").await?;
    repo(c, "acme", "api").await?;
    for tag in ["release-1", "latest", "release-x"] {
        env.fake.push_manifest("acme", "web", Some(tag));
    }
    env.fake.push_manifest("acme", "api", Some("release-2"));
    let list = || c.list_org_immutability_policies().orgname("acme");
    assert!(list().call().await?.policies.is_empty());

    let create = |body: Value| c.create_org_immutability_policy().orgname("acme").body(body);
    let release = create(json!({"tagPattern": "  ^release-.*$ "})).call().await?.uuid;
    // Every live tag of the namespace that the pattern matches is immutable at once.
    assert_eq!(flags(c, "acme", "web").await?, named(&[("latest", false), ("release-1", true), ("release-x", true)]));
    assert_eq!(flags(c, "acme", "api").await?, named(&[("release-2", true)]));
    let listed = list().call().await?.policies;
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].uuid.as_str(), listed[0].tag_pattern.as_str(), listed[0].tag_pattern_matches), (release.as_str(), "^release-.*$", true));

    // Quay's checks: the same pattern twice, a bad regular expression, a blank or long pattern.
    let dup = api_err(create(json!({"tagPattern": "^release-.*$", "tagPatternMatches": false})).call().await, 400);
    assert_eq!(dup.kind(), ApiErrorKind::AlreadyExists, "{dup:?}");
    assert!(dup.detail.contains("A policy with the same tag_pattern already exists"), "{dup:?}");
    for (pattern, why) in [
        (json!("[unclosed"), "Invalid regex pattern"),
        (json!("*bad"), "Invalid regex pattern"),
        (json!("   "), "tag_pattern is required and must be a non-empty string"),
        (json!("x".repeat(257)), "tag_pattern must be 256 characters or less"),
    ] {
        let e = api_err(create(json!({"tagPattern": pattern})).call().await, 400);
        assert_eq!((e.kind(), e.detail.contains(why)), (ApiErrorKind::BadRequest, true), "{e:?}");
    }
    // Refused before sending: no pattern, an empty one, a non-boolean tagPatternMatches.
    for body in [json!({"tagPatternMatches": false}), json!({"tagPattern": ""}), json!({"tagPattern": "^x$", "tagPatternMatches": "yes"})] {
        refused_before_sending(create(body).call().await, "createOrgImmutabilityPolicy");
    }
    assert_eq!(list().call().await?.policies.len(), 1, "nothing refused was stored");

    // What the flag does: no delete, no move, no expiration.
    let e = api_err(c.delete_full_tag().namespace("acme").repository("web").tag("release-1").call().await, 409);
    assert_eq!((e.error_type.as_deref(), e.detail.as_str()), (Some("tag_immutable"), "Cannot delete immutable tag 'release-1'"));
    let latest = c.list_repo_tags().namespace("acme").repository("web").specific_tag("latest").call().await?.tags[0].manifest_digest.clone();
    let change = |tag: &str, body: Value| c.change_tag().namespace("acme").repository("web").tag(tag).body(body);
    let e = api_err(change("release-1", json!({"manifest_digest": latest})).call().await, 409);
    assert_eq!(e.detail, "Cannot overwrite immutable tag 'release-1'");
    let e = api_err(change("release-1", json!({"expiration": env.fake.now() + 86_400})).call().await, 400);
    assert_eq!((e.error_type, e.detail.as_str()), (None, "Cannot set expiration on immutable tag 'release-1'"));

    // Update (204): the new pattern marks what it selects; what the old one marked stays.
    let update = |uuid: &str, body: Value| c.update_org_immutability_policy().orgname("acme").policy_uuid(uuid).body(body);
    update(&release, json!({"tagPattern": "^lat", "tagPatternMatches": true})).call().await?;
    let got = c.get_org_immutability_policy().orgname("acme").policy_uuid(release.as_str()).call().await?;
    assert_eq!((got.tag_pattern.as_str(), got.tag_pattern_matches), ("^lat", true));
    assert_eq!(flags(c, "acme", "web").await?, named(&[("latest", true), ("release-1", true), ("release-x", true)]));
    assert!(api_err(update(&release, json!({"tagPattern": "(("})).call().await, 400).detail.starts_with("Invalid regex pattern"));
    api_err(update("00000000-0000-0000-0000-000000000000", json!({"tagPattern": "^x$"})).call().await, 404);
    // Another policy may not take a pattern the namespace already has; the policy itself may.
    let other = create(json!({"tagPattern": "^rc-"})).call().await?.uuid;
    let e = api_err(update(&other, json!({"tagPattern": "^lat"})).call().await, 400);
    assert!(e.detail.contains("same tag_pattern"), "{e:?}");
    update(&release, json!({"tagPattern": "^lat", "tagPatternMatches": true})).call().await?;

    // A new tag is marked when a policy selects it, whichever repository it is pushed to.
    env.fake.push_manifest("acme", "api", Some("rc-1"));
    env.fake.push_manifest("acme", "api", Some("dev"));
    assert_eq!(flags(c, "acme", "api").await?, named(&[("dev", false), ("rc-1", true), ("release-2", true)]));

    // Delete (200 with the id): the marks stay; only changeTag immutable=false clears one.
    let deleted = c.delete_org_immutability_policy().orgname("acme").policy_uuid(release.as_str()).call().await?;
    assert_eq!(deleted.uuid, release);
    api_err(c.delete_org_immutability_policy().orgname("acme").policy_uuid(release.as_str()).call().await, 404);
    api_err(c.get_org_immutability_policy().orgname("acme").policy_uuid(release.as_str()).call().await, 404);
    assert_eq!(list().call().await?.policies.iter().map(|p| p.uuid.clone()).collect::<Vec<_>>(), std::slice::from_ref(&other));
    api_err(c.delete_full_tag().namespace("acme").repository("web").tag("latest").call().await, 409);
    change("latest", json!({"immutable": false})).call().await?;
    c.delete_full_tag().namespace("acme").repository("web").tag("latest").call().await?;

    // tagPatternMatches false: the tags that do not match are immutable.
    create(json!({"tagPattern": "^dev", "tagPatternMatches": false})).call().await?;
    env.fake.push_manifest("acme", "api", Some("dev-2"));
    env.fake.push_manifest("acme", "api", Some("stable"));
    let api = flags(c, "acme", "api").await?;
    assert!(api.contains(&("dev-2".into(), false)) && api.contains(&("stable".into(), true)), "{api:?}");

    // The audit log: each change, and the tags a policy marked (by no performer).
    let logs: Vec<_> = c.list_org_logs().orgname("acme").stream().try_collect().await?;
    let kinds: Vec<&str> = logs.iter().map(|l| l.kind.as_str()).collect();
    for kind in ["create_immutability_policy", "update_immutability_policy", "delete_immutability_policy"] {
        assert!(kinds.contains(&kind), "{kind}: {kinds:?}");
    }
    let marked = logs.iter().rfind(|l| l.kind == "tags_made_immutable_by_policy").expect("logged");
    assert_eq!((marked.metadata.get("count"), marked.metadata.get("tag_pattern")), (Some(&json!(3)), Some(&json!("^release-.*$"))));
    assert!(marked.performer.is_none(), "{marked:?}");

    // Who may: an unknown organization lists none but takes no policy; a reader is refused.
    assert!(c.list_org_immutability_policies().orgname("nosuchorg").call().await?.policies.is_empty());
    let e = api_err(c.create_org_immutability_policy().orgname("nosuchorg").body(json!({"tagPattern": "^x"})).call().await, 400);
    assert_eq!(e.detail, "Username does not exist: nosuchorg");
    api_err(c.delete_org_immutability_policy().orgname("nosuchorg").policy_uuid(other.as_str()).call().await, 400);
    let bob = env.client(&env.fake.create_user("bob", "bob@example.com"));
    api_err(bob.list_org_immutability_policies().orgname("acme").call().await, 403);
    api_err(bob.create_org_immutability_policy().orgname("acme").body(json!({"tagPattern": "^x"})).call().await, 403);
    api_err(bob.delete_org_immutability_policy().orgname("acme").policy_uuid(other.as_str()).call().await, 403);
    // A user administers their own namespace through the organization routes.
    repo(&bob, "bob", "mine").await?;
    env.fake.push_manifest("bob", "mine", Some("keep-1"));
    bob.create_org_immutability_policy().orgname("bob").body(json!({"tagPattern": "^keep-"})).call().await?;
    assert_eq!(flags(&bob, "bob", "mine").await?, named(&[("keep-1", true)]));
    Ok(())
}

#[tokio::test]
async fn repository_policies_mark_the_repositorys_tags_only() -> Result<()> {
    let env = fake_with_policies().await;
    let c = &env.admin;
    c.create_organization().body(json!({"name": "acme", "email": "acme@example.com"})).call().await?;
    repo(c, "acme", "web").await?;
    repo(c, "acme", "api").await?;
    for tag in ["v1.0", "v1.1", "latest"] {
        env.fake.push_manifest("acme", "web", Some(tag));
    }
    let v2 = env.fake.push_manifest("acme", "web", None);
    env.fake.push_manifest("acme", "api", Some("v1.0"));
    let list = || c.list_repository_immutability_policies().namespace("acme").repository("web");
    assert!(list().call().await?.policies.is_empty());
    let create = |body: Value| c.create_repository_immutability_policy().namespace("acme").repository("web").body(body);
    let v1 = create(json!({"tagPattern": "^v1\\..*$"})).call().await?.uuid;
    assert_eq!(flags(c, "acme", "web").await?, named(&[("latest", false), ("v1.0", true), ("v1.1", true)]));
    assert_eq!(flags(c, "acme", "api").await?, named(&[("v1.0", false)]), "another repository is untouched");
    let e = api_err(create(json!({"tagPattern": "^v1\\..*$"})).call().await, 400);
    assert_eq!(e.kind(), ApiErrorKind::AlreadyExists);
    // A namespace policy's pattern is another owner's: allowed here.
    c.create_org_immutability_policy().orgname("acme").body(json!({"tagPattern": "^rel"})).call().await?;
    let rel = create(json!({"tagPattern": "^rel"})).call().await?.uuid;
    let got = c.get_repository_immutability_policy().namespace("acme").repository("web").policy_uuid(v1.as_str()).call().await?;
    assert_eq!((got.uuid.as_str(), got.tag_pattern.as_str(), got.tag_pattern_matches), (v1.as_str(), "^v1\\..*$", true));
    assert!(api_err(create(json!({"tagPattern": "(?<"})).call().await, 400).detail.starts_with("Invalid regex pattern"));
    refused_before_sending(create(json!({})).call().await, "createRepositoryImmutabilityPolicy");

    // A tag created later is marked, and then refuses to move.
    let change = |tag: &str, body: Value| c.change_tag().namespace("acme").repository("web").tag(tag).body(body);
    change("v1.9", json!({"manifest_digest": v2})).call().await?;
    assert!(flags(c, "acme", "web").await?.contains(&("v1.9".into(), true)));
    let latest = c.list_repo_tags().namespace("acme").repository("web").specific_tag("latest").call().await?.tags[0].manifest_digest.clone();
    api_err(change("v1.9", json!({"manifest_digest": latest})).call().await, 409);
    // A restore creates a new version, marked too.
    c.restore_tag().namespace("acme").repository("web").tag("v1.8").body(json!({"manifest_digest": latest})).call().await?;
    assert!(flags(c, "acme", "web").await?.contains(&("v1.8".into(), true)));
    // Tags no policy selects move and go as before.
    change("latest", json!({"manifest_digest": v2})).call().await?;
    c.delete_full_tag().namespace("acme").repository("web").tag("latest").call().await?;

    // Update to another pattern: v1.x stay immutable; a pattern another policy has is refused.
    let update = |uuid: &str, body: Value| c.update_repository_immutability_policy().namespace("acme").repository("web").policy_uuid(uuid).body(body);
    update(&v1, json!({"tagPattern": "^v2\\..*$", "tagPatternMatches": true})).call().await?;
    assert_eq!(list().call().await?.policies[0].tag_pattern, "^v2\\..*$");
    api_err(c.delete_full_tag().namespace("acme").repository("web").tag("v1.9").call().await, 409);
    assert!(api_err(update(&v1, json!({"tagPattern": "^rel"})).call().await, 400).detail.contains("same tag_pattern"));
    api_err(update("00000000-0000-0000-0000-000000000000", json!({"tagPattern": "^x"})).call().await, 404);
    refused_before_sending(update(&v1, json!({})).call().await, "updateRepositoryImmutabilityPolicy");

    // Delete (200 with the id), again 404; the marks stay.
    let deleted = c.delete_repository_immutability_policy().namespace("acme").repository("web").policy_uuid(v1.as_str()).call().await?;
    assert_eq!(deleted.uuid, v1);
    api_err(c.delete_repository_immutability_policy().namespace("acme").repository("web").policy_uuid(v1.as_str()).call().await, 404);
    api_err(c.get_repository_immutability_policy().namespace("acme").repository("web").policy_uuid(v1.as_str()).call().await, 404);
    assert_eq!(list().call().await?.policies.iter().map(|p| p.uuid.clone()).collect::<Vec<_>>(), [rel]);
    api_err(c.delete_full_tag().namespace("acme").repository("web").tag("v1.0").call().await, 409);

    // The repository's log holds the changes.
    let logs: Vec<_> = c.list_repo_logs().namespace("acme").repository("web").stream().try_collect().await?;
    let kinds: Vec<String> = logs.into_iter().map(|l| l.kind).collect();
    for kind in ["create_immutability_policy", "update_immutability_policy", "delete_immutability_policy", "tags_made_immutable_by_policy"] {
        assert!(kinds.iter().any(|k| k == kind), "{kind}: {kinds:?}");
    }

    // An unknown repository is 404; a reader is refused.
    api_err(c.list_repository_immutability_policies().namespace("acme").repository("nosuch").call().await, 404);
    api_err(c.create_repository_immutability_policy().namespace("acme").repository("nosuch").body(json!({"tagPattern": "^x"})).call().await, 404);
    let bob_token = env.fake.create_user("bob", "bob@example.com");
    c.change_user_permissions().namespace("acme").repository("web").username("bob").body(json!({"role": "read"})).call().await?;
    let bob = env.client(&bob_token);
    api_err(bob.list_repository_immutability_policies().namespace("acme").repository("web").call().await, 403);
    api_err(bob.create_repository_immutability_policy().namespace("acme").repository("web").body(json!({"tagPattern": "^x"})).call().await, 403);
    api_err(bob.change_tag().namespace("acme").repository("web").tag("v1.0").body(json!({"immutable": false})).call().await, 403);
    Ok(())
}

#[tokio::test]
async fn policies_are_absent_without_immutable_tags() -> Result<()> {
    let env = Env::with(quay_fake::FakeQuay::builder()).await;
    env.admin.create_organization().body(json!({"name": "acme", "email": "acme@example.com"})).call().await?;
    api_err(env.admin.list_org_immutability_policies().orgname("acme").call().await, 404);
    Ok(())
}
