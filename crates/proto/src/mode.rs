//! Every change of who is in charge of a conversation, in one place. Two services write
//! conversation state (conversation, handoff-router), each with its own compare-and-set;
//! both move the mode through [`Conversation::transition`], so a conversation can only
//! take the paths in this table, whoever moves it:
//!
//! | transition | from | to |
//! |---|---|---|
//! | (a new conversation) | — | bot |
//! | [`Transition::Claim`] | bot | handoff_pending |
//! | [`Transition::Settle`] | handoff_pending, held by the record | human (live types), handed_off (ticket, email) |
//! | [`Transition::GiveBack`] | handoff_pending, held by the record | bot |
//! | [`Transition::Release`] | human, handed_off | bot |
//! | [`Transition::Close`] | any but closed | closed |
//! | [`Transition::Reopen`] | closed | bot |

use prost_types::Timestamp;

use crate::v1::{ActiveHandoff, Conversation, HandoffEnded, HandoffType, Mode};

/// A change of who is in charge of a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// A handoff takes the conversation from the bot. The record id must be the
    /// conversation's next (`handoff_count + 1`), which the claim counts.
    Claim(ActiveHandoff),
    /// The helpdesk accepted an attempt of `record_id`: a human takes over (live types) or
    /// the team follows up (ticket, email).
    Settle {
        /// The record that holds the conversation.
        record_id: String,
        /// The configured handoff whose attempt was accepted (a fallback, perhaps).
        handoff_id: String,
        /// Its type.
        kind: HandoffType,
        /// The helpdesk's reference.
        external_ref: String,
    },
    /// Every path of `record_id` failed: back to the bot.
    GiveBack {
        /// The record that holds the conversation.
        record_id: String,
    },
    /// The human handed the conversation back to the bot.
    Release,
    /// The conversation is over.
    Close,
    /// The customer wrote again after the close: the bot answers, triggers look only at
    /// turns from now on.
    Reopen,
}

impl Conversation {
    /// A conversation seen for the first time: the bot answers.
    pub fn started(tenant_id: &str, agent_id: &str, conversation_id: &str, at: Timestamp) -> Self {
        Self {
            tenant_id: tenant_id.to_owned(),
            agent_id: agent_id.to_owned(),
            conversation_id: conversation_id.to_owned(),
            mode: Mode::Bot as i32,
            created_at: Some(at),
            ..Self::default()
        }
    }

    /// Applies `transition` at `at` when the conversation is in a mode it leaves (see the
    /// table above); returns whether it did. A transition that does not apply changes
    /// nothing: the other writer moved the conversation first, or a redelivery repeats one.
    pub fn transition(&mut self, transition: &Transition, at: Timestamp) -> bool {
        let applies = match transition {
            Transition::Claim(_) => self.mode() == Mode::Bot,
            Transition::Settle { record_id, .. } | Transition::GiveBack { record_id } => {
                self.held_by(record_id)
            }
            Transition::Release => matches!(self.mode(), Mode::Human | Mode::HandedOff),
            Transition::Close => self.mode() != Mode::Closed,
            Transition::Reopen => self.mode() == Mode::Closed,
        };
        if !applies {
            return false;
        }
        match transition {
            Transition::Claim(active) => {
                self.handoff_count += 1;
                self.mode = Mode::HandoffPending as i32;
                self.active_handoff = Some(active.clone());
            }
            Transition::Settle {
                handoff_id,
                kind,
                external_ref,
                ..
            } => {
                self.mode = if kind.is_live() {
                    Mode::Human
                } else {
                    Mode::HandedOff
                } as i32;
                if let Some(active) = self.active_handoff.as_mut() {
                    active.handoff_id = handoff_id.clone();
                    active.r#type = *kind as i32;
                    active.external_ref = external_ref.clone();
                }
            }
            Transition::GiveBack { .. } | Transition::Release | Transition::Reopen => {
                self.return_to_bot(at);
            }
            Transition::Close => self.mode = Mode::Closed as i32,
        }
        self.updated_at = Some(at);
        true
    }

    /// Whether the conversation waits on `record_id`'s delivery.
    fn held_by(&self, record_id: &str) -> bool {
        self.mode() == Mode::HandoffPending
            && self
                .active_handoff
                .as_ref()
                .is_some_and(|active| active.record_id == record_id)
    }

    /// Back to the AI agent: triggers look only at turns from now on, and the handoff that
    /// just ended starts its cool-down.
    fn return_to_bot(&mut self, at: Timestamp) {
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
    use crate::v1::Turn;

    const AT: Timestamp = Timestamp {
        seconds: 10,
        nanos: 0,
    };

    const MODES: [Mode; 5] = [
        Mode::Bot,
        Mode::HandoffPending,
        Mode::Human,
        Mode::HandedOff,
        Mode::Closed,
    ];

    fn in_mode(mode: Mode, record_id: &str) -> Conversation {
        Conversation {
            mode: mode as i32,
            turns: vec![Turn::default(), Turn::default()],
            active_handoff: (mode != Mode::Bot).then(|| ActiveHandoff {
                record_id: record_id.into(),
                handoff_id: "live".into(),
                r#type: HandoffType::Intercom as i32,
                ..ActiveHandoff::default()
            }),
            ..Conversation::started("acme", "support", "c-1", AT)
        }
    }

    fn settle(kind: HandoffType) -> Transition {
        Transition::Settle {
            record_id: "c-1-1".into(),
            handoff_id: "ticket".into(),
            kind,
            external_ref: "42".into(),
        }
    }

    /// The whole table: each transition from each mode, and where it leads (None: refused).
    #[test]
    fn each_transition_leaves_only_the_modes_it_names() {
        let claim = Transition::Claim(ActiveHandoff {
            record_id: "c-1-1".into(),
            ..ActiveHandoff::default()
        });
        let give_back = Transition::GiveBack {
            record_id: "c-1-1".into(),
        };
        let (pending, closed, bot) = (
            Some(Mode::HandoffPending),
            Some(Mode::Closed),
            Some(Mode::Bot),
        );
        let table: [(&Transition, [Option<Mode>; 5]); 7] = [
            (&claim, [pending, None, None, None, None]),
            (
                &settle(HandoffType::Intercom),
                [None, Some(Mode::Human), None, None, None],
            ),
            (
                &settle(HandoffType::ZendeskTicket),
                [None, Some(Mode::HandedOff), None, None, None],
            ),
            (&give_back, [None, bot, None, None, None]),
            (&Transition::Release, [None, None, bot, bot, None]),
            (&Transition::Close, [closed, closed, closed, closed, None]),
            (&Transition::Reopen, [None, None, None, None, bot]),
        ];
        for (transition, expected) in table {
            for (from, to) in MODES.into_iter().zip(expected) {
                let mut conversation = in_mode(from, "c-1-1");
                let before = conversation.clone();
                let applied = conversation.transition(transition, AT);
                match to {
                    Some(mode) => {
                        assert!(applied, "{transition:?} from {from:?}");
                        assert_eq!(conversation.mode(), mode, "{transition:?} from {from:?}");
                    }
                    None => {
                        assert!(!applied, "{transition:?} from {from:?}");
                        assert_eq!(conversation, before, "{transition:?} from {from:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_record_moves_only_the_conversation_it_holds() {
        let mut conversation = in_mode(Mode::HandoffPending, "c-1-2");
        assert!(!conversation.transition(&settle(HandoffType::Email), AT));
        let give_back = Transition::GiveBack {
            record_id: "c-1-1".into(),
        };
        assert!(!conversation.transition(&give_back, AT));
        assert_eq!(conversation.mode(), Mode::HandoffPending);
    }

    #[test]
    fn a_claim_counts_the_handoff_and_a_settlement_names_the_path_that_took_it() {
        let mut conversation = in_mode(Mode::Bot, "");
        let active = ActiveHandoff {
            record_id: "c-1-1".into(),
            handoff_id: "live".into(),
            ..ActiveHandoff::default()
        };
        assert!(conversation.transition(&Transition::Claim(active), AT));
        assert_eq!(conversation.handoff_count, 1);
        assert!(conversation.transition(&settle(HandoffType::ZendeskTicket), AT));
        let active = conversation.active_handoff.clone().expect("active");
        assert_eq!(active.handoff_id, "ticket");
        assert_eq!(active.r#type(), HandoffType::ZendeskTicket);
        assert_eq!(active.external_ref, "42");
        assert_eq!(conversation.updated_at, Some(AT));
    }

    #[test]
    fn returning_to_the_bot_starts_a_new_segment_and_a_cool_down() {
        let mut conversation = in_mode(Mode::Human, "c-1-1");
        assert!(conversation.transition(&Transition::Release, AT));
        assert_eq!(conversation.mode(), Mode::Bot);
        assert_eq!(conversation.bot_since_turn, 2);
        assert!(conversation.active_handoff.is_none());
        assert_eq!(conversation.handoffs_ended[0].handoff_id, "live");
        assert_eq!(conversation.handoffs_ended[0].at, Some(AT));
    }
}
