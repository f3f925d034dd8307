//! NATS JetStream for Baton.
//!
//! - [`Bus::connect`]: connect (URL, credentials, TLS) and refuse servers older than 2.10;
//! - [`Bus::provision`]: streams and KV buckets, idempotently ([`subjects`] names them);
//! - [`Publisher`]: typed protobuf publish with `Nats-Msg-Id` and `traceparent`;
//! - [`kv::Store`]: typed protobuf KV with compare-and-set updates;
//! - [`worker`]: the consumer loop every service uses (decode → validate → handle →
//!   ack / nak with backoff / dead-letter and term);
//! - [`erase`]: everything held about a conversation or a customer, deleted (`baton erase`);
//! - [`server`]: find, check and start a local `nats-server` (for `baton run` and tests).

mod connect;
pub mod dlq;
pub mod erase;
mod error;
pub mod kv;
mod provision;
mod publish;
pub mod read;
pub mod retry;
pub mod server;
pub mod subjects;
pub mod worker;

pub use connect::{Bus, BusSettings};
pub use error::Error;
pub use publish::Publisher;
pub use worker::{Delivery, HandleError, Handler, WorkerSpec};

/// The `Nats-Msg-Id` header, by which JetStream drops a republished message.
pub const MSG_ID_HEADER: &str = "Nats-Msg-Id";

/// The message a panic was raised with (`panic!("…")`, `expect`), for logs and DLQ reasons.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(a panic without a message)")
}

/// Formats an error with its whole cause chain ("a: b: c"), for logs and DLQ reasons.
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // Many errors repeat their source in their own message; say it once.
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
