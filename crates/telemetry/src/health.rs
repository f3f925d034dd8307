//! The HTTP endpoints every process serves: `/healthz` (the process is alive), `/readyz`
//! (its dependencies are ready: NATS connected, streams provisioned) and `/metrics`.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

type Check = Box<dyn Fn() -> bool + Send + Sync>;

/// Named readiness checks; the process is ready when every check passes.
#[derive(Clone, Default)]
pub struct Readiness {
    checks: Arc<Mutex<Vec<(String, Check)>>>,
}

impl Readiness {
    /// No checks yet: ready.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a check named `name` (shown in `/readyz` when it fails).
    pub fn add(&self, name: impl Into<String>, check: impl Fn() -> bool + Send + Sync + 'static) {
        self.lock().push((name.into(), Box::new(check)));
    }

    /// The names of the checks that fail now.
    pub fn failing(&self) -> Vec<String> {
        self.lock()
            .iter()
            .filter(|(_, check)| !check())
            .map(|(name, _)| name.clone())
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(String, Check)>> {
        // A check that panicked leaves the list intact; keep serving it.
        self.checks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// `/healthz`, `/readyz` and `/metrics`, to be merged with a service's own routes.
pub fn router(readiness: Readiness) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(|| async { crate::metrics::render() }))
        .with_state(readiness)
}

async fn ready(State(readiness): State<Readiness>) -> (StatusCode, String) {
    let failing = readiness.failing();
    if failing.is_empty() {
        (StatusCode::OK, "ready\n".into())
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {}\n", failing.join(", ")),
        )
    }
}

/// Binds `addr` (port 0 picks a free port) and serves `router` until `shutdown`.
/// Returns the address actually bound and the server task.
pub async fn serve(
    addr: SocketAddr,
    router: Router,
    shutdown: CancellationToken,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>)> {
    let listener = TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    tracing::info!(%bound, "HTTP listening (/healthz, /readyz, /metrics)");
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(shutdown.cancelled_owned())
            .await
    });
    Ok((bound, task))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    #[tokio::test]
    async fn readyz_names_the_failing_check_until_it_passes() {
        let readiness = Readiness::new();
        let connected = Arc::new(AtomicBool::new(false));
        let flag = connected.clone();
        readiness.add("nats", move || flag.load(Ordering::SeqCst));
        let shutdown = CancellationToken::new();
        let (addr, task) = serve(
            "127.0.0.1:0".parse().expect("address"),
            router(readiness),
            shutdown.clone(),
        )
        .await
        .expect("bind");
        let url = format!("http://{addr}");
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::new();

        let health = client
            .get(format!("{url}/healthz"))
            .send()
            .await
            .expect("get");
        assert_eq!(health.status(), 200);
        let not_ready = client
            .get(format!("{url}/readyz"))
            .send()
            .await
            .expect("get");
        assert_eq!(not_ready.status(), 503);
        assert!(not_ready.text().await.expect("body").contains("nats"));

        connected.store(true, Ordering::SeqCst);
        let ready = client
            .get(format!("{url}/readyz"))
            .send()
            .await
            .expect("get");
        assert_eq!(ready.status(), 200);

        shutdown.cancel();
        task.await.expect("join").expect("serve");
    }
}
