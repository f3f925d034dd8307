//! `/webhooks/sunshine` on a bound port: only requests with the webhook's secret are
//! believed, and what they say reaches the conversation once.

use baton_bus::Bus;
use baton_bus::subjects::{self, Stream};
use baton_helpdesk::Links;
use baton_proto::v1::{ConversationEvent, HelpdeskLink, LinkState, conversation_event};
use baton_testkit::service::InProcess;
use baton_testkit::zendesk::{agent_message, sunshine_event};
use baton_testkit::{TestNats, eventually, stored};
use serde_json::{Value, json};

use crate::{WAIT, WEBHOOK_SECRET, settings, start_connector};

const SUNSHINE_CONVERSATION: &str = "f52b01137aa6c250bc7251fa";

/// A running connector and a Sunshine conversation linked to Baton's `w1`.
async fn setup(nats: &TestNats, data: &std::path::Path) -> (InProcess, Bus) {
    let running = start_connector(
        nats,
        settings(data, "http://127.0.0.1:9", "http://127.0.0.1:9"),
    )
    .await;
    let bus = nats.bus("test").await;
    let link = HelpdeskLink {
        tenant_id: "acme".into(),
        agent_id: "support".into(),
        conversation_id: "w1".into(),
        record_id: "w1-1".into(),
        helpdesk: "sunshine".into(),
        external_id: SUNSHINE_CONVERSATION.into(),
        contact_id: "26508c10541a4b0ff472e5e2".into(),
        state: LinkState::Created as i32,
        ..Default::default()
    };
    Links::open(&bus, "sunshine")
        .await
        .expect("links")
        .save(&link)
        .await
        .expect("link");
    (running, bus)
}

/// A Sunshine webhook request with one event, created now.
fn body(id: &str, kind: &str, payload: Value) -> Value {
    sunshine_event(crate::SUNSHINE_APP, id, kind, payload)
}

fn agent_reply(message_id: &str, conversation: &str) -> Value {
    agent_message(
        crate::SUNSHINE_APP,
        conversation,
        message_id,
        "Hi Jane, I've refunded the second charge.",
    )
}

async fn post(url: &str, key: Option<&str>, body: &Value) -> u16 {
    let mut request = baton_testkit::http().post(url).json(body);
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    request.send().await.expect("send").status().as_u16()
}

async fn inbound(bus: &Bus) -> Vec<ConversationEvent> {
    stored(
        bus,
        Stream::In,
        &subjects::inbound("acme", "w1").expect("subject"),
    )
    .await
    .iter()
    .map(|m| m.decode())
    .collect()
}

#[tokio::test]
async fn a_signed_agent_reply_reaches_the_customer_once_however_often_it_is_sent() {
    let nats = TestNats::start().await;
    let data = tempfile::tempdir().expect("data dir");
    let (running, bus) = setup(&nats, data.path()).await;

    let reply = agent_reply("5f74c7d84a146f3abd72af1d", SUNSHINE_CONVERSATION);
    assert_eq!(
        post(
            &running.url("/webhooks/sunshine"),
            Some(WEBHOOK_SECRET),
            &reply
        )
        .await,
        200
    );
    // Sunshine retries a delivery it thinks failed: the same event again.
    assert_eq!(
        post(
            &running.url("/webhooks/sunshine"),
            Some(WEBHOOK_SECRET),
            &reply
        )
        .await,
        200
    );

    let events = eventually("the agent's reply on baton.in", WAIT, || async {
        let events = inbound(&bus).await;
        (!events.is_empty()).then_some(events)
    })
    .await;
    assert_eq!(events.len(), 1, "applied once: {events:?}");
    let Some(conversation_event::Kind::HumanAgentMessage(message)) = &events[0].kind else {
        panic!("not a human agent message: {:?}", events[0]);
    };
    assert_eq!(message.text, "Hi Jane, I've refunded the second charge.");
    assert_eq!(message.author_name, "Tom");
    assert_eq!(events[0].conversation_id, "w1");
    running.stop().await;
}

#[tokio::test]
async fn forged_missing_stale_or_oversized_requests_are_refused_and_publish_nothing() {
    let nats = TestNats::start().await;
    let data = tempfile::tempdir().expect("data dir");
    let (running, bus) = setup(&nats, data.path()).await;
    let url = &running.url("/webhooks/sunshine");

    let reply = agent_reply("m-forged", SUNSHINE_CONVERSATION);
    assert_eq!(post(url, Some("not-the-secret"), &reply).await, 401);
    assert_eq!(post(url, None, &reply).await, 401);

    let mut stale = agent_reply("m-stale", SUNSHINE_CONVERSATION);
    stale["events"][0]["createdAt"] = json!("2020-09-30T18:00:56.820Z");
    assert_eq!(post(url, Some(WEBHOOK_SECRET), &stale).await, 400);

    let huge = json!({ "events": [], "padding": "x".repeat(300 * 1024) });
    assert_eq!(post(url, Some(WEBHOOK_SECRET), &huge).await, 413);

    // Not a conversation Baton handed over: accepted (so Sunshine stops) and ignored.
    let unknown = agent_reply("m-unknown", "c93bb9c14dde8ffb94564eae");
    assert_eq!(post(url, Some(WEBHOOK_SECRET), &unknown).await, 200);

    // A probe that is applied proves the ones before it were not just slow.
    let probe = body(
        "ev-closed",
        "conversation:remove",
        json!({ "conversation": { "id": SUNSHINE_CONVERSATION } }),
    );
    assert_eq!(post(url, Some(WEBHOOK_SECRET), &probe).await, 200);
    let events = eventually("the probe on baton.in", WAIT, || async {
        let events = inbound(&bus).await;
        (!events.is_empty()).then_some(events)
    })
    .await;
    assert_eq!(events.len(), 1, "only the probe: {events:?}");
    assert!(matches!(
        events[0].kind,
        Some(conversation_event::Kind::ConversationClosed(_))
    ));
    running.stop().await;
}

#[tokio::test]
async fn a_release_or_a_pass_back_to_the_bot_returns_the_conversation_to_baton() {
    let nats = TestNats::start().await;
    let data = tempfile::tempdir().expect("data dir");
    let (running, bus) = setup(&nats, data.path()).await;
    let url = &running.url("/webhooks/sunshine");

    let release = body(
        "ev-release",
        "switchboard:releaseControl",
        json!({ "conversation": { "id": SUNSHINE_CONVERSATION }, "reason": "ticketClosed" }),
    );
    assert_eq!(post(url, Some(WEBHOOK_SECRET), &release).await, 200);
    let pass_back = body(
        "ev-pass",
        "switchboard:passControl",
        json!({ "conversation": { "id": SUNSHINE_CONVERSATION,
            "activeSwitchboardIntegration": { "name": "bot", "integrationType": "custom" } } }),
    );
    assert_eq!(post(url, Some(WEBHOOK_SECRET), &pass_back).await, 200);

    let events = eventually("two releases on baton.in", WAIT, || async {
        let events = inbound(&bus).await;
        (events.len() >= 2).then_some(events)
    })
    .await;
    for event in &events {
        assert!(
            matches!(event.kind, Some(conversation_event::Kind::HumanReleased(_))),
            "{event:?}"
        );
    }
    running.stop().await;
}
