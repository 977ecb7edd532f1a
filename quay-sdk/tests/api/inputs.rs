//! Input a user naturally writes, and input Quay would silently misread: unknown body keys,
//! names inside bodies, a body given twice. Refused before sending, with messages that name the
//! call, the argument, the rule and the value.

use quay_sdk::{Error, Result};
use serde_json::json;

use crate::Env;

fn invalid(r: Result<impl std::fmt::Debug>) -> String {
    match r {
        Err(Error::InvalidInput(m)) => m,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_body_keys_are_refused_with_a_suggestion() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    c.create_organization().body(json!({"name": "acme", "email": "a@example.com"})).call().await?;
    let before = env.fake.request_count();
    let body = json!({"namespace": "acme", "repository": "web", "visibility": "private", "description": "", "repo_knd": "application"});
    let typed = invalid(c.create_repo().body(body.clone()).call().await);
    assert!(typed.contains("createRepo") && typed.contains("`repo_knd`") && typed.contains("did you mean `repo_kind`?"), "{typed}");
    let dynamic = invalid(c.call("createRepo", json!({"body": body})).await);
    assert!(dynamic.contains("createRepo: unknown body field(s) `repo_knd` (did you mean `repo_kind`?)"), "{dynamic}");
    let flat = invalid(c.call("createRepo", json!({"namespace": "acme", "repository": "web", "visibilty": "private"})).await);
    assert!(flat.contains("`visibilty`") && flat.contains("did you mean `visibility`?"), "{flat}");
    assert_eq!(env.fake.request_count(), before, "nothing was sent");
    Ok(())
}

#[tokio::test]
async fn a_body_given_whole_and_as_fields_is_one_clear_error() -> Result<()> {
    let env = Env::new().await;
    let m = invalid(env.admin.call("createOrganization", json!({"body": {"name": "acme"}, "email": "a@example.com"})).await);
    assert!(m.contains("give the body either as `body` or as fields, not both (got `body` and `email`)"), "{m}");
    Ok(())
}

#[tokio::test]
async fn body_field_values_are_checked_and_named() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    let before = env.fake.request_count();
    let m = invalid(c.call("createRepo", json!({"namespace": "acme", "repository": "web", "visibility": "secret", "description": ""})).await);
    assert!(m.contains("createRepo: body field `visibility` \"secret\" is not a valid Visibility"), "{m}");
    let m = invalid(c.call("createRepo", json!({"namespace": "acme", "repository": "Bad Repo!", "visibility": "private", "description": ""})).await);
    assert!(m.contains("body field `repository` \"Bad Repo!\" is not a valid RepositoryName") && m.contains("pattern"), "{m}");
    let m = invalid(c.call("createRepo", json!("not an object")).await);
    assert!(m.contains("arguments must be an object"), "{m}");
    assert_eq!(env.fake.request_count(), before, "nothing was sent");
    Ok(())
}

#[tokio::test]
async fn builders_take_text_and_refuse_bad_names_with_the_rule() -> Result<()> {
    use quay_sdk::types::Visibility;
    let env = Env::new().await;
    let c = &env.admin;
    // Optional text fields and optional named fields take plain `&str`.
    c.create_organization().body_map(|b| b.name("acme").email("acme@example.com")).call().await?;
    c.create_repo()
        .body_map(|b| b.namespace("acme").repository("web").visibility(Visibility::Private).description(""))
        .call()
        .await?;
    c.create_repo().body_map(|b| b.namespace("acme").repository("api").visibility("public").description("")).call().await?;
    assert!(c.get_repo().namespace("acme").repository("api").call().await?.is_public);
    let before = env.fake.request_count();
    let m = invalid(
        c.create_repo().body_map(|b| b.namespace("Bad Name!").repository("x").visibility("private").description("")).call().await,
    );
    assert!(m.starts_with("createRepo: ") && m.contains("`namespace` \"Bad Name!\" is not a valid Namespace") && m.contains("pattern"), "{m}");
    let m = invalid(c.get_repo().namespace("acme").repository("Web App").call().await);
    assert!(m.contains("getRepo: `repository` \"Web App\" is not a valid RepositoryName"), "{m}");
    let m = invalid(c.change_repo_visibility().namespace("acme").repository("web").body_map(|b| b.visibility("secret")).call().await);
    assert!(m.contains("`visibility` \"secret\" is not a valid Visibility") && m.contains("one of: public, private"), "{m}");
    assert_eq!(env.fake.request_count(), before, "nothing was sent");
    Ok(())
}

#[tokio::test]
async fn a_preview_shows_the_request_and_sends_nothing() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    let before = env.fake.request_count();
    let p = c.preview("createOrgRobot", json!({"orgname": "acme", "robot_shortname": "ci", "description": "CI"})).await?;
    assert_eq!(p.method, "PUT");
    assert_eq!(p.url, format!("{}/api/v1/organization/acme/robots/ci", env.fake.url()));
    assert_eq!(p.body, Some(json!({"description": "CI"})));
    let q = c.preview("listRepoTags", json!({"namespace": "acme", "repository": "web", "onlyActiveTags": true, "limit": 5})).await?;
    assert_eq!((q.method.as_str(), q.body.as_ref()), ("GET", None));
    assert!(q.url.ends_with("/api/v1/repository/acme/web/tag/?limit=5&onlyActiveTags=true"), "{}", q.url);
    assert!(!format!("{p:?}{q:?}").contains(&env.fake.superuser_token()), "the token is never in a preview");
    // Checked exactly as a call: a bad name or a past expiration is refused.
    let bad = invalid(c.preview("getOrganization", json!({"orgname": "A B"})).await);
    assert!(bad.contains("orgname"), "{bad}");
    let past = invalid(c.preview("changeTag", json!({"namespace": "acme", "repository": "web", "tag": "v1", "expiration": 1})).await);
    assert!(past.contains("not in the future"), "{past}");
    assert_eq!(env.fake.request_count(), before, "a preview sends nothing");
    // The client still calls for real afterwards.
    c.call("createOrganization", json!({"name": "acme", "email": "a@example.com"})).await?;
    assert_eq!(env.fake.request_count(), before + 1);
    Ok(())
}
