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
mod failure;
mod settings;
pub mod sunshine;
mod text;
pub mod ticket;
mod wire;

use baton_bus::WorkerSpec;
use baton_bus::subjects::{self, Stream};
use baton_helpdesk::report::HelpdeskEvents;
use baton_helpdesk::{ApiClient, ApiRequest, Links};
use baton_proto::v1::{
    HandoffDispatch, HandoffType, PlannedDelivery, SunshineSettings, TicketSettings,
};
use baton_runtime::{Context, Parts};
use tokio_util::sync::CancellationToken;

pub use settings::{AGENT_WORKSPACE, Settings};
pub use text::ticket_tag;

/// The service's name: consumers, DLQ subject, metrics label.
pub const SERVICE: &str = "zendesk-connector";

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

/// The requests a first delivery of `dispatch` sends, for the admin Preview: the same
/// builders as the live path, with `{placeholders}` for the ids Sunshine would return.
/// Sends nothing.
pub fn preview(dispatch: &HandoffDispatch, settings: &Settings) -> Vec<PlannedDelivery> {
    let kind = dispatch
        .handoff
        .as_ref()
        .map_or(HandoffType::Unspecified, |h| h.r#type());
    let (client, requests) = match kind {
        HandoffType::ZendeskSunshine => (
            settings.sunshine_client(),
            sunshine_plan(dispatch, settings),
        ),
        HandoffType::ZendeskTicket => (settings.zendesk_client(), ticket_plan(dispatch)),
        HandoffType::Intercom | HandoffType::Email | HandoffType::Unspecified => {
            return Vec::new();
        }
    };
    let handoff_id = dispatch
        .handoff
        .as_ref()
        .map(|h| h.id.clone())
        .unwrap_or_default();
    let client: ApiClient = match client {
        Ok(client) => client,
        Err(err) => {
            return vec![PlannedDelivery {
                handoff_id,
                r#type: kind as i32,
                note: format!("the Zendesk settings cannot be used: {err}"),
                ..Default::default()
            }];
        }
    };
    let mode = if client.is_dry_run() {
        "dry run (no credentials): written to the outbox, not sent"
    } else {
        "sent to Zendesk"
    };
    requests
        .into_iter()
        .map(|(request, when)| PlannedDelivery {
            handoff_id: handoff_id.clone(),
            r#type: kind as i32,
            note: format!("{}{when}; {mode}", request.operation),
            ..client.planned(&request)
        })
        .collect()
}

/// A live handoff's requests, each with the condition it is sent under (or "").
fn sunshine_plan(
    dispatch: &HandoffDispatch,
    settings: &Settings,
) -> Vec<(ApiRequest, &'static str)> {
    let package = dispatch.package.clone().unwrap_or_default();
    let default_settings = SunshineSettings::default();
    let sunshine = sunshine::deliver::sunshine_settings(dispatch).unwrap_or(&default_settings);
    let app = settings
        .sunshine_app(&sunshine.app_id)
        .unwrap_or("{app_id}");
    let (user, conversation) = ("{user_id}", "{conversation_id}");
    let account = settings.sunshine_account(&package.tenant_id, &sunshine.app_id);
    let external_id = sunshine::api::customer_external_id(&package, account);
    let customer = package.customer.clone().unwrap_or_default();
    let metadata =
        sunshine::api::conversation_metadata(&package.tenant_id, &package.conversation_id);
    let mut plan = vec![
        (sunshine::api::get_user(app, &external_id), ""),
        (
            sunshine::api::create_user(app, &external_id, &customer),
            " (when the customer has no Sunshine user yet)",
        ),
        (sunshine::api::list_conversations(app, user), ""),
        (
            sunshine::api::create_conversation(app, user, metadata, conversation),
            " (unless this chat already has one)",
        ),
    ];
    plan.extend(
        sunshine::api::transcript_messages(app, conversation, user, &package.transcript)
            .into_iter()
            .map(|(_, request)| (request, "")),
    );
    plan.push((
        sunshine::api::pass_control(
            app,
            conversation,
            sunshine::deliver::switchboard_integration(sunshine),
            text::handoff_metadata(&package, &dispatch.record_id),
        ),
        "",
    ));
    plan
}

/// A ticket handoff's request.
fn ticket_plan(dispatch: &HandoffDispatch) -> Vec<(ApiRequest, &'static str)> {
    let package = dispatch.package.clone().unwrap_or_default();
    let default_settings = TicketSettings::default();
    let settings = ticket::deliver::ticket_settings(dispatch).unwrap_or(&default_settings);
    vec![(
        ticket::api::create_ticket(
            &package,
            settings,
            &ticket::deliver::idempotency_key(&package.tenant_id, dispatch),
            "{ticket_id}",
        ),
        "",
    )]
}
