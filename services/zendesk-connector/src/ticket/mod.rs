//! The `zendesk_ticket` path: a Support ticket with the conversation's summary, followed up
//! by the team by email; solving it hands the conversation back to the AI agent. What it
//! sends is `baton_connectors::zendesk::ticket`'s.

pub mod deliver;
pub mod webhook;
