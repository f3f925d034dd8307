//! The email-sender service: delivers handoffs as summary emails to the customer, the team,
//! or both — exactly once per recipient — over SMTP, or to `.eml` files in the outbox when
//! no SMTP server is configured (the default: nothing is sent by accident).

mod handler;
mod transport;

use baton_bus::WorkerSpec;
use baton_bus::subjects::Stream;
use baton_config::settings::{GrpcSettings, ServiceSettings};
use baton_proto::v1::HandoffType;
use baton_runtime::{Context, Parts};

/// The service's name: consumers, DLQ subject, metrics label.
pub const SERVICE: &str = "email-sender";

pub use baton_connectors::email::Settings;

/// The email-sender service, as the runtime runs it (`baton_runtime::run`, the binary's `main`).
pub struct EmailSender;

impl baton_runtime::Service for EmailSender {
    const NAME: &'static str = SERVICE;
    type Settings = Settings;
    fn common(settings: &Settings) -> (&ServiceSettings, Option<&GrpcSettings>) {
        (&settings.service, None)
    }
    async fn start(context: &Context, settings: &Settings) -> Result<Parts, baton_runtime::Error> {
        start(context, settings).await
    }
}

/// Starts the dispatch consumer on `context`.
pub async fn start(context: &Context, settings: &Settings) -> Result<Parts, baton_runtime::Error> {
    let setup = |err| baton_runtime::Error::Settings(Box::new(err));
    let sender = settings
        .sender()
        .map_err(transport::SetupError::from)
        .map_err(setup)?
        .to_owned();
    let transport = transport::Transport::from_settings(settings).map_err(setup)?;
    baton_config::live::check(
        context.bus(),
        settings.live,
        &[(HandoffType::Email, transport.missing())],
    )
    .await?;
    tracing::info!(transport = %settings.describe_transport(), "email transport ready");
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
}
