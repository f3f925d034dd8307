//! The intercom-connector service: delivers handoffs to Intercom as live conversations and relays messages both ways.
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
pub const SERVICE: &str = "intercom-connector";

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
    let service = &settings.service;
    baton_runtime::run_service(SERVICE, service, None, shutdown, |context| async move {
        start(&context, service).await
    })
    .await
}

/// Provisions the service's consumers on `context`.
pub async fn start(
    context: &Context,
    settings: &ServiceSettings,
) -> Result<Parts, baton_runtime::Error> {
    for mut spec in [WorkerSpec::new(
        SERVICE,
        "intercom-connector-dispatch",
        Stream::Handoffs,
        vec!["baton.handoff.dispatch.intercom.>".into()],
    )] {
        spec.concurrency = settings.concurrency;
        baton_bus::worker::provision_consumer(context.bus(), &spec).await?;
    }
    Ok(Parts::default())
}
