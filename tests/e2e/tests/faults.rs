//! Fault injection: a realistic mix of conversations through every service as separate OS
//! processes on a real nats-server, while things break — the server killed with SIGKILL,
//! each service killed and restarted, a replica dying for good, the SMTP server down for a
//! while, poison input. Afterwards: every event applied, every conversation that asked for a
//! person handed off exactly once with exactly one email, nothing else handed off.
//!
//! Needs the service binaries (`cargo build --workspace --bins`; `make test` does it).

#![allow(clippy::panic)]

use std::time::Duration;

use baton_bus::Publisher;
use baton_bus::subjects::{self, Stream};
use baton_e2e::Fleet;
use baton_e2e::load::{self, Audit, CONFIG, Load, TABLE_HEADER};
use baton_proto::v1::{
    ConversationClosed, ConversationEvent, DeadLetter, UserMessage, conversation_event::Kind,
};
use baton_testkit::stored;

/// Bound of each scenario's settling time: longer than the redelivery of what a killed
/// process held (the consumers' 30 s ack wait) plus a retry.
const SETTLE: Duration = Duration::from_secs(150);

/// The router's dispatch timeout in the fleet: as in production, well past the ack wait, so
/// a connector killed with dispatches in hand delivers them after restart instead of the
/// router giving up at the same moment.
const DISPATCH_TIMEOUT_SECS: u64 = 120;

fn load(prefix: &str) -> Load {
    Load {
        prefix: prefix.into(),
        conversations: 40,
        messages: 3,
        trigger_every: 4,
    }
}

/// What breaks, halfway through a scenario's load.
enum Fault {
    Nothing,
    /// SIGKILL the nats-server, restart it on the same store a second later.
    KillNats,
    /// SIGKILL a service process and start it again.
    RestartService(&'static str),
    /// SIGKILL one replica of a service for good (the other carries on).
    KillReplica(&'static str, usize),
    /// The SMTP server down for this long, then back.
    SmtpOutage(Duration),
    /// Poison messages among the traffic.
    Poison,
}

async fn inject(fleet: &mut Fleet, fault: &Fault) {
    match fault {
        Fault::Nothing => {}
        Fault::KillNats => {
            fleet.nats.kill().await;
            tokio::time::sleep(Duration::from_secs(1)).await;
            fleet.nats.restart().await;
        }
        Fault::RestartService(name) => fleet.service(name, 0).restart().await,
        Fault::KillReplica(name, replica) => fleet.service(name, *replica).kill().await,
        Fault::SmtpOutage(outage) => {
            fleet.smtp.stop().await;
            tokio::time::sleep(*outage).await;
            fleet.smtp.restart().await;
        }
        Fault::Poison => poison(&fleet.bus).await,
    }
}

/// Drives `load`, injecting `fault` once half of it is published, then audits.
async fn scenario(fleet: &mut Fleet, name: &str, load: Load, fault: Fault) -> Audit {
    let events = load.events();
    let half = events.len() / 2;
    let publisher = Publisher::new(fleet.bus.clone());
    for event in &events[..half] {
        load::publish(&publisher, event).await;
    }
    inject(fleet, &fault).await;
    for event in &events[half..] {
        load::publish(&publisher, event).await;
    }
    let smtp = &fleet.smtp;
    load::audit(&fleet.bus, || smtp.messages(), &load, name, SETTLE).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_customer_is_lost_or_duplicated_when_things_break() {
    let mut fleet = Fleet::start(
        &[
            ("conversation", 2),
            ("trigger-evaluator", 1),
            ("handoff-router", 1),
            ("email-sender", 1),
        ],
        DISPATCH_TIMEOUT_SECS,
    )
    .await;
    fleet.apply(CONFIG).await;
    let mut audits = vec![
        scenario(&mut fleet, "baseline", load("base"), Fault::Nothing).await,
        scenario(
            &mut fleet,
            "nats-server SIGKILL + restart",
            load("nats"),
            Fault::KillNats,
        )
        .await,
    ];
    for service in [
        "conversation",
        "trigger-evaluator",
        "handoff-router",
        "email-sender",
    ] {
        let prefix: String = service
            .chars()
            .filter(char::is_ascii_alphabetic)
            .take(6)
            .collect();
        let name = format!("{service} SIGKILL + restart");
        audits.push(
            scenario(
                &mut fleet,
                &name,
                load(&prefix),
                Fault::RestartService(service),
            )
            .await,
        );
    }
    audits.push(
        scenario(
            &mut fleet,
            "1 of 2 conversation replicas dies",
            load("replica"),
            Fault::KillReplica("conversation", 1),
        )
        .await,
    );
    audits.push(
        scenario(
            &mut fleet,
            "SMTP server down 5 s, then back",
            load("smtp"),
            Fault::SmtpOutage(Duration::from_secs(5)),
        )
        .await,
    );
    let dlq_before = stored(&fleet.bus, Stream::Dlq, "baton.dlq.>").await.len();
    let mut poisoned = scenario(
        &mut fleet,
        "poison input mixed in",
        load("poison"),
        Fault::Poison,
    )
    .await;
    let letters: Vec<DeadLetter> = stored(&fleet.bus, Stream::Dlq, "baton.dlq.>")
        .await
        .iter()
        .skip(dlq_before)
        .map(|m| m.decode())
        .collect();
    poisoned.dlq = letters.len();
    audits.push(poisoned);

    println!("\n{TABLE_HEADER}");
    for audit in &audits {
        println!("{audit}");
    }
    for audit in &audits {
        assert!(
            audit.clean(),
            "{}: lost {} duplicates {} delivered {}/{}",
            audit.scenario,
            audit.lost,
            audit.duplicates,
            audit.delivered,
            audit.expected
        );
    }
    assert_eq!(
        audits.iter().take(audits.len() - 1).map(|a| a.dlq).max(),
        Some(0),
        "no dead letters before the poison"
    );
    let reasons: Vec<&str> = letters.iter().map(|l| l.reason.as_str()).collect();
    assert_eq!(
        letters.len(),
        4,
        "each poison message is dead-lettered once: {reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("undecodable")),
        "undecodable: {reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("closed")),
        "closed conversation: {reasons:?}"
    );
}

/// Undecodable bytes, an oversize text, an invalid id and an event for a closed
/// conversation, among the normal traffic.
async fn poison(bus: &baton_bus::Bus) {
    let publisher = Publisher::new(bus.clone());
    let subject = subjects::inbound(load::TENANT, "poison-x").unwrap_or_else(|err| panic!("{err}"));
    let mut headers = async_nats::HeaderMap::new();
    headers.insert(baton_bus::MSG_ID_HEADER, "poison-bytes");
    publisher
        .publish_raw(
            subject.clone(),
            headers,
            bytes::Bytes::from_static(b"\xff\xff not protobuf"),
        )
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let event = |id: &str, conversation: &str, kind: Kind| ConversationEvent {
        event_id: id.into(),
        tenant_id: load::TENANT.into(),
        agent_id: load::AGENT.into(),
        conversation_id: conversation.into(),
        occurred_at: None,
        kind: Some(kind),
    };
    let huge = event(
        "p-huge",
        "poison-huge",
        Kind::UserMessage(UserMessage {
            text: "x".repeat(200_000),
        }),
    );
    publisher
        .publish(subject.clone(), "poison-huge", &huge)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let mut invalid = event(
        "p-id",
        "poison-id",
        Kind::UserMessage(UserMessage { text: "hi".into() }),
    );
    invalid.tenant_id = "bad tenant!".into();
    publisher
        .publish(subject.clone(), "poison-id", &invalid)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let closed =
        subjects::inbound(load::TENANT, "poison-closed").unwrap_or_else(|err| panic!("{err}"));
    for (id, kind) in [
        (
            "p-c1",
            Kind::UserMessage(UserMessage {
                text: "hello".into(),
            }),
        ),
        (
            "p-c2",
            Kind::ConversationClosed(ConversationClosed {
                reason: "resolved".into(),
            }),
        ),
        (
            "p-c3",
            Kind::UserMessage(UserMessage {
                text: "one more thing".into(),
            }),
        ),
    ] {
        publisher
            .publish(
                closed.clone(),
                &format!("poison-closed-{id}"),
                &event(id, "poison-closed", kind),
            )
            .await
            .unwrap_or_else(|err| panic!("{err}"));
    }
}
