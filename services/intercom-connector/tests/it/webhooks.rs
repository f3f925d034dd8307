//! Intercom's notifications, signed as Intercom signs them (HMAC-SHA1 of the body with the
//! app's client secret, `X-Hub-Signature: sha1=<hex>`), shaped as its documented
//! `notification_event`s.

use baton_bus::Bus;
use baton_bus::subjects::{self, Stream};
use baton_helpdesk::Links;
use baton_helpdesk::webhook::sign_hmac_sha1;
use baton_proto::v1::{ConversationEvent, HelpdeskLink, LinkState, conversation_event};
use baton_testkit::intercom::{admin_reply as reply_part, notification};
use baton_testkit::{TestNats, eventually, stored};
use serde_json::json;

use crate::{CLIENT_SECRET, WAIT, settings, start_connector};

async fn post(url: &str, body: Vec<u8>, signature: Option<String>) -> u16 {
    let mut request = baton_testkit::http()
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    if let Some(signature) = signature {
        request = request.header("x-hub-signature", signature);
    }
    request
        .send()
        .await
        .expect("webhook request")
        .status()
        .as_u16()
}

async fn signed(url: &str, body: Vec<u8>) -> u16 {
    let signature = sign_hmac_sha1(CLIENT_SECRET, &body);
    post(url, body, Some(signature)).await
}

async fn inbound(bus: &Bus) -> Vec<ConversationEvent> {
    stored(
        bus,
        Stream::In,
        &subjects::inbound("acme", "c1").expect("subject"),
    )
    .await
    .iter()
    .map(|m| m.decode())
    .collect()
}

async fn linked(nats: &TestNats) -> Bus {
    let bus = nats.bus("test").await;
    Links::open(&bus, "intercom")
        .await
        .expect("links")
        .save(&HelpdeskLink {
            tenant_id: "acme".into(),
            agent_id: "support".into(),
            conversation_id: "c1".into(),
            record_id: "c1-1".into(),
            helpdesk: "intercom".into(),
            external_id: "4001".into(),
            contact_id: "6762f0dd1bb69f9f2193bb83".into(),
            state: LinkState::Created as i32,
            ..Default::default()
        })
        .await
        .expect("link");
    baton_testkit::handed_over(&bus, "acme", "c1", "c1-1").await;
    bus
}

#[tokio::test]
async fn a_signed_reply_reaches_the_customer_once_and_a_close_closes() {
    let nats = TestNats::start().await;
    let bus = linked(&nats).await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(&nats, settings(data.path(), "http://127.0.0.1:9")).await;

    let reply = notification(
        "conversation.admin.replied",
        "4001",
        5,
        reply_part(
            "900",
            "<p>Hi Jane,</p><p>I&#39;ve refunded the second charge.</p>",
        ),
    );
    assert_eq!(
        signed(&running.url("/webhooks/intercom"), reply.clone()).await,
        200
    );
    // Intercom delivers again when it missed our answer: applied once.
    assert_eq!(signed(&running.url("/webhooks/intercom"), reply).await, 200);
    let events = eventually("the agent's reply on baton.in", WAIT, || async {
        let events = inbound(&bus).await;
        (!events.is_empty()).then_some(events)
    })
    .await;
    assert_eq!(
        events.len(),
        1,
        "the same notification twice must publish once"
    );
    let Some(conversation_event::Kind::HumanAgentMessage(message)) = &events[0].kind else {
        panic!("not a human agent message: {:?}", events[0]);
    };
    assert_eq!(message.text, "Hi Jane,\nI've refunded the second charge.");
    assert_eq!(message.author_name, "Tom from Billing");
    assert_eq!(
        (events[0].tenant_id.as_str(), events[0].agent_id.as_str()),
        ("acme", "support")
    );

    let closed = notification("conversation.admin.closed", "4001", 0, json!([]));
    assert_eq!(
        signed(&running.url("/webhooks/intercom"), closed).await,
        200
    );
    eventually("the close on baton.in", WAIT, || async {
        inbound(&bus)
            .await
            .iter()
            .any(|e| {
                matches!(
                    e.kind,
                    Some(conversation_event::Kind::ConversationClosed(_))
                )
            })
            .then_some(())
    })
    .await;
    running.stop().await;
}

#[tokio::test]
async fn forged_stale_malformed_and_huge_webhooks_are_refused_and_publish_nothing() {
    let nats = TestNats::start().await;
    let bus = linked(&nats).await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(&nats, settings(data.path(), "http://127.0.0.1:9")).await;
    let url = &running.url("/webhooks/intercom");
    let body = notification(
        "conversation.admin.replied",
        "4001",
        5,
        reply_part("901", "<p>Hi</p>"),
    );

    assert_eq!(post(url, body.clone(), None).await, 401, "unsigned");
    let forged = sign_hmac_sha1("not-the-secret", &body);
    assert_eq!(
        post(url, body.clone(), Some(forged)).await,
        401,
        "wrong secret"
    );
    let mut tampered = body.clone();
    let signature = sign_hmac_sha1(CLIENT_SECRET, &body);
    tampered.extend_from_slice(b" ");
    assert_eq!(
        post(url, tampered, Some(signature)).await,
        401,
        "body changed after signing"
    );
    let stale = notification(
        "conversation.admin.replied",
        "4001",
        3_600,
        reply_part("902", "<p>Hi</p>"),
    );
    assert_eq!(signed(url, stale).await, 400, "replayed an hour later");
    assert_eq!(
        signed(url, b"{\"type\":\"notification_event\",".to_vec()).await,
        400,
        "malformed JSON"
    );
    let huge = notification(
        "conversation.admin.replied",
        "4001",
        5,
        reply_part("903", &"a".repeat(300 * 1024)),
    );
    assert_eq!(signed(url, huge).await, 413, "over the body limit");
    let elsewhere = notification(
        "conversation.admin.replied",
        "9999",
        5,
        reply_part("904", "<p>Hi</p>"),
    );
    assert_eq!(
        signed(url, elsewhere).await,
        200,
        "not Baton's conversation: acknowledged, ignored"
    );
    // An Intercom conversation of an earlier handoff of the same chat, closed or answered
    // late, must not touch the handoff that holds the chat now.
    Links::open(&bus, "intercom")
        .await
        .expect("links")
        .save(&HelpdeskLink {
            tenant_id: "acme".into(),
            agent_id: "support".into(),
            conversation_id: "c1".into(),
            record_id: "c1-0".into(),
            helpdesk: "intercom".into(),
            external_id: "3999".into(),
            state: LinkState::Created as i32,
            ..Default::default()
        })
        .await
        .expect("old link");
    let old_close = notification("conversation.admin.closed", "3999", 1, json!([]));
    assert_eq!(
        signed(url, old_close).await,
        200,
        "an earlier handoff's conversation"
    );

    // Give a wrongly accepted notification time to show up, then check none did.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        inbound(&bus).await.is_empty(),
        "a refused webhook published something"
    );
    running.stop().await;
}

#[tokio::test]
async fn every_notification_applies_or_says_why_it_was_ignored() {
    let series = |outcome: &str| {
        format!("baton_webhooks_total{{helpdesk=\"intercom\",outcome=\"{outcome}\"}}")
    };
    let before = baton_testkit::counted(&series("ignored_not_acted_on"));
    let nats = TestNats::start().await;
    let bus = linked(&nats).await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(&nats, settings(data.path(), "http://127.0.0.1:9")).await;
    let answer = |body: Vec<u8>| {
        let url = running.url("/webhooks/intercom");
        async move {
            let signature = sign_hmac_sha1(CLIENT_SECRET, &body);
            let response = baton_testkit::http()
                .post(url)
                .header("x-hub-signature", signature)
                .body(body)
                .send()
                .await
                .expect("webhook request");
            assert_eq!(response.status().as_u16(), 200);
            response.text().await.expect("body")
        }
    };

    let cases = [
        (
            notification("conversation.user.replied", "4001", 5, json!([])),
            "ignored_not_acted_on",
        ),
        (
            notification(
                "conversation.admin.replied",
                "4001",
                5,
                reply_part("905", "<p> </p>"),
            ),
            "ignored_no_text",
        ),
        (
            notification(
                "conversation.admin.replied",
                "9999",
                5,
                reply_part("906", "<p>Hi</p>"),
            ),
            "ignored_not_handed_over",
        ),
        (
            notification(
                "conversation.admin.replied",
                "4001",
                5,
                reply_part("907", "<p>Hi Jane</p>"),
            ),
            "applied",
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(answer(body).await, expected);
    }
    running.stop().await;

    assert!(
        baton_testkit::counted(&series("ignored_not_acted_on")) > before,
        "counted by reason"
    );
    assert_eq!(inbound(&bus).await.len(), 1, "only the reply with text");
}
