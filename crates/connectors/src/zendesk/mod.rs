//! Zendesk: the connector's settings and its two clients ([`settings`]), the Sunshine
//! Conversations requests of a live handoff ([`sunshine`], bodies and answers typed in
//! [`sunshine_wire`]), the Support API requests of a ticket ([`ticket`], typed in
//! [`ticket_wire`]), the texts in them ([`text`]) and the plans of both ([`plan`]).

pub mod plan;
pub mod settings;
pub mod sunshine;
pub mod sunshine_wire;
pub mod text;
pub mod ticket;
pub mod ticket_wire;

pub use plan::{idempotency_key, preview, sunshine_plan, switchboard_integration, ticket_plan};
pub use settings::{AGENT_WORKSPACE, Settings};
pub use text::ticket_tag;
