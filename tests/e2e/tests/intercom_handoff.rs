//! A live handoff into Intercom, end to end: every service on a real nats-server, Intercom
//! played by Prism serving its official description (behind a recording proxy) or by a
//! scripted server that keeps failing. The customer asks for a person → one Intercom
//! conversation with note, assignment and tags → the agent's signed reply reaches the
//! customer → the customer's next message is relayed → closing ends it; Copilot posts one
//! note per customer message, and only while a human has the conversation with Copilot on.

#![allow(clippy::panic)]

use std::path::PathBuf;

use baton_bus::Publisher;
use baton_bus::kv::Store;
use baton_bus::subjects::{self, Bucket, Stream};
use baton_e2e::{Script, Stack, WAIT, observe};
use baton_helpdesk::webhook::sign_hmac_sha1;
use baton_proto::v1::{
    AgentAction, HandoffRecord, HandoffState, HandoffType, Mode, PreviewRequest, Role, ScriptTurn,
    Sender,
};
use baton_testkit::intercom::{admin_reply, notification};
use baton_testkit::peer::{HttpPeer, Prism, Reply, spec};
use baton_testkit::{TestNats, eventually};
use secrecy::SecretString;

const TENANT: &str = "acme";
const AGENT: &str = "support";
const SECRET: &str = "intercom-client-secret";

fn config(copilot: bool) -> String {
    format!(
        r#"tenant_id: {TENANT}
agent_id: {AGENT}
knowledge: [kb/]
handoffs:
  - id: live
    type: intercom
    priority: 10
    trigger: Hand off when the customer asks to talk to a person.
    copilot: {copilot}
    intercom:
      team_id: "5017691"
      admin_id: "991267464"
      tags: [billing, from-baton]
    fallback: [mail]
  - id: mail
    type: email
    trigger: Email the team when the customer threatens legal action.
    email:
      recipients: team
      team_address: support@acme.test
"#
    )
}

/// The copilot-drafter's labelled knowledge base (billing, account, shipping, ...).
fn knowledge_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../services/copilot-drafter/tests/data")
}

async fn start(nats: &TestNats, intercom_url: &str) -> Stack {
    Stack::start(nats, |s| {
        s.intercom.intercom_token = Some(SecretString::from("test-token".to_owned()));
        s.intercom.intercom_client_secret = Some(SecretString::from(SECRET.to_owned()));
        s.intercom.intercom_base_url = intercom_url.to_owned();
        s.intercom.http.http_timeout_secs = 2;
        s.intercom.http.http_retry_attempts = 2;
        s.copilot.knowledge_dir = Some(knowledge_dir());
    })
    .await
}

async fn webhook(stack: &Stack, body: Vec<u8>, secret: &str) -> u16 {
    let signature = sign_hmac_sha1(secret, &body);
    baton_testkit::http()
        .post(format!("http://{}/webhooks/intercom", stack.http))
        .header("content-type", "application/json")
        .header("x-hub-signature", signature)
        .body(body)
        .send()
        .await
        .expect("webhook")
        .status()
        .as_u16()
}

/// The Intercom conversation creations among the recorded requests.
fn creations(intercom: &HttpPeer) -> usize {
    intercom
        .matching("POST /conversations")
        .iter()
        .filter(|r| r.path == "/conversations")
        .count()
}

#[tokio::test]
async fn a_live_handoff_reaches_intercom_and_the_conversation_flows_both_ways() {
    let nats = TestNats::start().await;
    let prism = Prism::start(&spec("intercom-api-2.14.yaml")).await;
    let intercom = HttpPeer::proxy(&prism.url()).await;
    let stack = start(&nats, &intercom.url()).await;
    stack.apply(&config(false)).await;
    let bus = nats.bus("test").await;
    let script = Script::new(Publisher::new(bus.clone()), TENANT, AGENT);

    script.charged_twice_then_asks_for_a_person("c1").await;
    observe::in_mode(&bus, TENANT, "c1", Mode::Human).await;
    // Prism answers with the description's example conversation, 499.
    assert_eq!(
        observe::conversation(&bus, TENANT, "c1")
            .await
            .active_handoff
            .unwrap_or_default()
            .external_ref,
        "499"
    );
    assert_eq!(creations(&intercom), 1, "exactly one Intercom conversation");
    let note = intercom
        .matching("POST /conversations/499/reply")
        .into_iter()
        .map(|r| r.json())
        .find(|b| b["message_type"] == "note")
        .expect("the note for the team");
    for expected in ["charged twice", "can't issue refunds", "talk to a person"] {
        assert!(
            note["body"].as_str().unwrap_or("").contains(expected),
            "{expected} not in the note"
        );
    }
    assert_eq!(
        intercom.matching("POST /conversations/499/parts").len(),
        2,
        "team and admin"
    );
    assert_eq!(
        intercom.matching("POST /conversations/499/tags").len(),
        2,
        "both tags"
    );

    // A forged reply changes nothing; the agent's signed reply reaches the customer.
    let reply = notification(
        "conversation.admin.replied",
        "499",
        2,
        admin_reply("9001", "<p>Hi Dana, refund on its way.</p>"),
    );
    assert_eq!(webhook(&stack, reply.clone(), "forged").await, 401);
    assert_eq!(webhook(&stack, reply, SECRET).await, 200);
    let said = eventually("the agent's reply on baton.out", WAIT, || async {
        let said = observe::said_by(&bus, TENANT, "c1", Sender::HumanAgent).await;
        (!said.is_empty()).then_some(said)
    })
    .await;
    assert_eq!(said, vec!["Hi Dana, refund on its way.".to_owned()]);

    // The customer's next message goes into the Intercom conversation as theirs.
    script
        .user("c1", "e5", "Thank you! How long will it take?")
        .await;
    let relayed = eventually("the relayed customer message", WAIT, || async {
        intercom
            .matching("POST /conversations/499/reply")
            .into_iter()
            .map(|r| r.json())
            .find(|b| b["type"] == "user")
    })
    .await;
    assert_eq!(relayed["body"], "Thank you! How long will it take?");

    // Closing it in Intercom closes the conversation.
    let closed = notification("conversation.admin.closed", "499", 0, serde_json::json!([]));
    assert_eq!(webhook(&stack, closed, SECRET).await, 200);
    observe::in_mode(&bus, TENANT, "c1", Mode::Closed).await;
    let told = eventually("the close told to the AI agent", WAIT, || async {
        let told = observe::told_the_ai_agent(&bus, TENANT, "c1").await;
        told.contains(&AgentAction::Close).then_some(told)
    })
    .await;
    assert_eq!(told, [AgentAction::Pause, AgentAction::Close]);

    // The customer writes again: the bot answers, and nothing is dead-lettered.
    script.user("c1", "e6", "Sorry, one more question").await;
    observe::in_mode(&bus, TENANT, "c1", Mode::Bot).await;
    assert!(
        baton_testkit::stored(&bus, Stream::Dlq, "baton.dlq.>")
            .await
            .is_empty(),
        "a customer who writes again is never a dead letter"
    );

    assert_eq!(
        creations(&intercom),
        1,
        "still exactly one Intercom conversation"
    );
    for request in intercom.requests() {
        assert!(
            (200..300).contains(&request.status),
            "{} refused by the contract: {} {}",
            request.line(),
            request.status,
            request.answer
        );
    }
    stack.stop().await;
}

#[tokio::test]
async fn intercom_failing_past_the_retry_budget_hands_over_to_the_fallback() {
    let nats = TestNats::start().await;
    let intercom =
        HttpPeer::scripted(|_| Reply::json(500, serde_json::json!({ "type": "error.list" }))).await;
    let stack = start(&nats, &intercom.url()).await;
    stack.apply(&config(false)).await;
    let bus = nats.bus("test").await;
    let script = Script::new(Publisher::new(bus.clone()), TENANT, AGENT);

    script.charged_twice_then_asks_for_a_person("c2").await;
    observe::in_mode(&bus, TENANT, "c2", Mode::HandedOff).await;
    let records: Store<HandoffRecord> = Store::open(&bus, Bucket::Handoffs).await.expect("bucket");
    let record = records
        .get(&subjects::record_key(TENANT, "c2-1").expect("key"))
        .await
        .expect("read")
        .expect("the record")
        .value;
    assert_eq!(record.state(), HandoffState::Accepted);
    let kinds: Vec<(HandoffType, HandoffState)> = record
        .attempts
        .iter()
        .map(|a| (a.r#type(), a.state()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (HandoffType::Intercom, HandoffState::Failed),
            (HandoffType::Email, HandoffState::Accepted)
        ],
        "Intercom failed, the email fallback carried it"
    );
    assert!(!intercom.requests().is_empty());
    stack.stop().await;
}

#[tokio::test]
async fn copilot_posts_one_note_per_customer_message_only_for_humans_with_copilot_on() {
    let nats = TestNats::start().await;
    let prism = Prism::start(&spec("intercom-api-2.14.yaml")).await;
    let intercom = HttpPeer::proxy(&prism.url()).await;
    let stack = start(&nats, &intercom.url()).await;
    let bus = nats.bus("test").await;
    let script = Script::new(Publisher::new(bus.clone()), TENANT, AGENT);
    let copilot_notes = || {
        intercom
            .matching("POST /conversations/499/reply")
            .into_iter()
            .filter(|r| r.json()["body"].as_str().unwrap_or("").contains("Copilot"))
            .count()
    };

    // Copilot off: the human gets the conversation, and no suggestions.
    stack.apply(&config(false)).await;
    script.charged_twice_then_asks_for_a_person("off").await;
    observe::in_mode(&bus, TENANT, "off", Mode::Human).await;
    script
        .user("off", "e5", "How long does a refund take?")
        .await;
    eventually("the relayed message", WAIT, || async {
        intercom
            .matching("POST /conversations/499/reply")
            .iter()
            .any(|r| r.json()["type"] == "user")
            .then_some(())
    })
    .await;

    // Copilot on: one note for the customer's message to the human.
    stack.apply(&config(true)).await;
    script.charged_twice_then_asks_for_a_person("on").await;
    observe::in_mode(&bus, TENANT, "on", Mode::Human).await;
    // A bot-mode conversation of the same agent gets no draft either.
    script
        .user("bot", "b1", "How long does a refund take?")
        .await;
    script
        .user("on", "e5", "How long does a refund take?")
        .await;
    eventually("the Copilot note", WAIT, || async {
        (copilot_notes() >= 1).then_some(())
    })
    .await;
    baton_testkit::drained(&bus, Stream::Relay, "intercom-connector-drafts").await;
    baton_testkit::drained(&bus, Stream::Turns, "copilot-drafter").await;
    assert_eq!(
        copilot_notes(),
        1,
        "exactly one note: none for copilot off, none in bot mode, none twice"
    );
    assert_eq!(
        observe::conversation(&bus, TENANT, "bot").await.mode(),
        Mode::Bot
    );
    stack.stop().await;
}

#[tokio::test]
async fn preview_shows_the_intercom_requests_and_sends_nothing() {
    let nats = TestNats::start().await;
    let intercom = HttpPeer::scripted(|_| Reply::json(500, serde_json::json!({}))).await;
    let stack = start(&nats, &intercom.url()).await;
    let turns = [
        (Role::User, "I was charged twice."),
        (Role::User, "Can I talk to a person please?"),
    ]
    .into_iter()
    .map(|(role, text)| ScriptTurn {
        role: role as i32,
        text: text.into(),
        answered: None,
    })
    .collect();
    let preview = stack
        .admin()
        .await
        .preview(PreviewRequest {
            yaml: config(true),
            turns,
            force_handoff_id: String::new(),
            customer: None,
        })
        .await
        .expect("preview")
        .into_inner();
    assert_eq!(preview.fired_handoff_id, "live");
    // The router previews with its own environment's Intercom settings (here: none, so the
    // default host, in dry run).
    let targets: Vec<String> = preview
        .deliveries
        .iter()
        .map(|d| format!("{} {}", d.method, d.target))
        .collect();
    for expected in [
        "POST https://api.intercom.io/conversations",
        "POST https://api.intercom.io/conversations/{conversation_id}/reply",
        "POST https://api.intercom.io/conversations/{conversation_id}/parts",
    ] {
        assert!(
            targets.iter().any(|t| t == expected),
            "{expected} not in {targets:#?}"
        );
    }
    let create = preview
        .deliveries
        .iter()
        .find(|d| d.target.ends_with("/conversations"))
        .expect("create");
    assert!(create.body.contains("charged twice"));
    assert!(
        create
            .headers
            .get("Authorization")
            .is_some_and(|v| !v.contains("test-token")),
        "the token leaked into Preview"
    );
    assert!(intercom.requests().is_empty(), "Preview sent a request");
    stack.stop().await;
}
