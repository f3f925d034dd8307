//! What the trigger engine keeps about each conversation between its turns, so a new turn
//! costs one step of the engine instead of a replay of the whole conversation.
//!
//! A session is reused only when it is exactly one turn behind: same configuration
//! revision, same bot segment (the turn the AI agent last took over at) and every earlier
//! turn of the segment taken into account. Anything else (a redelivered turn, a restart,
//! another replica having seen the previous turn, a new revision) replays the segment,
//! which gives the same decision: replay and incremental evaluation are the same function.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use baton_proto::v1::{Conversation, Turn};
use baton_triggers::{Rulebook, Session};

/// At most this many conversations are remembered; past it the oldest half is forgotten
/// (a forgotten conversation is replayed on its next turn, nothing else changes).
const CAPACITY: usize = 50_000;

struct Entry {
    revision: u64,
    /// The number of the segment's first turn (`Conversation::turn_number`).
    since: usize,
    session: Session,
    used: u64,
}

/// The sessions kept, by (tenant, conversation), and a clock that orders their use.
#[derive(Default)]
struct Kept {
    clock: u64,
    entries: HashMap<(String, String), Entry>,
}

/// Sessions by (tenant, conversation).
#[derive(Default)]
pub struct Sessions {
    kept: Mutex<Kept>,
}

impl Sessions {
    /// The session of `conversation` at configuration `revision`, having taken into account
    /// the turns of its segment from `since` up to (not including) `turn_index`.
    pub fn before(
        &self,
        rulebook: &Rulebook,
        revision: u64,
        conversation: &Conversation,
        since: usize,
        turn_index: usize,
    ) -> Session {
        let key = (
            conversation.tenant_id.clone(),
            conversation.conversation_id.clone(),
        );
        let cached = {
            let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
            kept.entries.remove(&key)
        };
        // Compared by turn numbers, which stay put when a long transcript leaves turns out.
        let (since_number, turn_number) = (
            conversation.turn_number(since) as usize,
            conversation.turn_number(turn_index) as usize,
        );
        match cached {
            Some(entry)
                if entry.revision == revision
                    && entry.since == since_number
                    && since_number + entry.session.turns() == turn_number =>
            {
                entry.session
            }
            _ => {
                let attributes = conversation
                    .customer
                    .as_ref()
                    .map(|c| c.attributes.clone())
                    .unwrap_or_default();
                let mut session = rulebook.session(&attributes);
                let earlier: &[Turn] = conversation.turns.get(since..turn_index).unwrap_or(&[]);
                for turn in earlier {
                    rulebook.step(&mut session, turn);
                }
                session
            }
        }
    }

    /// Keeps `session` (now at `since + session.turns()`) for the conversation's next turn.
    pub fn keep(&self, revision: u64, conversation: &Conversation, since: usize, session: Session) {
        let since = conversation.turn_number(since) as usize;
        let key = (
            conversation.tenant_id.clone(),
            conversation.conversation_id.clone(),
        );
        let mut guard = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let Kept { clock, entries } = &mut *guard;
        *clock += 1;
        if entries.len() >= CAPACITY {
            let mut ages: Vec<u64> = entries.values().map(|e| e.used).collect();
            ages.sort_unstable();
            let cutoff = ages[ages.len() / 2];
            entries.retain(|_, e| e.used > cutoff);
        }
        entries.insert(
            key,
            Entry {
                revision,
                since,
                session,
                used: *clock,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::{AgentConfig, Handoff, Role, Turn};

    use super::*;

    fn rulebook() -> Rulebook {
        Rulebook::new(&AgentConfig {
            handoffs: vec![Handoff {
                id: "attempts".into(),
                enabled: true,
                trigger: "Hand off after 2 failed attempts on the same problem.".into(),
                ..Handoff::default()
            }],
            ..AgentConfig::default()
        })
    }

    fn conversation() -> Conversation {
        let turn = Turn::said;
        Conversation {
            tenant_id: "acme".into(),
            conversation_id: "c1".into(),
            turns: vec![
                turn(Role::User, "my router keeps dropping the wifi every hour"),
                turn(Role::Agent, "Try restarting the router."),
                turn(Role::User, "did that, still dropping"),
                turn(Role::Agent, "Then update the firmware from the admin page."),
                turn(Role::User, "that didn't help either"),
            ],
            ..Conversation::default()
        }
    }

    /// Each turn decided with the session kept from the previous one, and each decided
    /// from a fresh replay: the same decisions, and the kept session is the one used.
    #[test]
    fn a_kept_session_decides_as_a_replay_does() {
        let rulebook = rulebook();
        let conversation = conversation();
        let sessions = Sessions::default();
        let mut kept = Vec::new();
        for index in 0..conversation.turns.len() {
            let mut session = sessions.before(&rulebook, 1, &conversation, 0, index);
            assert_eq!(session.turns(), index, "the session is one turn behind");
            kept.push(rulebook.step(&mut session, &conversation.turns[index]));
            sessions.keep(1, &conversation, 0, session);
        }
        let replayed: Vec<_> = (0..conversation.turns.len())
            .map(|index| rulebook.decide(&conversation.turns[..=index]))
            .collect();
        assert_eq!(kept, replayed);
        assert!(kept[4].is_some(), "the second failure fires: {kept:?}");
    }

    #[test]
    fn a_session_out_of_step_is_replayed() {
        let rulebook = rulebook();
        let conversation = conversation();
        let sessions = Sessions::default();
        let mut session = sessions.before(&rulebook, 1, &conversation, 0, 0);
        rulebook.step(&mut session, &conversation.turns[0]);
        sessions.keep(1, &conversation, 0, session);
        // A redelivered turn, a new revision, a new bot segment: replayed to that turn.
        assert_eq!(
            sessions.before(&rulebook, 1, &conversation, 0, 3).turns(),
            3
        );
        assert_eq!(
            sessions.before(&rulebook, 2, &conversation, 0, 1).turns(),
            1
        );
        assert_eq!(
            sessions.before(&rulebook, 1, &conversation, 1, 2).turns(),
            1
        );
    }
}
