//! The trigger-evaluator service: decides, after every customer or AI-agent message in bot mode, whether a configured handoff should fire.
//!
//! It reads each agent's configuration from KV `baton_configs` (cached, refreshed by a watch),
//! compiles its trigger instructions once per revision, and publishes `HandoffRequested` when
//! one fires. A conversation whose agent has no live configuration is skipped.

mod evaluate;
mod handler;
mod sessions;

use baton_bus::subjects::Stream;
use baton_bus::{Publisher, WorkerSpec};
use baton_config::policy::LoopGuard;
use baton_config::settings::ServiceSettings;
use baton_config::store::ConfigCache;
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
    /// Loop protection (`BATON_HANDOFF_COOLDOWN_SECS`, `BATON_MAX_HANDOFFS_PER_CONVERSATION`);
    /// the router applies the same guard, this spares it requests it would refuse.
    #[serde(flatten)]
    pub guard: LoopGuard,
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

/// Starts the turn consumer on `context`.
pub async fn start(context: &Context, settings: &Settings) -> Result<Parts, baton_runtime::Error> {
    let bus = context.bus();
    let configs = ConfigCache::start(bus, context.shutdown().clone()).await?;
    let handler = handler::TurnHandler::new(configs, Publisher::new(bus.clone()), settings.guard);
    let mut spec = WorkerSpec::new(
        SERVICE,
        "trigger-evaluator",
        Stream::Turns,
        vec!["baton.turn.>".into()],
    );
    spec.concurrency = settings.service.concurrency;
    context.spawn_worker(spec, handler).await?;
    Ok(Parts::default())
}
