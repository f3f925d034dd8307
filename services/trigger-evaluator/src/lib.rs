//! The trigger-evaluator service: decides, after every customer or AI-agent message in bot mode, whether a configured handoff should fire.
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
pub const SERVICE: &str = "trigger-evaluator";

/// Settings of the service.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// NATS, HTTP, concurrency.
    #[serde(flatten)]
    pub service: ServiceSettings,
}

/// Why the service could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// NATS or a server could not be set up.
    #[error(transparent)]
    Runtime(#[from] baton_runtime::Error),
}

/// Runs the service until `shutdown`.
pub async fn run(settings: Settings, shutdown: CancellationToken) -> Result<(), Error> {
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
pub async fn start(context: &Context, settings: &Settings) -> Result<Parts, Error> {
    for mut spec in [WorkerSpec::new(
        SERVICE,
        "trigger-evaluator",
        Stream::Turns,
        vec!["baton.turn.>".into()],
    )] {
        spec.concurrency = settings.service.concurrency;
        baton_bus::worker::provision_consumer(context.bus(), &spec)
            .await
            .map_err(baton_runtime::Error::from)?;
    }
    Ok(Parts::default())
}
