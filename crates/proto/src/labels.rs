//! The short lowercase names of enum values that operators read and type (`bot`,
//! `handoff_pending`, `zendesk_ticket`, `user`): one spelling for the CLI, subjects, JSON
//! output and configuration files.

use crate::v1::{AgentAction, HandoffState, HandoffType, Mode, Role};

impl Mode {
    /// `bot`, `handoff_pending`, `human`, `handed_off`, `closed` (`unspecified` if unset).
    pub fn label(self) -> &'static str {
        match self {
            Mode::Unspecified => "unspecified",
            Mode::Bot => "bot",
            Mode::HandoffPending => "handoff_pending",
            Mode::Human => "human",
            Mode::HandedOff => "handed_off",
            Mode::Closed => "closed",
        }
    }

    /// The mode named `label`.
    pub fn from_label(label: &str) -> Option<Self> {
        [
            Mode::Bot,
            Mode::HandoffPending,
            Mode::Human,
            Mode::HandedOff,
            Mode::Closed,
        ]
        .into_iter()
        .find(|mode| mode.label() == label)
    }
}

impl Role {
    /// `user`, `agent`, `human_agent` (`unspecified` if unset).
    pub fn label(self) -> &'static str {
        match self {
            Role::Unspecified => "unspecified",
            Role::User => "user",
            Role::Agent => "agent",
            Role::HumanAgent => "human_agent",
        }
    }
}

impl AgentAction {
    /// `pause`, `resume`, `close` (`unspecified` if unset).
    pub fn label(self) -> &'static str {
        match self {
            AgentAction::Unspecified => "unspecified",
            AgentAction::Pause => "pause",
            AgentAction::Resume => "resume",
            AgentAction::Close => "close",
        }
    }
}

impl HandoffType {
    /// `intercom`, `zendesk_sunshine`, `zendesk_ticket`, `email` (`unspecified` if unset);
    /// also the subject token of the type.
    pub fn label(self) -> &'static str {
        match self {
            HandoffType::Unspecified => "unspecified",
            HandoffType::Intercom => "intercom",
            HandoffType::ZendeskSunshine => "zendesk_sunshine",
            HandoffType::ZendeskTicket => "zendesk_ticket",
            HandoffType::Email => "email",
        }
    }

    /// Whether a human takes over the chat itself (as opposed to a ticket or an email).
    pub fn is_live(self) -> bool {
        match self {
            HandoffType::Intercom | HandoffType::ZendeskSunshine => true,
            HandoffType::ZendeskTicket | HandoffType::Email | HandoffType::Unspecified => false,
        }
    }
}

impl HandoffState {
    /// `dispatched`, `accepted`, `failed` (`unspecified` if unset).
    pub fn label(self) -> &'static str {
        match self {
            HandoffState::Unspecified => "unspecified",
            HandoffState::Dispatched => "dispatched",
            HandoffState::Accepted => "accepted",
            HandoffState::Failed => "failed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_labels_round_trip() {
        for mode in [
            Mode::Bot,
            Mode::HandoffPending,
            Mode::Human,
            Mode::HandedOff,
            Mode::Closed,
        ] {
            assert_eq!(Mode::from_label(mode.label()), Some(mode));
        }
        assert_eq!(Mode::from_label("asleep"), None);
    }
}
