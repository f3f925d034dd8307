//! The zendesk-connector service: delivers handoffs to Zendesk — live through Sunshine
//! Conversations into Agent Workspace, or as a Support ticket — and carries the live
//! conversation's messages both ways.
//!
//! - dispatch (`baton.handoff.dispatch.zendesk_sunshine.>`, `…zendesk_ticket.>`):
//!   [`dispatch`] hands each to [`sunshine::deliver`] or [`ticket::deliver`] and reports
//!   the result;
//! - relay (`baton.relay.zendesk_sunshine.>`): [`sunshine::relay`] posts the customer's
//!   later messages into the Sunshine conversation;
//! - drafts (`baton.copilot.draft.zendesk_sunshine.>`, `…zendesk_ticket.>`): [`drafts`]
//!   posts Copilot's suggestions as internal notes on the ticket;
//! - webhooks (`/webhooks/sunshine`): [`sunshine::webhook`] turns verified Sunshine events
//!   into human replies, releases and closes; (`/webhooks/zendesk`): [`ticket::webhook`]
//!   hands a conversation back to the AI agent when its ticket is solved.
//!
//! Without Sunshine keys or a Zendesk API token the corresponding path sends nothing: every
//! request is written to `<data_dir>/outbox/sunshine` or `<data_dir>/outbox/zendesk`
//! (dry run), and the handoff counts as accepted.

mod dispatch;
mod drafts;
pub mod sunshine;
pub mod ticket;

use baton_bus::WorkerSpec;
use baton_bus::subjects::{self, Stream};
use baton_config::settings::{GrpcSettings, ServiceSettings};
use baton_helpdesk::Links;
use baton_helpdesk::report::HelpdeskEvents;
use baton_proto::v1::HandoffType;
use baton_runtime::{Context, Parts};

pub use baton_connectors::zendesk::{AGENT_WORKSPACE, Settings, preview, ticket_tag};

/// The service's name: consumers, DLQ subject, metrics label.
pub const SERVICE: &str = "zendesk-connector";

/// The zendesk-connector service, as the runtime runs it (`baton_runtime::run`, the binary's `main`).
pub struct ZendeskConnector;

impl baton_runtime::Service for ZendeskConnector {
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
    let sunshine = settings.sunshine_client()?;
    let zendesk = settings.zendesk_client()?;
    baton_config::live::check(
        context.bus(),
        settings.live,
        &[
            (HandoffType::ZendeskSunshine, sunshine.missing()),
            (HandoffType::ZendeskTicket, zendesk.missing()),
        ],
    )
    .await?;
    for (client, variables) in [
        (
            &sunshine,
            "BATON_SUNSHINE_KEY_ID and BATON_SUNSHINE_KEY_SECRET",
        ),
        (&zendesk, "BATON_ZENDESK_EMAIL and BATON_ZENDESK_API_TOKEN"),
    ] {
        if client.is_dry_run() {
            tracing::info!(
                helpdesk = client.helpdesk(),
                "no {variables}: dry run, requests are written to the outbox"
            );
        }
    }
    if settings.sunshine_webhook_secret.is_none() {
        tracing::warn!("no BATON_SUNSHINE_WEBHOOK_SECRET: every Sunshine webhook will be refused");
    }
    if settings.zendesk_webhook_secret.is_none() {
        tracing::warn!(
            "no BATON_ZENDESK_WEBHOOK_SECRET: every Zendesk ticket webhook will be refused"
        );
    }
    let bus = context.bus();
    let worker = |durable: &str, stream, filters: Vec<String>| {
        settings
            .service
            .worker(WorkerSpec::new(SERVICE, durable, stream, filters))
    };
    let dispatch = dispatch::DispatchHandler::new(
        bus,
        sunshine::deliver::SunshineDelivery::new(bus, sunshine.clone(), settings.clone()).await?,
        ticket::deliver::TicketDelivery::new(bus, zendesk.clone()).await?,
    );
    context
        .spawn_worker(
            worker(
                "zendesk-connector-dispatch",
                Stream::Handoffs,
                vec![
                    subjects::handoff_dispatch_filter(HandoffType::ZendeskSunshine)?,
                    subjects::handoff_dispatch_filter(HandoffType::ZendeskTicket)?,
                ],
            ),
            dispatch,
        )
        .await?;
    context
        .spawn_worker(
            worker(
                "zendesk-connector-relay",
                Stream::Relay,
                vec![subjects::relay_filter(HandoffType::ZendeskSunshine)?],
            ),
            sunshine::relay::RelayHandler::new(bus, sunshine).await?,
        )
        .await?;
    context
        .spawn_worker(
            worker(
                "zendesk-connector-drafts",
                Stream::Relay,
                vec![
                    subjects::copilot_draft_filter(HandoffType::ZendeskSunshine)?,
                    subjects::copilot_draft_filter(HandoffType::ZendeskTicket)?,
                ],
            ),
            drafts::DraftHandler::new(bus, zendesk).await?,
        )
        .await?;
    let http = sunshine::webhook::router(sunshine::webhook::WebhookState {
        secret: settings.sunshine_webhook_secret.clone(),
        links: Links::open(bus, sunshine::deliver::HELPDESK).await?,
        events: HelpdeskEvents::open(bus).await?,
        max_age_secs: settings.sunshine_webhook_max_age_secs,
    })
    .merge(ticket::webhook::router(ticket::webhook::WebhookState {
        secret: settings.zendesk_webhook_secret.clone(),
        links: Links::open(bus, ticket::deliver::HELPDESK).await?,
        events: HelpdeskEvents::open(bus).await?,
        max_age_secs: settings.zendesk_webhook_max_age_secs,
    }));
    Ok(Parts {
        http,
        grpc: Vec::new(),
    })
}
