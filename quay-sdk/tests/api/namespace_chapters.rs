//! The namespace, identity and platform chapters beyond the first 86 operations (platform,
//! global messages, app-specific tokens, ...) through the SDK, asserting the answer, the state
//! change and the error paths.

use quay_fake::{FakeQuay, Features};
use quay_sdk::{Error, Result};
use serde_json::json;

use crate::{Env, api_err};

/// A fake with every feature switch on, whatever `QUAY_FAKE_FEATURES` says (the operations of
/// these chapters that a feature gates exist only then).
async fn env_all() -> Env {
    Env::with(FakeQuay::builder().features(Features::all())).await
}

/// `GET /v2/auth` with HTTP basic `user:password`: the status.
async fn registry_login(fake: &FakeQuay, user: &str, password: &str) -> u16 {
    let resp = reqwest::Client::new()
        .get(format!("{}/v2/auth", fake.url()))
        .basic_auth(user, Some(password))
        .send()
        .await
        .expect("the fake answers");
    resp.status().as_u16()
}

#[tokio::test]
async fn platform_capabilities_errors_and_discovery() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    let caps = c.get_registry_capabilities().call().await?;
    assert!(!caps.sparse_manifests.supported);
    assert!(caps.mirror_architectures.contains(&"amd64".to_string()));

    let e = c.get_error_description().error_type("invalid_token").call().await?;
    assert_eq!((e.title.as_str(), e.description.as_str()), ("invalid_token", "The access token provided was invalid."));
    assert_eq!(e.type_, format!("{}/api/v1/error/invalid_token", env.fake.url()));
    api_err(c.get_error_description().error_type("nosuchtype").call().await, 404);

    // The discovery document is the spec, as Swagger 2.0, for the operations served here.
    let doc = c.discovery().call().await?;
    assert_eq!(doc.swagger, "2.0");
    let paths = doc.paths;
    assert!(paths.contains_key("/api/v1/discovery"));
    assert!(paths.contains_key("/api/v1/repository/{repository}"));
    let renew_listed = paths.contains_key("/api/v1/bootstrap/renew");
    assert_eq!(renew_listed, env.fake.bootstrap_token().is_some(), "renewal is listed only with the feature on");
    let defs = doc.definitions;
    assert_eq!(defs["NewAppToken"]["required"], json!(["title"]));
    Ok(())
}

#[tokio::test]
async fn bootstrap_token_renewal() -> Result<()> {
    let env = env_all().await;
    let old = env.fake.bootstrap_token().expect("a bootstrap token with the feature on");
    // Another valid OAuth token is refused (403), an unknown bearer too (401).
    api_err(env.admin.renew_bootstrap_token().call().await, 403);
    api_err(env.client("not-a-valid-token-0000000000").renew_bootstrap_token().call().await, 401);

    let renewed = env.client(&old).renew_bootstrap_token().call().await?;
    assert_eq!(renewed.status, "rotated");
    let new = env.fake.bootstrap_token().expect("the new token");
    assert_ne!(new, old);
    api_err(env.client(&old).renew_bootstrap_token().call().await, 401);
    api_err(env.client(&old).get_logged_in_user().call().await, 401);
    // The new token is an ordinary OAuth token of the superuser.
    assert_eq!(env.client(&new).get_logged_in_user().call().await?.username, "quayadmin");

    // Without the feature there is no bootstrap token and no renewal route.
    let plain = Env::with(FakeQuay::builder()).await;
    assert!(plain.fake.bootstrap_token().is_none());
    assert!(plain.admin.renew_bootstrap_token().call().await.is_err());
    Ok(())
}

#[tokio::test]
async fn global_messages() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    assert!(c.get_global_messages().call().await?.messages.is_empty());
    let body = json!({"message": {"content": "maintenance at noon", "media_type": "text/markdown", "severity": "warning"}});
    c.create_global_message().body(body.clone()).call().await?;
    let messages = c.get_global_messages().call().await?.messages;
    assert_eq!(messages.len(), 1);
    assert_eq!((messages[0].content.as_str(), messages[0].severity.to_string().as_str()), ("maintenance at noon", "warning"));
    // Anyone reads them; only a superuser posts or deletes, whatever the token's scopes.
    let alice = env.client(&env.fake.create_user("alice", "alice@example.com"));
    assert_eq!(alice.get_global_messages().call().await?.messages.len(), 1);
    let refused = api_err(alice.create_global_message().body(body).call().await, 403);
    assert!(refused.detail.contains("permission"), "{refused:?}");
    api_err(alice.delete_global_message().uuid(messages[0].uuid.as_str()).call().await, 403);
    // A severity Quay does not know is refused before sending.
    let bad = json!({"message": {"content": "x", "media_type": "text/plain", "severity": "critical"}});
    assert!(matches!(c.create_global_message().body(bad).call().await, Err(Error::InvalidInput(_))));

    c.delete_global_message().uuid(messages[0].uuid.as_str()).call().await?;
    assert!(c.get_global_messages().call().await?.messages.is_empty());
    // Deleting again, or an unknown uuid, still answers 204.
    c.delete_global_message().uuid(messages[0].uuid.as_str()).call().await?;
    c.delete_global_message().uuid("nosuchuuid").call().await?;
    Ok(())
}

#[tokio::test]
async fn app_specific_tokens() -> Result<()> {
    let env = Env::new().await;
    let alice_token = env.fake.create_user("alice", "alice@example.com");
    let alice = env.client(&alice_token);
    let listed = alice.list_app_tokens().call().await?;
    assert!(listed.tokens.is_empty() && listed.only_expiring.is_none());

    let created = alice.create_app_token().body(json!({"title": "ci login"})).call().await?.token;
    let code = created.token_code.clone().expect("the code, once");
    assert_eq!(created.title, "ci login");
    assert!(created.expiration.is_none() && created.last_accessed.is_none());
    let listed = alice.list_app_tokens().call().await?;
    assert_eq!(listed.tokens.len(), 1);
    assert!(listed.tokens[0].token_code.is_none(), "lists never carry the code");
    assert_eq!(alice.list_app_tokens().expiring(true).call().await?.only_expiring, Some(true));
    let got = alice.get_app_token().token_uuid(created.uuid.as_str()).call().await?.token;
    assert_eq!(got.token_code.as_deref(), Some(code.as_str()), "get shows the code again");

    // The code is a registry password for the user `$app` only; one failed login puts the user
    // under the back-off (429).
    assert_eq!(registry_login(&env.fake, "$app", &code).await, 200);
    assert!(alice.get_app_token().token_uuid(created.uuid.as_str()).call().await?.token.last_accessed.is_some());
    assert_eq!(registry_login(&env.fake, "alice", &code).await, 401);
    assert_eq!(registry_login(&env.fake, "alice", "wrong").await, 429);

    // Only the owner sees it; the superuser lists everyone's without codes.
    let c = &env.admin;
    assert!(c.list_app_tokens().call().await?.tokens.is_empty());
    api_err(c.get_app_token().token_uuid(created.uuid.as_str()).call().await, 404);
    api_err(c.revoke_app_token().token_uuid(created.uuid.as_str()).call().await, 404);
    let all = c.list_all_app_tokens().call().await?;
    assert_eq!(all.tokens.iter().map(|t| t.uuid.as_str()).collect::<Vec<_>>(), [created.uuid.as_str()]);
    assert!(all.tokens[0].token_code.is_none());
    assert!(c.list_all_app_tokens().expiring(true).call().await?.tokens.is_empty());
    api_err(alice.list_all_app_tokens().call().await, 403);
    // The audit log names the token, never its code.
    let logs = c.list_all_logs().call().await?;
    let text = serde_json::to_string(&logs.logs).expect("json");
    assert!(text.contains("create_app_specific_token") && !text.contains(&code));

    alice.revoke_app_token().token_uuid(created.uuid.as_str()).call().await?;
    api_err(alice.revoke_app_token().token_uuid(created.uuid.as_str()).call().await, 404);
    api_err(alice.get_app_token().token_uuid(created.uuid.as_str()).call().await, 404);
    assert_eq!(registry_login(&env.fake, "$app", &code).await, 401);
    // A title is required, and the token routes need a user.
    assert!(alice.create_app_token().body(json!({})).call().await.is_err());
    api_err(env.client("not-a-valid-token-0000000000").list_app_tokens().call().await, 401);

    // Without the feature, the routes do not exist and `$app` logins fail.
    let off = Env::with(FakeQuay::builder().features(Features { app_specific_tokens: false, ..Features::default() })).await;
    assert!(off.admin.list_app_tokens().call().await.is_err());
    Ok(())
}
