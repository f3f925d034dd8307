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
    let mood = baton_summary::mood(&texts);
    let mut summary = baton_summary::summarize(&conversation.turns, &reason, mood.label());
    if conversation.omitted_turns > 0 {
        // Every connector puts the summary text in front of the human: the gap is never silent.
        summary.text.push_str(&format!(
            "Note: this conversation is very long; {} messages after its first {} are left \
             out of the transcript below.\n",
            conversation.omitted_turns,
            baton_proto::FIRST_TURNS_KEPT,
        ));
    }
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
        omitted_turns: conversation.omitted_turns,
    };
    let redactions: Vec<Redaction> = handoff.redact().collect();
    baton_summary::redact_package(&mut package, &redactions);
    package
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::{Role, Turn};

    use super::*;

    #[test]
    fn a_package_says_when_turns_were_left_out() {
        let conversation = Conversation {
            turns: vec![Turn::said(Role::User, "my parcel is lost")],
            omitted_turns: 7,
            ..Conversation::default()
        };
        let package = build(
            &conversation,
            &HandoffRecord::default(),
            &Handoff::default(),
            Timestamp::default(),
        );
        assert_eq!(package.omitted_turns, 7);
        let text = &package.summary.expect("a summary").text;
        assert!(text.contains("7 messages after its first 4"), "{text}");
    }
}

#[cfg(test)]
mod unicode {
    use baton_proto::v1::HandoffReason;
    use baton_testkit::unicode::{bounded, customer_text, customer_texts, transcript_of};
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(bounded())]

        /// The package of any conversation is built, summarised and redacted: this is
        /// where "Hİ" stopped handoffs (and, through the deadline watch, every timeout).
        #[test]
        fn any_conversation_is_packaged(texts in customer_texts(), reason in customer_text()) {
            let conversation = Conversation {
                turns: transcript_of(&texts),
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
