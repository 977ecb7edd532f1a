//! Error paths: Quay's statuses and body shapes arrive as one typed error; bad input is
//! refused before anything is sent; the token never shows.

use quay_sdk::{ApiErrorKind, Error, Result};
use serde_json::json;

use crate::{Env, api_err};

#[tokio::test]
async fn not_found_duplicate_and_quay_shapes() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    let e = api_err(c.get_repo().namespace("nobody").repository("nothing").call().await, 404);
    assert_eq!(e.kind(), ApiErrorKind::NotFound);

    c.create_organization().body(json!({"name": "acme", "email": "a@example.com"})).call().await?;
    let dup = api_err(c.create_organization().body(json!({"name": "acme", "email": "b@example.com"})).call().await, 400);
    assert_eq!(dup.kind(), ApiErrorKind::AlreadyExists, "a duplicate is recognised from Quay's message");
    assert!(!dup.detail.is_empty(), "{dup:?}");
    // Scripts can be idempotent: ignore AlreadyExists, keep every other error.
    for name in ["acme", "acme"] {
        match c.create_organization().body(json!({"name": name, "email": "a@example.com"})).call().await {
            Ok(_) => {}
            Err(e) if e.is_already_exists() => {}
            Err(e) => return Err(e),
        }
    }
    c.create_org_robot().orgname("acme").robot_shortname("ci").call().await?;
    let robot_dup = c.create_org_robot().orgname("acme").robot_shortname("ci").call().await.expect_err("duplicate robot");
    assert!(robot_dup.is_already_exists(), "{robot_dup}");
    assert!(robot_dup.to_string().contains("[it already exists]"), "{robot_dup}");
    // Another 400 of the same operation is not a duplicate.
    let no_org = api_err(c.create_org_robot().orgname("nosuchorg").robot_shortname("ci").call().await, 400);
    assert_eq!(no_org.kind(), ApiErrorKind::BadRequest, "{no_org}");

    // A bare {"message": ...} body (robot not found) still gives a readable detail.
    let robot = api_err(c.get_org_robot().orgname("acme").robot_shortname("ghost").call().await, 400);
    assert!(robot.detail.to_lowercase().contains("robot"), "{robot:?}");
    Ok(())
}

#[tokio::test]
async fn bad_token_reads_401_writes_csrf_403() -> Result<()> {
    let env = Env::new().await;
    env.admin.create_organization().body(json!({"name": "acme", "email": "a@example.com"})).call().await?;
    env.admin
        .create_repo()
        .body(json!({"namespace": "acme", "repository": "private", "visibility": "private", "description": ""}))
        .call()
        .await?;
    let bad = env.client("not-a-real-token-0123456789");
    let e = api_err(bad.get_repo().namespace("acme").repository("private").call().await, 401);
    assert_eq!(e.kind(), ApiErrorKind::Unauthorized);
    assert!(e.to_string().contains("token is missing, invalid or expired"), "{e}");

    let e = api_err(bad.create_organization().body(json!({"name": "other", "email": "o@example.com"})).call().await, 403);
    assert_eq!(e.kind(), ApiErrorKind::Csrf);
    assert!(e.to_string().contains("token is missing or invalid"), "{e}");
    let shown = format!("{e} {e:?}");
    assert!(!shown.contains("not-a-real-token"), "the token leaked: {shown}");
    Ok(())
}

#[tokio::test]
async fn missing_scope_and_non_superuser_are_403() -> Result<()> {
    let env = Env::new().await;
    let token = env.fake.create_user("alice", "alice@example.com");
    let alice = env.client(&token);
    alice.create_organization().body(json!({"name": "alices", "email": "x@example.com"})).call().await?;
    let e = api_err(alice.list_all_users().call().await, 403);
    assert_eq!(e.kind(), ApiErrorKind::Forbidden);

    let read_only = env.fake.mint_token("alice", &["repo:read"]);
    let limited = env.client(&read_only);
    let e = api_err(limited.create_org_robot().orgname("alices").robot_shortname("ci").call().await, 403);
    assert_eq!(e.error_type.as_deref(), Some("insufficient_scope"));
    Ok(())
}

#[tokio::test]
async fn invalid_input_is_refused_before_sending() {
    let env = Env::new().await;
    let c = &env.admin;
    let before = env.fake.request_count();

    let bad_name = c.get_org_robot().orgname("Not Valid").robot_shortname("ci").call().await;
    assert!(matches!(&bad_name, Err(Error::InvalidInput(m)) if m.contains("orgname")), "{bad_name:?}");
    let bad_tag = c.delete_full_tag().namespace("acme").repository("web").tag("-bad").call().await;
    assert!(matches!(bad_tag, Err(Error::InvalidInput(_))));
    let bad_digest = c.call("changeTag", json!({"namespace": "acme", "repository": "web", "tag": "v1", "manifest_digest": "sha256:XYZ"})).await;
    assert!(matches!(&bad_digest, Err(Error::InvalidInput(m)) if m.contains("changeTag")), "{bad_digest:?}");
    let bad_enum = c.call("changeUserPermissions", json!({"namespace": "acme", "repository": "web", "username": "bob", "role": "owner"})).await;
    assert!(matches!(&bad_enum, Err(Error::InvalidInput(m)) if m.contains("owner") || m.contains("role")), "{bad_enum:?}");
    let missing = c.call("getOrgRobot", json!({"orgname": "acme"})).await;
    assert!(matches!(&missing, Err(Error::InvalidInput(m)) if m.contains("robot_shortname")), "{missing:?}");
    let unknown = c.call("getOrgRobot", json!({"orgname": "acme", "robot_shortname": "ci", "colour": "red"})).await;
    assert!(matches!(&unknown, Err(Error::InvalidInput(m)) if m.contains("colour")), "{unknown:?}");
    // Quay answers an HTML 500 to a non-numeric quota id; the SDK refuses it.
    let quota = c.call("getOrganizationQuota", json!({"orgname": "acme", "quota_id": "abc"})).await;
    assert!(matches!(&quota, Err(Error::InvalidInput(m)) if m.contains("quota_id")), "{quota:?}");
    let no_such = c.call("frobnicate", json!({})).await;
    assert!(matches!(no_such, Err(Error::InvalidInput(_))));
    let missing_body = c.call("createRepo", json!({"repository": "x"})).await;
    assert!(matches!(&missing_body, Err(Error::InvalidInput(m)) if m.contains("visibility")), "{missing_body:?}");
    assert!(matches!(c.paginate("getOrgRobot", json!({})), Err(Error::InvalidInput(_))));
    // A paged call refuses a bad value or an unknown argument when the stream is made.
    assert!(matches!(c.paginate("listRepoTags", json!({"namespace": "Bad Name", "repository": "x"})), Err(Error::InvalidInput(_))));
    assert!(matches!(c.paginate("listRepos", json!({"namespace": "acme", "colour": "red"})), Err(Error::InvalidInput(_))));

    assert_eq!(env.fake.request_count(), before, "invalid input must send nothing");
}

#[tokio::test]
async fn dynamic_calls_and_paging_by_operation_id() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    c.call("createOrganization", json!({"name": "acme", "email": "a@example.com"})).await?;
    let robot = c.call("create_org_robot", json!({"orgname": "acme", "robot_shortname": "ci", "description": "d"})).await?;
    assert_eq!(robot["name"], "acme+ci");
    assert_eq!(robot["description"], "d");
    for i in 0..3 {
        c.call("createRepo", json!({"body": {"namespace": "acme", "repository": format!("r{i}"), "visibility": "private", "description": ""}})).await?;
    }
    use futures::TryStreamExt;
    let repos: Vec<serde_json::Value> = c.paginate("listRepos", json!({"namespace": "acme"}))?.try_collect().await?;
    assert_eq!(repos.len(), 3);
    // Text that spells a number or boolean is accepted where one is expected (CLI and C callers).
    let tags = c.call("listRepoTags", json!({"namespace": "acme", "repository": "r0", "limit": "5", "onlyActiveTags": "true"})).await?;
    assert_eq!(tags["tags"], json!([]));
    Ok(())
}
