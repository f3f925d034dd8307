//! A realistic mix of conversations driven through Baton, and the audit afterwards: every
//! event applied, every conversation that asked for a person handed off exactly once, to
//! exactly one destination, nothing else handed off, and what reached the DLQ.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::time::Duration;

use baton_bus::kv::Store;
use baton_bus::subjects::{self, Bucket, Stream};
use baton_bus::{Bus, Publisher};
use baton_proto::v1::{
    Conversation, ConversationEvent, HandoffRecord, HandoffState, UserMessage,
    conversation_event::Kind,
};
use baton_testkit::smtp::Mail;

/// The tenant and agent of the load.
pub const TENANT: &str = "fleet";
/// The AI agent of the load.
pub const AGENT: &str = "fleet-agent";

/// The configuration of the load: a person on request, delivered by email to the team.
pub const CONFIG: &str = "tenant_id: fleet\nagent_id: fleet-agent\nhandoffs:\n  - id: person\n    type: email\n    trigger: Hand off when the customer asks to talk to a person.\n    email: {recipients: team, team_address: team@fleet.test}\n";

/// The same person-on-request handoff delivered live into Intercom, falling back to the
/// team's email when Intercom cannot take it.
pub const INTERCOM_CONFIG: &str = "tenant_id: fleet\nagent_id: fleet-agent\nhandoffs:\n  - id: person\n    type: intercom\n    priority: 10\n    trigger: Hand off when the customer asks to talk to a person.\n    intercom: {team_id: \"5017691\"}\n    fallback: [mail]\n  - id: mail\n    type: email\n    trigger: Email the team when the customer threatens legal action.\n    email: {recipients: team, team_address: team@fleet.test}\n";

/// What reached the destinations, as the peers saw it.
#[derive(Debug, Clone, Default)]
pub struct Delivered {
    /// The emails the SMTP server accepted.
    pub mails: Vec<Mail>,
    /// The ids of the conversations the (fake) Intercom created.
    pub intercom_conversations: Vec<String>,
}

/// What to drive.
#[derive(Debug, Clone)]
pub struct Load {
    /// Conversation id prefix (one per scenario).
    pub prefix: String,
    /// How many conversations.
    pub conversations: usize,
    /// Customer messages in each.
    pub messages: usize,
    /// One in this many asks for a person on its last message.
    pub trigger_every: usize,
}

impl Load {
    /// The id of conversation `n`.
    pub fn conversation(&self, n: usize) -> String {
        format!("{}-{n:04}", self.prefix)
    }

    /// Whether conversation `n` asks for a person.
    pub fn triggers(&self, n: usize) -> bool {
        n.is_multiple_of(self.trigger_every.max(1))
    }

    /// Every event of the load, interleaved across conversations as live traffic is.
    pub fn events(&self) -> Vec<ConversationEvent> {
        let mut events = Vec::with_capacity(self.conversations * self.messages);
        for m in 0..self.messages {
            for n in 0..self.conversations {
                let asks = m + 1 == self.messages && self.triggers(n);
                let text = if asks {
                    "That didn't help. Can I talk to a person please?".to_owned()
                } else {
                    format!("Question {m} about my order: when will it ship?")
                };
                events.push(ConversationEvent {
                    event_id: format!("e{m}"),
                    tenant_id: TENANT.into(),
                    agent_id: AGENT.into(),
                    conversation_id: self.conversation(n),
                    occurred_at: None,
                    kind: Some(Kind::UserMessage(UserMessage { text })),
                });
            }
        }
        events
    }
}

/// Publishes `event` as an outside publisher must: retry until JetStream acknowledges it
/// (the server may be down), with the same msg-id so a retry that did land is dropped.
///
/// # Panics
/// When it is not acknowledged within two minutes.
pub async fn publish(publisher: &Publisher, event: &ConversationEvent) {
    let subject = subjects::inbound(&event.tenant_id, &event.conversation_id)
        .unwrap_or_else(|err| panic!("{err}"));
    let msg_id = format!(
        "{}:{}:{}",
        event.tenant_id, event.conversation_id, event.event_id
    );
    for _ in 0..240 {
        if publisher
            .publish(subject.clone(), &msg_id, event)
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("{msg_id} was not acknowledged within two minutes");
}

/// The audit of one scenario.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    /// The scenario.
    pub scenario: String,
    /// Conversations driven.
    pub conversations: usize,
    /// Conversations that asked for a person.
    pub expected: usize,
    /// Of those, handed off exactly once with one email.
    pub delivered: usize,
    /// Extra handoffs or emails (for any conversation).
    pub duplicates: usize,
    /// Events not applied, plus expected handoffs not delivered.
    pub lost: usize,
    /// Messages in the DLQ.
    pub dlq: usize,
}

impl Audit {
    /// Whether nothing was lost or duplicated.
    pub fn clean(&self) -> bool {
        self.lost == 0 && self.duplicates == 0 && self.delivered == self.expected
    }
}

impl fmt::Display for Audit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "| {:<38} | {:>5} | {:>8} | {:>9} | {:>10} | {:>4} | {:>3} |",
            self.scenario,
            self.conversations,
            self.expected,
            self.delivered,
            self.duplicates,
            self.lost,
            self.dlq
        )
    }
}

/// The header of the summary table.
pub const TABLE_HEADER: &str = "| scenario                               | conv. | expected | delivered | duplicates | lost | dlq |\n|----------------------------------------|-------|----------|-----------|------------|------|-----|";

/// Waits (at most `limit`) until the load has settled, then audits it against what the
/// peers received (`delivered`).
pub async fn audit(
    bus: &Bus,
    delivered: impl Fn() -> Delivered,
    load: &Load,
    scenario: &str,
    limit: Duration,
) -> Audit {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let audit = audit_once(bus, &delivered(), load, scenario).await;
        // Settled: everything delivered; or out of time (report what is there).
        if audit.clean() || tokio::time::Instant::now() >= deadline {
            // Let late duplicates, if any, show up before the verdict.
            tokio::time::sleep(Duration::from_secs(2)).await;
            return audit_once(bus, &delivered(), load, scenario).await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn audit_once(bus: &Bus, delivered: &Delivered, load: &Load, scenario: &str) -> Audit {
    let conversations: Store<Conversation> = Store::open(bus, Bucket::Conversations)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let records: Store<HandoffRecord> = Store::open(bus, Bucket::Handoffs)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    // Deliveries per conversation: its emails, and the Intercom conversation its accepted
    // record names (when Intercom created it).
    let mut deliveries: HashMap<String, usize> = HashMap::new();
    for mail in &delivered.mails {
        // Message-ID <conversation-n.attempt.team@baton>: the record id starts with the conversation id.
        if let Some(id) = mail.header("Message-ID")
            && let Some(conversation) = id
                .trim_start_matches('<')
                .split('.')
                .next()
                .and_then(|record| record.rsplit_once('-'))
                .map(|(c, _)| c.to_owned())
        {
            *deliveries.entry(conversation).or_default() += 1;
        }
    }
    let created: HashSet<&str> = delivered
        .intercom_conversations
        .iter()
        .map(String::as_str)
        .collect();
    // One listing per audit: each listing is a consumer on the bucket's stream, and streams
    // cap their consumers. A failed read fails the test rather than reading as "lost".
    let mut accepted_per_conversation: HashMap<String, usize> = HashMap::new();
    let mut intercom_refs = HashSet::new();
    let keys = records
        .keys_with_prefix(&format!("{TENANT}.{}-", load.prefix))
        .await
        .unwrap_or_else(|err| panic!("cannot list handoff records: {err}"));
    for key in keys {
        let record = records
            .get(&key)
            .await
            .unwrap_or_else(|err| panic!("cannot read {key}: {err}"));
        if let Some(found) = record
            && found.value.state() == HandoffState::Accepted
        {
            let record = found.value;
            *accepted_per_conversation
                .entry(record.conversation_id.clone())
                .or_default() += 1;
            if created.contains(record.external_ref.as_str()) {
                intercom_refs.insert(record.external_ref.clone());
                *deliveries.entry(record.conversation_id).or_default() += 1;
            }
        }
    }
    let mut audit = Audit {
        scenario: scenario.to_owned(),
        conversations: load.conversations,
        ..Audit::default()
    };
    for n in 0..load.conversations {
        let id = load.conversation(n);
        let key = subjects::key(TENANT, &id).unwrap_or_else(|err| panic!("{err}"));
        let turns = conversations
            .get(&key)
            .await
            .ok()
            .flatten()
            .map_or(0, |found| found.value.turns.len());
        audit.lost += load.messages.saturating_sub(turns);
        let accepted = accepted_per_conversation.get(&id).copied().unwrap_or(0);
        let reached = deliveries.get(&id).copied().unwrap_or(0);
        if load.triggers(n) {
            audit.expected += 1;
            if accepted >= 1 && reached >= 1 {
                audit.delivered += 1;
            } else {
                audit.lost += 1;
            }
            audit.duplicates += accepted.saturating_sub(1) + reached.saturating_sub(1);
        } else {
            // Nothing asked for a person here: any handoff is one too many.
            audit.duplicates += accepted + reached;
        }
    }
    // An Intercom conversation no accepted record names is a customer in a second place
    // (or a conversation created twice). Only this load's are counted: the fake numbers
    // them per scenario.
    audit.duplicates += created
        .iter()
        .filter(|id| id.starts_with(&format!("{}-", load.prefix)))
        .filter(|id| !intercom_refs.contains(**id))
        .count();
    audit.dlq = baton_bus::read::stored(bus, Stream::Dlq, "baton.dlq.>")
        .await
        .map_or(0, |m| m.len());
    audit
}
