//! The connector's settings, and the two API clients they describe: Sunshine Conversations
//! (live handoffs) and the Zendesk Support API (tickets, Copilot notes). Each client is
//! live only when its credentials are all given; otherwise it writes its requests to the
//! outbox (dry run), so a half-configured deployment never sends by accident.

use baton_config::live::LiveSettings;
use baton_config::settings::ServiceSettings;
use baton_helpdesk::identity::Account;
use baton_helpdesk::{ApiClient, Auth, HttpSettings, Mode};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// Half of a credential pair: a mistake, never a quiet dry run.
fn half_given(pair: &str) -> baton_runtime::Error {
    baton_runtime::Error::Settings(
        format!("only one of {pair} is set: give both to deliver, or neither for a dry run").into(),
    )
}

/// The switchboard integration a live handoff passes control to when its configuration
/// names none: Zendesk Agent Workspace.
pub const AGENT_WORKSPACE: &str = "zd-agentWorkspace";

/// Settings of the service.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct Settings {
    /// NATS, HTTP, concurrency, data directory (the dry-run outbox is under it).
    #[serde(flatten)]
    pub service: ServiceSettings,
    /// Timeouts and retries of calls to Sunshine and Zendesk.
    #[serde(flatten)]
    pub http: HttpSettings,
    /// Whether a dry run is allowed.
    #[serde(flatten)]
    pub live: LiveSettings,
    /// The Sunshine Conversations app, unless a handoff names its own.
    /// `BATON_SUNSHINE_APP_ID`.
    pub sunshine_app_id: Option<String>,
    /// The tenant whose app `BATON_SUNSHINE_APP_ID` is: its customers keep their own
    /// external ids there. Unset: the app is shared, and every tenant's customer ids are
    /// prefixed `<tenant>:` (a handoff naming its own `app_id` keeps them as they are).
    /// `BATON_SUNSHINE_TENANT`.
    pub sunshine_tenant: Option<String>,
    /// The id of a Sunshine API key (app or account scope). `BATON_SUNSHINE_KEY_ID`.
    pub sunshine_key_id: Option<String>,
    /// Its secret. Without key id and secret: dry run. `BATON_SUNSHINE_KEY_SECRET` (or `_FILE`).
    #[serde(serialize_with = "baton_settings_catalogue::secret")]
    pub sunshine_key_secret: Option<SecretString>,
    /// The shared secret of the Sunshine webhook (`X-API-Key`). Unset or blank: every Sunshine
    /// webhook is refused. `BATON_SUNSHINE_WEBHOOK_SECRET` (or `_FILE`).
    #[serde(serialize_with = "baton_settings_catalogue::secret")]
    pub sunshine_webhook_secret: Option<SecretString>,
    /// Sunshine API host. Unset: `<zendesk_base_url>/sc`, where Zendesk serves it for its
    /// accounts. `BATON_SUNSHINE_BASE_URL`.
    pub sunshine_base_url: Option<String>,
    /// Sunshine webhook events older than this many seconds are refused as replays
    /// (Sunshine retries a failed delivery for 15 minutes). `BATON_SUNSHINE_WEBHOOK_MAX_AGE_SECS`.
    pub sunshine_webhook_max_age_secs: i64,
    /// `https://<subdomain>.zendesk.com`. `BATON_ZENDESK_BASE_URL`.
    pub zendesk_base_url: String,
    /// The agent the API token belongs to. `BATON_ZENDESK_EMAIL`.
    pub zendesk_email: Option<String>,
    /// The API token. Without email and token: dry run. `BATON_ZENDESK_API_TOKEN` (or `_FILE`).
    #[serde(serialize_with = "baton_settings_catalogue::secret")]
    pub zendesk_api_token: Option<SecretString>,
    /// The signing secret of the Zendesk webhook that reports solved tickets. Unset or blank: every
    /// request to `/webhooks/zendesk` is refused. `BATON_ZENDESK_WEBHOOK_SECRET` (or `_FILE`).
    #[serde(serialize_with = "baton_settings_catalogue::secret")]
    pub zendesk_webhook_secret: Option<SecretString>,
    /// Zendesk webhook requests signed longer ago than this many seconds are refused as
    /// replays. `BATON_ZENDESK_WEBHOOK_MAX_AGE_SECS`.
    pub zendesk_webhook_max_age_secs: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            service: ServiceSettings::default(),
            http: HttpSettings::default(),
            live: LiveSettings::default(),
            sunshine_app_id: None,
            sunshine_tenant: None,
            sunshine_key_id: None,
            sunshine_key_secret: None,
            sunshine_webhook_secret: None,
            sunshine_base_url: None,
            sunshine_webhook_max_age_secs: 1_800,
            zendesk_base_url: "https://subdomain.zendesk.com".into(),
            zendesk_email: None,
            zendesk_api_token: None,
            zendesk_webhook_secret: None,
            zendesk_webhook_max_age_secs: 900,
        }
    }
}

impl Settings {
    /// The Sunshine Conversations client: live with a key id and secret, dry-run without.
    pub fn sunshine_client(&self) -> Result<ApiClient, baton_runtime::Error> {
        const KEYS: &str = "BATON_SUNSHINE_KEY_ID and BATON_SUNSHINE_KEY_SECRET";
        let mode = match (&self.sunshine_key_id, &self.sunshine_key_secret) {
            (Some(key_id), Some(secret)) => Mode::Live(Auth::Basic {
                user: key_id.clone(),
                secret: secret.clone(),
            }),
            (None, None) => self.without_credentials("sunshine", KEYS),
            _ => return Err(half_given(KEYS)),
        };
        let base_url = self
            .sunshine_base_url
            .clone()
            .unwrap_or_else(|| format!("{}/sc", self.zendesk_base_url.trim_end_matches('/')));
        self.client("sunshine", &base_url, mode)
    }

    /// The Zendesk Support client: live with an agent's email and API token
    /// (`{email}/token:{token}`), dry-run without.
    pub fn zendesk_client(&self) -> Result<ApiClient, baton_runtime::Error> {
        const TOKEN: &str = "BATON_ZENDESK_EMAIL and BATON_ZENDESK_API_TOKEN";
        let mode = match (&self.zendesk_email, &self.zendesk_api_token) {
            (Some(email), Some(token)) => Mode::Live(Auth::Basic {
                user: format!("{email}/token"),
                secret: token.clone(),
            }),
            (None, None) => self.without_credentials("zendesk", TOKEN),
            _ => return Err(half_given(TOKEN)),
        };
        self.client("zendesk", &self.zendesk_base_url, mode)
    }

    /// The Sunshine app a handoff uses: its own, else the deployment's. `None` when neither
    /// is set; a dry run shows `{app_id}` in its place.
    pub fn sunshine_app<'a>(&'a self, handoff_app_id: &'a str) -> Option<&'a str> {
        if handoff_app_id.is_empty() {
            self.sunshine_app_id.as_deref().filter(|id| !id.is_empty())
        } else {
            Some(handoff_app_id)
        }
    }

    /// Whose app `tenant`'s handoff naming `handoff_app_id` (or none) goes to: a handoff's
    /// own app is the tenant's; the deployment's is `BATON_SUNSHINE_TENANT`'s, else shared.
    pub fn sunshine_account(&self, tenant: &str, handoff_app_id: &str) -> Account {
        // A handoff naming the deployment's own app is in the shared one all the same.
        let shared =
            handoff_app_id.is_empty() || self.sunshine_app_id.as_deref() == Some(handoff_app_id);
        if shared {
            Account::of(tenant, self.sunshine_tenant.as_deref())
        } else {
            Account::Own
        }
    }

    /// No credentials: a dry run, unless `BATON_REQUIRE_LIVE` forbids it.
    fn without_credentials(&self, helpdesk: &str, missing: &'static str) -> Mode {
        if self.live.require_live {
            return Mode::Unconfigured { missing };
        }
        Mode::DryRun {
            outbox: self.service.data_dir.join("outbox").join(helpdesk),
            // Both Zendesk APIs authenticate with Basic (key id or email/token).
            scheme: "Basic",
        }
    }

    fn client(
        &self,
        helpdesk: &'static str,
        base_url: &str,
        mode: Mode,
    ) -> Result<ApiClient, baton_runtime::Error> {
        ApiClient::new(
            helpdesk,
            base_url,
            mode,
            vec![("Accept", "application/json".into())],
            self.http,
        )
        .map_err(|err| baton_runtime::Error::Settings(Box::new(err)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_a_credential_is_refused_and_none_is_a_dry_run_unless_live_is_required() {
        let mut settings = Settings::default();
        assert!(settings.zendesk_client().expect("client").is_dry_run());
        assert!(settings.sunshine_client().expect("client").is_dry_run());
        settings.zendesk_email = Some("agent@acme.test".into());
        settings.sunshine_key_id = Some("app_123".into());
        let half = settings.zendesk_client().err().map(|e| e.to_string());
        assert!(half.is_some_and(|e| e.contains("BATON_ZENDESK_API_TOKEN")));
        assert!(settings.sunshine_client().is_err());
        settings.zendesk_api_token = Some(SecretString::from("t".to_owned()));
        settings.sunshine_key_secret = Some(SecretString::from("s".to_owned()));
        assert!(!settings.zendesk_client().expect("client").is_dry_run());
        assert!(!settings.sunshine_client().expect("client").is_dry_run());
        let required = Settings {
            live: LiveSettings { require_live: true },
            ..Settings::default()
        };
        let client = required.zendesk_client().expect("client");
        assert!(!client.is_dry_run());
        assert!(
            client
                .missing()
                .is_some_and(|m| m.contains("BATON_ZENDESK_EMAIL"))
        );
    }

    #[test]
    fn sunshine_is_served_under_the_zendesk_account_unless_told_otherwise() {
        let settings = Settings {
            zendesk_base_url: "https://acme.zendesk.com/".into(),
            ..Settings::default()
        };
        let request =
            baton_helpdesk::ApiRequest::new("x", http::Method::GET, "/v2/apps", "/v2/apps".into());
        let client = settings.sunshine_client().expect("client");
        assert_eq!(client.url(&request), "https://acme.zendesk.com/sc/v2/apps");
    }

    #[test]
    fn a_handoff_naming_the_shared_app_is_in_the_shared_app() {
        let settings = Settings {
            sunshine_app_id: Some("app-default".into()),
            ..Settings::default()
        };
        assert_eq!(
            settings.sunshine_account("acme", "app-default"),
            Account::Shared
        );
        assert_eq!(settings.sunshine_account("acme", ""), Account::Shared);
        assert_eq!(settings.sunshine_account("acme", "app-acme"), Account::Own);
    }

    #[test]
    fn a_handoff_app_id_wins_over_the_deployments() {
        let mut settings = Settings::default();
        assert_eq!(settings.sunshine_app(""), None);
        settings.sunshine_app_id = Some("app-default".into());
        assert_eq!(settings.sunshine_app(""), Some("app-default"));
        assert_eq!(settings.sunshine_app("app-own"), Some("app-own"));
    }
}
