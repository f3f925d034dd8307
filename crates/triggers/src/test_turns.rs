//! Turns for the unit tests.

use baton_proto::v1::{Role, Turn};

/// A customer message.
pub fn user(text: &str) -> Turn {
    Turn::said(Role::User, text)
}

/// An assistant message, with its `answered` flag.
pub fn agent(text: &str, answered: Option<bool>) -> Turn {
    Turn {
        answered,
        ..Turn::said(Role::Agent, text)
    }
}
