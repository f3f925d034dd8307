//! The email-sender service: delivers handoffs as summary emails to the customer, the team,
//! or both — exactly once per recipient — over SMTP, or to `.eml` files in the outbox when
//! no SMTP server is configured (the default: nothing is sent by accident).

mod compose;
mod handler;
mod transport;

use baton_bus::WorkerSpec;
use baton_bus::subjects::Stream;
use baton_config::live::LiveSettings;
use baton_config::settings::ServiceSettings;
use baton_proto::v1::{HandoffDispatch, HandoffType, PlannedDelivery};
use baton_runtime::{Context, Parts};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

/// The service's name: consumers, DLQ subject, metrics label.
pub const SERVICE: &str = "email-sender";

/// Settings of the service.
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
    /// The sender of emails whose handoff names none.
    pub fn sender(&self) -> Result<&str, transport::SetupError> {
        match (&self.default_from, &self.smtp_url) {
            (Some(from), _) => Ok(from),
            (None, None) => Ok(OUTBOX_FROM),
            (None, Some(_)) => Err(transport::SetupError::NoSender),
        }
    }
}

/// Runs the service until `shutdown`.
pub async fn run(
    settings: Settings,
    shutdown: CancellationToken,
) -> Result<(), baton_runtime::Error> {
    let settings = &settings;
    baton_runtime::run_service(
        SERVICE,
        &settings.service,
        None,
        shutdown,
        |context| async move { start(&context, settings).await },
    )
    .await
}

/// Starts the dispatch consumer on `context`.
pub async fn start(context: &Context, settings: &Settings) -> Result<Parts, baton_runtime::Error> {
    let setup = |err| baton_runtime::Error::Settings(Box::new(err));
    let sender = settings.sender().map_err(setup)?.to_owned();
    let transport = transport::Transport::from_settings(settings).map_err(setup)?;
    baton_config::live::check(
        context.bus(),
        settings.live,
        &[(HandoffType::Email, transport.missing())],
    )
    .await?;
    tracing::info!(transport = %transport::Transport::describe(settings), "email transport ready");
    let handler = handler::DispatchHandler::new(context.bus(), transport, sender).await?;
    let spec = settings.service.worker(WorkerSpec::new(
        SERVICE,
        "email-sender",
        Stream::Handoffs,
        vec!["baton.handoff.dispatch.email.>".into()],
    ));
    context.spawn_worker(spec, handler).await?;
    Ok(Parts::default())
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
    match compose::compose(dispatch, sender) {
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
                let mut about = transport::Transport::describe(settings);
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

    #[tokio::test]
    async fn half_smtp_credentials_are_refused_and_require_live_forbids_the_outbox() {
        let data = tempfile::tempdir().expect("data dir");
        let mut settings = Settings {
            smtp_url: Some("smtp://relay.example.com:587".into()),
            smtp_username: Some("baton".into()),
            ..Settings::default()
        };
        settings.service.data_dir = data.path().to_owned();
        assert!(matches!(
            transport::Transport::from_settings(&settings),
            Err(transport::SetupError::HalfCredentials)
        ));
        settings.smtp_url = None;
        settings.smtp_username = None;
        settings.live.require_live = true;
        let nowhere = transport::Transport::from_settings(&settings).expect("transport");
        assert_eq!(nowhere.missing(), Some("BATON_SMTP_URL"));
        assert!(!data.path().join("outbox").exists(), "no outbox is made");
    }

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
