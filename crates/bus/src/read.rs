//! Reading what a stream holds (for operators and tests, not for consuming): every message
//! on a filter, in order, through a short-lived ordered reader that acknowledges nothing and
//! leaves the service consumers untouched.

use std::time::Duration;

use async_nats::HeaderMap;
use async_nats::jetstream::consumer::{AckPolicy, pull};
use bytes::Bytes;
use futures::StreamExt;

use crate::subjects::Stream;
use crate::{Bus, Error};

/// A message as stored in a stream.
#[derive(Debug, Clone)]
pub struct StoredMessage {
    /// Its sequence in the stream.
    pub sequence: u64,
    /// Its subject.
    pub subject: String,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its payload.
    pub payload: Bytes,
}

fn read_error(
    stream: Stream,
    source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> Error {
    Error::Provision {
        what: format!("a reader on stream {}", stream.name()),
        source: source.into(),
    }
}

/// Every message stored in `stream` on subjects matching `filter`, oldest first.
pub async fn stored(bus: &Bus, stream: Stream, filter: &str) -> Result<Vec<StoredMessage>, Error> {
    let handle = bus
        .jetstream()
        .get_stream_no_info(stream.name())
        .await
        .map_err(|err| read_error(stream, err))?;
    let mut reader = handle
        .create_consumer(pull::Config {
            filter_subject: filter.to_owned(),
            ack_policy: AckPolicy::None,
            // Removed by the server soon after the last read, even if the reader crashes.
            inactive_threshold: Duration::from_secs(30),
            ..Default::default()
        })
        .await
        .map_err(|err| read_error(stream, err))?;
    let info = reader.info().await.map_err(|err| read_error(stream, err))?;
    let (name, pending) = (info.name.clone(), info.num_pending);
    let mut found = Vec::new();
    while (found.len() as u64) < pending {
        let mut batch = reader
            .fetch()
            .max_messages(1000)
            .expires(Duration::from_millis(500))
            .messages()
            .await
            .map_err(|err| read_error(stream, err))?;
        let before = found.len();
        while let Some(message) = batch.next().await {
            let message = message.map_err(|err| read_error(stream, err))?;
            let sequence = message.info().map_or(0, |info| info.stream_sequence);
            found.push(StoredMessage {
                sequence,
                subject: message.subject.to_string(),
                headers: message.headers.clone().unwrap_or_default(),
                payload: message.payload.clone(),
            });
        }
        if found.len() == before {
            break;
        }
    }
    // Streams cap their consumers: a reader polled in a loop must not leave one behind.
    if let Err(err) = handle.delete_consumer(&name).await {
        tracing::debug!(error = %err, "stream reader not deleted; the server drops it when idle");
    }
    Ok(found)
}
