//! The decision for one recorded turn: which handoff, if any, fires on the conversation so
//! far — only the part the AI agent has handled since it last took over, so a conversation
//! given back by a human starts with a clean slate — and whether loop protection lets it.

use baton_config::policy::LoopGuard;
use baton_llm::Judge;
use baton_proto::v1::{AgentConfig, Conversation, HandoffRequested, Mode, Role, Turn};
use baton_triggers::{Decision, Rulebook};

use crate::sessions::Sessions;
use prost_types::Timestamp;

use crate::judged::{self, At};

/// What to do about one turn.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Nothing to evaluate (not the bot's conversation, a human agent's turn).
    Skip(&'static str),
    /// No handoff fires.
    Stay,
    /// A handoff fires but loop protection holds it back.
    Held {
        /// The handoff that fired.
        handoff_id: String,
        /// Why it is held back.
        why: String,
    },
    /// Request this handoff.
    Request(HandoffRequested),
}

/// Evaluates the turn `turn_index` of `conversation` (a snapshot ending at that turn) with
/// the rules alone, for a configuration at `revision`, continuing the conversation's
/// session in `sessions`.
pub fn evaluate(
    rulebook: &Rulebook,
    revision: u64,
    sessions: &Sessions,
    guard: &LoopGuard,
    conversation: &Conversation,
    turn_index: u32,
    now: Timestamp,
) -> Verdict {
    match segment(conversation, turn_index) {
        Err(why) => Verdict::Skip(why),
        Ok(segment) => {
            let mut session = sessions.before(
                rulebook,
                revision,
                conversation,
                segment.since,
                turn_index as usize,
            );
            let decision = rulebook.step(&mut session, segment.turn);
            sessions.keep(revision, conversation, segment.since, session);
            conclude(decision, guard, conversation, &segment, now)
        }
    }
}

/// [`evaluate`] with `judge` deciding for the handoffs of `config` (at `revision`) that say
/// `judge: llm`.
pub async fn evaluate_judged(
    judge: &Judge,
    rulebook: &Rulebook,
    (config, revision): (&AgentConfig, u64),
    guard: &LoopGuard,
    conversation: &Conversation,
    turn_index: u32,
    now: Timestamp,
) -> Verdict {
    match segment(conversation, turn_index) {
        Err(why) => Verdict::Skip(why),
        Ok(segment) => {
            let at = At {
                tenant: &conversation.tenant_id,
                conversation: &conversation.conversation_id,
                revision,
                turn: conversation.turn_number(turn_index as usize),
            };
            let decision = judged::decide(judge, rulebook, config, at, segment.turns).await;
            conclude(decision, guard, conversation, &segment, now)
        }
    }
}

/// The turns a decision is made on: the bot's part of the conversation, up to the turn.
struct Segment<'a> {
    /// The index of its first turn in the conversation.
    since: usize,
    /// Its turns; the last is the one evaluated.
    turns: &'a [Turn],
    /// The turn evaluated.
    turn: &'a Turn,
    /// Its index in the conversation.
    turn_index: u32,
}

/// The turns to evaluate turn `turn_index` on, or why it is not evaluated.
fn segment(conversation: &Conversation, turn_index: u32) -> Result<Segment<'_>, &'static str> {
    let Some(turn) = conversation.turns.get(turn_index as usize) else {
        return Err("the turn is not in the snapshot");
    };
    if turn.mode() != Mode::Bot {
        return Err("the conversation is not with the AI agent");
    }
    if !matches!(turn.role(), Role::User | Role::Agent) {
        return Err("only customer and AI-agent turns are evaluated");
    }
    let since = (conversation.bot_since_turn as usize).min(turn_index as usize);
    Ok(Segment {
        since,
        turns: &conversation.turns[since..=turn_index as usize],
        turn,
        turn_index,
    })
}

/// What `decision`, made on `segment`, means for the conversation.
fn conclude(
    decision: Option<Decision>,
    guard: &LoopGuard,
    conversation: &Conversation,
    segment: &Segment<'_>,
    now: Timestamp,
) -> Verdict {
    let Some(decision) = decision else {
        return Verdict::Stay;
    };
    if let Some(why) = guard.refusal(conversation, &decision.handoff_id, now) {
        return Verdict::Held {
            handoff_id: decision.handoff_id,
            why,
        };
    }
    let offset = u32::try_from(segment.since).unwrap_or(u32::MAX);
    let mut evidence = decision.firing.evidence;
    for item in &mut evidence {
        item.turn_index = item.turn_index.saturating_add(offset);
    }
    let turn_index = segment.turn_index;
    let turn_number = conversation.turn_number(turn_index as usize);
    Verdict::Request(HandoffRequested {
        // Unique within the conversation (one request per handoff and turn, numbered in the
        // whole conversation, so also once turns are left out) and a valid id.
        request_id: format!("{turn_number}-{}", decision.handoff_id),
        tenant_id: conversation.tenant_id.clone(),
        agent_id: conversation.agent_id.clone(),
        conversation_id: conversation.conversation_id.clone(),
        handoff_id: decision.handoff_id,
        turn_index,
        turn_event_id: segment.turn.event_id.clone(),
        conditions: decision.firing.conditions,
        evidence,
        requested_at: Some(now),
    })
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::{AgentConfig, Handoff, HandoffType, Turn};

    use super::*;

    fn rulebook() -> Rulebook {
        Rulebook::new(&AgentConfig {
            tenant_id: "acme".into(),
            agent_id: "bot".into(),
            handoffs: vec![Handoff {
                id: "person".into(),
                r#type: HandoffType::Email as i32,
                enabled: true,
                trigger: "Hand off when the customer asks to talk to a person.".into(),
                ..Handoff::default()
            }],
            live: true,
            ..AgentConfig::default()
        })
    }

    fn turn(role: Role, text: &str, mode: Mode, n: usize) -> Turn {
        Turn {
            role: role as i32,
            text: text.into(),
            mode: mode as i32,
            event_id: format!("e{n}"),
            ..Turn::default()
        }
    }

    fn conversation(texts: &[(Role, &str, Mode)]) -> Conversation {
        Conversation {
            tenant_id: "acme".into(),
            agent_id: "bot".into(),
            conversation_id: "c1".into(),
            turns: texts
                .iter()
                .enumerate()
                .map(|(n, (role, text, mode))| turn(*role, text, *mode, n))
                .collect(),
            ..Conversation::default()
        }
    }

    fn now() -> Timestamp {
        Timestamp {
            seconds: 1_800_000_000,
            nanos: 0,
        }
    }

    /// The verdict on turn `index` of `conv`, with fresh sessions and the default guard.
    fn verdict(conv: &Conversation, index: u32) -> Verdict {
        evaluate(
            &rulebook(),
            1,
            &Sessions::default(),
            &LoopGuard::default(),
            conv,
            index,
            now(),
        )
    }

    #[test]
    fn a_request_for_a_person_is_requested_with_its_evidence() {
        let conv = conversation(&[
            (Role::User, "my export is broken", Mode::Bot),
            (Role::Agent, "Try again later.", Mode::Bot),
            (Role::User, "I want to talk to a person please", Mode::Bot),
        ]);
        let Verdict::Request(request) = verdict(&conv, 2) else {
            panic!("expected a request");
        };
        assert_eq!(request.handoff_id, "person");
        assert_eq!(request.turn_event_id, "e2");
        assert_eq!(request.request_id, "2-person");
        assert!(request.evidence.iter().any(|e| e.turn_index == 2));
    }

    #[test]
    fn turns_before_the_bot_took_over_again_are_not_evidence() {
        let mut conv = conversation(&[
            (Role::User, "I want to talk to a person", Mode::Bot),
            (
                Role::HumanAgent,
                "Hi, this is Sam. All sorted?",
                Mode::Human,
            ),
            (Role::User, "thanks, how do I export a report?", Mode::Bot),
        ]);
        conv.bot_since_turn = 2;
        assert_eq!(verdict(&conv, 2), Verdict::Stay);
    }

    #[test]
    fn a_conversation_with_a_human_is_not_evaluated() {
        let conv = conversation(&[(Role::User, "can I talk to a person", Mode::Human)]);
        assert!(matches!(verdict(&conv, 0), Verdict::Skip(_)));
    }

    #[test]
    fn loop_protection_holds_a_handoff_back() {
        let mut conv = conversation(&[(Role::User, "can I talk to a person", Mode::Bot)]);
        conv.handoff_count = LoopGuard::default().max_handoffs_per_conversation;
        assert!(matches!(verdict(&conv, 0), Verdict::Held { .. }));
    }
}
