//! Layered service settings: the struct's defaults, then an optional YAML file, then the
//! environment (`BATON_NATS_URL` sets `nats_url`, `BATON_HTTP_RETRY__MAX` the `max` of
//! `http_retry`). A secret can also come from a file:
//! `BATON_INTERCOM_TOKEN_FILE=/run/secrets/intercom` sets `intercom_token` to the file's
//! content, as Kubernetes mounts secrets.
//!
//! A blank value — empty or only whitespace, in a variable, a `_FILE` or the YAML file — is
//! no value: Kubernetes writes empty variables (and files) for optional Secret keys, and an
//! empty webhook secret that counted as set would let anyone sign with the empty key.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use baton_bus::{BusSettings, WorkerSpec};
use config::Source;
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Why settings could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file or a variable could not be read or does not fit the settings.
    #[error("invalid settings: {0}")]
    Invalid(#[from] config::ConfigError),
    /// A `BATON_…_FILE` variable names a file that cannot be read.
    #[error("cannot read {variable}={}: {source}", path.display())]
    SecretFile {
        /// The variable.
        variable: String,
        /// The file it names.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// What every service needs: the bus, where to serve health and metrics, how much to do at
/// once, and where local files go.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct ServiceSettings {
    /// NATS connection.
    #[serde(flatten)]
    pub bus: BusSettings,
    /// `/healthz`, `/readyz`, `/metrics` (and webhooks, for connectors). `BATON_HTTP_ADDR`.
    pub http_addr: SocketAddr,
    /// Messages processed at once per consumer. `BATON_CONCURRENCY`.
    pub concurrency: usize,
    /// How long a handler may work on one message before the delivery counts as failed
    /// (retried, then dead-lettered). `BATON_HANDLER_TIMEOUT_SECS`.
    pub handler_timeout_secs: u64,
    /// Local files: dry-run outbox, emails written to files. `BATON_DATA_DIR`.
    pub data_dir: PathBuf,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        Self {
            bus: BusSettings::default(),
            http_addr: SocketAddr::from(([0, 0, 0, 0], 8080)),
            concurrency: 16,
            handler_timeout_secs: baton_bus::worker::DEFAULT_HANDLER_TIMEOUT.as_secs(),
            data_dir: PathBuf::from("./var"),
        }
    }
}

impl ServiceSettings {
    /// `spec` with this process's worker settings: concurrency and the handler deadline.
    pub fn worker(&self, spec: WorkerSpec) -> WorkerSpec {
        WorkerSpec {
            concurrency: self.concurrency,
            handler_timeout: Duration::from_secs(self.handler_timeout_secs),
            ..spec
        }
    }
}

/// The credential the gRPC APIs (admin and conversation queries) demand, and the `baton`
/// command sends: `BATON_ADMIN_TOKEN` (or `BATON_ADMIN_TOKEN_FILE`), as
/// `authorization: Bearer <token>`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AdminCredentials {
    /// The admin token; unset, the gRPC APIs answer anyone (allowed on loopback only).
    #[serde(serialize_with = "baton_settings_catalogue::secret")]
    pub admin_token: Option<SecretString>,
}

/// What a service with a gRPC API needs: where to listen and whom to answer.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct GrpcSettings {
    /// Where the gRPC APIs listen. `BATON_GRPC_ADDR`.
    pub grpc_addr: SocketAddr,
    /// Who may call them.
    #[serde(flatten)]
    pub credentials: AdminCredentials,
}

impl Default for GrpcSettings {
    fn default() -> Self {
        Self {
            // In a pod the API must be reachable from outside it, which is why a token is
            // then required (see `baton_runtime::admin_auth`).
            grpc_addr: SocketAddr::from(([0, 0, 0, 0], 50051)),
            credentials: AdminCredentials::default(),
        }
    }
}

/// Loads settings of type `T` from its defaults, `file` (YAML) if given, and the environment.
pub fn load<T: DeserializeOwned>(file: Option<&Path>) -> Result<T, SettingsError> {
    load_from(file, std::env::vars())
}

/// [`load`] with the environment given explicitly (for tests).
pub fn load_from<T: DeserializeOwned>(
    file: Option<&Path>,
    environment: impl IntoIterator<Item = (String, String)>,
) -> Result<T, SettingsError> {
    let environment: Vec<(String, String)> = environment
        .into_iter()
        .filter(|(name, _)| name.starts_with("BATON_"))
        .collect();
    let mut builder = config::Config::builder();
    if let Some(file) = file {
        builder = builder.add_source(
            config::File::from(file)
                .format(config::FileFormat::Yaml)
                .required(true),
        );
    }
    let mut plain = config::Map::new();
    for (name, value) in &environment {
        let key = name["BATON_".len()..].to_ascii_lowercase();
        match key.strip_suffix("_file") {
            Some(secret) if !secret.is_empty() => {
                let path = PathBuf::from(value);
                let content =
                    std::fs::read_to_string(&path).map_err(|source| SettingsError::SecretFile {
                        variable: name.clone(),
                        path: path.clone(),
                        source,
                    })?;
                let content = content.trim_end_matches(['\n', '\r']);
                if !is_blank(content) {
                    plain.insert(secret.to_owned(), content.to_owned());
                }
            }
            // Unset, so the file's value (or the default) applies.
            _ if is_blank(value) => {}
            _ => {
                plain.insert(key, value.clone());
            }
        }
    }
    for (key, value) in plain {
        // `BATON_HTTP_RETRY__INITIAL` sets `http_retry.initial`: a single `_` is part of a
        // name, so nesting needs its own separator.
        builder = builder.set_override(key.replace("__", "."), typed(value))?;
    }
    let mut merged = builder.build()?.collect()?;
    // What is left blank came from the YAML file.
    drop_blanks(&mut merged);
    Ok(config::Value::from(merged).try_deserialize()?)
}

/// A variable's text as the value it spells — a flag or a number only when writing that
/// back gives the same text: "2.10" (a version) and "007" (a secret) stay text, where
/// parsing every value turned them into 2.1 and 7.
fn typed(text: String) -> config::Value {
    if let Ok(flag) = text.parse::<bool>() {
        return flag.into();
    }
    if let Ok(number) = text.parse::<i64>()
        && number.to_string() == text
    {
        return number.into();
    }
    if let Ok(number) = text.parse::<f64>()
        && number.to_string() == text
    {
        return number.into();
    }
    text.into()
}

fn is_blank(value: &str) -> bool {
    value.trim().is_empty()
}

/// Removes blank strings from `table` and the tables within it, so they deserialize as
/// unset (`None`, or the default).
fn drop_blanks(table: &mut config::Map<String, config::Value>) {
    table.retain(|_, value| match &mut value.kind {
        config::ValueKind::String(text) => !is_blank(text),
        config::ValueKind::Table(inner) => {
            drop_blanks(inner);
            true
        }
        _ => true,
    });
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::time::Duration;

    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn defaults_apply_without_file_or_environment() {
        let settings: ServiceSettings = load_from(None, env(&[])).expect("load");
        assert_eq!(settings.bus.nats_url, "nats://127.0.0.1:4222");
        assert_eq!(settings.concurrency, 16);
        assert_eq!(settings.handler_timeout_secs, 120);
    }

    #[test]
    fn workers_take_concurrency_and_the_handler_deadline_from_the_settings() {
        let settings: ServiceSettings = load_from(
            None,
            env(&[
                ("BATON_CONCURRENCY", "3"),
                ("BATON_HANDLER_TIMEOUT_SECS", "7"),
            ]),
        )
        .expect("load");
        let spec = settings.worker(WorkerSpec::new(
            "test",
            "test",
            baton_bus::subjects::Stream::In,
            vec!["baton.in.>".into()],
        ));
        assert_eq!(spec.concurrency, 3);
        assert_eq!(spec.handler_timeout, Duration::from_secs(7));
    }

    #[test]
    fn text_settings_keep_their_text_and_numbers_still_parse() {
        #[derive(Default, Deserialize)]
        #[serde(default)]
        struct Texts {
            #[serde(flatten)]
            service: ServiceSettings,
            version: String,
            secret: String,
            pin: String,
            enabled: bool,
        }
        let settings: Texts = load_from(
            None,
            env(&[
                ("BATON_VERSION", "2.10"),
                ("BATON_SECRET", "007"),
                ("BATON_PIN", "12345"),
                ("BATON_ENABLED", "true"),
                ("BATON_CONCURRENCY", "5"),
            ]),
        )
        .expect("load");
        assert_eq!(settings.version, "2.10");
        assert_eq!(settings.secret, "007");
        assert_eq!(settings.pin, "12345");
        assert!(settings.enabled);
        assert_eq!(settings.service.concurrency, 5);
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let mut file = tempfile::NamedTempFile::with_suffix(".yaml").expect("file");
        writeln!(file, "nats_url: nats://from-file:4222\nconcurrency: 4").expect("write");
        let settings: ServiceSettings = load_from(
            Some(file.path()),
            env(&[("BATON_NATS_URL", "nats://from-env:4222"), ("OTHER", "x")]),
        )
        .expect("load");
        assert_eq!(settings.bus.nats_url, "nats://from-env:4222");
        assert_eq!(settings.concurrency, 4);
    }

    #[test]
    fn a_double_underscore_reaches_into_a_nested_setting() {
        #[derive(Default, Deserialize)]
        #[serde(default)]
        struct WithRetry {
            #[serde(flatten)]
            service: ServiceSettings,
            http_retry: baton_bus::retry::RetrySchedule,
        }
        let settings: WithRetry = load_from(
            None,
            env(&[
                ("BATON_HTTP_RETRY__INITIAL", "250"),
                ("BATON_HTTP_RETRY__MAX", "4000"),
                ("BATON_CONCURRENCY", "3"),
            ]),
        )
        .expect("load");
        assert_eq!(settings.http_retry.initial, Duration::from_millis(250));
        assert_eq!(settings.http_retry.max, Duration::from_millis(4000));
        assert_eq!(settings.service.concurrency, 3);
    }

    #[test]
    fn a_secret_can_come_from_a_file() {
        #[derive(Deserialize)]
        struct WithToken {
            nats_token: Option<String>,
        }
        let mut file = tempfile::NamedTempFile::new().expect("file");
        writeln!(file, "s3cret").expect("write");
        let path = file.path().to_string_lossy().into_owned();
        let settings: WithToken =
            load_from(None, env(&[("BATON_NATS_TOKEN_FILE", path.as_str())])).expect("load");
        assert_eq!(settings.nats_token.as_deref(), Some("s3cret"));
    }

    #[test]
    fn the_admin_token_comes_from_its_variable_or_file_and_blank_is_unset() {
        use secrecy::ExposeSecret;
        let mut file = tempfile::NamedTempFile::new().expect("file");
        writeln!(file, "t0ken").expect("write");
        let path = file.path().to_string_lossy().into_owned();
        let token = |environment| {
            let settings: GrpcSettings = load_from(None, environment).expect("load");
            settings
                .credentials
                .admin_token
                .map(|token| token.expose_secret().to_owned())
        };
        assert_eq!(
            token(env(&[("BATON_ADMIN_TOKEN", "t0ken")])).as_deref(),
            Some("t0ken")
        );
        assert_eq!(
            token(env(&[("BATON_ADMIN_TOKEN_FILE", path.as_str())])).as_deref(),
            Some("t0ken")
        );
        assert_eq!(token(env(&[("BATON_ADMIN_TOKEN", " ")])), None);
    }

    #[derive(Debug, Deserialize)]
    struct WithWebhookSecret {
        sunshine_webhook_secret: Option<String>,
    }

    #[test]
    fn a_blank_secret_is_unset_wherever_it_comes_from() {
        let mut empty_file = tempfile::NamedTempFile::new().expect("file");
        writeln!(empty_file, "  ").expect("write");
        let empty_path = empty_file.path().to_string_lossy().into_owned();
        let mut yaml = tempfile::NamedTempFile::with_suffix(".yaml").expect("file");
        writeln!(yaml, "sunshine_webhook_secret: \" \"").expect("write");
        for (file, environment) in [
            (None, env(&[("BATON_SUNSHINE_WEBHOOK_SECRET", "")])),
            (None, env(&[("BATON_SUNSHINE_WEBHOOK_SECRET", " \t\n")])),
            (
                None,
                env(&[("BATON_SUNSHINE_WEBHOOK_SECRET_FILE", empty_path.as_str())]),
            ),
            (Some(yaml.path()), env(&[])),
        ] {
            let settings: WithWebhookSecret = load_from(file, environment).expect("load");
            assert_eq!(settings.sunshine_webhook_secret, None);
        }
    }

    #[test]
    fn a_blank_variable_leaves_the_files_value() {
        let mut yaml = tempfile::NamedTempFile::with_suffix(".yaml").expect("file");
        writeln!(yaml, "sunshine_webhook_secret: from-file").expect("write");
        let settings: WithWebhookSecret = load_from(
            Some(yaml.path()),
            env(&[("BATON_SUNSHINE_WEBHOOK_SECRET", "")]),
        )
        .expect("load");
        assert_eq!(
            settings.sunshine_webhook_secret.as_deref(),
            Some("from-file")
        );
    }

    #[test]
    fn a_missing_secret_file_names_the_variable() {
        let err = load_from::<ServiceSettings>(
            None,
            env(&[("BATON_NATS_TOKEN_FILE", "/nonexistent/token")]),
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.contains("BATON_NATS_TOKEN_FILE"), "{err}");
    }

    #[test]
    fn a_bad_value_is_a_clear_error() {
        let err = load_from::<ServiceSettings>(None, env(&[("BATON_HTTP_ADDR", "not an address")]))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("http_addr"), "{err}");
    }
}
