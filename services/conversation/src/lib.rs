//! The conversation service: the single place where conversation events become
//! conversation state (KV `baton_conversations`).
//!
//! It consumes `baton.in.>`, applies each event with compare-and-set (so replicas never
//! lose an update and a redelivered event is applied once), and publishes what the event
//! caused: `TurnRecorded` for every message, customer messages relayed to the helpdesk
//! while a human is in charge, human replies out to the customer, and "resume" to the AI
//! agent when a human releases the conversation. It also answers conversation queries
//! over gRPC.

mod apply;
mod customer;
mod effects;
mod handler;
mod query;

use baton_bus::WorkerSpec;
use baton_bus::subjects::Stream;
use baton_config::settings::{GrpcSettings, ServiceSettings};
use baton_runtime::{Context, Parts};
use serde::{Deserialize, Serialize};

pub use query::ConversationQuery;

/// The service's name: consumer, DLQ subject (`baton.dlq.conversation`), metrics label.
pub const SERVICE: &str = "conversation";

/// Settings of the conversation service.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Settings {
    /// NATS, HTTP, concurrency.
    #[serde(flatten)]
    pub service: ServiceSettings,
    /// Where the conversation query API listens and whom it answers (`BATON_GRPC_ADDR`,
    /// `BATON_ADMIN_TOKEN`).
    #[serde(flatten)]
    pub grpc: GrpcSettings,
}

/// The conversation service, as the runtime runs it (`baton_runtime::run`, the binary's `main`).
pub struct ConversationService;

impl baton_runtime::Service for ConversationService {
    const NAME: &'static str = SERVICE;
    type Settings = Settings;
    fn common(settings: &Settings) -> (&ServiceSettings, Option<&GrpcSettings>) {
        (&settings.service, Some(&settings.grpc))
    }
    async fn start(context: &Context, settings: &Settings) -> Result<Parts, baton_runtime::Error> {
        start(context, settings).await
    }
}

/// Starts the worker on `context` and returns the query API.
pub async fn start(context: &Context, settings: &Settings) -> Result<Parts, baton_runtime::Error> {
    let handler = handler::EventHandler::new(context.bus()).await?;
    let spec = settings.service.worker(WorkerSpec::new(
        SERVICE,
        SERVICE,
        Stream::In,
        vec!["baton.in.>".into()],
    ));
    context.spawn_worker(spec, handler).await?;
    let query = ConversationQuery::new(context.bus()).await?;
    Ok(Parts {
        grpc: vec![baton_runtime::grpc_service(query.into_server())],
        ..Parts::default()
    })
}
