//! The intercom-connector against a real nats-server, with Intercom played by the Prism
//! mock of its official description (contract) or by a scripted server (behaviour).

#![allow(clippy::panic)]

mod behaviour;
mod contract;
mod webhooks;

use std::path::Path;
use std::time::Duration;

use baton_bus::Bus;
use baton_config::settings::ServiceSettings;
use baton_helpdesk::HttpSettings;
use baton_proto::v1::{
    Customer, Handoff, HandoffDispatch, HandoffType, IntercomSettings, handoff, handoff_result,
};
use baton_testkit::TestNats;
pub(crate) use baton_testkit::drained;
use baton_testkit::service::InProcess;
use secrecy::SecretString;

pub(crate) const WAIT: Duration = Duration::from_secs(30);
pub(crate) const CLIENT_SECRET: &str = "webhook-secret";

/// The connector, started in this process, with its webhook route on a local port.
pub(crate) async fn start_connector(
    nats: &TestNats,
    settings: baton_intercom_connector::Settings,
) -> InProcess {
    InProcess::start(nats, "intercom-test", |context| async move {
        baton_intercom_connector::start(&context, &settings).await
    })
    .await
}

/// Settings talking to `base_url`, with a short retry budget (3 tries, 1 s timeout).
pub(crate) fn settings(data: &Path, base_url: &str) -> baton_intercom_connector::Settings {
    let mut http = HttpSettings {
        http_timeout_secs: 1,
        http_retry_attempts: 3,
        ..HttpSettings::default()
    };
    http.http_retry.initial = Duration::from_millis(100);
    baton_intercom_connector::Settings {
        service: ServiceSettings {
            data_dir: data.to_owned(),
            concurrency: 2,
            ..ServiceSettings::default()
        },
        http,
        intercom_token: Some(SecretString::from("test-token".to_owned())),
        intercom_client_secret: Some(SecretString::from(CLIENT_SECRET.to_owned())),
        intercom_base_url: base_url.to_owned(),
        ..Default::default()
    }
}

/// A dispatch of record `record` for conversation `conversation` of tenant `acme`.
pub(crate) fn dispatch(record: &str, conversation: &str, customer: Customer) -> HandoffDispatch {
    let live = Handoff {
        id: "live".into(),
        r#type: HandoffType::Intercom as i32,
        enabled: true,
        settings: Some(handoff::Settings::Intercom(IntercomSettings {
            team_id: "5017691".into(),
            admin_id: "991267464".into(),
            tags: vec!["billing".into(), "from-baton".into()],
        })),
        ..Handoff::default()
    };
    baton_testkit::handoffs::dispatch_of(live, record, conversation, customer)
}

pub(crate) use baton_testkit::handoffs::jane as known_customer;

pub(crate) use baton_testkit::handoffs::publish_dispatch;

/// Waits for the first result for `conversation` of tenant `acme`.
pub(crate) async fn result_of(bus: &Bus, conversation: &str) -> handoff_result::Outcome {
    baton_testkit::handoffs::first_result(bus, "acme", conversation, WAIT).await
}
