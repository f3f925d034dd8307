//! Conversation state transitions shared by the services that write conversation state
//! (conversation, handoff-router), so both move a conversation the same way.

use prost_types::Timestamp;

use crate::v1::{Conversation, HandoffEnded, Mode, Turn};

/// How many non-message event ids a conversation remembers for deduplication.
const REMEMBERED_EVENTS: usize = 256;

impl Conversation {
    /// The position of the turn that came from `event_id`.
    pub fn turn_of(&self, event_id: &str) -> Option<usize> {
        self.turns.iter().position(|turn| turn.event_id == event_id)
    }

    /// Whether the event `event_id` was already applied.
    pub fn has_applied(&self, event_id: &str) -> bool {
        self.turn_of(event_id).is_some() || self.applied_event_ids.iter().any(|id| id == event_id)
    }

    /// Remembers a non-message event as applied (the oldest are forgotten).
    pub fn remember_event(&mut self, event_id: &str) {
        self.applied_event_ids.push(event_id.to_owned());
        let excess = self
            .applied_event_ids
            .len()
            .saturating_sub(REMEMBERED_EVENTS);
        self.applied_event_ids.drain(..excess);
    }

    /// Inserts a turn in stream order (events applied out of order still read in order) and
    /// returns its index.
    pub fn insert_turn(&mut self, turn: Turn) -> usize {
        let index = self.turns.partition_point(|t| t.sequence <= turn.sequence);
        self.turns.insert(index, turn);
        index
    }

    /// The conversation as it was right after turn `index`: later turns left out, and the
    /// bookkeeping a reader does not need dropped.
    pub fn snapshot_at(&self, index: usize) -> Conversation {
        let mut snapshot = self.clone();
        snapshot.turns.truncate(index + 1);
        snapshot.applied_event_ids.clear();
        if let Some(turn) = snapshot.turns.get(index) {
            snapshot.mode = turn.mode;
        }
        snapshot
    }

    /// The conversation comes back to the AI agent (released by the human, or every
    /// handoff path failed): triggers look only at turns from now on, and the handoff that
    /// just ended starts its cool-down.
    pub fn return_to_bot(&mut self, at: Timestamp) {
        if let Some(active) = self.active_handoff.take() {
            self.handoffs_ended
                .retain(|ended| ended.handoff_id != active.handoff_id);
            self.handoffs_ended.push(HandoffEnded {
                handoff_id: active.handoff_id,
                at: Some(at),
            });
        }
        self.mode = Mode::Bot as i32;
        self.bot_since_turn = u32::try_from(self.turns.len()).unwrap_or(u32::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v1::{ActiveHandoff, Role};

    fn turn(event: &str, sequence: u64) -> Turn {
        Turn {
            role: Role::User as i32,
            text: event.into(),
            event_id: event.into(),
            sequence,
            ..Default::default()
        }
    }

    #[test]
    fn turns_are_kept_in_stream_order() {
        let mut conversation = Conversation::default();
        assert_eq!(conversation.insert_turn(turn("a", 1)), 0);
        assert_eq!(conversation.insert_turn(turn("c", 3)), 1);
        assert_eq!(conversation.insert_turn(turn("b", 2)), 1);
        let order: Vec<&str> = conversation
            .turns
            .iter()
            .map(|t| t.event_id.as_str())
            .collect();
        assert_eq!(order, ["a", "b", "c"]);
        assert_eq!(conversation.turn_of("c"), Some(2));
    }

    #[test]
    fn remembered_events_are_bounded() {
        let mut conversation = Conversation::default();
        for i in 0..300 {
            conversation.remember_event(&format!("e-{i}"));
        }
        assert_eq!(conversation.applied_event_ids.len(), REMEMBERED_EVENTS);
        assert!(conversation.has_applied("e-299"));
        assert!(!conversation.has_applied("e-0"));
    }

    #[test]
    fn returning_to_the_bot_starts_a_new_segment_and_a_cool_down() {
        let mut conversation = Conversation {
            mode: Mode::Human as i32,
            turns: vec![turn("a", 1), turn("b", 2)],
            active_handoff: Some(ActiveHandoff {
                handoff_id: "human".into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        conversation.return_to_bot(Timestamp {
            seconds: 10,
            nanos: 0,
        });
        assert_eq!(conversation.mode(), Mode::Bot);
        assert_eq!(conversation.bot_since_turn, 2);
        assert!(conversation.active_handoff.is_none());
        assert_eq!(conversation.handoffs_ended[0].handoff_id, "human");
    }

    #[test]
    fn a_snapshot_stops_at_its_turn_and_shows_the_mode_then() {
        let mut conversation = Conversation::default();
        let mut first = turn("a", 1);
        first.mode = Mode::Bot as i32;
        conversation.insert_turn(first);
        conversation.insert_turn(turn("b", 2));
        conversation.mode = Mode::Human as i32;
        conversation.remember_event("x");
        let snapshot = conversation.snapshot_at(0);
        assert_eq!(snapshot.turns.len(), 1);
        assert_eq!(snapshot.mode(), Mode::Bot);
        assert!(snapshot.applied_event_ids.is_empty());
    }
}
