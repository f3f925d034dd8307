//! Subjects, streams and KV buckets: the names every service agrees on.
//!
//! Subjects end in `<tenant>.<conversation>` so consumers can filter by tenant and NATS can
//! partition by conversation. Builders check ids first: an id is never allowed to change
//! which subjects a message reaches.

use baton_proto::ids;
use baton_proto::v1::HandoffType;

use crate::Error;

/// The JetStream streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stream {
    /// `baton.in.>`: conversation events from outside and from connectors.
    In,
    /// `baton.turn.>`: messages applied to conversations.
    Turns,
    /// `baton.handoff.>`: requests, dispatches, results.
    Handoffs,
    /// `baton.out.>` and `baton.alert.>`: what leaves Baton for the customer, the AI agent
    /// and operators.
    Out,
    /// `baton.relay.>` and `baton.copilot.>`: work for connectors while a human is in charge.
    Relay,
    /// `baton.dlq.>`: messages no service could process.
    Dlq,
}

impl Stream {
    /// Every stream.
    pub const ALL: [Stream; 6] = [
        Stream::In,
        Stream::Turns,
        Stream::Handoffs,
        Stream::Out,
        Stream::Relay,
        Stream::Dlq,
    ];

    /// The stream's name.
    pub fn name(self) -> &'static str {
        match self {
            Stream::In => "BATON_IN",
            Stream::Turns => "BATON_TURNS",
            Stream::Handoffs => "BATON_HANDOFFS",
            Stream::Out => "BATON_OUT",
            Stream::Relay => "BATON_RELAY",
            Stream::Dlq => "BATON_DLQ",
        }
    }

    /// The stream that captures `subject`, if any.
    pub fn of(subject: &str) -> Option<Stream> {
        Stream::ALL.into_iter().find(|stream| {
            stream
                .subjects()
                .iter()
                .any(|filter| subject.starts_with(filter.trim_end_matches('>')))
        })
    }

    /// The subjects it captures.
    pub fn subjects(self) -> &'static [&'static str] {
        match self {
            Stream::In => &["baton.in.>"],
            Stream::Turns => &["baton.turn.>"],
            Stream::Handoffs => &["baton.handoff.>"],
            Stream::Out => &["baton.out.>", "baton.alert.>"],
            Stream::Relay => &["baton.relay.>", "baton.copilot.>"],
            Stream::Dlq => &["baton.dlq.>"],
        }
    }
}

/// The KV buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// Conversation state, key `<tenant>.<conversation>`.
    Conversations,
    /// Handoff records, key `<tenant>.<record>`.
    Handoffs,
    /// Agent configurations, key `<tenant>.<agent>`.
    Configs,
    /// Links between Baton conversations and helpdesk objects.
    Links,
    /// Dispatches waiting for their result, key `<tenant>.<record>`: small, so every router
    /// replica can watch it for timeouts.
    Deadlines,
}

impl Bucket {
    /// Every bucket.
    pub const ALL: [Bucket; 5] = [
        Bucket::Conversations,
        Bucket::Handoffs,
        Bucket::Configs,
        Bucket::Links,
        Bucket::Deadlines,
    ];

    /// The bucket's name.
    pub fn name(self) -> &'static str {
        match self {
            Bucket::Conversations => "baton_conversations",
            Bucket::Handoffs => "baton_handoffs",
            Bucket::Configs => "baton_configs",
            Bucket::Links => "baton_links",
            Bucket::Deadlines => "baton_deadlines",
        }
    }

    /// How many past values a key keeps (configurations keep a few, for `baton config get`
    /// history and for watching changes).
    pub fn history(self) -> i64 {
        match self {
            Bucket::Configs => 5,
            Bucket::Conversations | Bucket::Handoffs | Bucket::Links | Bucket::Deadlines => 1,
        }
    }

    /// Whether its entries expire after the retention (`BATON_RETENTION_DAYS`): everything
    /// about conversations and the people in them does; operators' configurations do not.
    pub fn expires(self) -> bool {
        match self {
            Bucket::Configs => false,
            Bucket::Conversations | Bucket::Handoffs | Bucket::Links | Bucket::Deadlines => true,
        }
    }
}

/// The subject token of a handoff type (`intercom`, `zendesk_sunshine`, ...).
pub fn handoff_type_token(kind: HandoffType) -> Result<&'static str, Error> {
    if kind == HandoffType::Unspecified {
        return Err(baton_proto::Invalid::new(
            "handoff type",
            "is not set; it must be intercom, zendesk_sunshine, zendesk_ticket or email",
        )
        .into());
    }
    Ok(kind.label())
}

fn conversation_subject(prefix: &str, tenant: &str, conversation: &str) -> Result<String, Error> {
    ids::check("tenant_id", tenant)?;
    ids::check("conversation_id", conversation)?;
    Ok(format!("{prefix}.{tenant}.{conversation}"))
}

/// `baton.in.<tenant>.<conversation>`: conversation events.
pub fn inbound(tenant: &str, conversation: &str) -> Result<String, Error> {
    conversation_subject("baton.in", tenant, conversation)
}

/// `baton.turn.<tenant>.<conversation>`: applied messages.
pub fn turn(tenant: &str, conversation: &str) -> Result<String, Error> {
    conversation_subject("baton.turn", tenant, conversation)
}

/// `baton.handoff.requested.<tenant>.<conversation>`.
pub fn handoff_requested(tenant: &str, conversation: &str) -> Result<String, Error> {
    conversation_subject("baton.handoff.requested", tenant, conversation)
}

/// `baton.handoff.dispatch.<type>.<tenant>.<conversation>`.
pub fn handoff_dispatch(
    kind: HandoffType,
    tenant: &str,
    conversation: &str,
) -> Result<String, Error> {
    let prefix = format!("baton.handoff.dispatch.{}", handoff_type_token(kind)?);
    conversation_subject(&prefix, tenant, conversation)
}

/// Every dispatch of one type: what a connector consumes.
pub fn handoff_dispatch_filter(kind: HandoffType) -> Result<String, Error> {
    Ok(format!(
        "baton.handoff.dispatch.{}.>",
        handoff_type_token(kind)?
    ))
}

/// `baton.handoff.result.<tenant>.<conversation>`.
pub fn handoff_result(tenant: &str, conversation: &str) -> Result<String, Error> {
    conversation_subject("baton.handoff.result", tenant, conversation)
}

/// `baton.out.<tenant>.<conversation>`: messages for the customer and control for the AI
/// agent.
pub fn outbound(tenant: &str, conversation: &str) -> Result<String, Error> {
    conversation_subject("baton.out", tenant, conversation)
}

/// `baton.relay.<type>.<tenant>.<conversation>`: customer messages for the helpdesk.
pub fn relay(kind: HandoffType, tenant: &str, conversation: &str) -> Result<String, Error> {
    let prefix = format!("baton.relay.{}", handoff_type_token(kind)?);
    conversation_subject(&prefix, tenant, conversation)
}

/// Every relay of one type.
pub fn relay_filter(kind: HandoffType) -> Result<String, Error> {
    Ok(format!("baton.relay.{}.>", handoff_type_token(kind)?))
}

/// `baton.copilot.draft.<type>.<tenant>.<conversation>`: suggested replies.
pub fn copilot_draft(kind: HandoffType, tenant: &str, conversation: &str) -> Result<String, Error> {
    let prefix = format!("baton.copilot.draft.{}", handoff_type_token(kind)?);
    conversation_subject(&prefix, tenant, conversation)
}

/// Every draft of one type.
pub fn copilot_draft_filter(kind: HandoffType) -> Result<String, Error> {
    Ok(format!(
        "baton.copilot.draft.{}.>",
        handoff_type_token(kind)?
    ))
}

/// `baton.alert.<tenant>`: something an operator must look at.
pub fn alert(tenant: &str) -> Result<String, Error> {
    ids::check("tenant_id", tenant)?;
    Ok(format!("baton.alert.{tenant}"))
}

/// `baton.dlq.<service>`: messages a service gave up on.
pub fn dlq(service: &str) -> Result<String, Error> {
    ids::check("service", service)?;
    Ok(format!("baton.dlq.{service}"))
}

/// The KV key of a tenant-scoped object: `<tenant>.<id>`.
pub fn key(tenant: &str, id: &str) -> Result<String, Error> {
    ids::check("tenant_id", tenant)?;
    ids::check("id", id)?;
    Ok(format!("{tenant}.{id}"))
}

/// The KV key of a handoff record: `<tenant>.<record>`.
pub fn record_key(tenant: &str, record: &str) -> Result<String, Error> {
    ids::check("tenant_id", tenant)?;
    ids::check_record("record_id", record)?;
    Ok(format!("{tenant}.{record}"))
}

/// What a subject is for, without its ids (`baton.handoff.dispatch.email`,
/// `baton.alert`): a metric label and span name that cannot grow with traffic, `other` for a
/// subject no builder here makes (anything may be published under `baton.in.>`).
pub fn family(subject: &str) -> &'static str {
    FAMILIES
        .iter()
        .find(|family| {
            subject
                .strip_prefix(family.as_str())
                .is_some_and(|rest| rest.starts_with('.'))
        })
        .map_or("other", String::as_str)
}

/// Every family, taken from the builders themselves so the list cannot drift.
static FAMILIES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    let mut families: Vec<String> = conversation_subjects("t", "c")
        .into_iter()
        .flatten()
        .filter_map(|subject| subject.strip_suffix(".t.c").map(str::to_owned))
        .collect();
    families.extend(
        [alert("t"), dlq("service")]
            .into_iter()
            .flatten()
            .filter_map(|subject| {
                subject
                    .rsplit_once('.')
                    .map(|(family, _)| family.to_owned())
            }),
    );
    families
});

/// Every subject a message about one conversation can have: what erasing it purges.
pub fn conversation_subjects(tenant: &str, conversation: &str) -> Result<Vec<String>, Error> {
    let mut subjects = vec![
        inbound(tenant, conversation)?,
        turn(tenant, conversation)?,
        handoff_requested(tenant, conversation)?,
        handoff_result(tenant, conversation)?,
        outbound(tenant, conversation)?,
    ];
    for kind in [
        HandoffType::Intercom,
        HandoffType::ZendeskSunshine,
        HandoffType::ZendeskTicket,
        HandoffType::Email,
    ] {
        subjects.push(handoff_dispatch(kind, tenant, conversation)?);
        subjects.push(relay(kind, tenant, conversation)?);
        subjects.push(copilot_draft(kind, tenant, conversation)?);
    }
    Ok(subjects)
}

/// The id of a conversation's `n`th handoff record.
pub fn record_id(conversation: &str, n: u32) -> String {
    format!("{conversation}-{n}")
}

/// Whether `record` is one of `conversation`'s ([`record_id`]). Conversation `a`'s prefix
/// `a-` also starts `a-b-1`, a record of conversation `a-b`: only a numeric rest is `a`'s.
pub fn is_record_of(record: &str, conversation: &str) -> bool {
    record
        .strip_prefix(conversation)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The last two tokens of a subject, `(tenant, conversation)`; `None` for a subject with
/// fewer than three tokens (`baton.alert.<tenant>`).
pub fn conversation_of(subject: &str) -> Option<(&str, &str)> {
    let mut tokens = subject.rsplitn(3, '.');
    let conversation = tokens.next()?;
    let tenant = tokens.next()?;
    tokens.next()?;
    Some((tenant, conversation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_end_in_tenant_and_conversation() {
        assert_eq!(
            inbound("acme", "c-1").ok().as_deref(),
            Some("baton.in.acme.c-1")
        );
        assert_eq!(
            handoff_dispatch(HandoffType::ZendeskTicket, "acme", "c-1")
                .ok()
                .as_deref(),
            Some("baton.handoff.dispatch.zendesk_ticket.acme.c-1")
        );
    }

    #[test]
    fn an_id_with_a_wildcard_never_becomes_a_subject() {
        assert!(inbound("acme", "*").is_err());
        assert!(outbound("ac.me", "c").is_err());
        assert!(relay(HandoffType::Unspecified, "acme", "c").is_err());
        assert!(key("acme", "a>b").is_err());
    }

    #[test]
    fn every_subject_family_is_captured_by_exactly_one_stream() {
        let samples = [
            "baton.in.t.c",
            "baton.turn.t.c",
            "baton.handoff.requested.t.c",
            "baton.out.t.c",
            "baton.alert.t",
            "baton.relay.intercom.t.c",
            "baton.copilot.draft.intercom.t.c",
            "baton.dlq.conversation",
        ];
        for sample in samples {
            let owners = Stream::ALL
                .iter()
                .filter(|stream| {
                    stream
                        .subjects()
                        .iter()
                        .any(|filter| sample.starts_with(filter.trim_end_matches('>')))
                })
                .count();
            assert_eq!(owners, 1, "{sample}");
        }
    }

    #[test]
    fn the_conversation_is_the_last_two_tokens() {
        assert_eq!(
            conversation_of("baton.handoff.dispatch.email.acme.c-1"),
            Some(("acme", "c-1"))
        );
        assert_eq!(conversation_of("baton.in.acme.c-1"), Some(("acme", "c-1")));
        assert_eq!(conversation_of("acme.c-1"), None);
    }

    #[test]
    fn family_drops_the_ids_and_is_other_for_subjects_nobody_builds() {
        assert_eq!(
            family("baton.handoff.dispatch.email.t.c"),
            "baton.handoff.dispatch.email"
        );
        assert_eq!(family("baton.in.t.c"), "baton.in");
        assert_eq!(family("baton.alert.acme"), "baton.alert");
        assert_eq!(family("baton.dlq.conversation"), "baton.dlq");
        // Extra tokens from an outside publisher must not become label values.
        assert_eq!(family("baton.in.a.b.c.d"), "baton.in");
        assert_eq!(family("baton.relay.nobody.t.c"), "other");
        assert_eq!(family("x"), "other");
        assert_eq!(family("baton.inbox.t.c"), "other");
    }

    #[test]
    fn a_conversations_records_are_not_its_neighbours() {
        assert!(is_record_of(&record_id("a", 1), "a"));
        assert!(is_record_of("a-12", "a"));
        assert!(!is_record_of(&record_id("a-b", 1), "a"));
        assert!(is_record_of("a-b-1", "a-b"));
        assert!(!is_record_of("ab-1", "a"));
        assert!(!is_record_of("a-", "a"));
    }
}
