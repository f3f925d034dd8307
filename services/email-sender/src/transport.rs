//! Sending: SMTP (plain, STARTTLS or implicit TLS, optional authentication, timeouts) or,
//! when no SMTP server is configured, `.eml` files in the outbox — the embedded default, so
//! nothing is sent by accident.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use baton_connectors::email::{Email, NoSender, UNCONFIGURED};

use crate::Settings;

/// Where emails go.
pub enum Transport {
    /// An SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Files under a directory.
    Outbox(AsyncFileTransport<Tokio1Executor>),
    /// Nowhere: no SMTP server and `BATON_REQUIRE_LIVE` forbids the outbox, so every email
    /// fails final and the handoff takes its fallback.
    Unconfigured,
}

/// Why an email was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// It may work later: connection refused, timeout, a 4xx reply.
    #[error("{0}")]
    Transient(String),
    /// It will not: a 5xx reply, an invalid address.
    #[error("{0}")]
    Permanent(String),
}

/// Why the transport could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// `smtp_url` is not an SMTP URL lettre understands.
    #[error("BATON_SMTP_URL is not a valid smtp:// or smtps:// URL: {0}")]
    Url(String),
    /// A username without a password, or a password without a username.
    #[error(
        "only one of BATON_SMTP_USERNAME and BATON_SMTP_PASSWORD is set: give both to authenticate, or neither"
    )]
    HalfCredentials,
    /// SMTP is configured but no sender: relays refuse the outbox placeholder.
    #[error(transparent)]
    NoSender(#[from] NoSender),
    /// The outbox directory cannot be created.
    #[error("cannot create the outbox {path}: {source}")]
    Outbox {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl Transport {
    /// The transport `settings` ask for.
    pub fn from_settings(settings: &Settings) -> Result<Self, SetupError> {
        match &settings.smtp_url {
            Some(url) => {
                let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|err| SetupError::Url(baton_bus::error_chain(&err)))?
                    .timeout(Some(Duration::from_secs(settings.smtp_timeout_secs)));
                match (&settings.smtp_username, &settings.smtp_password) {
                    (Some(user), Some(password)) => {
                        builder = builder.credentials(Credentials::new(
                            user.clone(),
                            password.expose_secret().to_owned(),
                        ));
                    }
                    (None, None) => {}
                    _ => return Err(SetupError::HalfCredentials),
                }
                Ok(Transport::Smtp(builder.build()))
            }
            None if settings.live.require_live => Ok(Transport::Unconfigured),
            None => {
                let dir = settings.service.data_dir.join("outbox").join("email");
                std::fs::create_dir_all(&dir).map_err(|source| SetupError::Outbox {
                    path: dir.clone(),
                    source,
                })?;
                Ok(Transport::Outbox(AsyncFileTransport::new(&dir)))
            }
        }
    }

    /// The settings missing for emails to go anywhere (`BATON_REQUIRE_LIVE` without SMTP).
    pub fn missing(&self) -> Option<&'static str> {
        matches!(self, Transport::Unconfigured).then_some("BATON_SMTP_URL")
    }

    /// Sends `email`, counting the try in `baton_email_sends_total{audience, outcome}` and
    /// its time in `baton_email_send_duration_seconds` (the helpdesk calls' metrics, for SMTP).
    pub async fn send(&self, email: &Email) -> Result<(), SendError> {
        let started = Instant::now();
        let (outcome, result) = self.try_send(email).await;
        metrics::histogram!("baton_email_send_duration_seconds")
            .record(started.elapsed().as_secs_f64());
        metrics::counter!("baton_email_sends_total", "audience" => email.audience.label(), "outcome" => outcome)
            .increment(1);
        result
    }

    /// Sends `email`; the outcome is a bounded label: `sent`, `refused` (a 5xx reply),
    /// `deferred` (a 4xx reply), `unavailable` (no reply: connection, TLS, timeout; or the
    /// outbox cannot be written), `invalid` (an address that cannot be sent to) or
    /// `unconfigured` (no SMTP server and no dry run allowed).
    async fn try_send(&self, email: &Email) -> (&'static str, Result<(), SendError>) {
        let message = match build(email) {
            Ok(message) => message,
            Err(err) => return ("invalid", Err(err)),
        };
        let result = match self {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(smtp_failure),
            Transport::Outbox(files) => files.send(message).await.map(|_| ()).map_err(|err| {
                (
                    "unavailable",
                    SendError::Transient(format!(
                        "cannot write to the outbox: {}",
                        baton_bus::error_chain(&err)
                    )),
                )
            }),
            Transport::Unconfigured => {
                Err(("unconfigured", SendError::Permanent(UNCONFIGURED.into())))
            }
        };
        match result {
            Ok(()) => ("sent", Ok(())),
            Err((outcome, err)) => (outcome, Err(err)),
        }
    }
}

/// `err` as its outcome label and failure reason. A server's reply is reduced to its code:
/// reply texts quote the addresses back ("550 <jane@example.com>: no such user"), and
/// reasons reach records, logs and traces.
fn smtp_failure(err: lettre::transport::smtp::Error) -> (&'static str, SendError) {
    match err.status() {
        Some(code) if err.is_permanent() => (
            "refused",
            SendError::Permanent(format!("the SMTP server refused the email (reply {code})")),
        ),
        Some(code) => (
            "deferred",
            SendError::Transient(format!("the SMTP server deferred the email (reply {code})")),
        ),
        // No reply: the cause (connection, TLS, timeout) is what an operator needs.
        None => (
            "unavailable",
            SendError::Transient(format!("SMTP: {}", baton_bus::error_chain(&err))),
        ),
    }
}

fn mailbox(address: &str, what: &str) -> Result<Mailbox, SendError> {
    address
        .parse()
        .map_err(|err| SendError::Permanent(format!("the {what} address is not valid: {err}")))
}

fn build(email: &Email) -> Result<Message, SendError> {
    Message::builder()
        .from(mailbox(&email.from, "sender")?)
        .to(mailbox(&email.to, email.audience.label())?)
        .subject(&email.subject)
        .message_id(Some(email.message_id.clone()))
        .multipart(MultiPart::alternative_plain_html(
            email.text.clone(),
            email.html.clone(),
        ))
        .map_err(|err| SendError::Permanent(format!("cannot build the email: {err}")))
}

#[cfg(test)]
mod tests {
    use baton_testkit::smtp::SmtpServer;

    use super::*;
    use baton_connectors::email::Audience;

    fn smtp(server: &SmtpServer) -> Transport {
        let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(&server.url())
            .expect("an SMTP URL")
            .timeout(Some(Duration::from_secs(5)))
            .build();
        Transport::Smtp(smtp)
    }

    fn email(audience: Audience, to: &str) -> Email {
        Email {
            audience,
            from: "Support <support@example.org>".into(),
            to: to.into(),
            subject: "Your conversation".into(),
            message_id: "<r1.1.customer@baton>".into(),
            text: "text".into(),
            html: "<p>html</p>".into(),
        }
    }

    /// `baton_email_sends_total{audience, outcome}` as the `/metrics` endpoint shows it.
    fn sends(audience: &str, outcome: &str) -> u64 {
        let series =
            format!(r#"baton_email_sends_total{{audience="{audience}",outcome="{outcome}"}} "#);
        baton_telemetry::metrics::install().expect("metrics");
        baton_telemetry::metrics::render()
            .lines()
            .find_map(|line| line.strip_prefix(&series)?.parse().ok())
            .unwrap_or(0)
    }

    #[tokio::test]
    async fn a_refusal_is_final_and_its_reason_does_not_quote_the_address() {
        let server = SmtpServer::start_refusing("jane@").await;
        let refused = sends("customer", "refused");

        let err = smtp(&server)
            .send(&email(Audience::Customer, "jane@example.com"))
            .await
            .expect_err("the server refuses");

        let SendError::Permanent(reason) = err else {
            panic!("a 550 is final: {err}");
        };
        assert!(reason.contains("550"), "{reason}");
        assert!(!reason.contains("jane@example.com"), "{reason}");
        assert_eq!(sends("customer", "refused"), refused + 1);
    }

    #[tokio::test]
    async fn every_try_is_counted_by_outcome_so_an_smtp_outage_shows() {
        let mut server = SmtpServer::start().await;
        let transport = smtp(&server);
        let (sent, unavailable) = (sends("team", "sent"), sends("team", "unavailable"));

        transport
            .send(&email(Audience::Team, "support@example.org"))
            .await
            .expect("sent");
        assert_eq!(sends("team", "sent"), sent + 1);

        server.stop().await;
        let err = transport
            .send(&email(Audience::Team, "support@example.org"))
            .await
            .expect_err("nobody answers");
        assert!(matches!(err, SendError::Transient(_)), "{err}");
        assert_eq!(sends("team", "unavailable"), unavailable + 1);
        assert!(
            baton_telemetry::metrics::render().contains("baton_email_send_duration_seconds_bucket"),
            "the time of each try is recorded"
        );
    }
}
