//! Serving: the accept loop, and per-connection HTTP/1.1 keep-alive that closes a connection
//! once it has been idle for the keep-alive time (as gunicorn in front of Quay does).

use super::App;
use super::dispatch::handle;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;

/// Accepts connections until told to stop, serving each with HTTP/1.1 keep-alive.
pub(crate) async fn serve(listener: tokio::net::TcpListener, app: Arc<App>, mut stop: watch::Receiver<bool>, keep_alive: Duration) {
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.wait_for(|v| *v) => return,
        };
        let Ok((stream, _)) = accepted else { continue };
        tokio::spawn(connection(stream, app.clone(), stop.clone(), keep_alive));
    }
}

/// What a connection's idle watch needs: requests in flight, and when the last one ended.
struct Activity {
    in_flight: AtomicUsize,
    last: Mutex<Instant>,
}

/// Serves one connection; closes it once it has been idle (no request in flight) for
/// `keep_alive`, or when the server stops.
async fn connection(stream: tokio::net::TcpStream, app: Arc<App>, mut stop: watch::Receiver<bool>, keep_alive: Duration) {
    let activity = Arc::new(Activity { in_flight: AtomicUsize::new(0), last: Mutex::new(Instant::now()) });
    let seen = activity.clone();
    let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
        let (app, seen) = (app.clone(), seen.clone());
        async move {
            seen.in_flight.fetch_add(1, Ordering::SeqCst);
            let response = handle(app, req.map(axum::body::Body::new)).await;
            *seen.last.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
            seen.in_flight.fetch_sub(1, Ordering::SeqCst);
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    let mut conn = std::pin::pin!(conn);
    let mut closing = false;
    loop {
        // While a request is in flight the connection is not idle: look again later.
        let deadline = if activity.in_flight.load(Ordering::SeqCst) > 0 {
            Instant::now() + keep_alive
        } else {
            *activity.last.lock().unwrap_or_else(|e| e.into_inner()) + keep_alive
        };
        tokio::select! {
            _ = conn.as_mut() => return,
            _ = tokio::time::sleep_until(deadline), if !closing => {
                let idle = activity.in_flight.load(Ordering::SeqCst) == 0
                    && *activity.last.lock().unwrap_or_else(|e| e.into_inner()) + keep_alive <= Instant::now();
                if idle {
                    closing = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
            _ = stop.wait_for(|v| *v), if !closing => {
                closing = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}
