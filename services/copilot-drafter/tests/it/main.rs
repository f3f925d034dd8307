//! Copilot-drafter tests: relevance on a labelled set, and the service against a real
//! nats-server.

// Test helpers fail the test that calls them by panicking.
#![allow(clippy::panic)]

mod relevance;
mod service;
