//! Turns for the unit tests.

use baton_proto::v1::{Role, Turn};

/// A customer message.
pub fn user(text: &str) -> Turn {
    Turn {
        role: Role::User as i32,
        text: text.into(),
        ..Turn::default()
    }
}

/// An assistant message, with its `answered` flag.
pub fn agent(text: &str, answered: Option<bool>) -> Turn {
    Turn {
        role: Role::Agent as i32,
        text: text.into(),
        answered,
        ..Turn::default()
    }
}
