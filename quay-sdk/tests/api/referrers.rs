//! The OCI referrers listing (getReferrers, REFERRERS_API) through the SDK: the index, the
//! `artifactType` filter, an empty index, an unknown digest (the registry's error format), and
//! the registry token the SDK obtains from `/v2/auth` (cached per repository until it expires by
//! the server's clock, a refused exchange's typed error, the token kept out of `Debug` and errors).

use std::collections::HashMap;

use quay_sdk::{ApiErrorKind, Client, Error, Result, TokenKind};
use serde_json::json;

use crate::{Env, api_err};

const SBOM: &str = "application/vnd.example.sbom.v1";
const SIGNATURE: &str = "application/vnd.example.signature.v1";

async fn fake_with_referrers() -> Env {
    Env::with(quay_fake::FakeQuay::builder().features(quay_fake::Features { referrers_api: true, ..Default::default() })).await
}

/// `acme/web` (private) with an image and two artifacts referring to it; returns the image's
/// digest, the SBOM's and the signature's.
async fn seeded(env: &Env) -> Result<(String, String, String)> {
    let c = &env.admin;
    c.create_organization().body(json!({"name": "acme", "email": "acme@example.com"})).call().await?;
    c.create_repo()
        .body(json!({"namespace": "acme", "repository": "web", "visibility": "private", "description": ""}))
        .call()
        .await?;
    let image = env.fake.push_manifest("acme", "web", Some("v1"));
    let sbom = env.fake.push_referrer("acme", "web", &image, SBOM, &[("org.example.kind", "sbom")]).unwrap();
    let signature = env.fake.push_referrer("acme", "web", &image, SIGNATURE, &[]).unwrap();
    Ok((image, sbom, signature))
}

#[tokio::test]
async fn referrers_are_listed_and_filtered() -> Result<()> {
    let env = fake_with_referrers().await;
    let (image, sbom, signature) = seeded(&env).await?;
    let c = &env.admin;
    let list = || c.get_referrers().namespace("acme").repository("web").digest(image.as_str());

    let index = list().call().await?;
    assert_eq!((index.schema_version, index.media_type.as_str()), (2, "application/vnd.oci.image.index.v1+json"));
    let listed: Vec<(&str, Option<&str>)> = index.manifests.iter().map(|m| (m.digest.as_str(), m.artifact_type.as_deref())).collect();
    assert_eq!(listed, vec![(sbom.as_str(), Some(SBOM)), (signature.as_str(), Some(SIGNATURE))]);
    assert!(index.manifests.iter().all(|m| m.media_type == "application/vnd.oci.image.manifest.v1+json" && m.size > 0));
    let kind = HashMap::from([("org.example.kind".to_string(), "sbom".to_string())]);
    assert_eq!(index.manifests[0].annotations, kind);
    assert!(index.manifests[1].annotations.is_empty());
    // Quay copies a referrer's annotations into the index.
    assert_eq!(index.annotations, kind);

    let filtered = list().artifact_type(SBOM).call().await?;
    assert_eq!(filtered.manifests.iter().map(|m| m.digest.as_str()).collect::<Vec<_>>(), vec![sbom.as_str()]);
    let none = list().artifact_type("application/x-none").call().await?;
    assert!(none.manifests.is_empty() && none.annotations.is_empty());

    // The dynamic entry point (every binding's) answers the same index.
    let value = c.call("getReferrers", json!({"namespace": "acme", "repository": "web", "digest": image, "artifactType": SIGNATURE})).await?;
    assert_eq!(value["manifests"][0]["digest"], json!(signature));

    // A manifest nothing refers to: an empty index.
    let lonely = env.fake.push_manifest("acme", "web", Some("v2"));
    let empty = c.get_referrers().namespace("acme").repository("web").digest(lonely.as_str()).call().await?;
    assert!(empty.manifests.is_empty());

    // A referrer in another repository does not count.
    c.create_repo().body(json!({"namespace": "acme", "repository": "api", "visibility": "public", "description": ""})).call().await?;
    let other = env.fake.push_manifest("acme", "api", Some("v1"));
    assert!(env.fake.push_referrer("acme", "web", &other, SBOM, &[]).unwrap_err().contains("no manifest"));
    Ok(())
}

#[tokio::test]
async fn unknown_and_malformed_digests() -> Result<()> {
    let env = fake_with_referrers().await;
    seeded(&env).await?;
    let c = &env.admin;
    let zero = format!("sha256:{}", "0".repeat(64));
    let e = api_err(c.get_referrers().namespace("acme").repository("web").digest(zero.as_str()).call().await, 400);
    // The registry's error list is read: its code and its message.
    assert_eq!((e.error_type.as_deref(), e.detail.as_str()), (Some("MANIFEST_INVALID"), "manifest invalid"));
    assert_eq!(e.kind(), ApiErrorKind::BadRequest);
    assert_eq!(e.call.as_ref().map(|c| c.operation), Some("getReferrers"));
    // A malformed digest is refused before anything is sent, naming the argument and its rule.
    let bad = c.get_referrers().namespace("acme").repository("web").digest("sha256:xyz").call().await;
    assert!(matches!(&bad, Err(Error::InvalidInput(m)) if m.contains("getReferrers") && m.contains("digest")), "{bad:?}");
    // With REFERRERS_API off the route does not exist.
    let off = Env::new().await;
    if !crate::features_from_env().referrers_api {
        let e = api_err(off.admin.get_referrers().namespace("acme").repository("web").digest(zero.as_str()).call().await, 404);
        assert_eq!(e.kind(), ApiErrorKind::NotFound);
    }
    Ok(())
}

#[tokio::test]
async fn the_registry_token_is_obtained_cached_and_renewed() -> Result<()> {
    let env = fake_with_referrers().await;
    let (image, _, _) = seeded(&env).await?;
    let c = &env.admin;
    let list = || c.get_referrers().namespace("acme").repository("web").digest(image.as_str());
    assert_eq!(env.fake.registry_login_count(), 0);
    list().call().await?;
    assert_eq!(env.fake.registry_login_count(), 1);
    // The cached token is reused for the same repository...
    list().artifact_type(SBOM).call().await?;
    assert_eq!(env.fake.registry_login_count(), 1);
    // ...and renewed once the server's clock passes its expiry (an hour, as Quay's).
    env.fake.advance(std::time::Duration::from_secs(3600));
    list().call().await?;
    assert_eq!(env.fake.registry_login_count(), 2);
    // Another repository needs its own token.
    c.create_repo().body(json!({"namespace": "acme", "repository": "api", "visibility": "private", "description": ""})).call().await?;
    let other = env.fake.push_manifest("acme", "api", Some("v1"));
    c.get_referrers().namespace("acme").repository("api").digest(other.as_str()).call().await?;
    assert_eq!(env.fake.registry_login_count(), 3);
    // Neither the API token nor a registry token (a JWT, `eyJ...`) shows in Debug.
    let text = format!("{c:?}");
    assert!(!text.contains(&env.fake.superuser_token()) && !text.contains("eyJ"), "{text}");
    assert!(text.contains("repository:acme/web:pull"), "{text}");

    // An app-specific token goes with the user `$app`.
    let app = c.create_app_token().body(json!({"title": "ci"})).call().await?.token.token_code.expect("the new token's code");
    let with_app = Client::builder().registry(env.fake.url()).token(app.as_str()).token_kind(TokenKind::App).build()?;
    assert_eq!(with_app.get_referrers().namespace("acme").repository("web").digest(image.as_str()).call().await?.manifests.len(), 2);
    // A user who may not read the repository gets a token without access: the listing says 401.
    let outsider = env.fake.create_user("mallory", "mallory@example.com");
    let e = api_err(env.client(&outsider).get_referrers().namespace("acme").repository("web").digest(image.as_str()).call().await, 401);
    assert_eq!(e.error_type.as_deref(), Some("UNAUTHORIZED"));
    Ok(())
}

#[tokio::test]
async fn a_refused_exchange_is_a_clear_typed_error() -> Result<()> {
    let env = fake_with_referrers().await;
    let (image, _, _) = seeded(&env).await?;
    let digest = image.as_str();
    // A token /v2/auth does not know.
    let secret = "not-a-token-s3cr3t";
    let stranger = env.client(secret);
    let err = stranger.get_referrers().namespace("acme").repository("web").digest(digest).call().await.unwrap_err();
    assert!(matches!(&err, Error::RegistryAuth { status: Some(401), .. }), "{err:?}");
    assert_eq!((err.code(), err.status()), ("registry_auth", Some(401)));
    assert_eq!(err.call().map(|c| c.operation), Some("getReferrers"));
    let text = err.to_string();
    assert!(text.starts_with("getReferrers (GET /v2/acme/web/referrers/"), "{text}");
    assert!(text.contains("OAuth access token could not be validated") && text.contains("token_kind"), "{text}");
    assert!(!text.contains(secret) && !format!("{err:?}").contains(secret), "{text}");
    // An OAuth token taken for an app-specific one: refused, and the message says so.
    let wrong_kind =
        Client::builder().registry(env.fake.url()).token(env.fake.superuser_token()).token_kind(TokenKind::App).build()?;
    let err = wrong_kind.get_referrers().namespace("acme").repository("web").digest(digest).call().await.unwrap_err();
    assert!(matches!(&err, Error::RegistryAuth { status: Some(401), .. }) && err.to_string().contains("`$app`"), "{err}");
    assert!(!err.to_string().contains(&env.fake.superuser_token()));
    // No token at all: refused before anything is sent.
    let before = env.fake.registry_login_count();
    let anonymous = Client::builder().registry(env.fake.url()).build()?;
    let err = anonymous.get_referrers().namespace("acme").repository("web").digest(digest).call().await.unwrap_err();
    assert!(matches!(&err, Error::RegistryAuth { status: None, .. }) && err.to_string().contains("no token is configured"), "{err}");
    assert_eq!(env.fake.registry_login_count(), before);
    Ok(())
}
