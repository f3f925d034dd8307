//! Applying one event to a conversation: pure, so every rule is tested without NATS.

use baton_proto::Transition;
use baton_proto::v1::{Conversation, ConversationEvent, Role, Turn, conversation_event::Kind};
use prost_types::Timestamp;

use crate::customer;

/// What applying an event means for the stored conversation.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Store this new state.
    Apply(Conversation),
    /// The event was applied before: store nothing, publish its effects again (JetStream
    /// drops any that were already published).
    Duplicate(Conversation),
}

/// An event that can never be applied, with the reason for the DLQ.
#[derive(Debug, PartialEq, Eq)]
pub struct Rejected(pub String);

/// Applies `event` (stored at `sequence` in BATON_IN) to `current`.
pub fn apply(
    current: Option<Conversation>,
    event: &ConversationEvent,
    sequence: u64,
    now: Timestamp,
) -> Result<Outcome, Rejected> {
    let mut conversation = current.unwrap_or_else(|| {
        Conversation::started(
            &event.tenant_id,
            &event.agent_id,
            &event.conversation_id,
            now,
        )
    });
    if conversation.has_applied(&event.event_id) {
        return Ok(Outcome::Duplicate(conversation));
    }
    if conversation.agent_id != event.agent_id {
        return Err(Rejected(format!(
            "conversation {} belongs to agent {}, not {}",
            conversation.conversation_id, conversation.agent_id, event.agent_id
        )));
    }
    let at = event.occurred_at.or(Some(now));
    let message = |role: Role, text: &str| Turn {
        role: role as i32,
        text: text.to_owned(),
        event_id: event.event_id.clone(),
        at,
        sequence,
        ..Default::default()
    };
    let kind = event
        .kind
        .as_ref()
        .ok_or_else(|| Rejected("the event has no kind".into()))?;
    // A customer who writes after the close is answered by the bot again, history kept, as
    // a new segment: never a dead letter. A message stored before the close but applied
    // after it, a late reply of the AI agent or a human, an identification or a second
    // close are kept and change nothing about who is in charge.
    if matches!(kind, Kind::UserMessage(_)) && sequence > conversation.closed_sequence {
        conversation.transition(&Transition::Reopen, now);
    }
    match kind {
        Kind::UserMessage(m) => append(&mut conversation, message(Role::User, &m.text)),
        Kind::AgentMessage(m) => {
            let mut turn = message(Role::Agent, &m.text);
            turn.answered = m.answered;
            turn.confidence = m.confidence;
            append(&mut conversation, turn);
        }
        Kind::HumanAgentMessage(m) => {
            let mut turn = message(Role::HumanAgent, &m.text);
            turn.author_name = m.author_name.clone();
            append(&mut conversation, turn);
        }
        Kind::CustomerIdentified(identified) => {
            if let Some(update) = &identified.customer {
                customer::merge(conversation.customer.get_or_insert_default(), update)?;
            }
            conversation.remember_event(&event.event_id);
        }
        Kind::ConversationClosed(_) => {
            if conversation.transition(&Transition::Close, now) {
                conversation.closed_sequence = sequence;
            }
            conversation.remember_event(&event.event_id);
        }
        Kind::HumanReleased(_) => {
            // Only a human in charge can release; otherwise the event changes nothing.
            conversation.transition(&Transition::Release, now);
            conversation.remember_event(&event.event_id);
        }
    }
    conversation.updated_at = Some(now);
    Ok(Outcome::Apply(conversation))
}

fn append(conversation: &mut Conversation, mut turn: Turn) {
    turn.mode = conversation.mode;
    conversation.insert_turn(turn);
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::{
        ActiveHandoff, AgentMessage, ConversationClosed, Customer, CustomerIdentified,
        HumanAgentMessage, HumanReleased, Mode, UserMessage,
    };

    use super::*;

    const NOW: Timestamp = Timestamp {
        seconds: 1_700_000_000,
        nanos: 0,
    };

    fn event(id: &str, kind: Kind) -> ConversationEvent {
        ConversationEvent {
            event_id: id.into(),
            tenant_id: "acme".into(),
            agent_id: "support".into(),
            conversation_id: "c-1".into(),
            occurred_at: None,
            kind: Some(kind),
        }
    }

    fn user(id: &str, text: &str) -> ConversationEvent {
        event(id, Kind::UserMessage(UserMessage { text: text.into() }))
    }

    fn identified(id: &str, customer: Customer) -> ConversationEvent {
        event(
            id,
            Kind::CustomerIdentified(CustomerIdentified {
                customer: Some(customer),
            }),
        )
    }

    fn attributes(count: usize) -> Customer {
        Customer {
            attributes: (0..count)
                .map(|i| (format!("k{i}"), "v".to_owned()))
                .collect(),
            ..Default::default()
        }
    }

    fn applied(current: Option<Conversation>, event: &ConversationEvent, seq: u64) -> Conversation {
        match apply(current, event, seq, NOW) {
            Ok(Outcome::Apply(conversation)) => conversation,
            other => panic!("expected a change, got {other:?}"),
        }
    }

    #[test]
    fn messages_build_the_transcript_in_order() {
        let c = applied(None, &user("e-1", "my order is late"), 1);
        let agent = event(
            "e-2",
            Kind::AgentMessage(AgentMessage {
                text: "Let me check".into(),
                answered: Some(false),
                confidence: Some(0.2),
            }),
        );
        let c = applied(Some(c), &agent, 2);
        let texts: Vec<&str> = c.turns.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["my order is late", "Let me check"]);
        assert_eq!(c.turns[1].role(), Role::Agent);
        assert_eq!(c.turns[1].answered, Some(false));
        assert_eq!(c.mode(), Mode::Bot);
        assert_eq!(c.turns[0].mode(), Mode::Bot);
    }

    #[test]
    fn an_event_applied_twice_changes_nothing() {
        let c = applied(None, &user("e-1", "hi"), 1);
        assert_eq!(
            apply(Some(c.clone()), &user("e-1", "hi"), 1, NOW),
            Ok(Outcome::Duplicate(c))
        );
    }

    #[test]
    fn a_late_event_is_placed_by_its_stream_sequence() {
        let c = applied(None, &user("e-2", "second"), 2);
        let c = applied(Some(c), &user("e-1", "first"), 1);
        assert_eq!(c.turns[0].text, "first");
    }

    fn closed() -> ConversationEvent {
        event(
            "e-close",
            Kind::ConversationClosed(ConversationClosed::default()),
        )
    }

    #[test]
    fn a_customer_who_writes_after_the_close_reopens_the_conversation_with_the_bot() {
        let c = applied(None, &user("e-1", "bye"), 1);
        let c = applied(Some(c), &closed(), 2);
        assert_eq!(c.mode(), Mode::Closed);

        let c = applied(Some(c), &user("e-3", "hello again?"), 3);
        assert_eq!(c.mode(), Mode::Bot);
        assert_eq!(c.turns.len(), 2, "the history is kept");
        assert_eq!(c.turns[1].mode(), Mode::Bot);
        assert_eq!(c.bot_since_turn, 1, "triggers start from the new message");
    }

    #[test]
    fn a_closed_conversation_stays_closed_for_a_late_human_reply_and_a_second_close() {
        let c = applied(None, &user("e-1", "bye"), 1);
        let c = applied(Some(c), &closed(), 2);
        let late = event(
            "e-3",
            Kind::HumanAgentMessage(HumanAgentMessage {
                text: "One more thing: your refund is on its way.".into(),
                author_name: "Sam".into(),
            }),
        );
        let c = applied(Some(c), &late, 3);
        assert_eq!(c.turns.len(), 2, "the late reply is kept");
        assert_eq!(c.mode(), Mode::Closed);
        let bot = event(
            "e-4",
            Kind::AgentMessage(AgentMessage {
                text: "Glad I could help!".into(),
                ..AgentMessage::default()
            }),
        );
        let c = applied(Some(c), &bot, 4);
        assert_eq!(c.turns.len(), 3, "the AI agent's late reply is kept");
        assert_eq!(c.mode(), Mode::Closed, "and reopens nothing");
        let mut again = closed();
        again.event_id = "e-5".into();
        let c = applied(Some(c), &again, 5);
        assert_eq!(c.mode(), Mode::Closed);
    }

    #[test]
    fn a_message_written_before_the_close_reopens_nothing() {
        let c = applied(None, &user("e-1", "thanks"), 1);
        let c = applied(Some(c), &closed(), 3);
        let c = applied(Some(c), &user("e-2", "one more thing"), 2);
        assert_eq!(c.mode(), Mode::Closed);
        assert_eq!(c.turns.len(), 2, "it is kept, in its place");
        let c = applied(Some(c), &user("e-4", "hello again"), 4);
        assert_eq!(c.mode(), Mode::Bot);
    }

    #[test]
    fn another_agents_event_is_rejected() {
        let c = applied(None, &user("e-1", "hi"), 1);
        let mut foreign = user("e-2", "hi");
        foreign.agent_id = "sales".into();
        assert!(apply(Some(c), &foreign, 2, NOW).is_err());
    }

    #[test]
    fn identification_merges_what_is_new() {
        let c = applied(None, &user("e-1", "hi"), 1);
        let first = identified(
            "e-2",
            Customer {
                name: "Ana".into(),
                email: "ana@example.com".into(),
                ..Default::default()
            },
        );
        let c = applied(Some(c), &first, 2);
        let second = identified(
            "e-3",
            Customer {
                locale: "es".into(),
                ..Default::default()
            },
        );
        let c = applied(Some(c), &second, 3);
        let customer = c.customer.clone().expect("customer");
        assert_eq!(
            (
                customer.name.as_str(),
                customer.email.as_str(),
                customer.locale.as_str()
            ),
            ("Ana", "ana@example.com", "es")
        );
        assert!(c.has_applied("e-3"));
    }

    #[test]
    fn identification_sets_attributes_and_one_past_the_limit_is_rejected() {
        let c = applied(None, &user("e-1", "hi"), 1);
        let c = applied(Some(c), &identified("e-2", attributes(64)), 2);
        let customer = c.customer.as_ref().expect("customer");
        assert_eq!(customer.attributes.len(), 64);
        assert_eq!(customer.attributes["k63"], "v");

        let Err(Rejected(reason)) = apply(Some(c), &identified("e-3", attributes(65)), 3, NOW)
        else {
            panic!("65 attributes must be rejected");
        };
        assert!(reason.contains("at most 64"), "{reason}");
    }

    #[test]
    fn release_returns_a_human_conversation_to_the_bot() {
        let mut c = applied(None, &user("e-1", "person please"), 1);
        c.mode = Mode::Human as i32;
        c.active_handoff = Some(ActiveHandoff {
            handoff_id: "human".into(),
            ..Default::default()
        });
        let c = applied(Some(c), &user("e-2", "thanks"), 2);
        assert_eq!(
            c.turns[1].mode(),
            Mode::Human,
            "the turn remembers who was in charge"
        );
        let released = event("e-3", Kind::HumanReleased(HumanReleased::default()));
        let c = applied(Some(c), &released, 3);
        assert_eq!(c.mode(), Mode::Bot);
        assert_eq!(c.bot_since_turn, 2);
        assert_eq!(c.handoffs_ended[0].handoff_id, "human");
    }

    #[test]
    fn a_conversation_past_any_size_still_takes_messages_and_stays_storable() {
        use baton_proto::MAX_TEXT_BYTES;
        use prost::Message;
        let longest = "ü".repeat(MAX_TEXT_BYTES / 2);
        let mut c = applied(None, &user("e-0", &longest), 0);
        for i in 1..60 {
            c = applied(Some(c), &user(&format!("e-{i}"), &longest), i);
        }
        assert_eq!(c.turns.len() + c.omitted_turns as usize, 60);
        assert_eq!(c.turns.last().map(|t| t.event_id.as_str()), Some("e-59"));
        // Half of NATS's default payload limit: room for a TurnRecorded or a dispatch.
        assert!(c.encoded_len() < 512 * 1024, "{} bytes", c.encoded_len());
    }
}
