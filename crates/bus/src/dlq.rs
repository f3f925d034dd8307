//! The dead-letter queue: a message no service can process is published, unchanged and with
//! the reason, to `baton.dlq.<service>`, then terminated. Never dropped silently, never
//! redelivered forever.

use std::time::SystemTime;

use async_nats::HeaderMap;
use baton_proto::v1::{DeadLetter, Header};
use bytes::Bytes;
use futures::StreamExt;
use serde::Deserialize;
use tokio_util::sync::CancellationToken;

use crate::{Bus, Error, Publisher, subjects};

/// Where a dead letter came from.
pub struct Origin<'a> {
    /// The stream it was stored in.
    pub stream: &'a str,
    /// Its sequence there.
    pub sequence: u64,
    /// Its subject.
    pub subject: &'a str,
    /// Its headers.
    pub headers: Option<&'a HeaderMap>,
    /// Its payload.
    pub payload: Bytes,
    /// How often it was delivered.
    pub deliveries: u64,
}

/// Room a dead letter leaves in its NATS message for headers (msg-id, trace context).
const HEADER_ROOM: usize = 8 * 1024;

/// Longest reason a dead letter keeps (error chains can quote whole payloads).
const MAX_REASON_BYTES: usize = 4 * 1024;

/// Publishes dead letters for one service.
#[derive(Clone)]
pub struct DeadLetters {
    publisher: Publisher,
    service: &'static str,
    subject: String,
    /// Largest message the server takes.
    max_payload: usize,
}

impl DeadLetters {
    /// Dead letters of `service` go to `baton.dlq.<service>`.
    pub fn new(bus: Bus, service: &'static str) -> Result<Self, Error> {
        let max_payload = bus.client().server_info().max_payload;
        Ok(Self {
            publisher: Publisher::new(bus),
            service,
            subject: subjects::dlq(service)?,
            max_payload,
        })
    }

    /// Publishes one dead letter. The msg-id is the stream position, so the in-band path and
    /// the max-deliveries advisory never store the same message twice.
    pub async fn send(&self, origin: Origin<'_>, reason: &str) -> Result<(), Error> {
        let letter = DeadLetter {
            service: self.service.to_owned(),
            subject: origin.subject.to_owned(),
            payload: origin.payload.to_vec(),
            headers: origin.headers.map(copy_headers).unwrap_or_default(),
            reason: reason.to_owned(),
            stream_sequence: origin.sequence,
            stream: origin.stream.to_owned(),
            deliveries: origin.deliveries,
            at: Some(SystemTime::now().into()),
            payload_bytes: 0,
        };
        let letter = fit(letter, self.max_payload.saturating_sub(HEADER_ROOM));
        let msg_id = format!("dlq-{}-{}-{}", self.service, origin.stream, origin.sequence);
        self.publisher
            .publish(self.subject.clone(), &msg_id, &letter)
            .await?;
        metrics::counter!(
            "baton_messages_dead_lettered_total",
            "service" => self.service,
            "subject" => subjects::family(origin.subject),
        )
        .increment(1);
        tracing::warn!(
            service = self.service,
            subject = origin.subject,
            stream = origin.stream,
            sequence = origin.sequence,
            reason,
            "message dead-lettered"
        );
        Ok(())
    }
}

/// `letter`, made to fit in `limit` encoded bytes: a message that was itself near the
/// server's limit still lands, with its reason, its headers and the first bytes of its
/// payload (`payload_bytes` records the whole size).
fn fit(mut letter: DeadLetter, limit: usize) -> DeadLetter {
    if letter.reason.len() > MAX_REASON_BYTES {
        let mut end = MAX_REASON_BYTES;
        while !letter.reason.is_char_boundary(end) {
            end -= 1;
        }
        letter.reason.truncate(end);
        letter.reason.push('…');
    }
    if prost::Message::encoded_len(&letter) > limit {
        letter.payload_bytes = letter.payload.len() as u64;
        // Measured with `payload_bytes` set; the payload's length prefix only shrinks.
        let excess = prost::Message::encoded_len(&letter).saturating_sub(limit);
        let keep = letter.payload.len().saturating_sub(excess);
        letter.payload.truncate(keep);
    }
    letter
}

fn copy_headers(headers: &HeaderMap) -> Vec<Header> {
    headers
        .iter()
        .flat_map(|(name, values)| {
            values.iter().map(move |value| Header {
                name: name.to_string(),
                value: value.to_string(),
            })
        })
        .collect()
}

/// The server's advisory when a consumer reaches `max_deliver` for a message.
#[derive(Deserialize)]
struct MaxDeliveries {
    stream_seq: u64,
    deliveries: u64,
}

/// Dead-letters messages the server gave up on (the handler never finished them: crashes,
/// hangs), which the worker's own in-band path cannot see. Replicas share a queue group, so
/// each advisory is handled once. Returns before `shutdown` only when it cannot subscribe or
/// the subscription ends.
pub(crate) async fn watch_max_deliveries(
    bus: Bus,
    stream: &'static str,
    durable: String,
    dead_letters: DeadLetters,
    shutdown: CancellationToken,
) -> Result<(), Error> {
    let subject = format!("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{stream}.{durable}");
    let mut advisories = bus
        .client()
        .queue_subscribe(subject.clone(), format!("baton-dlq-{durable}"))
        .await
        .map_err(|err| Error::Provision {
            what: format!("subscription to {subject}"),
            source: Error::boxed(err),
        })?;
    loop {
        let advisory = tokio::select! {
            () = shutdown.cancelled() => return Ok(()),
            next = advisories.next() => match next {
                Some(message) => message,
                None => return Ok(()),
            },
        };
        let Ok(advisory) = serde_json::from_slice::<MaxDeliveries>(&advisory.payload) else {
            tracing::warn!(%subject, "unreadable max-deliveries advisory");
            continue;
        };
        if let Err(err) = dead_letter_by_sequence(&bus, stream, &dead_letters, &advisory).await {
            tracing::error!(
                error = %crate::error_chain(&err),
                stream,
                sequence = advisory.stream_seq,
                "cannot dead-letter a message the server gave up on"
            );
        }
    }
}

async fn dead_letter_by_sequence(
    bus: &Bus,
    stream: &str,
    dead_letters: &DeadLetters,
    advisory: &MaxDeliveries,
) -> Result<(), Error> {
    let read_error = |source| Error::Provision {
        what: format!("message {} of stream {stream}", advisory.stream_seq),
        source,
    };
    let message = bus
        .jetstream()
        .get_stream_no_info(stream)
        .await
        .map_err(|err| read_error(Error::boxed(err)))?
        .get_raw_message(advisory.stream_seq)
        .await
        .map_err(|err| read_error(Error::boxed(err)))?;
    let reason = format!(
        "the server gave up after {} deliveries without an acknowledgement \
         (the handler crashed or hung; see the service's logs)",
        advisory.deliveries
    );
    dead_letters
        .send(
            Origin {
                stream,
                sequence: message.sequence,
                subject: message.subject.as_str(),
                headers: Some(&message.headers),
                payload: message.payload.clone(),
                deliveries: advisory.deliveries,
            },
            &reason,
        )
        .await
}

/// A dead letter and its sequence in `BATON_DLQ` (the handle to replay it).
#[derive(Debug, Clone)]
pub struct Listed {
    /// Its sequence in `BATON_DLQ`.
    pub sequence: u64,
    /// The dead letter.
    pub letter: DeadLetter,
}

/// The dead letters of `service` (every service when `None`), oldest first.
pub async fn list(bus: &Bus, service: Option<&str>) -> Result<Vec<Listed>, Error> {
    let filter = match service {
        Some(service) => subjects::dlq(service)?,
        None => "baton.dlq.>".to_owned(),
    };
    let stored = crate::read::stored(bus, subjects::Stream::Dlq, &filter).await?;
    stored
        .into_iter()
        .map(|message| {
            let letter =
                <DeadLetter as prost::Message>::decode(message.payload).map_err(|source| {
                    Error::Corrupt {
                        key: format!("{} #{}", subjects::Stream::Dlq.name(), message.sequence),
                        type_name: "baton.v1.DeadLetter",
                        source,
                    }
                })?;
            Ok(Listed {
                sequence: message.sequence,
                letter,
            })
        })
        .collect()
}

/// Publishes the dead letter at `sequence` again, unchanged, on its original subject, then
/// removes it from the DLQ. It gets a new msg-id (`replay-<sequence>`): the original id may
/// still be in the duplicate window, and the consumers key their effects by their own ids,
/// so a replayed message that had partly worked repeats nothing.
pub async fn replay(bus: &Bus, sequence: u64) -> Result<DeadLetter, Error> {
    let stream = subjects::Stream::Dlq.name();
    let read_error = |source| Error::Provision {
        what: format!("dead letter #{sequence} of stream {stream}"),
        source,
    };
    let dlq = bus
        .jetstream()
        .get_stream_no_info(stream)
        .await
        .map_err(|err| read_error(Error::boxed(err)))?;
    let message = dlq
        .get_raw_message(sequence)
        .await
        .map_err(|err| read_error(Error::boxed(err)))?;
    let letter = <DeadLetter as prost::Message>::decode(message.payload).map_err(|source| {
        Error::Corrupt {
            key: format!("{stream} #{sequence}"),
            type_name: "baton.v1.DeadLetter",
            source,
        }
    })?;
    if letter.payload_bytes > 0 {
        return Err(Error::Cut {
            sequence,
            kept: letter.payload.len(),
            whole: letter.payload_bytes,
        });
    }
    let mut headers = HeaderMap::new();
    for header in &letter.headers {
        if header.name != crate::MSG_ID_HEADER {
            headers.append(header.name.as_str(), header.value.as_str());
        }
    }
    headers.insert(crate::MSG_ID_HEADER, format!("replay-{sequence}").as_str());
    Publisher::new(bus.clone())
        .publish_raw(
            letter.subject.clone(),
            headers,
            Bytes::from(letter.payload.clone()),
        )
        .await?;
    dlq.delete_message(sequence)
        .await
        .map_err(|err| read_error(Error::boxed(err)))?;
    tracing::info!(sequence, subject = %letter.subject, service = %letter.service, "dead letter replayed");
    Ok(letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(payload: usize, reason: &str) -> DeadLetter {
        DeadLetter {
            payload: vec![7; payload],
            reason: reason.to_owned(),
            ..DeadLetter::default()
        }
    }

    #[test]
    fn a_letter_that_fits_is_kept_whole() {
        let fitted = fit(letter(1000, "bad"), 4096);
        assert_eq!(fitted.payload.len(), 1000);
        assert_eq!(fitted.payload_bytes, 0);
    }

    #[test]
    fn a_letter_too_big_keeps_its_reason_and_the_start_of_its_payload() {
        let limit = 64 * 1024;
        let fitted = fit(letter(100_000, "undecodable"), limit);
        assert!(prost::Message::encoded_len(&fitted) <= limit);
        assert_eq!(fitted.payload_bytes, 100_000);
        assert_eq!(fitted.reason, "undecodable");
        assert!(fitted.payload.len() > limit - 100);
    }

    #[test]
    fn a_long_reason_is_cut_on_a_character_boundary() {
        let fitted = fit(letter(0, &"é".repeat(MAX_REASON_BYTES)), 1 << 20);
        assert!(fitted.reason.len() <= MAX_REASON_BYTES + '…'.len_utf8());
        assert!(fitted.reason.ends_with('…'));
    }
}
