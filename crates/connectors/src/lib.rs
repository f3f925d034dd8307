//! What Baton sends to each helpdesk and mailbox, as data, for the connector services that
//! send it and for Preview that shows it — one place, so the two cannot differ:
//!
//! - [`intercom`]: settings and client, the REST API 2.14 requests, texts, the delivery plan;
//! - [`zendesk`]: settings and both clients, Sunshine Conversations and Support API requests,
//!   texts, the live and ticket plans;
//! - [`email`]: settings, the rendered emails a dispatch sends.
//!
//! No I/O here: the services run the plans (`baton_helpdesk::deliver`) and send the emails.

pub mod email;
pub mod intercom;
pub mod zendesk;
