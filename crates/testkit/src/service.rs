//! A service started in this process through its own `start()`, as `baton run` starts it,
//! with its HTTP routes (webhooks) on a free 127.0.0.1 port.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use baton_runtime::{Context, Parts};
use tokio_util::sync::CancellationToken;

use crate::TestNats;

/// A running in-process service. Stop it with [`InProcess::stop`].
pub struct InProcess {
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<()>,
    server: tokio::task::JoinHandle<()>,
    http: SocketAddr,
}

impl InProcess {
    /// Connects as `name` to `nats`, runs `start` and serves the routes it returns.
    ///
    /// # Panics
    /// When the service does not start.
    pub async fn start<F, Fut>(nats: &TestNats, name: &str, start: F) -> Self
    where
        F: FnOnce(Context) -> Fut,
        Fut: Future<Output = Result<Parts, baton_runtime::Error>>,
    {
        crate::init_tracing();
        let shutdown = CancellationToken::new();
        let context = Context::connect(name, &nats.settings(), shutdown.clone())
            .await
            .unwrap_or_else(|err| panic!("{name}: cannot connect: {err}"));
        let parts = start(context.clone())
            .await
            .unwrap_or_else(|err| panic!("{name}: cannot start: {err}"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|err| panic!("cannot bind: {err}"));
        let http = listener
            .local_addr()
            .unwrap_or_else(|err| panic!("no local address: {err}"));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, parts.http).await;
        });
        let task = tokio::spawn(finished_cleanly(context));
        Self {
            shutdown,
            task,
            server,
            http,
        }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.http)
    }

    /// Stops the service and waits (at most 30 s) until it has.
    ///
    /// # Panics
    /// When it does not stop in time.
    pub async fn stop(self) {
        self.shutdown.cancel();
        self.server.abort();
        tokio::time::timeout(Duration::from_secs(30), self.task)
            .await
            .unwrap_or_else(|_| panic!("the service did not stop within 30 s"))
            .unwrap_or_else(|err| panic!("join: {err}"));
    }
}

/// Waits until `context` has finished, failing the test if a server stopped it on its own.
///
/// # Panics
/// When a server stopped the process.
pub async fn finished_cleanly(context: Context) {
    context
        .finished()
        .await
        .unwrap_or_else(|err| panic!("the service stopped on its own: {err}"));
}
