//! Agent configurations in KV `baton_configs` (key `<tenant>.<agent>`): the store the admin
//! API writes, and a cache the other services read, kept current by a KV watch so a change
//! applies everywhere within moments and no message waits on a KV read.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use baton_bus::kv::{Decision, Store, Versioned};
use baton_bus::subjects::{self, Bucket};
use baton_bus::{Bus, Error};
use baton_proto::v1::AgentConfig;
use futures::StreamExt;
use tokio_util::sync::CancellationToken;

/// Reads and writes agent configurations.
#[derive(Clone)]
pub struct ConfigStore {
    configs: Store<AgentConfig>,
}

impl ConfigStore {
    /// The store on `bus`.
    pub async fn open(bus: &Bus) -> Result<Self, Error> {
        Ok(Self {
            configs: Store::open(bus, Bucket::Configs).await?,
        })
    }

    /// One configuration, with its revision.
    pub async fn get(
        &self,
        tenant: &str,
        agent: &str,
    ) -> Result<Option<Versioned<AgentConfig>>, Error> {
        self.configs.get(&subjects::key(tenant, agent)?).await
    }

    /// Changes one configuration with compare-and-set: `decide` sees the stored value (if
    /// any) and returns what to store, or `Keep` to leave it.
    pub async fn update<R>(
        &self,
        tenant: &str,
        agent: &str,
        decide: impl FnMut(Option<AgentConfig>) -> Decision<AgentConfig, R>,
    ) -> Result<R, Error> {
        self.configs
            .update(&subjects::key(tenant, agent)?, decide)
            .await
    }

    /// The revisions of one configuration the bucket keeps (5), newest first; a deletion
    /// is not a revision.
    pub async fn history(&self, tenant: &str, agent: &str) -> Result<Vec<AgentConfig>, Error> {
        use async_nats::jetstream::kv::Operation;
        let key = subjects::key(tenant, agent)?;
        let history_error = |source: Box<dyn std::error::Error + Send + Sync>| Error::Kv {
            operation: "history",
            key: key.clone(),
            source,
        };
        let mut entries = self
            .configs
            .raw()
            .history(&key)
            .await
            .map_err(|err| history_error(Box::new(err)))?;
        let mut revisions = Vec::new();
        while let Some(entry) = entries.next().await {
            let entry = entry.map_err(|err| history_error(Box::new(err)))?;
            if entry.operation == Operation::Put {
                revisions.push(self.configs.decode(&key, &entry.value)?);
            }
        }
        revisions.reverse();
        Ok(revisions)
    }

    /// Every configuration of `tenant`, or of every tenant.
    pub async fn list(&self, tenant: Option<&str>) -> Result<Vec<AgentConfig>, Error> {
        let prefix = match tenant {
            Some(tenant) => {
                baton_proto::ids::check("tenant_id", tenant)?;
                format!("{tenant}.")
            }
            None => String::new(),
        };
        let mut configs = Vec::new();
        for key in self.configs.keys_with_prefix(&prefix).await? {
            if let Some(found) = self.configs.get(&key).await? {
                configs.push(found.value);
            }
        }
        Ok(configs)
    }
}

type Entries = HashMap<String, Arc<Versioned<AgentConfig>>>;

/// Agent configurations as of now, for services that read one per message.
#[derive(Clone)]
pub struct ConfigCache {
    store: ConfigStore,
    entries: Arc<RwLock<Entries>>,
}

impl ConfigCache {
    /// A cache of `baton_configs`, current while [`ConfigCache::watch`] runs (a service
    /// runs it supervised: `baton_runtime::Context::config_cache`).
    pub async fn open(bus: &Bus) -> Result<Self, Error> {
        Ok(Self {
            store: ConfigStore::open(bus).await?,
            entries: Arc::default(),
        })
    }

    /// The configuration of `tenant`/`agent` (read from KV on a miss, e.g. right after
    /// start), with its revision: a new revision means a new configuration.
    pub async fn get(
        &self,
        tenant: &str,
        agent: &str,
    ) -> Result<Option<Arc<Versioned<AgentConfig>>>, Error> {
        let key = subjects::key(tenant, agent)?;
        if let Some(found) = self.read().get(&key) {
            return Ok(Some(found.clone()));
        }
        let Some(found) = self.store.get(tenant, agent).await? else {
            return Ok(None);
        };
        Ok(Some(self.insert(key, found)))
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Entries> {
        self.entries
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Keeps the newer of what is cached and `found` (a KV read and the watch may race).
    fn insert(&self, key: String, found: Versioned<AgentConfig>) -> Arc<Versioned<AgentConfig>> {
        let mut entries = self
            .entries
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = entries
            .entry(key)
            .or_insert_with(|| Arc::new(found.clone()));
        if entry.revision < found.revision {
            *entry = Arc::new(found);
        }
        entry.clone()
    }

    fn remove(&self, key: &str) {
        self.entries
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(key);
    }

    /// Applies every change to the bucket until `shutdown`; re-establishes the watch after
    /// a server restart.
    pub async fn watch(self, shutdown: CancellationToken) {
        use async_nats::jetstream::kv::Operation;
        let bucket = self.store.configs.raw().clone();
        while !shutdown.is_cancelled() {
            let mut changes = match bucket.watch_with_history(">").await {
                Ok(changes) => changes,
                Err(err) => {
                    tracing::warn!(error = %err, "cannot watch agent configurations; retrying");
                    tokio::select! {
                        () = shutdown.cancelled() => return,
                        () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            };
            loop {
                let change = tokio::select! {
                    () = shutdown.cancelled() => return,
                    change = changes.next() => change,
                };
                match change {
                    Some(Ok(entry)) => match entry.operation {
                        Operation::Put => match self.store.configs.decode(&entry.key, &entry.value)
                        {
                            Ok(config) => {
                                self.insert(
                                    entry.key.clone(),
                                    Versioned {
                                        value: config,
                                        revision: entry.revision,
                                    },
                                );
                            }
                            Err(err) => {
                                tracing::error!(error = %baton_bus::error_chain(&err), "unreadable agent configuration")
                            }
                        },
                        Operation::Delete | Operation::Purge => self.remove(&entry.key),
                    },
                    Some(Err(err)) => {
                        tracing::warn!(error = %err, "agent configuration watch interrupted");
                        break;
                    }
                    None => break,
                }
            }
        }
    }
}
