//! The transcript and bookkeeping of a conversation shared by the services that write
//! conversation state (conversation, handoff-router), so both keep it the same way. Changes
//! of mode live in `mode.rs`.

use prost::Message;

use crate::v1::{Conversation, Turn};

/// How many non-message event ids a conversation remembers for deduplication.
const REMEMBERED_EVENTS: usize = 256;

/// Turns a transcript always keeps from its start, however long the conversation grows:
/// the customer's opening words stay in front of the human.
pub const FIRST_TURNS_KEPT: usize = 4;

/// Most turns a transcript keeps; past it, the oldest turns after the first ones are left
/// out (`Conversation::omitted_turns` counts them).
pub const MAX_TURNS: usize = 1000;

/// Most bytes the kept turns take encoded. With everything else a conversation holds
/// (customer attributes, remembered event ids), the stored value, a `TurnRecorded`, a
/// `HandoffDispatch` and a dead letter carrying either stay well under NATS's default 1 MiB
/// payload limit: a conversation that grows past it is never refused for its size.
pub const MAX_TRANSCRIPT_BYTES: usize = 384 * 1024;

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

    /// Inserts a turn in stream order (events applied out of order still read in order),
    /// then keeps the transcript within [`MAX_TURNS`] and [`MAX_TRANSCRIPT_BYTES`] by leaving
    /// out the oldest turns after the first [`FIRST_TURNS_KEPT`].
    pub fn insert_turn(&mut self, turn: Turn) {
        let index = self.turns.partition_point(|t| t.sequence <= turn.sequence);
        self.turns.insert(index, turn);
        self.fit_transcript();
    }

    fn fit_transcript(&mut self) {
        let mut bytes: usize = self.turns.iter().map(Message::encoded_len).sum();
        // The first turns and the latest always fit: a text is at most 32 KiB.
        while self.turns.len() > FIRST_TURNS_KEPT + 1
            && (self.turns.len() > MAX_TURNS || bytes > MAX_TRANSCRIPT_BYTES)
        {
            let left_out = self.turns.remove(FIRST_TURNS_KEPT);
            bytes -= left_out.encoded_len();
            self.omitted_turns = self.omitted_turns.saturating_add(1);
            // The segment's first turn keeps its place unless it was the one left out.
            if self.bot_since_turn as usize > FIRST_TURNS_KEPT {
                self.bot_since_turn -= 1;
            }
            // Still recognised as applied if its event is delivered again.
            self.remember_event(&left_out.event_id);
        }
    }

    /// The number of the turn at `position` in the conversation as a whole, counting the
    /// turns left out before it: stable while the transcript is trimmed, so it can name a
    /// turn in ids.
    pub fn turn_number(&self, position: usize) -> u32 {
        let omitted = if position < FIRST_TURNS_KEPT {
            0
        } else {
            self.omitted_turns
        };
        u32::try_from(position)
            .unwrap_or(u32::MAX)
            .saturating_add(omitted)
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v1::{Mode, Role};

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
        conversation.insert_turn(turn("a", 1));
        conversation.insert_turn(turn("c", 3));
        conversation.insert_turn(turn("b", 2));
        let order: Vec<&str> = conversation
            .turns
            .iter()
            .map(|t| t.event_id.as_str())
            .collect();
        assert_eq!(order, ["a", "b", "c"]);
        assert_eq!(conversation.turn_of("c"), Some(2));
    }

    fn long(event: &str, sequence: u64) -> Turn {
        Turn {
            text: "x".repeat(30 * 1024),
            ..turn(event, sequence)
        }
    }

    #[test]
    fn a_long_transcript_keeps_its_first_and_latest_turns_within_its_bound() {
        let mut conversation = Conversation::default();
        for i in 0..10 {
            conversation.insert_turn(long(&format!("e-{i}"), i));
        }
        assert_eq!(conversation.omitted_turns, 0, "300 KiB fit");
        conversation.bot_since_turn = 8;
        for i in 10..14 {
            conversation.insert_turn(long(&format!("e-{i}"), i));
        }
        assert!(conversation.omitted_turns > 0);
        // The segment start follows its turn while it is kept...
        let since = conversation.bot_since_turn as usize;
        assert_eq!(conversation.turns[since].event_id, "e-8");
        for i in 14..40 {
            conversation.insert_turn(long(&format!("e-{i}"), i));
        }
        let bytes: usize = conversation.turns.iter().map(Message::encoded_len).sum();
        assert!(bytes <= MAX_TRANSCRIPT_BYTES, "{bytes} bytes kept");
        let kept = conversation.turns.len();
        assert_eq!(kept + conversation.omitted_turns as usize, 40);
        assert_eq!(conversation.turns[0].event_id, "e-0");
        assert_eq!(conversation.turns[FIRST_TURNS_KEPT - 1].event_id, "e-3");
        assert_eq!(conversation.turns[kept - 1].event_id, "e-39");
        // ...and, once it is left out, starts at the first turn kept after the gap.
        assert_eq!(conversation.bot_since_turn as usize, FIRST_TURNS_KEPT);
        // Numbers stay those of the whole conversation.
        assert_eq!(conversation.turn_number(kept - 1), 39);
        assert_eq!(conversation.turn_number(1), 1);
        // A left-out turn delivered again is still known.
        assert!(conversation.has_applied("e-10"));
    }

    #[test]
    fn many_short_turns_are_bounded_by_count() {
        let mut conversation = Conversation::default();
        for i in 0..(MAX_TURNS as u64 + 10) {
            conversation.insert_turn(turn(&format!("e-{i}"), i));
        }
        assert_eq!(conversation.turns.len(), MAX_TURNS);
        assert_eq!(conversation.omitted_turns, 10);
        assert_eq!(
            conversation.turn_number(MAX_TURNS - 1),
            MAX_TURNS as u32 + 9
        );
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
