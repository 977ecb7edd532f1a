//! How the binding's async calls run: uniffi polls a call's future from the foreign language's
//! threads, outside any tokio runtime, while the SDK's requests need one. Each call therefore
//! runs as a task of the shared runtime of `quay-bindings`, and the future uniffi polls only
//! waits for it. Dropping that future (a Kotlin coroutine cancelled while it waits: uniffi frees
//! the future) aborts the task, which drops the request in flight.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::task::JoinHandle;

use crate::NativeError;
use crate::error::ErrorDetails;

/// A task of the shared runtime, aborted when dropped before it ends.
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<T> Future for AbortOnDrop<T> {
    type Output = Result<T, tokio::task::JoinError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx)
    }
}

/// Runs `fut` on the shared runtime; the returned future yields its output, and dropping it
/// cancels `fut`. A task that panicked ends with the `internal` code.
pub async fn spawn<T, F>(operation: &str, fut: F) -> Result<T, NativeError>
where
    F: Future<Output = Result<T, NativeError>> + Send + 'static,
    T: Send + 'static,
{
    let task = AbortOnDrop(quay_bindings::runtime().spawn(fut));
    match task.await {
        Ok(out) => out,
        Err(e) => Err(NativeError::InternalError {
            details: ErrorDetails {
                code: "internal".to_string(),
                message: format!("{operation}: the call's task failed: {e}"),
                status: None,
                error_type: None,
                title: None,
                detail: None,
                retry_after: None,
                operation: Some(operation.to_string()),
                method: None,
                path: None,
                attempts: 0,
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    use super::*;

    /// Dropping the waiting future aborts the task (its own drop runs on the runtime).
    #[test]
    fn a_dropped_wait_aborts_the_task() {
        struct Flag(Arc<AtomicBool>);
        impl Drop for Flag {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        let dropped = Arc::new(AtomicBool::new(false));
        let flag = Flag(dropped.clone());
        let wait = spawn("sleep", async move {
            let _flag = flag;
            tokio::time::sleep(Duration::from_secs(60)).await;
            Ok::<(), NativeError>(())
        });
        let mut wait = Box::pin(wait);
        let waker = std::task::Waker::noop();
        assert!(wait.as_mut().poll(&mut Context::from_waker(waker)).is_pending());
        drop(wait);
        for _ in 0..100 {
            if dropped.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the task was not aborted");
    }

    #[test]
    fn a_task_gives_its_output() {
        let out = quay_bindings::runtime().block_on(async {
            // Waiting from another runtime's thread works too.
            spawn("seven", async { Ok::<u32, NativeError>(7) }).await
        });
        assert_eq!(out, Ok(7));
    }
}
