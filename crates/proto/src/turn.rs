//! Building a turn from who said what: the one constructor that the trigger engine, its
//! eval harness, configuration examples and the tests of every crate share.

use crate::v1::{Role, Turn};

impl Turn {
    /// A turn in which `role` says `text`; every other field at its default.
    pub fn said(role: Role, text: impl Into<String>) -> Turn {
        Turn {
            role: role as i32,
            text: text.into(),
            ..Turn::default()
        }
    }
}
