//! The first complete handoff, end to end: a customer asks for a person, the trigger fires,
//! the router takes the conversation, and a summary email reaches a real SMTP server
//! process — once — with everything a human needs. Then the ways it must not go wrong:
//! redeliveries, a second trigger, SMTP down, business hours, going live without a handoff,
//! and Preview touching anything.

#![allow(clippy::panic)]

use std::time::Duration;

use baton_bus::kv::Store;
use baton_bus::subjects::{self, Bucket, Stream};
use baton_bus::{Bus, Publisher};
use baton_e2e::{Script, SmtpServer, Stack, WAIT};
use baton_proto::v1::{
    AgentRef, Conversation, HandoffRecord, HandoffRequested, HandoffState, Mode, PreviewRequest,
    PutAgentConfigRequest, Role, ScriptTurn, SetLiveRequest,
};
use baton_testkit::{TestNats, eventually, stored};

const TENANT: &str = "acme";
const AGENT: &str = "support";

/// An email handoff to the customer and the team, falling back to a ticket.
fn config(email_extra: &str) -> String {
    format!(
        r#"tenant_id: {TENANT}
agent_id: {AGENT}
handoffs:
  - id: talk-to-person
    type: email
    priority: 10
    trigger: >
      Hand off when the customer asks to talk to a person.
    email:
      recipients: both
      team_address: support@acme.test
      from: assistant@acme.test
    fallback: [ticket]
{email_extra}  - id: ticket
    type: zendesk_ticket
    trigger: Create a ticket for billing disputes.
"#
    )
}

async fn apply(stack: &Stack, yaml: &str) {
    stack
        .admin()
        .await
        .put_agent_config(PutAgentConfigRequest {
            yaml: yaml.into(),
            live: true,
        })
        .await
        .unwrap_or_else(|status| panic!("apply: {}", status.message()));
}

async fn conversation(bus: &Bus, id: &str) -> Option<Conversation> {
    let store: Store<Conversation> = Store::open(bus, Bucket::Conversations)
        .await
        .expect("bucket");
    store
        .get(&subjects::key(TENANT, id).expect("key"))
        .await
        .expect("read")
        .map(|found| found.value)
}

async fn record(bus: &Bus, id: &str) -> Option<HandoffRecord> {
    let store: Store<HandoffRecord> = Store::open(bus, Bucket::Handoffs).await.expect("bucket");
    store
        .get(&subjects::record_key(TENANT, id).expect("key"))
        .await
        .expect("read")
        .map(|found| found.value)
}

/// A customer who tries the AI agent, then asks for a person.
async fn ask_for_a_person(script: &Script, conv: &str) {
    script
        .identify(conv, "e0", "Dana Reyes", "dana@customer.test")
        .await;
    script
        .user(
            conv,
            "e1",
            "My invoice export fails with error 504 every time since Monday.",
        )
        .await;
    script
        .agent(
            conv,
            "e2",
            "Try exporting a smaller date range from Reports > Export.",
            Some(true),
        )
        .await;
    script
        .user(conv, "e3", "Still failing. Can I talk to a person please?")
        .await;
}

#[tokio::test]
async fn a_request_for_a_person_sends_one_complete_email() {
    let nats = TestNats::start().await;
    let smtp = SmtpServer::start().await;
    let stack = Stack::start(&nats, |s| s.email.smtp_url = Some(smtp.url())).await;
    apply(&stack, &config("")).await;
    let bus = nats.bus("test").await;
    let script = Script::new(Publisher::new(bus.clone()), TENANT, AGENT);

    ask_for_a_person(&script, "c1").await;

    let mails = eventually("the summary emails", WAIT, || async {
        let mails = smtp.messages();
        (mails.len() >= 2).then_some(mails)
    })
    .await;
    let to: Vec<&str> = mails
        .iter()
        .flat_map(|m| m.recipients.iter().map(String::as_str))
        .collect();
    assert!(
        to.contains(&"dana@customer.test"),
        "the customer is emailed: {to:?}"
    );
    assert!(
        to.contains(&"support@acme.test"),
        "the team is emailed: {to:?}"
    );
    let team = mails
        .iter()
        .find(|m| m.recipients.iter().any(|r| r == "support@acme.test"))
        .expect("team mail");
    let body = &team.raw;
    for expected in [
        "error 504",                      // the problem, in the customer's words
        "smaller date range",             // what the AI agent tried
        "Can I talk to a person please?", // the full transcript
        "Dana Reyes",                     // who
    ] {
        assert!(
            body.contains(expected),
            "the team email contains {expected:?}:\n{body}"
        );
    }
    assert!(
        team.header("Subject").is_some_and(|s| !s.is_empty()),
        "the subject carries the reason"
    );

    let settled = eventually("the conversation to be handed off", WAIT, || async {
        conversation(&bus, "c1")
            .await
            .filter(|c| c.mode() == Mode::HandedOff)
    })
    .await;
    let record_id = settled
        .active_handoff
        .as_ref()
        .expect("active handoff")
        .record_id
        .clone();
    let record = record(&bus, &record_id).await.expect("record");
    assert_eq!(record.state(), HandoffState::Accepted);
    assert_eq!(record.attempts.len(), 1);

    // The customer is told an email is on its way.
    let told = eventually("the customer message", WAIT, || async {
        let out = stored(&bus, Stream::Out, &format!("baton.out.{TENANT}.c1")).await;
        (!out.is_empty()).then_some(out)
    })
    .await;
    assert!(!told.is_empty());

    // A redelivered request and a second trigger send nothing more.
    let requests = stored(
        &bus,
        Stream::Handoffs,
        &format!("baton.handoff.requested.{TENANT}.c1"),
    )
    .await;
    let request: HandoffRequested = requests.first().expect("the request").decode();
    Publisher::new(bus.clone())
        .publish(
            subjects::handoff_requested(TENANT, "c1").expect("subject"),
            "redelivered-by-test",
            &request,
        )
        .await
        .expect("republish");
    script
        .user("c1", "e4", "Hello? I still want to talk to a person!")
        .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(smtp.messages().len(), mails.len(), "no second email");
    stack.stop().await;
}

#[tokio::test]
async fn smtp_down_falls_back_to_the_next_handoff() {
    let nats = TestNats::start().await;
    let mut smtp = SmtpServer::start().await;
    smtp.stop().await;
    let stack = Stack::start(&nats, |s| {
        s.email.smtp_url = Some(smtp.url());
        s.router.dispatch_timeout_secs = 4;
    })
    .await;
    apply(&stack, &config("")).await;
    let bus = nats.bus("test").await;
    let script = Script::new(Publisher::new(bus.clone()), TENANT, AGENT);

    ask_for_a_person(&script, "c2").await;

    let dispatched = eventually("the fallback dispatch", WAIT, || async {
        let found = stored(
            &bus,
            Stream::Handoffs,
            &format!("baton.handoff.dispatch.zendesk_ticket.{TENANT}.c2"),
        )
        .await;
        (!found.is_empty()).then_some(found)
    })
    .await;
    assert_eq!(dispatched.len(), 1, "the fallback is dispatched once");
    let conv = conversation(&bus, "c2").await.expect("conversation");
    let record = record(&bus, &conv.active_handoff.expect("active").record_id)
        .await
        .expect("record");
    assert_eq!(
        record.attempts[0].state(),
        HandoffState::Failed,
        "{record:?}"
    );
    assert_eq!(record.attempts[1].handoff_id, "ticket");
    assert!(smtp.messages().is_empty());
    stack.stop().await;
}

#[tokio::test]
async fn outside_business_hours_the_fallback_carries_the_handoff() {
    let nats = TestNats::start().await;
    let smtp = SmtpServer::start().await;
    let stack = Stack::start(&nats, |s| s.email.smtp_url = Some(smtp.url())).await;
    // Closed today, whatever the time zone of the machine: yesterday, today and tomorrow
    // are holidays.
    let today = around_today();
    let hours = format!(
        "    business_hours:\n      timezone: UTC\n      weekly: {{mon: \"00:00-23:59\", tue: \"00:00-23:59\", wed: \"00:00-23:59\", thu: \"00:00-23:59\", fri: \"00:00-23:59\", sat: \"00:00-23:59\", sun: \"00:00-23:59\"}}\n      holidays: [{}]\n",
        today.join(", ")
    );
    apply(&stack, &config(&hours)).await;
    let bus = nats.bus("test").await;
    let script = Script::new(Publisher::new(bus.clone()), TENANT, AGENT);

    ask_for_a_person(&script, "c3").await;

    eventually("the fallback dispatch", WAIT, || async {
        let found = stored(
            &bus,
            Stream::Handoffs,
            &format!("baton.handoff.dispatch.zendesk_ticket.{TENANT}.c3"),
        )
        .await;
        (!found.is_empty()).then_some(())
    })
    .await;
    let email = stored(
        &bus,
        Stream::Handoffs,
        &format!("baton.handoff.dispatch.email.{TENANT}.c3"),
    )
    .await;
    assert!(
        email.is_empty(),
        "the closed email path is never dispatched"
    );
    let conv = conversation(&bus, "c3").await.expect("conversation");
    let record = record(&bus, &conv.active_handoff.expect("active").record_id)
        .await
        .expect("record");
    assert!(
        record.attempts[0].failure.contains("business hours"),
        "{record:?}"
    );
    stack.stop().await;
}

/// Yesterday, today and tomorrow in UTC.
fn around_today() -> Vec<String> {
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    [-1, 0, 1]
        .into_iter()
        .map(|days| {
            today
                .saturating_add(jiff::Span::new().days(days))
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn a_configuration_without_an_enabled_handoff_cannot_go_live() {
    let nats = TestNats::start().await;
    let stack = Stack::start(&nats, |_| {}).await;
    let mut admin = stack.admin().await;
    let disabled = config("").replace(
        "    priority: 10\n",
        "    priority: 10\n    enabled: false\n",
    );
    let disabled = disabled.replace("    fallback: [ticket]\n", "").replace(
        "    trigger: Create a ticket for billing disputes.\n",
        "    trigger: Create a ticket for billing disputes.\n    enabled: false\n",
    );
    let refused = admin
        .put_agent_config(PutAgentConfigRequest {
            yaml: disabled.clone(),
            live: true,
        })
        .await
        .expect_err("going live is refused");
    assert_eq!(refused.code(), tonic::Code::FailedPrecondition);
    assert!(
        refused.message().contains("at least one handoff"),
        "{}",
        refused.message()
    );

    admin
        .put_agent_config(PutAgentConfigRequest {
            yaml: disabled,
            live: false,
        })
        .await
        .expect("stored, not live");
    let refused = admin
        .set_live(SetLiveRequest {
            agent: Some(AgentRef {
                tenant_id: TENANT.into(),
                agent_id: AGENT.into(),
            }),
            live: true,
        })
        .await
        .expect_err("switching live is refused");
    assert_eq!(refused.code(), tonic::Code::FailedPrecondition);
    stack.stop().await;
}

/// Every stream's last sequence and every bucket's revision: anything written moves one.
async fn bus_state(bus: &Bus) -> Vec<(String, u64)> {
    let mut state = Vec::new();
    for stream in Stream::ALL {
        let mut handle = bus
            .jetstream()
            .get_stream(stream.name())
            .await
            .expect("stream");
        state.push((
            stream.name().to_owned(),
            handle.info().await.expect("info").state.last_sequence,
        ));
    }
    for bucket in Bucket::ALL {
        let name = format!("KV_{}", bucket.name());
        let mut handle = bus
            .jetstream()
            .get_stream(&name)
            .await
            .expect("bucket stream");
        state.push((name, handle.info().await.expect("info").state.last_sequence));
    }
    state
}

#[tokio::test]
async fn preview_shows_the_email_and_changes_nothing() {
    let nats = TestNats::start().await;
    let stack = Stack::start(&nats, |_| {}).await;
    let bus = nats.bus("test").await;
    let before = bus_state(&bus).await;

    let turns = [
        (Role::User, "My invoice export fails with error 504."),
        (Role::Agent, "Try a smaller date range."),
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
            yaml: config(""),
            turns,
            force_handoff_id: String::new(),
            customer: None,
        })
        .await
        .expect("preview")
        .into_inner();
    assert_eq!(preview.fired_handoff_id, "talk-to-person");
    assert_eq!(preview.fired_at_turn, 2);
    assert!(!preview.forced);
    let email = preview
        .deliveries
        .iter()
        .find(|d| d.handoff_id == "talk-to-person")
        .expect("the email delivery");
    assert!(
        email.body.contains("error 504"),
        "the rendered email: {}",
        email.body
    );
    assert!(!preview.customer_message.is_empty());

    let forced = stack
        .admin()
        .await
        .preview(PreviewRequest {
            yaml: config(""),
            turns: Vec::new(),
            force_handoff_id: "ticket".into(),
            customer: None,
        })
        .await
        .expect("forced preview")
        .into_inner();
    assert!(forced.forced);
    assert_eq!(forced.fired_handoff_id, "ticket");

    assert_eq!(
        bus_state(&bus).await,
        before,
        "Preview wrote nothing to any stream or bucket"
    );
    stack.stop().await;
}
