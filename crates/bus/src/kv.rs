//! Typed protobuf KV with compare-and-set: two replicas updating the same key never
//! overwrite each other; the loser re-reads and decides again.

use std::marker::PhantomData;
use std::time::Duration;

use async_nats::jetstream::kv::{self, CreateErrorKind, Operation, UpdateErrorKind};
use futures::TryStreamExt;
use prost::Message;
use rand::Rng;

use crate::subjects::Bucket;
use crate::{Bus, Error};

/// How many lost races an update tolerates before giving up (and the message is retried
/// later by the worker): far more than replicas ever contend for one key.
const MAX_CAS_ATTEMPTS: u32 = 25;

/// A value and the revision it was read at.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    /// The value.
    pub value: T,
    /// Its revision; pass it back to write only if nobody else wrote since.
    pub revision: u64,
}

/// What an update decided to do with the current value.
#[derive(Debug)]
pub enum Decision<T, R> {
    /// Store this value (only if the key is still at the revision read), then return `R`.
    Write(T, R),
    /// Change nothing and return `R`.
    Keep(R),
}

/// A KV bucket whose values are protobuf messages of type `T`.
pub struct Store<T> {
    kv: kv::Store,
    bucket: Bucket,
    _values: PhantomData<fn() -> T>,
}

impl<T> Clone for Store<T> {
    fn clone(&self) -> Self {
        Self {
            kv: self.kv.clone(),
            bucket: self.bucket,
            _values: PhantomData,
        }
    }
}

impl<T: Message + Default> Store<T> {
    /// Opens `bucket` (provisioned by [`Bus::provision`]).
    pub async fn open(bus: &Bus, bucket: Bucket) -> Result<Self, Error> {
        Ok(Self {
            kv: bus.bucket(bucket).await?,
            bucket,
            _values: PhantomData,
        })
    }

    /// The underlying bucket, e.g. to watch it.
    pub fn raw(&self) -> &kv::Store {
        &self.kv
    }

    /// The current value of `key`, if any.
    pub async fn get(&self, key: &str) -> Result<Option<Versioned<T>>, Error> {
        let entry = self.kv.entry(key).await.map_err(|err| Error::Kv {
            operation: "get",
            key: key.to_owned(),
            source: Error::boxed(err),
        })?;
        match entry {
            Some(entry) if entry.operation == Operation::Put => Ok(Some(Versioned {
                value: self.decode(key, &entry.value)?,
                revision: entry.revision,
            })),
            _ => Ok(None),
        }
    }

    /// Stores `value` whatever is there (for values with a single writer).
    pub async fn put(&self, key: &str, value: &T) -> Result<u64, Error> {
        self.kv
            .put(key, value.encode_to_vec().into())
            .await
            .map_err(|err| Error::Kv {
                operation: "put",
                key: key.to_owned(),
                source: Error::boxed(err),
            })
    }

    /// Reads `key`, lets `decide` choose, and writes its choice only if nobody wrote in
    /// between; otherwise reads again and asks again. `decide` must be a pure function of
    /// the value it is given.
    pub async fn update<R>(
        &self,
        key: &str,
        mut decide: impl FnMut(Option<T>) -> Decision<T, R>,
    ) -> Result<R, Error> {
        for attempt in 1..=MAX_CAS_ATTEMPTS {
            let current = self.get(key).await?;
            let revision = current.as_ref().map(|v| v.revision);
            let (value, result) = match decide(current.map(|v| v.value)) {
                Decision::Keep(result) => return Ok(result),
                Decision::Write(value, result) => (value, result),
            };
            let payload = value.encode_to_vec().into();
            let written = match revision {
                None => match self.kv.create(key, payload).await {
                    Ok(_) => true,
                    Err(err) if err.kind() == CreateErrorKind::AlreadyExists => false,
                    Err(err) => return Err(self.write_error(key, Error::boxed(err))),
                },
                Some(revision) => match self.kv.update(key, payload, revision).await {
                    Ok(_) => true,
                    Err(err) if err.kind() == UpdateErrorKind::WrongLastRevision => false,
                    Err(err) => return Err(self.write_error(key, Error::boxed(err))),
                },
            };
            if written {
                return Ok(result);
            }
            // Lost a race: back off a little, more each time, so contenders spread out.
            let pause = rand::rng().random_range(1..=5 * u64::from(attempt));
            tokio::time::sleep(Duration::from_millis(pause)).await;
        }
        Err(Error::Contended {
            key: key.to_owned(),
            attempts: MAX_CAS_ATTEMPTS,
        })
    }

    /// Removes `key`.
    pub async fn delete(&self, key: &str) -> Result<(), Error> {
        self.kv.delete(key).await.map_err(|err| Error::Kv {
            operation: "delete",
            key: key.to_owned(),
            source: Error::boxed(err),
        })
    }

    /// Every key that starts with `prefix` (e.g. `"<tenant>."`), sorted. The server lists
    /// them from a subject filter on the prefix's whole tokens (`$KV.<bucket>.<tenant>.>`),
    /// so one tenant's list does not walk every tenant's keys. A key deleted but not yet
    /// purged may be listed; its `get` answers `None`.
    pub async fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, Error> {
        let list_error = |source| Error::Kv {
            operation: "list",
            key: format!("{prefix}*"),
            source,
        };
        let whole_tokens = prefix.rfind('.').map_or("", |dot| &prefix[..=dot]);
        let filter = format!("{}{whole_tokens}>", self.kv.prefix);
        let subjects = self
            .kv
            .stream
            .info_with_subjects(&filter)
            .await
            .map_err(|err| list_error(Error::boxed(err)))?;
        let mut keys: Vec<String> = subjects
            .map_ok(|(subject, _count)| subject)
            .try_filter_map(|subject| {
                let key = subject
                    .strip_prefix(self.kv.prefix.as_str())
                    .filter(|key| key.starts_with(prefix))
                    .map(str::to_owned);
                std::future::ready(Ok(key))
            })
            .try_collect()
            .await
            .map_err(|err| list_error(Error::boxed(err)))?;
        keys.sort();
        Ok(keys)
    }

    /// Every key of `conversation`'s handoff records (`<tenant>.<record>`, and what is kept
    /// under it: `<tenant>.<record>.<helpdesk>…`), none of a neighbour whose id starts the
    /// same ([`crate::subjects::is_record_of`]).
    pub async fn record_keys(
        &self,
        tenant: &str,
        conversation: &str,
    ) -> Result<Vec<String>, Error> {
        let keys = self
            .keys_with_prefix(&format!("{tenant}.{conversation}-"))
            .await?;
        Ok(keys
            .into_iter()
            .filter(|key| {
                key.split('.')
                    .nth(1)
                    .is_some_and(|record| crate::subjects::is_record_of(record, conversation))
            })
            .collect())
    }

    /// Decodes a stored value.
    pub fn decode(&self, key: &str, bytes: &[u8]) -> Result<T, Error> {
        T::decode(bytes).map_err(|source| Error::Corrupt {
            key: key.to_owned(),
            type_name: std::any::type_name::<T>(),
            source,
        })
    }

    fn write_error(&self, key: &str, source: Box<dyn std::error::Error + Send + Sync>) -> Error {
        Error::Kv {
            operation: "write",
            key: format!("{}/{key}", self.bucket.name()),
            source,
        }
    }
}
