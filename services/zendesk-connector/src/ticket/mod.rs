//! The `zendesk_ticket` path: a Support ticket with the conversation's summary, followed up
//! by the team by email; solving it hands the conversation back to the AI agent.

pub mod api;
pub mod deliver;
pub mod webhook;
