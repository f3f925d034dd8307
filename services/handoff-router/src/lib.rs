//! The handoff-router: the service that owns a handoff from the moment a trigger fires.
//!
//! It claims the conversation (bot → handoff_pending, with compare-and-set; a second
//! request or a redelivery starts nothing new), records the handoff (KV `baton_handoffs`),
//! builds the package (transcript, summary, reason; redacted as configured), dispatches it
//! to the connector of the first available path, tells the customer and pauses the AI
//! agent. Results settle the handoff (human / handed_off) or move to the fallback; a
//! dispatch without a result in time counts as failed; when every path failed the
//! conversation goes back to the bot with an honest message and an alert. Those decisions
//! are one pure function (`decide`); `flow` reads, compare-and-sets and carries out the
//! effects (`effects`). It also serves the admin gRPC API, including Preview.

mod admin;
mod claim;
mod deadlines;
mod decide;
mod effects;
mod flow;
mod handlers;
mod messages;
mod package;
mod plan;
mod preview;
mod reason;

use std::time::Duration;

use baton_bus::WorkerSpec;
use baton_bus::subjects::Stream;
use baton_config::policy::LoopGuard;
use baton_config::settings::{GrpcSettings, ServiceSettings};
use baton_config::store::ConfigStore;
use baton_runtime::{Context, Parts};
use serde::{Deserialize, Serialize};

pub use admin::AdminApi;
pub use preview::Previewer;

/// The service's name: consumers, DLQ subject, metrics label.
pub const SERVICE: &str = "handoff-router";

/// Settings of the router.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct Settings {
    /// NATS, HTTP, concurrency.
    #[serde(flatten)]
    pub service: ServiceSettings,
    /// Where the admin API listens and whom it answers (`BATON_GRPC_ADDR`,
    /// `BATON_ADMIN_TOKEN`).
    #[serde(flatten)]
    pub grpc: GrpcSettings,
    /// Loop protection (`BATON_HANDOFF_COOLDOWN_SECS`, `BATON_MAX_HANDOFFS_PER_CONVERSATION`).
    #[serde(flatten)]
    pub guard: LoopGuard,
    /// Seconds a dispatch may wait for its result before the fallback takes over.
    /// `BATON_DISPATCH_TIMEOUT_SECS`.
    pub dispatch_timeout_secs: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            service: ServiceSettings::default(),
            grpc: GrpcSettings::default(),
            guard: LoopGuard::default(),
            dispatch_timeout_secs: 600,
        }
    }
}

/// The handoff-router service, as the runtime runs it (`baton_runtime::run`, the binary's `main`).
pub struct HandoffRouter;

impl baton_runtime::Service for HandoffRouter {
    const NAME: &'static str = SERVICE;
    type Settings = Settings;
    fn common(settings: &Settings) -> (&ServiceSettings, Option<&GrpcSettings>) {
        (&settings.service, Some(&settings.grpc))
    }
    async fn start(context: &Context, settings: &Settings) -> Result<Parts, baton_runtime::Error> {
        start(context, settings).await
    }
}

/// Starts the consumers and the deadline watch on `context`, and returns the admin API.
pub async fn start(context: &Context, settings: &Settings) -> Result<Parts, baton_runtime::Error> {
    let bus = context.bus();
    let configs = context.config_cache(SERVICE).await?;
    let router = flow::Router::new(
        bus,
        configs,
        settings.guard,
        Duration::from_secs(settings.dispatch_timeout_secs),
    )
    .await?;
    for (durable, filter) in [
        ("handoff-router-requests", "baton.handoff.requested.>"),
        ("handoff-router-results", "baton.handoff.result.>"),
    ] {
        let spec = settings.service.worker(WorkerSpec::new(
            SERVICE,
            durable,
            Stream::Handoffs,
            vec![filter.into()],
        ));
        if durable.ends_with("requests") {
            context
                .spawn_worker(spec, handlers::Requests(router.clone()))
                .await?;
        } else {
            context
                .spawn_worker(spec, handlers::Results(router.clone()))
                .await?;
        }
    }
    let (watching, shutdown) = (router.clone(), context.shutdown().clone());
    context.supervise("deadline watch", move || {
        deadlines::watch(watching.clone(), shutdown.clone())
    });
    let admin = AdminApi::new(
        ConfigStore::open(bus).await?,
        router.records().clone(),
        Previewer::from_environment(),
    );
    Ok(Parts {
        grpc: vec![baton_runtime::grpc_service(admin.into_server())],
        ..Parts::default()
    })
}
