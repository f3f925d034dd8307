//! The `zendesk_sunshine` path: the conversation moves into Zendesk Agent Workspace through
//! Sunshine Conversations, and the customer keeps chatting with a person. What it sends is
//! `baton_connectors::zendesk::sunshine`'s.

pub mod deliver;
pub mod relay;
pub mod webhook;
