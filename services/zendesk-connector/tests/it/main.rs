//! The zendesk-connector against a real nats-server, with Sunshine played by the Prism mock
//! of its official description (contract) and the Support API by a local server that
//! enforces Zendesk's documented rules (support.rs).

#![allow(clippy::panic)]

mod contract;
mod dry_run;
mod repair;
mod tickets;
mod webhooks;

use std::path::Path;
use std::time::Duration;

use baton_bus::Bus;
use baton_config::settings::ServiceSettings;
use baton_helpdesk::HttpSettings;
use baton_proto::v1::{
    HandoffDispatch, HandoffType, SunshineSettings, TicketSettings, handoff, handoff_result,
};
use baton_testkit::TestNats;
pub(crate) use baton_testkit::drained;
use baton_testkit::service::InProcess;
use secrecy::SecretString;

const WAIT: Duration = Duration::from_secs(30);
const WEBHOOK_SECRET: &str = "sunshine-webhook-secret";
const SIGNING_SECRET: &str = "zendesk-webhook-signing-secret";
const ZENDESK_EMAIL: &str = "agent@acme.test";
const ZENDESK_TOKEN: &str = "zendesk-token";
/// `Basic base64("agent@acme.test/token:zendesk-token")`: Zendesk's API-token scheme.
const ZENDESK_AUTHORIZATION: &str = "Basic YWdlbnRAYWNtZS50ZXN0L3Rva2VuOnplbmRlc2stdG9rZW4=";
const SUNSHINE_APP: &str = "5ebee0975ac5304b664a12fa";
const SUNSHINE_KEY_ID: &str = "app_5ebee0975ac5304b664a12fa";
const SUNSHINE_KEY_SECRET: &str = "sunshine-secret";

/// The connector, started in this process, with its webhook route on a local port.
pub(crate) async fn start_connector(
    nats: &TestNats,
    settings: baton_zendesk_connector::Settings,
) -> InProcess {
    InProcess::start(nats, "zendesk-test", |context| async move {
        baton_zendesk_connector::start(&context, &settings).await
    })
    .await
}

/// Settings with every credential, talking to `sunshine_url` and `zendesk_url`, with a
/// short retry budget (3 tries, 1 s timeout).
fn settings(
    data: &Path,
    sunshine_url: &str,
    zendesk_url: &str,
) -> baton_zendesk_connector::Settings {
    let mut http = HttpSettings {
        http_timeout_secs: 1,
        http_retry_attempts: 3,
        ..HttpSettings::default()
    };
    http.http_retry.initial = Duration::from_millis(100);
    let secret = |text: &str| Some(SecretString::from(text.to_owned()));
    baton_zendesk_connector::Settings {
        service: ServiceSettings {
            data_dir: data.to_owned(),
            concurrency: 2,
            ..ServiceSettings::default()
        },
        http,
        sunshine_app_id: Some(SUNSHINE_APP.into()),
        sunshine_key_id: Some(SUNSHINE_KEY_ID.into()),
        sunshine_key_secret: secret(SUNSHINE_KEY_SECRET),
        sunshine_webhook_secret: secret(WEBHOOK_SECRET),
        sunshine_base_url: Some(sunshine_url.to_owned()),
        zendesk_base_url: zendesk_url.to_owned(),
        zendesk_email: Some(ZENDESK_EMAIL.into()),
        zendesk_api_token: secret(ZENDESK_TOKEN),
        zendesk_webhook_secret: secret(SIGNING_SECRET),
        ..Default::default()
    }
}

/// A `kind` dispatch of record `record` for conversation `conversation` of tenant `acme`.
fn dispatch(kind: HandoffType, record: &str, conversation: &str) -> HandoffDispatch {
    let settings = match kind {
        HandoffType::ZendeskTicket => handoff::Settings::ZendeskTicket(TicketSettings {
            group_id: "360001234".into(),
            priority: "high".into(),
            tags: vec!["billing".into(), "from-baton".into()],
        }),
        _ => handoff::Settings::ZendeskSunshine(SunshineSettings::default()),
    };
    baton_testkit::handoffs::dispatch_of(
        baton_testkit::handoffs::handoff_of(kind, settings),
        record,
        conversation,
        baton_testkit::handoffs::jane(),
    )
}

pub(crate) use baton_testkit::handoffs::publish_dispatch;

/// Waits for the first result for `conversation` of tenant `acme`.
pub(crate) async fn result_of(bus: &Bus, conversation: &str) -> handoff_result::Outcome {
    baton_testkit::handoffs::first_result(bus, "acme", conversation, WAIT).await
}
