//! Configuration, in two kinds:
//!
//! - [`settings`]: how a service runs (NATS, ports, credentials): defaults, then an optional
//!   YAML file, then `BATON_…` environment variables; [`known`]: which variables are settings;
//! - [`agent`]: what an operator configures per AI agent (handoffs, triggers, delivery
//!   settings): YAML, validated with the line and the reason of every problem, converted to
//!   the `baton.v1.AgentConfig` stored in KV ([`store`]).
//!
//! [`secret`] checks a presented credential against a configured one, in constant time.

pub mod agent;
pub mod hours;
pub mod knowledge;
pub mod known;
pub mod live;
pub mod policy;
pub mod secret;
pub mod settings;
pub mod store;

pub use agent::{ConfigError, Problem, Validated, parse};
