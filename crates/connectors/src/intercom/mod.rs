//! Intercom (REST API 2.14): the connector's settings and client, the requests it sends
//! ([`api`]) with their bodies and answers as typed structs ([`wire`]), the texts in them ([`text`]) and the plan of a live handoff ([`plan`]).

pub mod api;
pub mod plan;
pub mod text;
pub mod wire;

use baton_config::live::LiveSettings;
use baton_config::settings::ServiceSettings;
use baton_helpdesk::{ApiClient, Auth, HttpSettings, Mode};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

pub use plan::{AFTER_OBJECT, contact_external_id, plan, preview};

/// Settings of the intercom-connector service.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct Settings {
    /// NATS, HTTP, concurrency, data directory (the dry-run outbox is under it).
    #[serde(flatten)]
    pub service: ServiceSettings,
    /// Timeouts and retries of calls to Intercom.
    #[serde(flatten)]
    pub http: HttpSettings,
    /// Whether a dry run is allowed.
    #[serde(flatten)]
    pub live: LiveSettings,
    /// Access token. Unset: dry run (refused with `BATON_REQUIRE_LIVE`).
    /// `BATON_INTERCOM_TOKEN` (or `_FILE`).
    #[serde(serialize_with = "baton_settings_catalogue::secret")]
    pub intercom_token: Option<SecretString>,
    /// The app's client secret, which signs webhooks. Unset or blank: every webhook is refused.
    /// `BATON_INTERCOM_CLIENT_SECRET` (or `_FILE`).
    #[serde(serialize_with = "baton_settings_catalogue::secret")]
    pub intercom_client_secret: Option<SecretString>,
    /// API host (regional: `https://api.eu.intercom.io`). `BATON_INTERCOM_BASE_URL`.
    pub intercom_base_url: String,
    /// The `Intercom-Version` header. `BATON_INTERCOM_VERSION`.
    pub intercom_version: String,
    /// A tag an agent adds to hand the conversation back to the bot.
    /// `BATON_INTERCOM_RELEASE_TAG`.
    pub intercom_release_tag: String,
    /// Webhook notifications older than this many seconds are refused as replays.
    /// `BATON_INTERCOM_WEBHOOK_MAX_AGE_SECS`.
    pub intercom_webhook_max_age_secs: i64,
    /// The tenant whose workspace the token opens: its customers keep their own external
    /// ids there. Unset: the workspace is shared, and every tenant's customer ids are
    /// prefixed `<tenant>:`. `BATON_INTERCOM_TENANT`.
    pub intercom_tenant: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            service: ServiceSettings::default(),
            http: HttpSettings::default(),
            live: LiveSettings::default(),
            intercom_token: None,
            intercom_client_secret: None,
            intercom_base_url: "https://api.intercom.io".into(),
            intercom_version: "2.14".into(),
            intercom_release_tag: "baton-bot".into(),
            intercom_webhook_max_age_secs: 900,
            intercom_tenant: None,
        }
    }
}

impl Settings {
    /// The API client these settings describe: live with a token, dry-run without.
    pub fn client(&self) -> Result<ApiClient, baton_runtime::Error> {
        let mode = match &self.intercom_token {
            Some(token) => Mode::Live(Auth::Bearer(token.clone())),
            None if self.live.require_live => Mode::Unconfigured {
                missing: "BATON_INTERCOM_TOKEN",
            },
            None => Mode::DryRun {
                outbox: self.service.data_dir.join("outbox").join("intercom"),
                scheme: "Bearer",
            },
        };
        ApiClient::new(
            "intercom",
            &self.intercom_base_url,
            mode,
            vec![
                ("Intercom-Version", self.intercom_version.clone()),
                ("Accept", "application/json".into()),
            ],
            self.http,
        )
        .map_err(|err| baton_runtime::Error::Settings(Box::new(err)))
    }
}
