//! The live flow against Prism serving Intercom's official OpenAPI description: every
//! request the connector sends must be accepted (Prism answers 422 to any that breaks the
//! description), and the flow must send the requests a live handoff needs.

use baton_bus::Publisher;
use baton_bus::subjects;
use baton_proto::v1::{
    CopilotDraft, DraftSource, HandoffType, RelayMessage, Role, Turn, handoff_result,
};
use baton_testkit::peer::{HttpPeer, Prism, spec};
use baton_testkit::{TestNats, eventually};

use crate::{WAIT, dispatch, known_customer, result_of, settings, start_connector};

#[tokio::test]
async fn a_live_handoff_relay_and_copilot_note_satisfy_intercoms_contract() {
    let nats = TestNats::start().await;
    let prism = Prism::start(&spec("intercom-api-2.14.yaml")).await;
    let intercom = HttpPeer::proxy(&prism.url()).await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(&nats, settings(data.path(), &intercom.url())).await;
    let bus = nats.bus("test").await;

    crate::publish_dispatch(&bus, &dispatch("c1-1", "c1", known_customer()), 0).await;
    let outcome = result_of(&bus, "c1").await;
    let handoff_result::Outcome::Accepted(accepted) = outcome else {
        panic!(
            "not accepted: {outcome:?}; requests: {:#?}",
            intercom.requests()
        );
    };
    // Prism answers with the description's example conversation id.
    assert_eq!(accepted.external_ref, "499");

    let lines: Vec<String> = intercom.requests().iter().map(|r| r.line()).collect();
    for expected in [
        "GET /me",
        "POST /contacts/search",
        "POST /contacts",
        "POST /conversations",
        "POST /conversations/499/reply",
        "POST /conversations/499/parts",
        "POST /tags",
        "POST /conversations/499/tags",
    ] {
        assert!(
            lines.iter().any(|l| l == expected),
            "no {expected} in {lines:#?}"
        );
    }
    assert_eq!(
        lines.iter().filter(|l| *l == "POST /conversations").count(),
        1
    );
    assert_eq!(
        intercom.matching("POST /conversations/499/parts").len(),
        2,
        "team and admin"
    );
    assert_eq!(
        intercom.matching("POST /conversations/499/tags").len(),
        2,
        "two tags"
    );
    let create = &intercom.matching("POST /conversations")[0];
    assert_eq!(
        create.json()["body"],
        "I was charged twice for my subscription."
    );
    let note = &intercom.matching("POST /conversations/499/reply")[0].json();
    assert_eq!(note["message_type"], "note");
    assert!(
        note["body"]
            .as_str()
            .unwrap_or("")
            .contains("Then let me talk to a person")
    );

    // A customer message after the handoff, and a Copilot draft, land in the conversation.
    let publisher = Publisher::new(bus.clone());
    let relay = RelayMessage {
        event_id: "e-7".into(),
        tenant_id: "acme".into(),
        conversation_id: "c1".into(),
        record_id: "c1-1".into(),
        turn: Some(Turn {
            role: Role::User as i32,
            text: "Are you still there?".into(),
            ..Default::default()
        }),
        customer: Some(known_customer()),
    };
    publisher
        .publish(
            subjects::relay(HandoffType::Intercom, "acme", "c1").expect("subject"),
            "relay:e-7",
            &relay,
        )
        .await
        .expect("relay");
    let draft = CopilotDraft {
        draft_id: "d-e-7".into(),
        tenant_id: "acme".into(),
        conversation_id: "c1".into(),
        record_id: "c1-1".into(),
        for_event_id: "e-7".into(),
        text: "Refunds of double charges take 3-5 days.".into(),
        sources: vec![DraftSource {
            title: "Refunds".into(),
            path: "kb/refunds.md".into(),
        }],
        confidence: 0.8,
    };
    publisher
        .publish(
            subjects::copilot_draft(HandoffType::Intercom, "acme", "c1").expect("subject"),
            "draft:d-e-7",
            &draft,
        )
        .await
        .expect("draft");
    let replies = eventually("the relayed message and the draft note", WAIT, || async {
        let replies = intercom.matching("POST /conversations/499/reply");
        (replies.len() >= 3).then_some(replies)
    })
    .await;
    let bodies: Vec<serde_json::Value> = replies.iter().map(|r| r.json()).collect();
    assert!(
        bodies
            .iter()
            .any(|b| b["type"] == "user" && b["body"] == "Are you still there?")
    );
    assert!(bodies.iter().any(|b| {
        b["message_type"] == "note"
            && b["body"]
                .as_str()
                .unwrap_or("")
                .contains("Suggested reply (Copilot")
    }));

    // Every request the connector sent is one the description accepts, sent as Intercom
    // requires: bearer token and API version.
    for request in intercom.requests() {
        assert!(
            (200..300).contains(&request.status),
            "{} was refused by the contract with {}: {}",
            request.line(),
            request.status,
            request.answer
        );
        assert_eq!(request.header("authorization"), Some("Bearer test-token"));
        assert_eq!(request.header("intercom-version"), Some("2.14"));
    }
    running.stop().await;
}
