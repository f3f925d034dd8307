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

mod api;
mod deliver;
mod relay;
mod text;
pub mod webhook;

use std::sync::Arc;

use baton_bus::WorkerSpec;
use baton_bus::subjects::{self, Stream};
use baton_config::live::LiveSettings;
use baton_config::settings::ServiceSettings;
use baton_helpdesk::report::HelpdeskEvents;
use baton_helpdesk::{ApiClient, Auth, HttpSettings, Links, Mode};
use baton_proto::v1::{HandoffDispatch, HandoffType, PlannedDelivery};
use baton_runtime::{Context, Parts};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::api::Assignee;

/// The service's name: consumers, DLQ subject, metrics label.
pub const SERVICE: &str = "intercom-connector";

/// Settings of the service.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct Settings {
    /// NATS, HTTP, concurrency, data directory (the dry-run outbox is under it).
    #[serde(flatten)]
    pub service: ServiceSettings,
    /// Timeouts and retries of calls to Intercom.
    #[serde(flatten)]
    pub http: HttpSettings,
    /// Whether a dry run is allowed.
    #[serde(flatten)]
    pub live: LiveSettings,
    /// Access token. Unset: dry run (refused with `BATON_REQUIRE_LIVE`).
    /// `BATON_INTERCOM_TOKEN` (or `_FILE`).
    #[serde(serialize_with = "baton_settings_catalogue::secret")]
    pub intercom_token: Option<SecretString>,
    /// The app's client secret, which signs webhooks. Unset or blank: every webhook is refused.
    /// `BATON_INTERCOM_CLIENT_SECRET` (or `_FILE`).
    #[serde(serialize_with = "baton_settings_catalogue::secret")]
    pub intercom_client_secret: Option<SecretString>,
    /// API host (regional: `https://api.eu.intercom.io`). `BATON_INTERCOM_BASE_URL`.
    pub intercom_base_url: String,
    /// The `Intercom-Version` header. `BATON_INTERCOM_VERSION`.
    pub intercom_version: String,
    /// A tag an agent adds to hand the conversation back to the bot.
    /// `BATON_INTERCOM_RELEASE_TAG`.
    pub intercom_release_tag: String,
    /// Webhook notifications older than this many seconds are refused as replays.
    /// `BATON_INTERCOM_WEBHOOK_MAX_AGE_SECS`.
    pub intercom_webhook_max_age_secs: i64,
    /// The tenant whose workspace the token opens: its customers keep their own external
    /// ids there. Unset: the workspace is shared, and every tenant's customer ids are
    /// prefixed `<tenant>:`. `BATON_INTERCOM_TENANT`.
    pub intercom_tenant: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            service: ServiceSettings::default(),
            http: HttpSettings::default(),
            live: LiveSettings::default(),
            intercom_token: None,
            intercom_client_secret: None,
            intercom_base_url: "https://api.intercom.io".into(),
            intercom_version: "2.14".into(),
            intercom_release_tag: "baton-bot".into(),
            intercom_webhook_max_age_secs: 900,
            intercom_tenant: None,
        }
    }
}

impl Settings {
    /// The API client these settings describe: live with a token, dry-run without.
    pub fn client(&self) -> Result<ApiClient, baton_runtime::Error> {
        let mode = match &self.intercom_token {
            Some(token) => Mode::Live(Auth::Bearer(token.clone())),
            None if self.live.require_live => Mode::Unconfigured {
                missing: "BATON_INTERCOM_TOKEN",
            },
            None => Mode::DryRun {
                outbox: self.service.data_dir.join("outbox").join("intercom"),
                scheme: "Bearer",
            },
        };
        ApiClient::new(
            "intercom",
            &self.intercom_base_url,
            mode,
            vec![
                ("Intercom-Version", self.intercom_version.clone()),
                ("Accept", "application/json".into()),
            ],
            self.http,
        )
        .map_err(|err| baton_runtime::Error::Settings(Box::new(err)))
    }
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
    let http = webhook::router(webhook::WebhookState {
        secret: settings.intercom_client_secret.clone(),
        links: Links::open(bus, "intercom").await?,
        events: HelpdeskEvents::open(bus).await?,
        release_tag: settings.intercom_release_tag.clone(),
        max_age_secs: settings.intercom_webhook_max_age_secs,
    });
    Ok(Parts {
        http,
        grpc: Vec::new(),
    })
}

/// The requests a first delivery of `dispatch` sends, for the admin Preview: the same
/// builders as the live path, with `{placeholders}` for the ids Intercom would return.
/// Sends nothing.
pub fn preview(dispatch: &HandoffDispatch, settings: &Settings) -> Vec<PlannedDelivery> {
    let client = match settings.client() {
        Ok(client) => client,
        Err(err) => {
            return vec![PlannedDelivery {
                note: format!("the Intercom settings cannot be used: {err}"),
                ..Default::default()
            }];
        }
    };
    let package = dispatch.package.clone().unwrap_or_default();
    let customer = package.customer.clone().unwrap_or_default();
    let default_settings = baton_proto::v1::IntercomSettings::default();
    let intercom = deliver::intercom_settings(dispatch).unwrap_or(&default_settings);
    let (conversation, admin, contact) = ("{conversation_id}", "{admin_id}", "{contact_id}");
    let role = if customer.external_id.is_empty() {
        "lead"
    } else {
        "user"
    };
    let external_id = deliver::contact_external_id(&package, settings.intercom_tenant.as_deref());
    let mut requests = vec![api::me()];
    for (field, value) in [("external_id", &external_id), ("email", &customer.email)] {
        if !value.is_empty() {
            requests.push(api::search_contacts(field, value));
        }
    }
    requests.push(api::create_contact(
        &external_id,
        &customer.email,
        &customer.name,
    ));
    requests.push(api::create_conversation(
        contact,
        role,
        &text::opening_message(&package),
        "",
    ));
    requests.push(api::add_note(
        conversation,
        admin,
        &baton_helpdesk::text::handoff_note(&package).0,
    ));
    if !intercom.team_id.is_empty() {
        requests.push(api::assign(
            conversation,
            admin,
            Assignee::Team(&intercom.team_id),
        ));
    }
    if !intercom.admin_id.is_empty() {
        requests.push(api::assign(
            conversation,
            admin,
            Assignee::Admin(&intercom.admin_id),
        ));
    }
    for name in &intercom.tags {
        requests.push(api::create_tag(name));
        requests.push(api::tag_conversation(conversation, "{tag_id}", admin));
    }
    let handoff_id = dispatch
        .handoff
        .as_ref()
        .map(|h| h.id.clone())
        .unwrap_or_default();
    let mode = if client.is_dry_run() {
        "dry run (no BATON_INTERCOM_TOKEN): written to the outbox, not sent"
    } else {
        "sent to Intercom"
    };
    requests
        .iter()
        .map(|request| PlannedDelivery {
            handoff_id: handoff_id.clone(),
            r#type: HandoffType::Intercom as i32,
            note: format!("{}; {mode}", request.operation),
            ..client.planned(request)
        })
        .collect()
}
