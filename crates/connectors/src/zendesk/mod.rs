//! Zendesk: the connector's settings and its two clients ([`settings`]), the Sunshine
//! Conversations requests of a live handoff ([`sunshine`]), the Support API requests of a
//! ticket ([`ticket`]), the texts in them ([`text`]) and the plans of both ([`plan`]).

pub mod plan;
pub mod settings;
pub mod sunshine;
pub mod text;
pub mod ticket;

pub use plan::{idempotency_key, preview, sunshine_plan, switchboard_integration, ticket_plan};
pub use settings::{AGENT_WORKSPACE, Settings};
pub use text::ticket_tag;
