//! The ticket path against the local Support API (support.rs): the documented request shape,
//! one ticket per handoff attempt however often the dispatch or the request is repeated,
//! retries within the budget, a final failure beyond it, and Copilot notes.

use baton_testkit::service::InProcess;
use std::time::Duration;

use baton_bus::Publisher;
use baton_bus::subjects::{self, Stream};
use baton_helpdesk::Links;
use baton_proto::v1::{CopilotDraft, HandoffType, HelpdeskLink, LinkState, handoff_result};
use baton_testkit::peer::Reply;
use baton_testkit::{TestNats, eventually};
use serde_json::json;

use crate::{
    WAIT, ZENDESK_AUTHORIZATION, dispatch, drained, publish_dispatch, result_of, settings,
    start_connector,
};
use baton_testkit::zendesk::{FIRST_TICKET, Support};

struct Setup {
    nats: TestNats,
    support: Support,
    _data: tempfile::TempDir,
}

async fn setup() -> (Setup, InProcess) {
    let nats = TestNats::start().await;
    let support = Support::start(ZENDESK_AUTHORIZATION).await;
    let data = tempfile::tempdir().expect("data dir");
    // Sunshine is not used by the ticket path: an unreachable address.
    let running = start_connector(
        &nats,
        settings(data.path(), "http://127.0.0.1:9", &support.url()),
    )
    .await;
    (
        Setup {
            nats,
            support,
            _data: data,
        },
        running,
    )
}

fn accepted(outcome: handoff_result::Outcome) -> baton_proto::v1::HandoffAccepted {
    match outcome {
        handoff_result::Outcome::Accepted(accepted) => accepted,
        handoff_result::Outcome::Failed(failed) => panic!("not accepted: {failed:?}"),
    }
}

#[tokio::test]
async fn a_ticket_has_the_documented_shape_and_a_redelivered_dispatch_creates_no_second() {
    let (setup, running) = setup().await;
    let bus = setup.nats.bus("test").await;
    let ticket_dispatch = dispatch(HandoffType::ZendeskTicket, "t1-1", "t1");

    publish_dispatch(&bus, &ticket_dispatch, 0).await;
    let accepted = accepted(result_of(&bus, "t1").await);
    assert_eq!(accepted.external_ref, FIRST_TICKET.to_string());
    assert!(
        accepted.detail.contains(&format!("#{FIRST_TICKET}")),
        "{}",
        accepted.detail
    );

    let create = &setup.support.requests()[0];
    assert_eq!(create.line(), "POST /api/v2/tickets.json");
    assert_eq!(create.header("authorization"), Some(ZENDESK_AUTHORIZATION));
    assert_eq!(create.header("idempotency-key"), Some("baton:acme:t1-1:0"));
    let ticket = &create.json()["ticket"];
    assert_eq!(
        ticket["subject"],
        "The customer asked to speak with a person."
    );
    assert_eq!(
        ticket["requester"],
        json!({ "name": "Jane Doe", "email": "jane@example.com" })
    );
    assert_eq!(ticket["priority"], "high");
    assert_eq!(ticket["group_id"], 360_001_234);
    assert_eq!(ticket["tags"], json!(["billing", "from-baton"]));
    assert_eq!(ticket["external_id"], "t1");
    let html = ticket["comment"]["html_body"].as_str().unwrap_or_default();
    let plain = ticket["comment"]["body"].as_str().unwrap_or_default();
    for comment in [html, plain] {
        assert!(
            comment.contains("Charged twice; the AI agent cannot refund"),
            "{comment}"
        );
        assert!(
            comment.contains("Then let me talk to a person, please."),
            "{comment}"
        );
    }

    // The router redelivers after a restart: the link answers, Zendesk is not asked again.
    publish_dispatch(&bus, &ticket_dispatch, 1).await;
    drained(&bus, Stream::Handoffs, "zendesk-connector-dispatch").await;
    assert_eq!(setup.support.requests().len(), 1);
    assert_eq!(setup.support.tickets().len(), 1);
    running.stop().await;
}

#[tokio::test]
async fn a_lost_answer_is_retried_with_the_same_key_and_finds_the_same_ticket() {
    let (setup, running) = setup().await;
    let bus = setup.nats.bus("test").await;
    // The first try creates the ticket but its answer never arrives in time (the client
    // waits 1 s): the retry must not open a second ticket.
    let support = &setup.support;
    support.answer_late(Duration::from_secs(2));
    publish_dispatch(&bus, &dispatch(HandoffType::ZendeskTicket, "t2-1", "t2"), 0).await;
    let accepted = accepted(result_of(&bus, "t2").await);
    assert_eq!(accepted.external_ref, FIRST_TICKET.to_string());
    assert_eq!(support.tickets().len(), 1);

    // The server holds Zendesk's idempotency rules: the same key with the same body is
    // answered the same ticket (`hit`), with another body refused.
    let first = support.requests().pop().expect("the retried request");
    let again = |body: serde_json::Value| {
        baton_testkit::http()
            .post(format!("{}/api/v2/tickets.json", support.url()))
            .header("authorization", ZENDESK_AUTHORIZATION)
            .header("idempotency-key", "baton:acme:t2-1:0")
            .json(&body)
            .send()
    };
    let hit = again(first.json()).await.expect("send");
    assert_eq!(hit.status().as_u16(), 201);
    assert_eq!(hit.headers()["x-idempotency-lookup"], "hit");
    let changed = again(json!({ "ticket": { "subject": "other", "comment": { "body": "x" } } }))
        .await
        .expect("send");
    assert_eq!(changed.status().as_u16(), 400);
    assert_eq!(support.tickets().len(), 1);
    running.stop().await;
}

#[tokio::test]
async fn a_500_then_success_and_a_429_with_retry_after_are_retried() {
    let (setup, running) = setup().await;
    let bus = setup.nats.bus("test").await;
    let support = &setup.support;
    support.queue([
        Reply::json(500, json!({ "error": "InternalError" })),
        Reply::json(429, json!({ "error": "TooManyRequests" })).with_header("retry-after", "1"),
    ]);
    publish_dispatch(&bus, &dispatch(HandoffType::ZendeskTicket, "t3-1", "t3"), 0).await;
    let accepted = accepted(result_of(&bus, "t3").await);
    assert_eq!(accepted.external_ref, FIRST_TICKET.to_string());

    let requests = support.requests();
    let statuses: Vec<u16> = requests.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [500, 429, 201]);
    let keys: Vec<Option<&str>> = requests
        .iter()
        .map(|r| r.header("idempotency-key"))
        .collect();
    assert!(
        keys.iter().all(|k| *k == Some("baton:acme:t3-1:0")),
        "{keys:?}"
    );
    let waited = requests[2].at.duration_since(requests[1].at);
    assert!(
        waited >= Duration::from_millis(900),
        "Retry-After not honoured: {waited:?}"
    );
    assert_eq!(support.tickets().len(), 1);
    running.stop().await;
}

#[tokio::test]
async fn zendesk_failing_beyond_the_budget_or_refusing_is_a_final_failure() {
    let (setup, running) = setup().await;
    let bus = setup.nats.bus("test").await;
    let support = &setup.support;
    support.queue((0..3).map(|_| Reply::json(503, json!({ "error": "Unavailable" }))));
    publish_dispatch(&bus, &dispatch(HandoffType::ZendeskTicket, "t4-1", "t4"), 0).await;
    let handoff_result::Outcome::Failed(failed) = result_of(&bus, "t4").await else {
        panic!("accepted although Zendesk kept failing");
    };
    assert!(failed.reason.contains("503"), "{failed:?}");
    assert_eq!(support.requests().len(), 3, "the whole budget, no more");

    // A ticket Zendesk refuses (here: a priority it does not know) fails for good at once.
    let mut refused = dispatch(HandoffType::ZendeskTicket, "t5-1", "t5");
    if let Some(baton_proto::v1::handoff::Settings::ZendeskTicket(ticket)) =
        refused.handoff.as_mut().and_then(|h| h.settings.as_mut())
    {
        ticket.priority = "asap".into();
    }
    publish_dispatch(&bus, &refused, 0).await;
    let handoff_result::Outcome::Failed(failed) = result_of(&bus, "t5").await else {
        panic!("accepted although Zendesk refused");
    };
    assert!(failed.reason.contains("422"), "{failed:?}");
    assert!(support.tickets().is_empty());
    running.stop().await;
}

#[tokio::test]
async fn copilot_drafts_become_one_internal_note_each() {
    let (setup, running) = setup().await;
    let bus = setup.nats.bus("test").await;
    publish_dispatch(&bus, &dispatch(HandoffType::ZendeskTicket, "t6-1", "t6"), 0).await;
    accepted(result_of(&bus, "t6").await);

    let publisher = Publisher::new(bus.clone());
    let draft = |id: &str, text: &str| CopilotDraft {
        draft_id: id.into(),
        tenant_id: "acme".into(),
        conversation_id: "t6".into(),
        record_id: "t6-1".into(),
        for_event_id: format!("e-{id}"),
        text: text.into(),
        sources: Vec::new(),
        confidence: 0.8,
    };
    let subject =
        subjects::copilot_draft(HandoffType::ZendeskTicket, "acme", "t6").expect("subject");
    for (copy, message) in [
        (0, draft("d1", "Refunds of double charges take 3-5 days.")),
        (1, draft("d1", "Refunds of double charges take 3-5 days.")),
        (0, draft("d2", "")),
    ] {
        publisher
            .publish(
                subject.clone(),
                &format!("draft:{}:{copy}", message.draft_id),
                &message,
            )
            .await
            .expect("draft");
    }
    let notes = eventually("two notes", WAIT, || async {
        let notes = setup.support.notes();
        (notes.len() >= 2).then_some(notes)
    })
    .await;
    drained(&bus, Stream::Relay, "zendesk-connector-drafts").await;
    let notes_now = setup.support.notes();
    assert_eq!(
        notes_now.len(),
        2,
        "a redelivered draft posts no second note: {notes_now:?}"
    );
    for (ticket, comment) in &notes {
        assert_eq!(*ticket, FIRST_TICKET);
        assert_eq!(comment["public"], false);
    }
    let html = |i: usize| {
        notes[i].1["html_body"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert!(html(0).contains("Suggested reply (Copilot"), "{}", html(0));
    assert!(html(1).contains("no confident suggestion"), "{}", html(1));
    running.stop().await;
}

#[tokio::test]
async fn copilot_drafts_for_a_live_handoff_go_to_the_ticket_agent_workspace_opened() {
    let (setup, running) = setup().await;
    let bus = setup.nats.bus("test").await;
    // A live handoff whose control passed to Agent Workspace.
    Links::open(&bus, "sunshine")
        .await
        .expect("links")
        .save(&HelpdeskLink {
            tenant_id: "acme".into(),
            agent_id: "support".into(),
            conversation_id: "s1".into(),
            record_id: "s1-1".into(),
            helpdesk: "sunshine".into(),
            external_id: "67a0ecf8f0305f4a391e9db1".into(),
            account: crate::SUNSHINE_APP.into(),
            state: LinkState::Created as i32,
            ..Default::default()
        })
        .await
        .expect("link");
    let publisher = Publisher::new(bus.clone());
    let subject =
        subjects::copilot_draft(HandoffType::ZendeskSunshine, "acme", "s1").expect("subject");
    let draft = |id: &str| CopilotDraft {
        draft_id: id.into(),
        tenant_id: "acme".into(),
        conversation_id: "s1".into(),
        record_id: "s1-1".into(),
        for_event_id: format!("e-{id}"),
        text: "Refunds of double charges take 3-5 days.".into(),
        sources: Vec::new(),
        confidence: 0.8,
    };
    // Search has not indexed the ticket yet: the draft waits and comes back.
    publisher
        .publish(subject.clone(), "draft:w1", &draft("w1"))
        .await
        .expect("draft");
    eventually("a search that finds nothing", WAIT, || async {
        setup
            .support
            .requests()
            .iter()
            .any(|r| r.path.starts_with("/api/v2/search.json"))
            .then_some(())
    })
    .await;
    let tag = baton_zendesk_connector::ticket_tag("acme", "s1-1");
    let ticket = setup
        .support
        .open_workspace_ticket(&[tag.as_str(), "messaging"]);
    let notes = eventually("the note on the workspace ticket", WAIT, || async {
        let notes = setup.support.notes();
        (!notes.is_empty()).then_some(notes)
    })
    .await;
    assert_eq!(notes[0].0, ticket);
    assert_eq!(notes[0].1["public"], false);
    // The next draft goes to the remembered ticket without searching again.
    let searches = |support: &Support| {
        support
            .requests()
            .iter()
            .filter(|r| r.path.starts_with("/api/v2/search.json"))
            .count()
    };
    let searched = searches(&setup.support);
    publisher
        .publish(subject, "draft:w2", &draft("w2"))
        .await
        .expect("draft");
    eventually("the second note", WAIT, || async {
        (setup.support.notes().len() == 2).then_some(())
    })
    .await;
    assert_eq!(searches(&setup.support), searched);
    running.stop().await;
}
