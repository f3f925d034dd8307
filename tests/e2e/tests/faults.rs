//! Fault injection: a realistic mix of conversations through every service as separate OS
//! processes on a real nats-server, while things break — the server killed with SIGKILL,
//! each service killed and restarted, a replica dying for good, the SMTP server down for a
//! while, Intercom failing (500s, 429s, hangs, down for good), poison input, a publisher
//! writing into another tenant's conversations, hostile Unicode and conversations longer than a
//! NATS message, customers erased while traffic flows, an admin API caller without the
//! token, forged and replayed webhooks. Afterwards: every event applied, every conversation that asked for a
//! person handed off exactly once to exactly one destination (Intercom or its email
//! fallback), nothing else handed off, no Intercom conversation without its handoff.
//!
//! Needs the service binaries (`cargo build --workspace --bins`; `make test` does it).

#![allow(clippy::panic)]

use std::time::Duration;

use baton_bus::Publisher;
use baton_bus::erase::{self, Whom};
use baton_bus::kv::Store;
use baton_bus::subjects::{self, Bucket, Stream};
use baton_e2e::intercom::Behaviour;
use baton_e2e::load::{self, Audit, CONFIG, INTERCOM_CONFIG, Load, TABLE_HEADER};
use baton_e2e::{Fleet, INTERCOM_SECRET};
use baton_proto::v1::{
    Conversation, ConversationEvent, DeadLetter, UserMessage, conversation_event::Kind,
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
    /// A publisher allowed only on another tenant's subjects names these conversations of
    /// the load's tenant in its payloads, asking for a person.
    TenantCrossing(Vec<String>),
    /// Intercom behaves so for this long, then is healthy again.
    Intercom(Behaviour, Duration),
    /// These conversations, before they ask for a person, get text whose case mapping
    /// changes byte lengths ("Hİ", the Kelvin sign) and more of it, at the largest size
    /// allowed, than one NATS message can carry.
    HostileText(Vec<String>),
    /// These finished conversations (handed off, of an earlier load) are erased, as a
    /// right-to-erasure request would, while the fleet serves the load.
    Erase(Vec<String>),
    /// Someone who reaches the admin API without the token (none, then a wrong one) tries
    /// to switch live a configuration that emails every handoff to them.
    AdminWithoutToken,
}

/// The configuration an intruder would put live: every handoff emailed to them.
const HIJACK: &str = "tenant_id: fleet\nagent_id: fleet-agent\nhandoffs:\n  - id: person\n    type: email\n    trigger: Hand off when the customer asks to talk to a person.\n    email: {recipients: team, team_address: intruder@evil.test}\n";

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
        Fault::TenantCrossing(conversations) => cross_tenants(&fleet.bus, conversations).await,
        Fault::HostileText(conversations) => hostile_text(&fleet.bus, conversations).await,
        Fault::AdminWithoutToken => {
            for token in [None, Some("not-the-token")] {
                let refused = fleet
                    .put_config(HIJACK, token)
                    .await
                    .expect_err("the admin API refuses a caller without the token");
                assert_eq!(refused.code(), tonic::Code::Unauthenticated, "{refused}");
            }
        }
        Fault::Erase(conversations) => {
            for conversation in conversations {
                erase::erase(&fleet.bus, load::TENANT, Whom::Conversation(conversation))
                    .await
                    .unwrap_or_else(|err| panic!("erase {conversation}: {err}"));
            }
        }
        Fault::Intercom(behaviour, outage) => {
            let intercom = fleet
                .intercom
                .as_ref()
                .unwrap_or_else(|| panic!("no Intercom"));
            intercom.behave(*behaviour);
            tokio::time::sleep(*outage).await;
            intercom.behave(Behaviour::Healthy);
        }
    }
}

/// Drives `load`, injecting `fault` once half of it is published, then audits.
async fn scenario(fleet: &mut Fleet, name: &str, load: Load, fault: Fault) -> Audit {
    if let Some(intercom) = &fleet.intercom {
        intercom.label(&load.prefix);
    }
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
    let fleet = &*fleet;
    load::audit(&fleet.bus, || fleet.delivered(), &load, name, SETTLE).await
}

fn print_and_check(audits: &[Audit]) {
    println!("\n{TABLE_HEADER}");
    for audit in audits {
        println!("{audit}");
    }
    for audit in audits {
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
    let hostile_load = load("hostile");
    // Conversations that ask for a person once the hostile text is in their transcript.
    let hostile: Vec<String> = (0..hostile_load.conversations / 2)
        .filter(|n| hostile_load.triggers(*n))
        .take(3)
        .map(|n| hostile_load.conversation(n))
        .collect();
    audits.push(
        scenario(
            &mut fleet,
            "Unicode/oversize text during a handoff",
            hostile_load,
            Fault::HostileText(hostile.clone()),
        )
        .await,
    );
    let conversations: Store<Conversation> = Store::open(&fleet.bus, Bucket::Conversations)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    for conversation in &hostile {
        let key = subjects::key(load::TENANT, conversation).unwrap_or_else(|err| panic!("{err}"));
        let stored = conversations
            .get(&key)
            .await
            .unwrap_or_else(|err| panic!("{err}"))
            .unwrap_or_else(|| panic!("{conversation} is stored"));
        assert!(
            stored.value.omitted_turns > 0,
            "{conversation} outgrew one NATS message, so turns were left out"
        );
    }
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
    let dlq_before = stored(&fleet.bus, Stream::Dlq, "baton.dlq.>").await.len();
    let crossed_load = load("tcross");
    // Conversations that never ask for a person: a handoff of one is the crossing applied.
    let crossed: Vec<String> = (1..4).map(|n| crossed_load.conversation(n)).collect();
    let mut crossing = scenario(
        &mut fleet,
        "tenant crossing",
        crossed_load,
        Fault::TenantCrossing(crossed.clone()),
    )
    .await;
    let crossings: Vec<DeadLetter> = stored(&fleet.bus, Stream::Dlq, "baton.dlq.>")
        .await
        .iter()
        .skip(dlq_before)
        .map(|m| m.decode())
        .collect();
    crossing.dlq = crossings.len();
    audits.push(crossing);
    audits.push(
        scenario(
            &mut fleet,
            "admin API without the token",
            load("noauth"),
            Fault::AdminWithoutToken,
        )
        .await,
    );
    let hijacked = fleet
        .delivered()
        .mails
        .iter()
        .filter(|mail| mail.recipients.iter().any(|to| to.contains("evil.test")))
        .count();
    assert_eq!(hijacked, 0, "no handoff reached the intruder");
    // Three of the baseline's customers, handed off long ago, ask to be forgotten.
    let forgotten: Vec<String> = (0..load("base").conversations)
        .filter(|n| load("base").triggers(*n))
        .take(3)
        .map(|n| load("base").conversation(n))
        .collect();
    audits.push(
        scenario(
            &mut fleet,
            "erase 3 customers meanwhile",
            load("erase"),
            Fault::Erase(forgotten.clone()),
        )
        .await,
    );
    for conversation in &forgotten {
        assert_nothing_held(&fleet.bus, conversation).await;
    }

    print_and_check(&audits);
    assert_eq!(
        audits.iter().take(audits.len() - 4).map(|a| a.dlq).max(),
        Some(0),
        "no dead letters before the poison"
    );
    assert_eq!(
        crossings.len(),
        crossed.len(),
        "each crossing is dead-lettered once"
    );
    for letter in &crossings {
        assert!(
            letter.reason.starts_with("tenant crossing:")
                && letter.subject.starts_with("baton.in.intruder."),
            "{}: {}",
            letter.subject,
            letter.reason
        );
    }
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
        reasons.iter().any(|r| r.contains("belongs to agent")),
        "another agent's conversation: {reasons:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_customer_is_lost_or_duplicated_when_intercom_misbehaves() {
    let mut fleet = Fleet::start(
        &[
            ("conversation", 1),
            ("trigger-evaluator", 1),
            ("handoff-router", 1),
            ("email-sender", 1),
            ("intercom-connector", 1),
        ],
        DISPATCH_TIMEOUT_SECS,
    )
    .await;
    fleet.apply(INTERCOM_CONFIG).await;
    let outage = Duration::from_secs(4);
    let mut audits = Vec::new();
    for (name, prefix, fault) in [
        ("Intercom healthy", "ihealthy", Fault::Nothing),
        (
            "Intercom 500s for 4 s, then back",
            "i500",
            Fault::Intercom(Behaviour::ServerErrors, outage),
        ),
        (
            "Intercom 429 + Retry-After 4 s, back",
            "i429",
            Fault::Intercom(Behaviour::RateLimited, outage),
        ),
        (
            "Intercom hangs past timeout 4 s, back",
            "ihang",
            Fault::Intercom(Behaviour::Hanging, outage),
        ),
        (
            "intercom-connector SIGKILL + restart",
            "ikill",
            Fault::RestartService("intercom-connector"),
        ),
    ] {
        audits.push(scenario(&mut fleet, name, load(prefix), fault).await);
    }
    // Down for the whole load: the email fallback must carry every handoff.
    let intercom = fleet
        .intercom
        .as_ref()
        .unwrap_or_else(|| panic!("no Intercom"));
    intercom.behave(Behaviour::ServerErrors);
    let created_before = intercom.created().len();
    audits.push(
        scenario(
            &mut fleet,
            "Intercom down for good: email fallback",
            load("idown"),
            Fault::Nothing,
        )
        .await,
    );
    let intercom = fleet
        .intercom
        .as_ref()
        .unwrap_or_else(|| panic!("no Intercom"));
    assert_eq!(
        intercom.created().len(),
        created_before,
        "nothing created while down"
    );
    intercom.behave(Behaviour::Healthy);
    print_and_check(&audits);

    webhooks_are_refused_and_publish_nothing(&mut fleet).await;
}

/// Unsigned, wrongly signed, replayed, malformed and huge notifications about a real
/// handed-off conversation: each refused with 4xx, none published; then a good one is
/// (so the check can fail).
async fn webhooks_are_refused_and_publish_nothing(fleet: &mut Fleet) {
    use baton_helpdesk::webhook::sign_hmac_sha1;
    use baton_testkit::intercom::{admin_reply, notification};

    let intercom_id = fleet
        .intercom
        .as_ref()
        .and_then(|i| i.created().first().cloned())
        .unwrap_or_else(|| panic!("no Intercom conversation to reply in"));
    let link = baton_helpdesk::Links::open(&fleet.bus, "intercom")
        .await
        .unwrap_or_else(|err| panic!("{err}"))
        .by_external(&intercom_id)
        .await
        .unwrap_or_else(|err| panic!("{err}"))
        .unwrap_or_else(|| panic!("{intercom_id} is not linked"));
    let url = format!(
        "{}/webhooks/intercom",
        fleet.service("intercom-connector", 0).http_url()
    );
    let inbound = subjects::inbound(load::TENANT, &link.conversation_id)
        .unwrap_or_else(|err| panic!("{err}"));
    let published = || async { stored(&fleet.bus, Stream::In, &inbound).await.len() };
    let before = published().await;
    let post = |body: Vec<u8>, signature: Option<String>| {
        let url = url.clone();
        async move {
            let mut request = baton_testkit::http().post(url).body(body);
            if let Some(signature) = signature {
                request = request.header("x-hub-signature", signature);
            }
            request
                .send()
                .await
                .unwrap_or_else(|err| panic!("{err}"))
                .status()
                .as_u16()
        }
    };
    let reply = |age, part: &str, html: &str| {
        notification(
            "conversation.admin.replied",
            &intercom_id,
            age,
            admin_reply(part, html),
        )
    };
    let good = reply(1, "w-ok", "<p>On it.</p>");
    let signed = |body: &[u8]| Some(sign_hmac_sha1(INTERCOM_SECRET, body));
    let cases = [
        ("unsigned", post(good.clone(), None).await, 401),
        (
            "wrongly signed",
            post(good.clone(), Some(sign_hmac_sha1("guess", &good))).await,
            401,
        ),
        (
            "replayed an hour later",
            {
                let old = reply(3_600, "w-old", "<p>old</p>");
                post(old.clone(), signed(&old)).await
            },
            400,
        ),
        (
            "malformed JSON",
            post(b"{\"type\":".to_vec(), signed(b"{\"type\":")).await,
            400,
        ),
        (
            "huge body",
            {
                let huge = reply(1, "w-huge", &"x".repeat(400 * 1024));
                post(huge.clone(), signed(&huge)).await
            },
            413,
        ),
    ];
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after_refused = published().await;
    println!("\n| webhook                | status |\n|------------------------|--------|");
    for (case, status, _) in &cases {
        println!("| {case:<22} | {status:>6} |");
    }
    println!("published by refused webhooks: {}", after_refused - before);
    for (case, status, expected) in cases {
        assert_eq!(status, expected, "{case}");
    }
    assert_eq!(
        after_refused, before,
        "a refused webhook published something"
    );
    assert_eq!(post(good.clone(), signed(&good)).await, 200);
    baton_testkit::eventually("the good reply on baton.in", SETTLE, || async {
        (published().await == before + 1).then_some(())
    })
    .await;
}

/// Nothing about `conversation` is left: no state, handoff record or link, and no message
/// on any of its subjects.
async fn assert_nothing_held(bus: &baton_bus::Bus, conversation: &str) {
    let key = subjects::key(load::TENANT, conversation).unwrap_or_else(|err| panic!("{err}"));
    let state = bus
        .bucket(Bucket::Conversations)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(
        state.get(&key).await.ok().flatten().is_none(),
        "{conversation}'s state is erased"
    );
    for bucket in [Bucket::Handoffs, Bucket::Links, Bucket::Deadlines] {
        let keys = Store::<Conversation>::open(bus, bucket)
            .await
            .unwrap_or_else(|err| panic!("{err}"))
            .record_keys(load::TENANT, conversation)
            .await
            .unwrap_or_else(|err| panic!("{err}"));
        let raw = bus
            .bucket(bucket)
            .await
            .unwrap_or_else(|err| panic!("{err}"));
        for key in keys {
            assert!(
                raw.get(&key).await.ok().flatten().is_none(),
                "{} still holds {key}",
                bucket.name()
            );
        }
    }
    for subject in subjects::conversation_subjects(load::TENANT, conversation)
        .unwrap_or_else(|err| panic!("{err}"))
    {
        if let Some(stream) = Stream::of(&subject) {
            assert!(
                stored(bus, stream, &subject).await.is_empty(),
                "{subject} is purged"
            );
        }
    }
}

/// Events on tenant `intruder`'s subjects whose payloads name `conversations` of the load's
/// tenant and ask for a person, as a publisher that NATS allows only `baton.in.intruder.>`
/// could send.
async fn cross_tenants(bus: &baton_bus::Bus, conversations: &[String]) {
    let publisher = Publisher::new(bus.clone());
    for conversation in conversations {
        let forged = ConversationEvent {
            event_id: "crossing".into(),
            tenant_id: load::TENANT.into(),
            agent_id: load::AGENT.into(),
            conversation_id: conversation.clone(),
            occurred_at: None,
            kind: Some(Kind::UserMessage(UserMessage {
                text: "That didn't help. Can I talk to a person please?".into(),
            })),
        };
        let subject =
            subjects::inbound("intruder", conversation).unwrap_or_else(|err| panic!("{err}"));
        publisher
            .publish(
                subject,
                &format!("intruder:{conversation}:crossing"),
                &forged,
            )
            .await
            .unwrap_or_else(|err| panic!("{err}"));
    }
}

async fn hostile_text(bus: &baton_bus::Bus, conversations: &[String]) {
    let publisher = Publisher::new(bus.clone());
    // "Hİ" stopped handoffs once (greeting removal sliced by a lowercased copy's index);
    // 36 messages of 32 KiB are more than a NATS message holds.
    let largest = "still waiting on my order, ".repeat(baton_proto::MAX_TEXT_BYTES / 27);
    let texts = [
        "Hİ",
        "K \u{212a}elvin ﬁle İstanbul ß \u{202e}reversed\u{202c} 🙂",
    ]
    .map(str::to_owned)
    .into_iter()
    .chain(std::iter::repeat_n(largest, 36));
    for (i, text) in texts.enumerate() {
        for conversation in conversations {
            let event = ConversationEvent {
                event_id: format!("hostile-{i}"),
                tenant_id: load::TENANT.into(),
                agent_id: load::AGENT.into(),
                conversation_id: conversation.clone(),
                occurred_at: None,
                kind: Some(Kind::UserMessage(UserMessage { text: text.clone() })),
            };
            let subject =
                subjects::inbound(load::TENANT, conversation).unwrap_or_else(|err| panic!("{err}"));
            publisher
                .publish(subject, &format!("{conversation}:hostile-{i}"), &event)
                .await
                .unwrap_or_else(|err| panic!("{err}"));
        }
    }
}

/// Undecodable bytes, an oversize text, an invalid id and an event of another agent for a
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
    let foreign =
        subjects::inbound(load::TENANT, "poison-foreign").unwrap_or_else(|err| panic!("{err}"));
    let hello = event(
        "p-f1",
        "poison-foreign",
        Kind::UserMessage(UserMessage {
            text: "hello".into(),
        }),
    );
    let mut other_agent = event(
        "p-f2",
        "poison-foreign",
        Kind::UserMessage(UserMessage {
            text: "one more thing".into(),
        }),
    );
    other_agent.agent_id = "another-agent".into();
    for (id, event) in [("p-f1", hello), ("p-f2", other_agent)] {
        publisher
            .publish(foreign.clone(), &format!("poison-foreign-{id}"), &event)
            .await
            .unwrap_or_else(|err| panic!("{err}"));
    }
}
