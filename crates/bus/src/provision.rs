//! Creates or updates every stream and KV bucket. Idempotent: every service runs it at
//! start, so whichever starts first sets the bus up and a changed setting (e.g. replicas)
//! is applied on the next start.

use std::time::Duration;

use async_nats::jetstream::{kv, stream};

use crate::subjects::{Bucket, Stream};
use crate::{Bus, Error};

/// How long JetStream remembers a `Nats-Msg-Id`: longer than a message's whole redelivery
/// schedule, so a handler that republishes on redelivery never duplicates.
pub const DUPLICATE_WINDOW: Duration = Duration::from_secs(10 * 60);

/// The longest a message stays in a stream other than the DLQ: its consumers are minutes
/// behind at worst, and `baton tail`/traces need days, not months.
const STREAM_RETENTION: Duration = Duration::from_secs(7 * 24 * 3600);

/// Largest KV value: a long conversation with several 32 KiB messages fits.
const MAX_VALUE_BYTES: i32 = 4 * 1024 * 1024;

impl Bus {
    /// Creates or updates every stream and bucket.
    pub async fn provision(&self) -> Result<(), Error> {
        for stream in Stream::ALL {
            self.provision_stream(stream).await?;
        }
        for bucket in Bucket::ALL {
            self.provision_bucket(bucket).await?;
        }
        self.mark_provisioned();
        Ok(())
    }

    async fn provision_stream(&self, which: Stream) -> Result<(), Error> {
        let config = stream::Config {
            name: which.name().into(),
            subjects: which.subjects().iter().map(|s| (*s).to_owned()).collect(),
            storage: stream::StorageType::File,
            num_replicas: self.replicas(),
            duplicate_window: DUPLICATE_WINDOW,
            // Dead letters wait for someone to look (the default 30 days outlasts a
            // holiday), up to the retention like everything about a conversation.
            max_age: if which == Stream::Dlq {
                self.retention()
            } else {
                STREAM_RETENTION.min(self.retention())
            },
            // Bounded by size too when set: then a full stream refuses new messages (the
            // publisher retries, the storage alerts fire) instead of dropping the oldest,
            // which may not be processed yet.
            max_bytes: match self.stream_max_bytes() {
                0 => -1,
                bytes => i64::try_from(bytes).unwrap_or(i64::MAX),
            },
            discard: if self.stream_max_bytes() == 0 {
                stream::DiscardPolicy::Old
            } else {
                stream::DiscardPolicy::New
            },
            allow_direct: true,
            ..Default::default()
        };
        self.jetstream()
            .create_or_update_stream(config)
            .await
            .map_err(|err| Error::Provision {
                what: format!("stream {}", which.name()),
                source: Error::boxed(err),
            })?;
        Ok(())
    }

    async fn provision_bucket(&self, which: Bucket) -> Result<(), Error> {
        let config = kv::Config {
            bucket: which.name().into(),
            history: which.history(),
            storage: stream::StorageType::File,
            num_replicas: self.replicas(),
            max_value_size: MAX_VALUE_BYTES,
            // An entry not written for the retention is removed: a conversation closed or
            // abandoned that long ago, its records, links and markers.
            max_age: if which.expires() {
                self.retention()
            } else {
                Duration::ZERO
            },
            ..Default::default()
        };
        self.jetstream()
            .create_or_update_key_value(config)
            .await
            .map_err(|err| Error::Provision {
                what: format!("KV bucket {}", which.name()),
                source: Error::boxed(err),
            })?;
        Ok(())
    }

    /// A handle on a bucket (provisioned by [`Bus::provision`]).
    pub async fn bucket(&self, which: Bucket) -> Result<kv::Store, Error> {
        self.jetstream()
            .get_key_value(which.name())
            .await
            .map_err(|err| Error::Provision {
                what: format!("KV bucket {}", which.name()),
                source: Error::boxed(err),
            })
    }
}
