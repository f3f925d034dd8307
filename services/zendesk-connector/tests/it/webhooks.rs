//! `/webhooks/sunshine` and `/webhooks/zendesk` on a bound port: only requests with the
//! webhook's secret (Sunshine) or signature (Zendesk) are believed, and what they say
//! reaches the conversation once.

use baton_bus::Bus;
use baton_bus::subjects::{self, Stream};
use baton_helpdesk::Links;
use baton_helpdesk::webhook::sign_zendesk;
use baton_proto::v1::{ConversationEvent, HelpdeskLink, LinkState, conversation_event};
use baton_testkit::service::InProcess;
use baton_testkit::zendesk::{agent_message, sunshine_event};
use baton_testkit::{TestNats, eventually, stored};
use serde_json::{Value, json};

use crate::{SIGNING_SECRET, WAIT, WEBHOOK_SECRET, settings, start_connector};

const SUNSHINE_CONVERSATION: &str = "f52b01137aa6c250bc7251fa";

/// A running connector and a Sunshine conversation linked to Baton's `w1`.
async fn setup(nats: &TestNats, data: &std::path::Path) -> (InProcess, Bus) {
    setup_with(
        nats,
        settings(data, "http://127.0.0.1:9", "http://127.0.0.1:9"),
    )
    .await
}

/// [`setup`] with the connector's `settings`.
async fn setup_with(
    nats: &TestNats,
    settings: baton_zendesk_connector::Settings,
) -> (InProcess, Bus) {
    let running = start_connector(nats, settings).await;
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
    baton_testkit::handed_over(&bus, "acme", "w1", "w1-1").await;
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
async fn blank_webhook_secrets_refuse_every_request_even_one_signed_with_the_empty_key() {
    let nats = TestNats::start().await;
    let data = tempfile::tempdir().expect("data dir");
    // As Kubernetes writes optional Secret keys left empty: a blank variable, a blank file.
    let blank_file = data.path().join("zendesk-webhook-secret");
    std::fs::write(&blank_file, " \n").expect("write");
    let environment = [
        ("BATON_DATA_DIR", data.path().to_string_lossy().into_owned()),
        ("BATON_SUNSHINE_APP_ID", crate::SUNSHINE_APP.to_owned()),
        ("BATON_SUNSHINE_KEY_ID", crate::SUNSHINE_KEY_ID.to_owned()),
        (
            "BATON_SUNSHINE_KEY_SECRET",
            crate::SUNSHINE_KEY_SECRET.to_owned(),
        ),
        ("BATON_SUNSHINE_BASE_URL", "http://127.0.0.1:9".to_owned()),
        ("BATON_SUNSHINE_WEBHOOK_SECRET", String::new()),
        ("BATON_ZENDESK_EMAIL", crate::ZENDESK_EMAIL.to_owned()),
        ("BATON_ZENDESK_API_TOKEN", crate::ZENDESK_TOKEN.to_owned()),
        (
            "BATON_ZENDESK_WEBHOOK_SECRET_FILE",
            blank_file.to_string_lossy().into_owned(),
        ),
    ]
    .map(|(name, value)| (name.to_owned(), value));
    let settings: baton_zendesk_connector::Settings =
        baton_config::settings::load_from(None, environment).expect("settings");
    let (running, bus) = setup_with(&nats, settings).await;

    let reply = agent_reply("m-empty-key", SUNSHINE_CONVERSATION);
    assert_eq!(
        post(&running.url("/webhooks/sunshine"), Some(""), &reply).await,
        401,
        "an empty X-API-Key"
    );
    let solved = ticket_status("evt-empty-key", "35436", "solved");
    assert_eq!(
        post_zendesk(&running, solved, Some(""), 0).await,
        401,
        "signed with the empty key"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(inbound(&bus).await.is_empty(), "nothing may be published");
    running.stop().await;
}

#[tokio::test]
async fn every_sunshine_event_applies_or_is_counted_with_why_it_was_ignored() {
    let series = |outcome: &str| {
        format!("baton_webhooks_total{{helpdesk=\"sunshine\",outcome=\"{outcome}\"}}")
    };
    let before = baton_testkit::counted(&series("ignored_invalid_id"));
    let nats = TestNats::start().await;
    let data = tempfile::tempdir().expect("data dir");
    let (running, bus) = setup(&nats, data.path()).await;
    let event = |kind: &str, payload: Value| body("ev", kind, payload)["events"][0].clone();
    let message = |conversation: &str, author: Value, content: Value| {
        json!({
            "conversation": { "id": conversation },
            "message": { "id": "m-1", "author": author, "content": content },
        })
    };
    let agent = json!({ "type": "business", "displayName": "Tom" });
    let text = json!({ "type": "text", "text": "Hi Jane" });
    let mut request = body("ev", "conversation:remove", json!({}));
    request["events"] = json!([
        event(
            "conversation:message",
            message(
                SUNSHINE_CONVERSATION,
                json!({ "type": "user", "userId": "u-1" }),
                text.clone()
            )
        ),
        event(
            "conversation:message",
            message(
                SUNSHINE_CONVERSATION,
                agent.clone(),
                json!({ "type": "image", "mediaUrl": "https://x.test/a.png" })
            )
        ),
        event(
            "conversation:message",
            message("not a valid id!", agent.clone(), text.clone())
        ),
        event(
            "conversation:message",
            message("c93bb9c14dde8ffb94564eae", agent.clone(), text.clone())
        ),
        event(
            "conversation:typing",
            json!({ "conversation": { "id": SUNSHINE_CONVERSATION } })
        ),
        event(
            "conversation:message",
            message(SUNSHINE_CONVERSATION, agent, text)
        ),
    ]);

    let answer = baton_testkit::http()
        .post(running.url("/webhooks/sunshine"))
        .header("x-api-key", WEBHOOK_SECRET)
        .json(&request)
        .send()
        .await
        .expect("send");
    assert_eq!(answer.status().as_u16(), 200);
    let outcomes = answer.text().await.expect("body");
    running.stop().await;

    assert_eq!(
        outcomes,
        "ignored_not_from_agent,ignored_no_text,ignored_invalid_id,\
         ignored_not_handed_over,ignored_not_acted_on,applied"
    );
    assert!(
        baton_testkit::counted(&series("ignored_invalid_id")) > before,
        "counted by reason"
    );
    assert_eq!(inbound(&bus).await.len(), 1, "only the agent's reply");
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

/// A ticket event as Zendesk sends it: the ticket's status changed to `status`.
fn ticket_status(event: &str, ticket: &str, status: &str) -> Vec<u8> {
    json!({
        "account_id": 1_234_567,
        "type": "zen:event-type:ticket.status_changed",
        "id": event,
        "subject": format!("zen:ticket:{ticket}"),
        "time": jiff::Timestamp::now().to_string(),
        "zendesk_event_version": "2022-11-06",
        "detail": { "id": ticket, "status": status.to_ascii_uppercase() },
        "event": { "current": status.to_ascii_uppercase(), "previous": "OPEN" },
    })
    .to_string()
    .into_bytes()
}

/// Posts `body` to `/webhooks/zendesk`, signed with `secret` at `age_secs` ago (unsigned
/// when `None`).
async fn post_zendesk(
    running: &InProcess,
    body: Vec<u8>,
    secret: Option<&str>,
    age_secs: i64,
) -> u16 {
    let mut request = baton_testkit::http()
        .post(running.url("/webhooks/zendesk"))
        .header("content-type", "application/json");
    if let Some(secret) = secret {
        let at = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(age_secs);
        let at = at.to_string();
        request = request
            .header("x-zendesk-webhook-signature-timestamp", &at)
            .header(
                "x-zendesk-webhook-signature",
                sign_zendesk(secret, &at, &body),
            );
    }
    request
        .body(body)
        .send()
        .await
        .expect("send")
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_solved_ticket_hands_the_conversation_back_and_forged_requests_change_nothing() {
    let nats = TestNats::start().await;
    let data = tempfile::tempdir().expect("data dir");
    let (running, bus) = setup(&nats, data.path()).await;
    Links::open(&bus, "zendesk_ticket")
        .await
        .expect("links")
        .save(&HelpdeskLink {
            tenant_id: "acme".into(),
            agent_id: "support".into(),
            conversation_id: "w1".into(),
            record_id: "w1-2".into(),
            helpdesk: "zendesk_ticket".into(),
            external_id: "35436".into(),
            state: LinkState::Created as i32,
            ..Default::default()
        })
        .await
        .expect("link");
    let solved = ticket_status("evt-1", "35436", "solved");
    // While the live handoff w1-1 holds the chat, the ticket of w1-2 changes nothing.
    assert_eq!(
        post_zendesk(&running, solved.clone(), Some(SIGNING_SECRET), 0).await,
        200
    );
    baton_testkit::handed_over(&bus, "acme", "w1", "w1-2").await;

    assert_eq!(
        post_zendesk(&running, solved.clone(), None, 0).await,
        401,
        "unsigned"
    );
    assert_eq!(
        post_zendesk(&running, solved.clone(), Some("guess"), 0).await,
        401,
        "forged"
    );
    assert_eq!(
        post_zendesk(&running, solved.clone(), Some(SIGNING_SECRET), 3_600).await,
        400,
        "replayed"
    );
    assert_eq!(
        post_zendesk(&running, b"{".to_vec(), Some(SIGNING_SECRET), 0).await,
        400,
        "malformed"
    );
    let elsewhere = ticket_status("evt-2", "99999", "solved");
    assert_eq!(
        post_zendesk(&running, elsewhere, Some(SIGNING_SECRET), 0).await,
        200,
        "not Baton's ticket"
    );
    let pending = ticket_status("evt-3", "35436", "pending");
    assert_eq!(
        post_zendesk(&running, pending, Some(SIGNING_SECRET), 0).await,
        200,
        "not solved"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        inbound(&bus).await.is_empty(),
        "nothing may be published yet"
    );

    // Zendesk delivers again when it missed the answer: applied once.
    assert_eq!(
        post_zendesk(&running, solved.clone(), Some(SIGNING_SECRET), 0).await,
        200
    );
    assert_eq!(
        post_zendesk(&running, solved, Some(SIGNING_SECRET), 0).await,
        200
    );
    eventually("the release on baton.in", WAIT, || async {
        (!inbound(&bus).await.is_empty()).then_some(())
    })
    .await;
    // Time for a second copy to show up, were it not deduplicated.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let events = inbound(&bus).await;
    assert_eq!(events.len(), 1, "the same event twice is applied once");
    assert!(
        matches!(&events[0].kind, Some(conversation_event::Kind::HumanReleased(r)) if r.reason.contains("solved")),
        "{:?}",
        events[0]
    );
    running.stop().await;
}
