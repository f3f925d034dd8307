//! The `zendesk_sunshine` path: the conversation moves into Zendesk Agent Workspace through
//! Sunshine Conversations, and the customer keeps chatting with a person.

pub mod api;
pub mod deliver;
pub mod relay;
pub mod webhook;
