//! What the helpdesk connectors (Intercom, Zendesk) share, so each mechanism has one home:
//!
//! - [`plan`]: a delivery as data — the steps a handoff sends, for delivery and Preview;
//! - [`deliver`]: running a plan idempotently, and how its end becomes the router's result;
//! - [`dispatch`]: a dispatch checked once, with its handoff's settings;
//! - [`answer`]: reading ids out of helpdesk answers;
//! - [`http`]: the API client — timeouts, retries with backoff and jitter, `429` waits,
//!   final 4xx, client spans with `traceparent`, latency and status metrics, dry-run;
//! - [`webhook`]: signature and shared-secret checks in constant time, replay window;
//! - [`identity`]: customer ids as a helpdesk account shared by tenants knows them;
//! - [`links`]: the link store (KV `baton_links`) and once-only markers;
//! - [`report`]: dispatch results for the router, helpdesk events for the conversation;
//! - [`text`]: the handoff note and Copilot's suggestions, as human agents read them.

pub mod answer;
pub mod deliver;
pub mod dispatch;
pub mod http;
pub mod identity;
pub mod links;
pub mod plan;
pub mod report;
pub mod text;
pub mod webhook;

pub use http::{ApiClient, ApiRequest, Auth, CallError, HttpSettings, Mode};
pub use links::Links;
