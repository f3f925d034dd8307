//! Handoffs into Zendesk, end to end: every service on a real nats-server, Sunshine
//! Conversations played by Prism serving its official description (behind a recording
//! proxy) or by a scripted server that keeps failing, and the Support API by a small
//! scripted server of this file. The customer asks for a person → exactly one Sunshine
//! `passControl` → the agent's signed reply reaches the customer (a forged one is refused
//! and changes nothing) → a release returns the conversation to the bot; a redelivered
//! dispatch creates nothing new; Sunshine failing → the ticket fallback carries the handoff;
//! the ticket path alone opens one ticket and tells the customer its number.

#![allow(clippy::panic)]

use std::time::Duration;

use baton_bus::subjects::{self, Stream};
use baton_bus::{Bus, Publisher};
use baton_e2e::{Script, Stack, WAIT, observe};
use baton_helpdesk::HttpSettings;
use baton_proto::v1::{
    HandoffDispatch, HandoffResult, HandoffState, HandoffType, Mode, Sender, conversation_event,
    handoff_result,
};
use baton_testkit::peer::{HttpPeer, Prism, Recorded, Reply, spec};
use baton_testkit::zendesk::{self, FIRST_TICKET, Support};
use baton_testkit::{TestNats, drained, eventually, stored};
use secrecy::SecretString;
use serde_json::{Value, json};

const TENANT: &str = "acme";
const AGENT: &str = "support";
const WEBHOOK_SECRET: &str = "sunshine-webhook-secret";
const SUNSHINE_APP: &str = "5ebee0975ac5304b664a12fa";
const SWITCHBOARD: &str = "agent-workspace-emea";
const ZENDESK_EMAIL: &str = "agent@acme.test";
const ZENDESK_TOKEN: &str = "zendesk-token";
/// `Basic base64("agent@acme.test/token:zendesk-token")`: Zendesk's API-token scheme.
const ZENDESK_AUTHORIZATION: &str = "Basic YWdlbnRAYWNtZS50ZXN0L3Rva2VuOnplbmRlc2stdG9rZW4=";

/// A live Sunshine handoff falling back to a ticket, or (`live: false`) the ticket alone.
/// The trigger of a handoff that only serves as a fallback is one the scripts never meet:
/// the first handoff whose trigger matches fires.
fn config(live: bool) -> String {
    let ticket_trigger = if live {
        "Create a ticket when the customer threatens legal action."
    } else {
        "Hand off when the customer asks to talk to a person."
    };
    let sunshine = if live {
        format!(
            r#"  - id: live
    type: zendesk_sunshine
    priority: 10
    trigger: Hand off when the customer asks to talk to a person.
    zendesk_sunshine:
      switchboard_integration: {SWITCHBOARD}
    fallback: [ticket]
"#
        )
    } else {
        String::new()
    };
    format!(
        r#"tenant_id: {TENANT}
agent_id: {AGENT}
handoffs:
{sunshine}  - id: ticket
    type: zendesk_ticket
    trigger: {ticket_trigger}
    zendesk_ticket:
      group_id: "360001234"
      priority: high
      tags: [billing, from-baton]
"#
    )
}

/// The stack with every Zendesk credential, Sunshine at `sunshine_url`, the Support API at
/// `zendesk_url`, and a short retry budget (2 tries of at most 2 s).
async fn start(nats: &TestNats, sunshine_url: &str, zendesk_url: &str) -> Stack {
    let secret = |text: &str| Some(SecretString::from(text.to_owned()));
    let (sunshine_url, zendesk_url) = (sunshine_url.to_owned(), zendesk_url.to_owned());
    Stack::start(nats, move |s| {
        let mut http = HttpSettings {
            http_timeout_secs: 2,
            http_retry_attempts: 2,
            ..HttpSettings::default()
        };
        http.http_retry.initial = Duration::from_millis(100);
        s.zendesk = baton_zendesk_connector::Settings {
            service: s.zendesk.service.clone(),
            http,
            sunshine_app_id: Some(SUNSHINE_APP.into()),
            sunshine_key_id: Some(format!("app_{SUNSHINE_APP}")),
            sunshine_key_secret: secret("sunshine-key-secret"),
            sunshine_webhook_secret: secret(WEBHOOK_SECRET),
            sunshine_base_url: Some(sunshine_url),
            zendesk_base_url: zendesk_url,
            zendesk_email: Some(ZENDESK_EMAIL.into()),
            zendesk_api_token: secret(ZENDESK_TOKEN),
            ..baton_zendesk_connector::Settings::default()
        };
    })
    .await
}

/// The dispatches of `kind` the router published for `conv`.
async fn dispatches(bus: &Bus, kind: HandoffType, conv: &str) -> Vec<HandoffDispatch> {
    stored(
        bus,
        Stream::Handoffs,
        &subjects::handoff_dispatch(kind, TENANT, conv).expect("subject"),
    )
    .await
    .iter()
    .map(|m| m.decode())
    .collect()
}

/// Publishes `dispatch` again under a message id of its own, as a restarted router would,
/// past JetStream's deduplication; returns once the connector has handled it and the
/// router the connector's answer.
async fn redeliver(bus: &Bus, kind: HandoffType, conv: &str, dispatch: &HandoffDispatch) {
    Publisher::new(bus.clone())
        .publish(
            subjects::handoff_dispatch(kind, TENANT, conv).expect("subject"),
            &format!("redelivered:{}:{}", dispatch.record_id, dispatch.attempt),
            dispatch,
        )
        .await
        .expect("republish");
    drained(bus, Stream::Handoffs, "zendesk-connector-dispatch").await;
    drained(bus, Stream::Handoffs, "handoff-router-results").await;
}

/// What the connector reported for `conv`: the external reference of each acceptance,
/// or the reason of each failure.
async fn results(bus: &Bus, conv: &str) -> Vec<Result<String, String>> {
    stored(
        bus,
        Stream::Handoffs,
        &subjects::handoff_result(TENANT, conv).expect("subject"),
    )
    .await
    .iter()
    .map(|m| match m.decode::<HandoffResult>().outcome {
        Some(handoff_result::Outcome::Accepted(accepted)) => Ok(accepted.external_ref),
        Some(handoff_result::Outcome::Failed(failed)) => Err(failed.reason),
        None => Err("no outcome".into()),
    })
    .collect()
}

/// A Sunshine webhook request with one event, created now.
fn sunshine_event(id: &str, kind: &str, payload: Value) -> Value {
    zendesk::sunshine_event(SUNSHINE_APP, id, kind, payload)
}

/// An agent's message in Agent Workspace, as Sunshine reports it.
fn agent_message(conversation: &str, message_id: &str, text: &str) -> Value {
    zendesk::agent_message(SUNSHINE_APP, conversation, message_id, text)
}

async fn webhook(stack: &Stack, key: Option<&str>, body: &Value) -> u16 {
    let mut request = baton_testkit::http()
        .post(format!("http://{}/webhooks/sunshine", stack.http))
        .json(body);
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    request.send().await.expect("webhook").status().as_u16()
}

/// `/v2/apps/<app>/conversations/<conversation><rest>`.
fn conversation_path(conversation: &str, rest: &str) -> String {
    format!("/v2/apps/{SUNSHINE_APP}/conversations/{conversation}{rest}")
}

/// The Sunshine conversations created among the recorded requests.
fn creations(sunshine: &HttpPeer) -> usize {
    let create = format!("/v2/apps/{SUNSHINE_APP}/conversations");
    sunshine
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == create)
        .count()
}

fn pass_controls(sunshine: &HttpPeer, conversation: &str) -> Vec<Recorded> {
    sunshine.matching(&format!(
        "POST {}",
        conversation_path(conversation, "/passControl")
    ))
}

/// Everything Sunshine's contract accepted, or a panic naming what it refused.
fn all_accepted(sunshine: &HttpPeer) {
    for request in sunshine.requests() {
        assert!(
            (200..300).contains(&request.status),
            "{} refused by the contract: {} {}",
            request.line(),
            request.status,
            request.answer
        );
    }
}

/// Prism's Sunshine behind a recording proxy, the stack, the live config applied, and the
/// customer of `conv` handed over; returns the Sunshine conversation Baton linked.
struct Live {
    _prism: Prism,
    sunshine: HttpPeer,
    _support: Support,
    stack: Stack,
    bus: Bus,
    script: Script,
}

async fn live(nats: &TestNats, conv: &str) -> (Live, String) {
    let prism = Prism::start(&spec("sunshine-conversations-api.yaml")).await;
    let sunshine = HttpPeer::proxy(&prism.url()).await;
    let support = Support::start(ZENDESK_AUTHORIZATION).await;
    let stack = start(nats, &sunshine.url(), &support.url()).await;
    stack.apply(&config(true)).await;
    let bus = nats.bus("test").await;
    let script = Script::new(Publisher::new(bus.clone()), TENANT, AGENT);
    script.charged_twice_then_asks_for_a_person(conv).await;
    observe::in_mode(&bus, TENANT, conv, Mode::Human).await;
    let linked = observe::conversation(&bus, TENANT, conv)
        .await
        .active_handoff
        .unwrap_or_default()
        .external_ref;
    assert!(!linked.is_empty(), "no Sunshine conversation linked");
    assert!(
        support.requests().is_empty(),
        "the ticket fallback was used"
    );
    (
        Live {
            _prism: prism,
            sunshine,
            _support: support,
            stack,
            bus,
            script,
        },
        linked,
    )
}

#[tokio::test]
async fn a_live_handoff_reaches_agent_workspace_and_comes_back_to_the_bot() {
    let nats = TestNats::start().await;
    let (live, linked) = live(&nats, "c1").await;
    let Live {
        sunshine,
        stack,
        bus,
        script,
        ..
    } = &live;

    // One conversation, the chat so far in it, control passed once with reason and summary.
    assert_eq!(creations(sunshine), 1, "exactly one Sunshine conversation");
    let passes = pass_controls(sunshine, &linked);
    assert_eq!(passes.len(), 1, "exactly one passControl");
    let pass = passes[0].json();
    assert_eq!(pass["switchboardIntegration"], SWITCHBOARD);
    assert_eq!(pass["metadata"]["baton_record_id"], "c1-1");
    for field in ["baton_reason", "baton_summary"] {
        assert!(
            !pass["metadata"][field]
                .as_str()
                .unwrap_or_default()
                .is_empty(),
            "{field} missing: {pass}"
        );
    }
    let messages = format!("POST {}", conversation_path(&linked, "/messages"));
    let transcript: Vec<(String, String)> = sunshine
        .matching(&messages)
        .iter()
        .map(|r| r.json())
        .map(|b| {
            (
                b["author"]["type"].as_str().unwrap_or_default().to_owned(),
                b["content"]["text"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected = [
        (
            "user",
            "I was charged twice for my subscription this month.",
        ),
        ("business", "I'm sorry, I can't issue refunds myself."),
        ("user", "Then can I talk to a person please?"),
    ]
    .map(|(author, text)| (author.to_owned(), text.to_owned()));
    assert_eq!(transcript, expected, "the chat so far, in order");
    let posted = sunshine.requests().len();
    assert!(
        pass_controls(sunshine, &linked)[0].at
            >= sunshine.matching(&messages).last().expect("messages").at,
        "control passed before the transcript was in"
    );

    // A forged reply is refused and publishes nothing; without a key as well.
    let events_before = observe::inbound(bus, TENANT, "c1").await.len();
    let forged = agent_message(&linked, "m-forged", "Send me your card number.");
    assert_eq!(webhook(stack, Some("not-the-secret"), &forged).await, 401);
    assert_eq!(webhook(stack, None, &forged).await, 401);
    assert_eq!(
        observe::inbound(bus, TENANT, "c1").await.len(),
        events_before,
        "a forged webhook reached baton.in"
    );

    // The agent's signed reply reaches the customer, as a human agent's, once.
    let reply = agent_message(&linked, "m-1", "Hi Dana, the refund is on its way.");
    assert_eq!(webhook(stack, Some(WEBHOOK_SECRET), &reply).await, 200);
    // Sunshine retries a delivery it thinks failed: the same event again, applied once.
    assert_eq!(webhook(stack, Some(WEBHOOK_SECRET), &reply).await, 200);
    let said = eventually("the agent's reply on baton.out", WAIT, || async {
        let said = observe::said_by(bus, TENANT, "c1", Sender::HumanAgent).await;
        (!said.is_empty()).then_some(said)
    })
    .await;
    assert_eq!(said, ["Hi Dana, the refund is on its way."]);
    let replies: Vec<String> = observe::inbound(bus, TENANT, "c1")
        .await
        .into_iter()
        .filter_map(|e| match e.kind {
            Some(conversation_event::Kind::HumanAgentMessage(m)) => Some(m.text),
            _ => None,
        })
        .collect();
    assert_eq!(
        replies,
        ["Hi Dana, the refund is on its way."],
        "only the signed reply reached baton.in, once"
    );

    // The customer's next message goes into the Sunshine conversation as theirs.
    script
        .user("c1", "e5", "Thank you! How long will it take?")
        .await;
    let relayed = eventually("the relayed customer message", WAIT, || async {
        sunshine
            .matching(&messages)
            .into_iter()
            .skip(3)
            .map(|r| r.json())
            .find(|b| b["content"]["text"] == "Thank you! How long will it take?")
    })
    .await;
    assert_eq!(relayed["author"]["type"], "user");

    // The agent releases control: the conversation is the bot's again.
    let release = sunshine_event(
        "ev-release-1",
        "switchboard:releaseControl",
        json!({ "conversation": { "id": linked }, "reason": "ticketClosed" }),
    );
    assert_eq!(webhook(stack, Some(WEBHOOK_SECRET), &release).await, 200);
    observe::in_mode(bus, TENANT, "c1", Mode::Bot).await;

    assert_eq!(
        sunshine.requests().len(),
        posted + 1,
        "nothing sent to Sunshine but the relayed message: {:#?}",
        sunshine.requests()
    );
    assert_eq!(
        observe::said_by(bus, TENANT, "c1", Sender::HumanAgent)
            .await
            .len(),
        1,
        "the forged reply reached the customer"
    );
    all_accepted(sunshine);
    live.stack.stop().await;
}

#[tokio::test]
async fn a_redelivered_live_dispatch_creates_nothing_new() {
    let nats = TestNats::start().await;
    let (live, linked) = live(&nats, "c2").await;
    let Live { sunshine, bus, .. } = &live;
    let sent = sunshine.requests();
    assert_eq!(creations(sunshine), 1);
    assert_eq!(pass_controls(sunshine, &linked).len(), 1);

    let published = dispatches(bus, HandoffType::ZendeskSunshine, "c2").await;
    assert_eq!(published.len(), 1, "the router dispatched once");
    redeliver(bus, HandoffType::ZendeskSunshine, "c2", &published[0]).await;
    assert_eq!(
        dispatches(bus, HandoffType::ZendeskSunshine, "c2")
            .await
            .len(),
        2,
        "the redelivery was deduplicated by JetStream, so it tested nothing"
    );

    let lines = |requests: &[Recorded]| requests.iter().map(Recorded::line).collect::<Vec<_>>();
    assert_eq!(
        lines(&sunshine.requests()),
        lines(&sent),
        "the redelivered dispatch sent requests"
    );
    assert_eq!(
        results(bus, "c2").await,
        [Ok(linked.clone())],
        "one result, the same conversation (a report again is deduplicated by its id)"
    );
    assert_eq!(creations(sunshine), 1, "a second Sunshine conversation");
    assert_eq!(
        pass_controls(sunshine, &linked).len(),
        1,
        "a second passControl"
    );
    let conv = observe::conversation(bus, TENANT, "c2").await;
    assert_eq!(conv.mode(), Mode::Human);
    assert_eq!(conv.active_handoff.unwrap_or_default().external_ref, linked);
    all_accepted(sunshine);
    live.stack.stop().await;
}

#[tokio::test]
async fn sunshine_failing_past_the_retry_budget_hands_over_to_the_ticket() {
    let nats = TestNats::start().await;
    let sunshine = HttpPeer::scripted(|_| {
        Reply::json(500, json!({ "errors": [{ "code": "internal_error" }] }))
    })
    .await;
    let support = Support::start(ZENDESK_AUTHORIZATION).await;
    let stack = start(&nats, &sunshine.url(), &support.url()).await;
    stack.apply(&config(true)).await;
    let bus = nats.bus("test").await;
    let script = Script::new(Publisher::new(bus.clone()), TENANT, AGENT);

    script.charged_twice_then_asks_for_a_person("c3").await;
    observe::in_mode(&bus, TENANT, "c3", Mode::HandedOff).await;
    let record = observe::record(&bus, TENANT, "c3-1").await;
    assert_eq!(record.state(), HandoffState::Accepted);
    let kinds: Vec<(HandoffType, HandoffState)> = record
        .attempts
        .iter()
        .map(|a| (a.r#type(), a.state()))
        .collect();
    assert_eq!(
        kinds,
        [
            (HandoffType::ZendeskSunshine, HandoffState::Failed),
            (HandoffType::ZendeskTicket, HandoffState::Accepted)
        ],
        "Sunshine failed, the ticket carried it"
    );
    assert_eq!(record.external_ref, FIRST_TICKET.to_string());

    // Sunshine was tried for the whole budget (2 tries of the first call), and nothing
    // was created there.
    let tried: Vec<String> = sunshine.requests().iter().map(Recorded::line).collect();
    assert_eq!(
        tried,
        vec![format!("GET /v2/apps/{SUNSHINE_APP}/users/baton%3Aacme%3Ac3"); 2],
        "the retry budget is 2 tries"
    );
    let tickets: Vec<_> = support
        .requests()
        .into_iter()
        .filter(|r| r.line() == "POST /api/v2/tickets.json")
        .collect();
    assert_eq!(tickets.len(), 1, "exactly one ticket");
    assert_eq!(tickets[0].status, 201);
    assert_eq!(tickets[0].json()["ticket"]["external_id"], "c3");
    stack.stop().await;
}

#[tokio::test]
async fn a_ticket_handoff_opens_one_ticket_and_tells_the_customer_its_number() {
    let nats = TestNats::start().await;
    // Sunshine is not used by the ticket path: anything sent there fails the test below.
    let sunshine = HttpPeer::scripted(|_| Reply::json(500, json!({}))).await;
    let support = Support::start(ZENDESK_AUTHORIZATION).await;
    let stack = start(&nats, &sunshine.url(), &support.url()).await;
    stack.apply(&config(false)).await;
    let bus = nats.bus("test").await;
    let script = Script::new(Publisher::new(bus.clone()), TENANT, AGENT);

    script.charged_twice_then_asks_for_a_person("c4").await;
    observe::in_mode(&bus, TENANT, "c4", Mode::HandedOff).await;
    let number = format!("#{FIRST_TICKET}");
    let told = eventually("the ticket number on baton.out", WAIT, || async {
        observe::said_by(&bus, TENANT, "c4", Sender::System)
            .await
            .into_iter()
            .find(|text| text.contains(&number))
    })
    .await;
    assert!(told.contains("ticket"), "{told}");

    let requests = support.requests();
    assert_eq!(requests.len(), 1, "exactly one request: {requests:#?}");
    let create = &requests[0];
    assert_eq!(create.line(), "POST /api/v2/tickets.json");
    assert_eq!(create.status, 201);
    assert!(
        create
            .header("idempotency-key")
            .is_some_and(|k| !k.is_empty()),
        "no Idempotency-Key"
    );
    let ticket = &create.json()["ticket"];
    assert_eq!(
        ticket["requester"],
        json!({ "name": "Dana Reyes", "email": "dana@customer.test" })
    );
    let dispatched = dispatches(&bus, HandoffType::ZendeskTicket, "c4").await;
    assert_eq!(dispatched.len(), 1, "the router dispatched once");
    let reason = dispatched[0]
        .package
        .as_ref()
        .and_then(|p| p.reason.as_ref())
        .map(|r| r.text.clone())
        .unwrap_or_default();
    assert!(!reason.is_empty(), "the dispatch carries no reason");
    // The subject is the reason, cut to fit a ticket view.
    let subject = ticket["subject"].as_str().unwrap_or_default();
    assert!(
        !subject.is_empty() && reason.starts_with(subject.trim_end_matches('…')),
        "the subject {subject:?} is not the reason {reason:?}"
    );
    assert_eq!(ticket["external_id"], "c4");
    assert_eq!(ticket["priority"], "high");
    assert_eq!(ticket["group_id"], 360_001_234);
    assert_eq!(ticket["tags"], json!(["billing", "from-baton"]));
    let comment = &ticket["comment"];
    assert_eq!(
        comment["public"], false,
        "the first comment must be private"
    );
    for body in ["body", "html_body"] {
        let text = comment[body].as_str().unwrap_or_default();
        for turn in [
            "charged twice for my subscription",
            "can't issue refunds myself",
            "Then can I talk to a person please?",
        ] {
            assert!(text.contains(turn), "{turn:?} not in the {body}: {text}");
        }
    }

    // A redelivered dispatch reports the same ticket and asks Zendesk nothing.
    redeliver(&bus, HandoffType::ZendeskTicket, "c4", &dispatched[0]).await;
    assert_eq!(support.requests().len(), 1, "{:#?}", support.requests());
    assert_eq!(
        results(&bus, "c4").await,
        [Ok(FIRST_TICKET.to_string())],
        "one result, the same ticket (a report again is deduplicated by its id)"
    );
    assert!(
        sunshine.requests().is_empty(),
        "the ticket path used Sunshine"
    );
    assert_eq!(
        observe::said_by(&bus, TENANT, "c4", Sender::System)
            .await
            .iter()
            .filter(|text| text.contains(&number))
            .count(),
        1,
        "the customer was told twice"
    );
    stack.stop().await;
}
