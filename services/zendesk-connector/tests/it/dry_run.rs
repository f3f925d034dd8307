//! Without credentials nothing is sent: Preview shows the requests a delivery would send,
//! and a dispatch writes them to the outbox and counts as accepted. A Sunshine that refuses
//! the handoff fails it for good, so the router falls back.

use baton_proto::v1::{HandoffType, handoff_result};
use baton_testkit::TestNats;
use baton_testkit::peer::{HttpPeer, Reply};
use serde_json::json;

use crate::{dispatch, publish_dispatch, result_of, settings, start_connector};

fn without_credentials(data: &std::path::Path) -> baton_zendesk_connector::Settings {
    let mut settings = baton_zendesk_connector::Settings::default();
    settings.service.data_dir = data.to_owned();
    settings
}

#[test]
fn preview_shows_every_request_with_placeholders_and_no_secret() {
    let data = tempfile::tempdir().expect("data dir");
    let mut settings = settings(
        data.path(),
        "https://acme.zendesk.com/sc",
        "https://acme.zendesk.com",
    );
    let live = dispatch(HandoffType::ZendeskSunshine, "p-1", "p");
    let planned = baton_zendesk_connector::preview(&live, &settings);
    let lines: Vec<String> = planned
        .iter()
        .map(|p| format!("{} {}", p.method, p.target))
        .collect();
    let app = "https://acme.zendesk.com/sc/v2/apps/5ebee0975ac5304b664a12fa";
    assert_eq!(lines[0], format!("GET {app}/users/acme%3Acust-42"));
    assert_eq!(lines[1], format!("POST {app}/users"));
    assert_eq!(
        lines[2],
        format!("GET {app}/conversations?filter[userId]={{user_id}}")
    );
    assert_eq!(lines[3], format!("POST {app}/conversations"));
    let message = format!("POST {app}/conversations/{{conversation_id}}/messages");
    assert!(
        lines[4..7].iter().all(|line| *line == message),
        "{lines:#?}"
    );
    assert_eq!(
        lines[7],
        format!("POST {app}/conversations/{{conversation_id}}/passControl")
    );
    assert!(
        planned[1]
            .note
            .contains("when the customer has no Sunshine user")
    );
    for step in &planned {
        assert_eq!(step.handoff_id, "zendesk-sunshine");
        assert_eq!(step.headers["Authorization"], "Basic <secret>");
        assert!(!step.body.contains("sunshine-secret"));
    }

    // Neither the email nor the token: a dry run (half of the pair would be refused).
    settings.zendesk_api_token = None;
    settings.zendesk_email = None;
    let ticket = baton_zendesk_connector::preview(
        &dispatch(HandoffType::ZendeskTicket, "p-1", "p"),
        &settings,
    );
    assert_eq!(ticket.len(), 1);
    assert_eq!(
        ticket[0].target,
        "https://acme.zendesk.com/api/v2/tickets.json"
    );
    assert_eq!(ticket[0].headers["Idempotency-Key"], "baton:acme:p-1:0");
    assert!(ticket[0].note.contains("dry run"), "{}", ticket[0].note);
    assert!(ticket[0].body.contains("Charged twice"));
}

#[tokio::test]
async fn without_credentials_requests_go_to_the_outbox_and_the_handoff_is_accepted() {
    let nats = TestNats::start().await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(&nats, without_credentials(data.path())).await;
    let bus = nats.bus("test").await;

    publish_dispatch(&bus, &dispatch(HandoffType::ZendeskTicket, "d1-1", "d1"), 0).await;
    let handoff_result::Outcome::Accepted(ticket) = result_of(&bus, "d1").await else {
        panic!("a dry run is accepted");
    };
    assert!(ticket.detail.contains("dry run"), "{}", ticket.detail);
    publish_dispatch(
        &bus,
        &dispatch(HandoffType::ZendeskSunshine, "d2-1", "d2"),
        0,
    )
    .await;
    let handoff_result::Outcome::Accepted(live) = result_of(&bus, "d2").await else {
        panic!("a dry run is accepted");
    };
    assert_eq!(live.external_ref, "dry-run-d2-1");

    let files = |helpdesk: &str| {
        let mut names: Vec<String> = std::fs::read_dir(data.path().join("outbox").join(helpdesk))
            .map(|dir| {
                dir.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    };
    assert_eq!(files("zendesk").len(), 1, "{:?}", files("zendesk"));
    assert!(files("zendesk")[0].ends_with("create-ticket.json"));
    let sunshine = files("sunshine");
    assert!(
        sunshine
            .last()
            .is_some_and(|f| f.ends_with("pass-control.json")),
        "{sunshine:?}"
    );
    running.stop().await;
}

#[tokio::test]
async fn a_sunshine_that_refuses_the_handoff_fails_it_for_good() {
    let nats = TestNats::start().await;
    let sunshine = HttpPeer::scripted(|_| {
        Reply::json(
            403,
            json!({ "errors": [{ "code": "forbidden", "title": "Forbidden" }] }),
        )
    })
    .await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(
        &nats,
        settings(data.path(), &sunshine.url(), "http://127.0.0.1:9"),
    )
    .await;
    let bus = nats.bus("test").await;

    publish_dispatch(
        &bus,
        &dispatch(HandoffType::ZendeskSunshine, "f1-1", "f1"),
        0,
    )
    .await;
    let handoff_result::Outcome::Failed(failed) = result_of(&bus, "f1").await else {
        panic!("accepted although Sunshine refused");
    };
    assert!(
        failed.reason.contains("403") && failed.reason.contains("forbidden"),
        "{}",
        failed.reason
    );
    assert_eq!(sunshine.requests().len(), 1, "a refusal is not retried");
    running.stop().await;
}
