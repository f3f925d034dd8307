//! Connecting to NATS and the settings that say how.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_nats::jetstream;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::Error;

/// How to reach NATS. Environment: `BATON_NATS_URL`, `BATON_NATS_CREDENTIALS`,
/// `BATON_NATS_USER`, `BATON_NATS_PASSWORD`, `BATON_NATS_TOKEN`, `BATON_NATS_TLS_CA`,
/// `BATON_NATS_TLS_REQUIRED`, `BATON_STREAM_REPLICAS`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct BusSettings {
    /// Server URL(s), comma-separated.
    pub nats_url: String,
    /// Path of a `.creds` file (JWT + nkey seed).
    pub nats_credentials: Option<PathBuf>,
    /// User name, with `nats_password`.
    pub nats_user: Option<String>,
    /// Password for `nats_user`.
    #[serde(serialize_with = "baton_settings_catalogue::secret")]
    pub nats_password: Option<SecretString>,
    /// Token authentication.
    #[serde(serialize_with = "baton_settings_catalogue::secret")]
    pub nats_token: Option<SecretString>,
    /// CA certificate file for TLS.
    pub nats_tls_ca: Option<PathBuf>,
    /// Refuse a connection without TLS.
    pub nats_tls_required: bool,
    /// Replicas of every stream and bucket: 1 on one server, 3 in a cluster.
    pub stream_replicas: usize,
    /// Days Baton keeps what it holds about a conversation after its last change: the
    /// conversation, handoff and link buckets expire entries this old, and the dead-letter
    /// stream letters; the other streams keep 7 days at most. Operators' configurations
    /// are kept. `BATON_RETENTION_DAYS`.
    pub retention_days: u32,
    /// Bytes each stream may hold, 0 for no limit (the default: streams are bounded by age).
    /// A full stream refuses new messages rather than dropping unprocessed ones: publishers
    /// retry and the storage alerts fire. `BATON_STREAM_MAX_BYTES`.
    pub stream_max_bytes: u64,
}

impl Default for BusSettings {
    fn default() -> Self {
        Self {
            nats_url: "nats://127.0.0.1:4222".into(),
            nats_credentials: None,
            nats_user: None,
            nats_password: None,
            nats_token: None,
            nats_tls_ca: None,
            nats_tls_required: false,
            stream_replicas: 1,
            retention_days: 30,
            stream_max_bytes: 0,
        }
    }
}

impl BusSettings {
    /// Settings for a server at `url` with no authentication.
    pub fn local(url: impl Into<String>) -> Self {
        Self {
            nats_url: url.into(),
            ..Self::default()
        }
    }
}

/// A connection to NATS with JetStream. Cheap to clone.
#[derive(Clone)]
pub struct Bus {
    client: async_nats::Client,
    jetstream: jetstream::Context,
    replicas: usize,
    retention: Duration,
    stream_max_bytes: u64,
    provisioned: Arc<AtomicBool>,
}

impl Bus {
    /// Connects as `name` (shown in the server's connection list) and checks the server
    /// version. Reconnects forever after the first connection succeeds.
    pub async fn connect(settings: &BusSettings, name: &str) -> Result<Self, Error> {
        let connect_error = |source: Box<dyn std::error::Error + Send + Sync>| Error::Connect {
            url: without_credentials(&settings.nats_url),
            source,
        };
        let mut options = async_nats::ConnectOptions::new()
            .name(name)
            .connection_timeout(Duration::from_secs(5))
            .max_reconnects(None)
            .require_tls(settings.nats_tls_required)
            .event_callback(|event| async move {
                match event {
                    async_nats::Event::Connected => tracing::info!("NATS connected"),
                    async_nats::Event::Disconnected => tracing::warn!("NATS disconnected"),
                    other => tracing::debug!(event = %other, "NATS event"),
                }
            });
        if let Some(path) = &settings.nats_credentials {
            options = options
                .credentials_file(path)
                .await
                .map_err(|err| connect_error(Error::boxed(err)))?;
        }
        if let (Some(user), Some(password)) = (&settings.nats_user, &settings.nats_password) {
            options = options.user_and_password(user.clone(), password.expose_secret().to_owned());
        }
        if let Some(token) = &settings.nats_token {
            options = options.token(token.expose_secret().to_owned());
        }
        if let Some(ca) = &settings.nats_tls_ca {
            options = options.add_root_certificates(ca.clone());
        }
        let client = options
            .connect(settings.nats_url.as_str())
            .await
            .map_err(|err| connect_error(Error::boxed(err)))?;

        let version = client.server_info().version;
        if !version_at_least(&version, 2, 10) {
            return Err(Error::ServerTooOld {
                found: version,
                url: without_credentials(&settings.nats_url),
            });
        }
        tracing::info!(url = %without_credentials(&settings.nats_url), server = %version, "connected to NATS");
        Ok(Self {
            jetstream: jetstream::new(client.clone()),
            client,
            replicas: settings.stream_replicas.max(1),
            retention: Duration::from_secs(u64::from(settings.retention_days.max(1)) * 24 * 3600),
            stream_max_bytes: settings.stream_max_bytes,
            provisioned: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The core NATS client.
    pub fn client(&self) -> &async_nats::Client {
        &self.client
    }

    /// The JetStream context.
    pub fn jetstream(&self) -> &jetstream::Context {
        &self.jetstream
    }

    /// Replicas for streams and buckets.
    pub(crate) fn replicas(&self) -> usize {
        self.replicas
    }

    /// How long what Baton holds about a conversation is kept after its last change.
    pub(crate) fn retention(&self) -> Duration {
        self.retention
    }

    /// Bytes each stream may hold, 0 for no limit.
    pub(crate) fn stream_max_bytes(&self) -> u64 {
        self.stream_max_bytes
    }

    pub(crate) fn mark_provisioned(&self) {
        self.provisioned.store(true, Ordering::SeqCst);
    }

    /// Connected to the server right now, and the streams and buckets exist: what
    /// `/readyz` reports.
    pub fn is_ready(&self) -> bool {
        self.provisioned.load(Ordering::SeqCst)
            && self.client.connection_state() == async_nats::connection::State::Connected
    }

    /// Flushes what the client buffered, e.g. before exiting.
    pub async fn flush(&self) {
        if let Err(err) = self.client.flush().await {
            tracing::warn!(error = %err, "NATS flush at shutdown failed");
        }
    }
}

/// Whether a server version string ("2.10.4", "v2.15.1-beta") is at least major.minor.
pub(crate) fn version_at_least(version: &str, major: u64, minor: u64) -> bool {
    let mut parts = version
        .trim_start_matches('v')
        .split(['.', '-'])
        .map(|part| part.parse::<u64>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(found_major), Some(found_minor)) => (found_major, found_minor) >= (major, minor),
        _ => false,
    }
}

/// `url` with any `user:password@` (or token) before the host left out: what may be logged
/// or put in an error.
fn without_credentials(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let authority_end = url[scheme_end..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| scheme_end + i);
    match url[scheme_end..authority_end].rfind('@') {
        Some(at) => format!("{}{}", &url[..scheme_end], &url[scheme_end + at + 1..]),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn credentials_in_the_url_are_not_shown() {
        assert_eq!(
            super::without_credentials("nats://baton:s3cr%40t@nats.example:4222"),
            "nats://nats.example:4222"
        );
        assert_eq!(
            super::without_credentials("tls://token@host:4222/x?y=1"),
            "tls://host:4222/x?y=1"
        );
        assert_eq!(
            super::without_credentials("nats://127.0.0.1:4222"),
            "nats://127.0.0.1:4222"
        );
        assert_eq!(super::without_credentials("not a url"), "not a url");
    }

    use super::version_at_least;

    #[test]
    fn server_versions_compare_by_major_and_minor() {
        assert!(version_at_least("2.10.0", 2, 10));
        assert!(version_at_least("v2.15.1", 2, 10));
        assert!(version_at_least("3.0.0", 2, 10));
        assert!(!version_at_least("2.9.10", 2, 10));
        assert!(!version_at_least("garbage", 2, 10));
    }
}
