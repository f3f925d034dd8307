//! Email: the email-sender's settings, and the emails a dispatch sends ([`compose`]) —
//! what the service sends and Preview shows.

pub mod compose;

use baton_config::live::LiveSettings;
use baton_config::settings::ServiceSettings;
use baton_proto::v1::{HandoffDispatch, HandoffType, PlannedDelivery};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

pub use compose::{Audience, Email, Undeliverable, compose};

/// Why emails go nowhere, for Preview and for each refused email.
pub const UNCONFIGURED: &str = "BATON_SMTP_URL is unset and BATON_REQUIRE_LIVE forbids a dry run";

/// SMTP is configured but no sender: relays refuse the outbox placeholder.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error(
    "BATON_DEFAULT_FROM is required with BATON_SMTP_URL: SMTP relays refuse the placeholder sender of outbox files"
)]
pub struct NoSender;

/// Settings of the email-sender service.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct Settings {
    /// NATS, HTTP, concurrency, data directory (the outbox is under it).
    #[serde(flatten)]
    pub service: ServiceSettings,
    /// Whether the outbox (a dry run) is allowed.
    #[serde(flatten)]
    pub live: LiveSettings,
    /// `smtp://host:port` (plain; `?tls=required` for STARTTLS) or `smtps://host:port`
    /// (implicit TLS). Unset: emails are written to `<data_dir>/outbox/email`.
    /// `BATON_SMTP_URL`.
    pub smtp_url: Option<String>,
    /// SMTP user. `BATON_SMTP_USERNAME`.
    pub smtp_username: Option<String>,
    /// SMTP password. `BATON_SMTP_PASSWORD` or `BATON_SMTP_PASSWORD_FILE`.
    #[serde(serialize_with = "baton_settings_catalogue::secret")]
    pub smtp_password: Option<SecretString>,
    /// Seconds an SMTP exchange may take. `BATON_SMTP_TIMEOUT_SECS`.
    pub smtp_timeout_secs: u64,
    /// The sender when a handoff sets no `email.from`. Required with `smtp_url`: real
    /// relays refuse the placeholder the outbox files get. `BATON_DEFAULT_FROM`.
    pub default_from: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            service: ServiceSettings::default(),
            live: LiveSettings::default(),
            smtp_url: None,
            smtp_username: None,
            smtp_password: None,
            smtp_timeout_secs: 10,
            default_from: None,
        }
    }
}

/// The sender of outbox files when none is configured: they never reach a relay.
const OUTBOX_FROM: &str = "Baton <baton@localhost>";

impl Settings {
    /// Where emails go, in a few words: for the log at start-up and for Preview.
    pub fn describe_transport(&self) -> String {
        match &self.smtp_url {
            Some(url) => format!("SMTP {}", url.split('@').next_back().unwrap_or(url)),
            None if self.live.require_live => format!("nowhere: {UNCONFIGURED}"),
            None => format!(
                "dry-run: written to {}",
                self.service.data_dir.join("outbox").join("email").display()
            ),
        }
    }

    /// The sender of emails whose handoff names none.
    pub fn sender(&self) -> Result<&str, NoSender> {
        match (&self.default_from, &self.smtp_url) {
            (Some(from), _) => Ok(from),
            (None, None) => Ok(OUTBOX_FROM),
            (None, Some(_)) => Err(NoSender),
        }
    }
}

/// The emails `dispatch` would send, rendered, for the admin Preview. Sends nothing.
pub fn preview(dispatch: &HandoffDispatch, settings: &Settings) -> Vec<PlannedDelivery> {
    let handoff_id = dispatch
        .handoff
        .as_ref()
        .map(|h| h.id.clone())
        .unwrap_or_default();
    let planned = |target: String, headers, body: String, note: String| PlannedDelivery {
        handoff_id: handoff_id.clone(),
        r#type: HandoffType::Email as i32,
        kind: "email".into(),
        method: "SMTP".into(),
        target,
        headers,
        body,
        note,
    };
    let sender = match settings.sender() {
        Ok(sender) => sender,
        Err(err) => {
            let note = format!("would fail: the email sender does not start ({err})");
            return vec![planned(
                String::new(),
                Default::default(),
                String::new(),
                note,
            )];
        }
    };
    match compose(dispatch, sender) {
        Ok((emails, note)) => emails
            .into_iter()
            .map(|email| {
                let headers = [
                    ("From".to_owned(), email.from.clone()),
                    ("To".to_owned(), email.to.clone()),
                    ("Subject".to_owned(), email.subject.clone()),
                    ("Message-ID".to_owned(), email.message_id.clone()),
                ]
                .into_iter()
                .collect();
                let mut about = settings.describe_transport();
                if let Some(note) = &note {
                    about.push_str(&format!("; {note}"));
                }
                planned(
                    format!("{} <{}>", email.audience.label(), email.to),
                    headers,
                    email.text,
                    about,
                )
            })
            .collect(),
        Err(undeliverable) => vec![planned(
            String::new(),
            Default::default(),
            String::new(),
            format!("would fail, and the fallback would take over: {undeliverable}"),
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_needs_a_sender_of_its_own() {
        let files = Settings::default();
        assert_eq!(files.sender().expect("outbox sender"), OUTBOX_FROM);
        let mut smtp = Settings {
            smtp_url: Some("smtp://relay.example.com:587".into()),
            ..Settings::default()
        };
        let refused = smtp.sender().err().map(|err| err.to_string());
        assert!(refused.is_some_and(|err| err.contains("BATON_DEFAULT_FROM")));
        smtp.default_from = Some("Acme Support <support@acme.test>".into());
        assert_eq!(
            smtp.sender().expect("sender"),
            "Acme Support <support@acme.test>"
        );
    }
}
