//! Loop protection, the deployment's rule for how often a conversation may be handed off:
//! after a conversation comes back to the bot, the same handoff waits a cool-down, and a
//! conversation is handed off at most so many times. The trigger-evaluator applies it to
//! avoid pointless requests; the router applies it again, authoritatively.

use std::time::Duration;

use baton_proto::v1::Conversation;
use prost_types::Timestamp;
use serde::{Deserialize, Serialize};

/// How often a conversation may be handed off. Environment:
/// `BATON_HANDOFF_COOLDOWN_SECS` (default 900), `BATON_MAX_HANDOFFS_PER_CONVERSATION` (3).
#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct LoopGuard {
    /// Seconds before a handoff that ended may fire again in the same conversation.
    pub handoff_cooldown_secs: u64,
    /// Handoffs per conversation, ever.
    pub max_handoffs_per_conversation: u32,
}

impl Default for LoopGuard {
    fn default() -> Self {
        Self {
            handoff_cooldown_secs: 900,
            max_handoffs_per_conversation: 3,
        }
    }
}

impl LoopGuard {
    /// Why `handoff_id` may not fire in `conversation` at `now`, if it may not.
    pub fn refusal(
        &self,
        conversation: &Conversation,
        handoff_id: &str,
        now: Timestamp,
    ) -> Option<String> {
        if conversation.handoff_count >= self.max_handoffs_per_conversation {
            return Some(format!(
                "the conversation was already handed off {} times (the limit)",
                conversation.handoff_count
            ));
        }
        let cooldown = Duration::from_secs(self.handoff_cooldown_secs);
        let ended = conversation
            .handoffs_ended
            .iter()
            .find(|ended| ended.handoff_id == handoff_id)?
            .at?;
        let since = Duration::from_secs(u64::try_from(now.seconds - ended.seconds).unwrap_or(0));
        (since < cooldown).then(|| {
            format!(
                "handoff {handoff_id} ended {}s ago; it may fire again after {}s",
                since.as_secs(),
                cooldown.as_secs()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::HandoffEnded;

    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp { seconds, nanos: 0 }
    }

    #[test]
    fn a_recently_ended_handoff_waits_for_its_cool_down() {
        let guard = LoopGuard::default();
        let conversation = Conversation {
            handoff_count: 1,
            handoffs_ended: vec![HandoffEnded {
                handoff_id: "human".into(),
                at: Some(at(1000)),
            }],
            ..Default::default()
        };
        assert!(guard.refusal(&conversation, "human", at(1100)).is_some());
        assert!(
            guard.refusal(&conversation, "billing", at(1100)).is_none(),
            "other handoffs may fire"
        );
        assert!(
            guard
                .refusal(&conversation, "human", at(1000 + 900))
                .is_none()
        );
    }

    #[test]
    fn a_conversation_is_handed_off_at_most_n_times() {
        let guard = LoopGuard::default();
        let conversation = Conversation {
            handoff_count: 3,
            ..Default::default()
        };
        assert!(
            guard
                .refusal(&conversation, "human", at(0))
                .unwrap_or_default()
                .contains("limit")
        );
    }
}
