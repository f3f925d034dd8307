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
    since: usize,
    session: Session,
    used: u64,
}

/// Sessions by (tenant, conversation).
#[derive(Default)]
pub struct Sessions {
    entries: Mutex<(u64, HashMap<(String, String), Entry>)>,
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
            let mut guard = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            guard.1.remove(&key)
        };
        match cached {
            Some(entry)
                if entry.revision == revision
                    && entry.since == since
                    && since + entry.session.turns() == turn_index =>
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
        let key = (
            conversation.tenant_id.clone(),
            conversation.conversation_id.clone(),
        );
        let mut guard = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let (clock, entries) = &mut *guard;
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
