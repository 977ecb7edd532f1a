//! TLS: verification is on unless turned off; an extra CA bundle is trusted.

use std::sync::Arc;

use quay_sdk::{Client, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BODY: &str = r#"{"size_bytes": 42, "last_ran": null, "queued": false, "running": false}"#;

/// A one-route HTTPS server with a self-signed certificate for `localhost`; returns its port
/// and the certificate's PEM.
async fn https_server() -> (u16, String) {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let pem = cert.cert.pem();
    let key = rustls_pki_types::PrivateKeyDer::try_from(cert.signing_key.serialize_der()).unwrap();
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(Arc::new(
        tokio_rustls::rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert.cert.der().clone()], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake (the client does not trust us) ends here.
                let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                let mut buf = vec![0u8; 4096];
                let _ = tls.read(&mut buf).await;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{BODY}",
                    BODY.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, pem)
}

fn builder(port: u16) -> quay_sdk::ClientBuilder {
    Client::builder().registry(format!("https://localhost:{port}")).retry(RetryPolicy::none())
}

#[tokio::test]
async fn verification_is_on_by_default_and_a_ca_bundle_is_trusted() {
    let (port, pem) = https_server().await;

    let strict = builder(port).build().unwrap();
    let refused = strict.get_registry_size().call().await;
    assert!(matches!(&refused, Err(Error::Transport { message: m, .. }) if m.to_lowercase().contains("certificate")), "{refused:?}");

    let path = std::env::temp_dir().join(format!("quay-sdk-test-ca-{}.pem", std::process::id()));
    std::fs::write(&path, &pem).unwrap();
    let trusted = builder(port).ca_bundle(&path).build().unwrap();
    assert_eq!(trusted.get_registry_size().call().await.unwrap().size_bytes, 42);
    std::fs::remove_file(&path).ok();

    let insecure = builder(port).danger_accept_invalid_certs(true).build().unwrap();
    assert_eq!(insecure.get_registry_size().call().await.unwrap().size_bytes, 42);
}
