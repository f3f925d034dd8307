//! The package every connector receives: the customer, the whole transcript, why, and the
//! ten-second summary — with the handoff's redaction applied to every text in it, so what
//! leaves Baton carries only the personal data the operator allows.

use baton_proto::v1::{Conversation, Handoff, HandoffPackage, HandoffRecord, Redaction};
use prost_types::Timestamp;

/// Builds the package of `record` for `handoff` from the conversation as it is now (so a
/// fallback also carries what the customer wrote while the first path was tried).
pub fn build(
    conversation: &Conversation,
    record: &HandoffRecord,
    handoff: &Handoff,
    now: Timestamp,
) -> HandoffPackage {
    let reason = record.reason.clone().unwrap_or_default();
    let texts: Vec<&str> = conversation
        .turns
        .iter()
        .filter(|turn| turn.role() == baton_proto::v1::Role::User)
        .map(|turn| turn.text.as_str())
        .collect();
    let mood = baton_triggers::sentiment::mood(&texts);
    let summary = baton_summary::summarize(&conversation.turns, &reason, mood.label());
    let mut package = HandoffPackage {
        record_id: record.id.clone(),
        tenant_id: conversation.tenant_id.clone(),
        agent_id: conversation.agent_id.clone(),
        conversation_id: conversation.conversation_id.clone(),
        customer: conversation.customer.clone(),
        transcript: conversation.turns.clone(),
        reason: Some(reason),
        summary: Some(summary),
        built_at: Some(now),
    };
    let redactions: Vec<Redaction> = handoff.redact().collect();
    baton_summary::redact_package(&mut package, &redactions);
    package
}

#[cfg(test)]
mod unicode {
    use baton_proto::v1::{HandoffReason, Role, Turn};
    use baton_testkit::unicode::{bounded, customer_text, customer_texts};
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(bounded())]

        /// The package of any conversation is built, summarised and redacted: this is
        /// where "Hİ" stopped handoffs (and, through the deadline watch, every timeout).
        #[test]
        fn any_conversation_is_packaged(texts in customer_texts(), reason in customer_text()) {
            let conversation = Conversation {
                turns: texts
                    .iter()
                    .enumerate()
                    .map(|(at, text)| {
                        let role = if at % 2 == 0 { Role::User } else { Role::Agent };
                        Turn::said(role, text.as_str())
                    })
                    .collect(),
                ..Conversation::default()
            };
            let record = HandoffRecord {
                reason: Some(HandoffReason { text: reason, ..HandoffReason::default() }),
                ..HandoffRecord::default()
            };
            let handoff = Handoff {
                redact: [Redaction::Cards, Redaction::Ids, Redaction::Emails, Redaction::Phones]
                    .map(|kind| kind as i32)
                    .to_vec(),
                ..Handoff::default()
            };
            let package = build(&conversation, &record, &handoff, Timestamp::default());
            prop_assert_eq!(package.transcript.len(), texts.len());
        }
    }
}
