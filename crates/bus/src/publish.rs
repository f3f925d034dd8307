//! Typed publish: every message Baton publishes goes through here, so none leaves without
//! its `Nats-Msg-Id` (deduplication) and `traceparent` (one trace per handoff).

use async_nats::HeaderMap;
use prost::Message;

use crate::{Bus, Error, MSG_ID_HEADER};

/// Publishes protobuf messages to JetStream and waits for the stream's acknowledgement.
#[derive(Clone)]
pub struct Publisher {
    bus: Bus,
}

/// What JetStream said about a publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    /// The message's sequence in its stream.
    pub sequence: u64,
    /// True when a message with the same msg-id was already stored: nothing new was added.
    pub duplicate: bool,
}

impl Publisher {
    /// A publisher on `bus`.
    pub fn new(bus: Bus) -> Self {
        Self { bus }
    }

    /// Publishes `message` on `subject` with `msg_id` (derive it from the cause, so a retried
    /// publish is dropped by JetStream) and the current trace context.
    pub async fn publish<M: Message>(
        &self,
        subject: String,
        msg_id: &str,
        message: &M,
    ) -> Result<Published, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(MSG_ID_HEADER, msg_id);
        baton_telemetry::propagation::inject_current(&mut headers);
        self.publish_raw(subject, headers, message.encode_to_vec().into())
            .await
    }

    /// Publishes bytes with the given headers as they are (dead letters, replays, tests).
    pub async fn publish_raw(
        &self,
        subject: String,
        headers: HeaderMap,
        payload: bytes::Bytes,
    ) -> Result<Published, Error> {
        let publish_error = |source| Error::Publish {
            subject: subject.clone(),
            source,
        };
        let ack = self
            .bus
            .jetstream()
            .publish_with_headers(subject.clone(), headers, payload)
            .await
            .map_err(|err| publish_error(Error::boxed(err)))?
            .await
            .map_err(|err| publish_error(Error::boxed(err)))?;
        Ok(Published {
            sequence: ack.sequence,
            duplicate: ack.duplicate,
        })
    }
}
