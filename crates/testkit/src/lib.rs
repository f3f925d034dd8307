//! Test helpers shared by every crate's integration tests: a real `nats-server -js` per
//! test on a free 127.0.0.1 port with its own store (removed with the test), fault
//! injection on it (SIGKILL, restart on the same store), bounded waiting, helpdesk peers
//! (the Prism contract mock, recording and scripted HTTP servers, Intercom notifications,
//! a Zendesk Support API and Sunshine events) and an SMTP server.
//!
//! Helpers fail the test that calls them by panicking, with a message that says why.

#![allow(clippy::panic)]

pub mod handoffs;
pub mod intercom;
pub mod llm;
pub mod peer;
pub mod service;
pub mod smtp;
pub mod unicode;
pub mod zendesk;

use std::future::Future;
use std::sync::Once;
use std::time::Duration;

use baton_bus::server::{self, LocalServer};
use baton_bus::{Bus, BusSettings};
use tempfile::TempDir;

/// A real nats-server for one test. Killed, and its store removed, when dropped.
pub struct TestNats {
    server: LocalServer,
    settings: BusSettings,
    _store: TempDir,
}

impl TestNats {
    /// Starts a server on a free port with a fresh store.
    ///
    /// # Panics
    /// When no nats-server 2.10+ can be found or it does not start: the test cannot run.
    pub async fn start() -> Self {
        Self::start_with(BusSettings::default(), Vec::new()).await
    }

    /// Starts a server that refuses any client without this user and password, as a
    /// production NATS does; [`settings`](Self::settings) carry them.
    ///
    /// # Panics
    /// As [`start`](Self::start).
    pub async fn start_requiring_password(user: &str, password: &str) -> Self {
        let settings = BusSettings {
            nats_user: Some(user.to_owned()),
            nats_password: Some(password.to_owned().into()),
            ..BusSettings::default()
        };
        let args = ["--user", user, "--pass", password].map(str::to_owned);
        Self::start_with(settings, args.into()).await
    }

    async fn start_with(mut settings: BusSettings, args: Vec<String>) -> Self {
        let binary = server::locate().unwrap_or_else(|err| panic!("{err}"));
        let store = tempfile::Builder::new()
            .prefix("baton-nats-")
            .tempdir()
            .unwrap_or_else(|err| panic!("cannot create a store directory: {err}"));
        let port = server::free_port().unwrap_or_else(|err| panic!("{err}"));
        let server = LocalServer::start_with_args(binary, port, store.path().join("server"), args)
            .await
            .unwrap_or_else(|err| panic!("{err}"));
        settings.nats_url = server.url();
        Self {
            server,
            settings,
            _store: store,
        }
    }

    /// The client URL.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Bus settings pointing at this server, with its credentials if it requires any.
    pub fn settings(&self) -> BusSettings {
        self.settings.clone()
    }

    /// A connected bus with every stream and bucket provisioned.
    ///
    /// # Panics
    /// When the server cannot be reached.
    pub async fn bus(&self, name: &str) -> Bus {
        self.bus_with(&self.settings(), name).await
    }

    /// [`TestNats::bus`] with `settings` (this server's, changed: a retention, a limit).
    ///
    /// # Panics
    /// When the server cannot be reached.
    pub async fn bus_with(&self, settings: &BusSettings, name: &str) -> Bus {
        let bus = Bus::connect(settings, name)
            .await
            .unwrap_or_else(|err| panic!("connect: {}", baton_bus::error_chain(&err)));
        bus.provision()
            .await
            .unwrap_or_else(|err| panic!("provision: {}", baton_bus::error_chain(&err)));
        bus
    }

    /// Kills the server with SIGKILL, as a crash would.
    pub async fn kill(&mut self) {
        self.server.kill().await;
    }

    /// Starts the server again on the same port and store.
    ///
    /// # Panics
    /// When it does not come back.
    pub async fn restart(&mut self) {
        self.server
            .restart()
            .await
            .unwrap_or_else(|err| panic!("restart: {err}"));
    }
}

/// Installs logs and trace propagation for tests, once per test binary. `RUST_LOG` filters
/// (default: warnings only, so test output stays readable).
pub fn init_tracing() {
    static INIT: Once = Once::new();
    INIT.call_once(baton_telemetry::init_for_tests);
}

/// This process's count of the counter `series`, named and labelled as Prometheus renders
/// it (`baton_webhooks_total{helpdesk="sunshine",outcome="applied"}`); 0 before its first
/// increment. Installs the metrics recorder, so call it before the counted work.
///
/// # Panics
/// When no recorder can be installed.
pub fn counted(series: &str) -> u64 {
    baton_telemetry::metrics::install().unwrap_or_else(|err| panic!("metrics recorder: {err}"));
    let prefix = format!("{series} ");
    baton_telemetry::metrics::render()
        .lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .and_then(|count| count.trim().parse().ok())
        .unwrap_or(0)
}

/// Polls `check` every 25 ms until it returns `Some`, for at most `timeout`.
///
/// # Panics
/// When `timeout` passes first, with `what` in the message.
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if tokio::time::Instant::now() >= deadline {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// A message as stored in a stream.
#[derive(Debug, Clone)]
pub struct Stored {
    /// Its subject.
    pub subject: String,
    /// Its headers.
    pub headers: async_nats::HeaderMap,
    /// Its payload.
    pub payload: bytes::Bytes,
}

impl Stored {
    /// The payload decoded as `M`.
    ///
    /// # Panics
    /// When it is not an `M`.
    pub fn decode<M: prost::Message + Default>(&self) -> M {
        M::decode(self.payload.clone())
            .unwrap_or_else(|err| panic!("{} is not a valid message: {err}", self.subject))
    }
}

/// Every message stored in `stream` on subjects matching `filter`, in order.
///
/// # Panics
/// When the stream cannot be read.
pub async fn stored(bus: &Bus, stream: baton_bus::subjects::Stream, filter: &str) -> Vec<Stored> {
    baton_bus::read::stored(bus, stream, filter)
        .await
        .unwrap_or_else(|err| panic!("{}", baton_bus::error_chain(&err)))
        .into_iter()
        .map(|message| Stored {
            subject: message.subject,
            headers: message.headers,
            payload: message.payload,
        })
        .collect()
}

/// Waits (at most 30 s) until the durable consumer `durable` on `stream` has nothing left
/// to deliver or to acknowledge: everything published so far has been handled.
///
/// # Panics
/// When it does not drain in time.
pub async fn drained(bus: &Bus, stream: baton_bus::subjects::Stream, durable: &str) {
    eventually(
        &format!("consumer {durable} to drain"),
        Duration::from_secs(30),
        || async {
            let mut consumer: async_nats::jetstream::consumer::PullConsumer = bus
                .jetstream()
                .get_consumer_from_stream(durable, stream.name())
                .await
                .ok()?;
            let info = consumer.info().await.ok()?;
            (info.num_pending == 0 && info.num_ack_pending == 0).then_some(())
        },
    )
    .await;
}

/// Writes conversation `conversation` of `tenant` as held by handoff `record` (mode human),
/// as the router leaves it once a helpdesk accepted: what a connector's webhook checks
/// before it applies anything.
///
/// # Panics
/// When the bucket cannot be written.
pub async fn handed_over(bus: &Bus, tenant: &str, conversation: &str, record: &str) {
    use baton_proto::v1::{ActiveHandoff, Conversation, Mode};
    let store: baton_bus::kv::Store<Conversation> =
        baton_bus::kv::Store::open(bus, baton_bus::subjects::Bucket::Conversations)
            .await
            .unwrap_or_else(|err| panic!("{err}"));
    let key = baton_bus::subjects::key(tenant, conversation).unwrap_or_else(|err| panic!("{err}"));
    let value = Conversation {
        tenant_id: tenant.into(),
        conversation_id: conversation.into(),
        mode: Mode::Human as i32,
        active_handoff: Some(ActiveHandoff {
            record_id: record.into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    store
        .put(&key, &value)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
}

/// An HTTP client for tests. Baton builds reqwest without a default TLS provider (ring is
/// chosen explicitly), so one must be installed before any client is built.
pub fn http() -> reqwest::Client {
    static PROVIDER: Once = Once::new();
    PROVIDER.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::new()
}
