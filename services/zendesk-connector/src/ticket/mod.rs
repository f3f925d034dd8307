//! The `zendesk_ticket` path: a Support ticket with the conversation's summary, followed up
//! by the team by email.

pub mod api;
pub mod deliver;
