//! The zendesk-connector service: delivers handoffs to Zendesk: live through Sunshine Conversations, or as a Support ticket.
//!
//! Skeleton until its issue lands: it connects, provisions its consumers, serves health and
//! stops cleanly, but does not consume yet.

use baton_bus::WorkerSpec;
use baton_bus::subjects::Stream;
use baton_config::settings::ServiceSettings;
use baton_runtime::{Context, Parts};
use serde::Deserialize;
use tokio_util::sync::CancellationToken;

/// The service's name: consumers, DLQ subject, metrics label.
pub const SERVICE: &str = "zendesk-connector";

/// Settings of the service.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// NATS, HTTP, concurrency.
    #[serde(flatten)]
    pub service: ServiceSettings,
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

/// Provisions the service's consumers on `context`.
pub async fn start(context: &Context, settings: &Settings) -> Result<Parts, baton_runtime::Error> {
    for mut spec in [WorkerSpec::new(
        SERVICE,
        "zendesk-connector-dispatch",
        Stream::Handoffs,
        vec![
            "baton.handoff.dispatch.zendesk_sunshine.>".into(),
            "baton.handoff.dispatch.zendesk_ticket.>".into(),
        ],
    )] {
        spec.concurrency = settings.service.concurrency;
        baton_bus::worker::provision_consumer(context.bus(), &spec).await?;
    }
    Ok(Parts::default())
}
