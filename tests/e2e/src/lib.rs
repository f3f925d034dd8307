//! The end-to-end harness: Baton's services in one process against a real nats-server
//! (each service started through its own `start()`, exactly as `baton run` does), and real
//! peers as child processes (the SMTP server of `baton_testkit::smtp`) or local servers (a
//! fake Intercom that fails on demand).
//!
//! Helpers fail the test that calls them by panicking, with a message that says why.

#![allow(clippy::panic)]

mod events;
mod fleet;
pub mod intercom;
pub mod load;
pub mod observe;
mod stack;

pub use baton_testkit::smtp::{Mail, SmtpServer};
pub use events::Script;
pub use fleet::{ADMIN_TOKEN, Fleet, INTERCOM_SECRET};
pub use stack::{Stack, StackSettings, WAIT};
