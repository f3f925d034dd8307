//! What a human agent reads first when a conversation reaches them, and what may leave
//! Baton at all.
//!
//! - [`summarize`]: the conversation in ten seconds — the customer's problem in their own
//!   words, what the AI agent already tried, why it is handed off, the customer's mood
//!   ([`mood`]).
//!   Extractive and deterministic: it quotes, it never invents.
//! - [`redact_text`] / [`redact_package`]: card numbers (Luhn-checked), national ids, and on
//!   request email addresses and phone numbers, replaced by a placeholder in every text a
//!   package carries.

mod mood;
mod redact;
mod summary;

pub use mood::{Mood, mood};
pub use redact::{redact_package, redact_text};
pub use summary::summarize;
