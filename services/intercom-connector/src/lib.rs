//! The intercom-connector service: live handoffs into Intercom, and the conversation's
//! messages both ways while a human handles it.
//!
//! - dispatch (`baton.handoff.dispatch.intercom.>`): [`deliver`] opens the conversation
//!   with a note for the team, assigns and tags it, links it, reports the result;
//! - relay and drafts (`baton.relay.intercom.>`, `baton.copilot.draft.intercom.>`):
//!   [`relay`] posts the customer's messages and Copilot's suggestions;
//! - webhooks (`/webhooks/intercom`): [`webhook`] turns verified notifications into
//!   human replies, closes and releases.
//!
//! Without `BATON_INTERCOM_TOKEN` nothing is sent: every request is written to
//! `<data_dir>/outbox/intercom` (dry run), and the handoff counts as accepted.

mod deliver;
mod relay;
pub mod webhook;

use std::sync::Arc;

use baton_bus::WorkerSpec;
use baton_bus::subjects::{self, Stream};
use baton_config::settings::{GrpcSettings, ServiceSettings};
use baton_helpdesk::Links;
use baton_helpdesk::report::HelpdeskEvents;
use baton_proto::v1::HandoffType;
use baton_runtime::{Context, Parts};

pub use baton_connectors::intercom::{Settings, preview};

/// The service's name: consumers, DLQ subject, metrics label.
pub const SERVICE: &str = "intercom-connector";

/// The intercom-connector service, as the runtime runs it (`baton_runtime::run`, the binary's `main`).
pub struct IntercomConnector;

impl baton_runtime::Service for IntercomConnector {
    const NAME: &'static str = SERVICE;
    type Settings = Settings;
    fn common(settings: &Settings) -> (&ServiceSettings, Option<&GrpcSettings>) {
        (&settings.service, None)
    }
    async fn start(context: &Context, settings: &Settings) -> Result<Parts, baton_runtime::Error> {
        start(context, settings).await
    }
}

/// Starts the consumers on `context` and returns the webhook route.
pub async fn start(context: &Context, settings: &Settings) -> Result<Parts, baton_runtime::Error> {
    let client = settings.client()?;
    baton_config::live::check(
        context.bus(),
        settings.live,
        &[(HandoffType::Intercom, client.missing())],
    )
    .await?;
    if client.is_dry_run() {
        tracing::info!(outbox = %settings.service.data_dir.join("outbox/intercom").display(), "no BATON_INTERCOM_TOKEN: dry run, requests are written to the outbox");
    }
    if settings.intercom_client_secret.is_none() {
        tracing::warn!("no BATON_INTERCOM_CLIENT_SECRET: every Intercom webhook will be refused");
    }
    let bus = context.bus();
    let admin = Arc::new(deliver::AppAdmin::new());
    let worker = |durable: &str, stream, filter: String| {
        settings
            .service
            .worker(WorkerSpec::new(SERVICE, durable, stream, vec![filter]))
    };
    let dispatch = deliver::DispatchHandler::new(
        bus,
        client.clone(),
        admin.clone(),
        settings.intercom_tenant.clone(),
    )
    .await?;
    context
        .spawn_worker(
            worker(
                "intercom-connector-dispatch",
                Stream::Handoffs,
                subjects::handoff_dispatch_filter(HandoffType::Intercom)?,
            ),
            dispatch,
        )
        .await?;
    let poster = Arc::new(relay::Poster::new(bus, client, admin).await?);
    context
        .spawn_worker(
            worker(
                "intercom-connector-relay",
                Stream::Relay,
                subjects::relay_filter(HandoffType::Intercom)?,
            ),
            relay::RelayHandler(poster.clone()),
        )
        .await?;
    context
        .spawn_worker(
            worker(
                "intercom-connector-drafts",
                Stream::Relay,
                subjects::copilot_draft_filter(HandoffType::Intercom)?,
            ),
            relay::DraftHandler(poster),
        )
        .await?;
    let http = webhook::router(
        baton_helpdesk::webhook::WebhookState {
            secret: settings.intercom_client_secret.clone(),
            links: Links::open(bus, "intercom").await?,
            events: HelpdeskEvents::open(bus).await?,
            max_age_secs: settings.intercom_webhook_max_age_secs,
        },
        settings.intercom_release_tag.clone(),
    );
    Ok(Parts {
        http,
        grpc: Vec::new(),
    })
}
