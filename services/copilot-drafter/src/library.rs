//! The knowledge indexes of every agent, kept in memory and rebuilt when they go stale.
//!
//! An index is rebuilt when the agent's configuration revision changes (its `knowledge`
//! paths may have changed) or when a file of its knowledge base changed. File changes are
//! noticed by comparing modification times, checked at most once per `refresh` interval
//! when the agent's index is used — a timer that only runs for agents that get messages,
//! and cheaper and more portable than file-system notifications (network volumes and
//! Kubernetes ConfigMap mounts do not always deliver them). An edit is picked up by the
//! first draft after the interval.
//!
//! Loading and indexing read files and take milliseconds for a large base, so they run on
//! the blocking thread pool, never on the async workers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::index::KnowledgeIndex;
use crate::knowledge::{self, Fingerprint};

/// The knowledge base could not be indexed (the blocking task did not finish).
#[derive(Debug, thiserror::Error)]
#[error("indexing the knowledge base failed: {0}")]
pub struct IndexError(#[from] tokio::task::JoinError);

/// `(tenant, agent)`.
type Agent = (String, String);

struct Entry {
    revision: u64,
    paths: Vec<String>,
    fingerprint: Fingerprint,
    checked: Instant,
    index: Arc<KnowledgeIndex>,
}

/// Agents' knowledge indexes by `(tenant, agent)`.
pub struct Library {
    root: PathBuf,
    refresh: Duration,
    entries: Mutex<HashMap<Agent, Entry>>,
    /// One check or build at a time per agent.
    gates: Mutex<HashMap<Agent, Arc<tokio::sync::Mutex<()>>>>,
}

impl Library {
    /// Indexes knowledge found under `root` (relative `knowledge` paths are resolved against
    /// it), checking files for changes at most every `refresh`.
    pub fn new(root: impl Into<PathBuf>, refresh: Duration) -> Self {
        Self {
            root: root.into(),
            refresh,
            entries: Mutex::default(),
            gates: Mutex::default(),
        }
    }

    /// The index of `tenant`/`agent` for configuration `revision` with `paths`.
    pub async fn index(
        &self,
        tenant: &str,
        agent: &str,
        revision: u64,
        paths: &[String],
    ) -> Result<Arc<KnowledgeIndex>, IndexError> {
        let key = (tenant.to_owned(), agent.to_owned());
        if let Some(index) = self.current(&key, revision, paths) {
            return Ok(index);
        }
        // One check or build per agent at a time: a burst of messages for an agent whose
        // index is missing or stale waits for one build instead of starting one each.
        let gate = self
            .gates
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key.clone())
            .or_default()
            .clone();
        let _building = gate.lock().await;
        if let Some(index) = self.current(&key, revision, paths) {
            return Ok(index);
        }
        let known = self
            .entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .filter(|entry| entry.revision == revision && entry.paths == paths)
            .map(|entry| (entry.fingerprint.clone(), entry.index.clone()));
        if let Some((fingerprint, index)) = known {
            let (root, entries) = (self.root.clone(), paths.to_vec());
            let now = tokio::task::spawn_blocking(move || knowledge::fingerprint(&root, &entries))
                .await?;
            if now == fingerprint {
                if let Some(entry) = self
                    .entries
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .get_mut(&key)
                {
                    entry.checked = Instant::now();
                }
                return Ok(index);
            }
            tracing::info!(tenant, agent, "knowledge base changed; reindexing");
        }
        let (root, entries) = (self.root.clone(), paths.to_vec());
        let (fingerprint, index) =
            tokio::task::spawn_blocking(move || build(&root, &entries)).await?;
        let index = Arc::new(index);
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        // Messages of an older configuration may still be in flight; keep the newest.
        let newer_known = entries
            .get(&key)
            .is_some_and(|entry| entry.revision > revision);
        if !newer_known {
            entries.insert(
                key,
                Entry {
                    revision,
                    paths: paths.to_vec(),
                    fingerprint,
                    checked: Instant::now(),
                    index: index.clone(),
                },
            );
        }
        Ok(index)
    }

    /// The cached index when it is for `revision` and `paths` and its files were checked
    /// less than `refresh` ago.
    fn current(&self, key: &Agent, revision: u64, paths: &[String]) -> Option<Arc<KnowledgeIndex>> {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .filter(|entry| {
                entry.revision == revision
                    && entry.paths == paths
                    && entry.checked.elapsed() < self.refresh
            })
            .map(|entry| entry.index.clone())
    }
}

fn build(root: &Path, entries: &[String]) -> (Fingerprint, KnowledgeIndex) {
    let started = Instant::now();
    let loaded = knowledge::load(root, entries);
    for problem in &loaded.problems {
        tracing::warn!(%problem, "knowledge file skipped");
    }
    let articles = loaded.articles.len();
    let index = KnowledgeIndex::build(loaded.articles);
    tracing::info!(
        articles,
        passages = index.passages(),
        took_ms = started.elapsed().as_millis() as u64,
        "knowledge base indexed"
    );
    (loaded.fingerprint, index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn revisions_and_file_changes_rebuild_the_index() {
        let dir = tempfile::tempdir().expect("tempdir");
        let kb = dir.path().join("kb");
        std::fs::create_dir(&kb).expect("mkdir");
        std::fs::write(kb.join("a.md"), "# A\n\nApples.").expect("write");
        let library = Library::new(dir.path(), Duration::ZERO);
        let paths = vec!["kb".to_owned()];

        let first = library.index("t", "a", 1, &paths).await.expect("index");
        assert_eq!(first.articles().len(), 1);
        let same = library.index("t", "a", 1, &paths).await.expect("index");
        assert!(Arc::ptr_eq(&first, &same), "unchanged files keep the index");

        std::fs::write(kb.join("b.md"), "# B\n\nBananas.").expect("write");
        let grown = library.index("t", "a", 1, &paths).await.expect("index");
        assert_eq!(grown.articles().len(), 2, "a new file is picked up");

        let other = library
            .index("t", "a", 2, &["kb/a.md".to_owned()])
            .await
            .expect("index");
        assert_eq!(
            other.articles().len(),
            1,
            "a new revision with other paths is reindexed"
        );
    }

    #[tokio::test]
    async fn within_the_refresh_interval_files_are_not_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.md"), "# A\n\nApples.").expect("write");
        let library = Library::new(dir.path(), Duration::from_secs(3600));
        let paths = vec!["a.md".to_owned()];
        let first = library.index("t", "a", 1, &paths).await.expect("index");
        std::fs::write(dir.path().join("a.md"), "# A\n\nApples and pears.").expect("write");
        let again = library.index("t", "a", 1, &paths).await.expect("index");
        assert!(Arc::ptr_eq(&first, &again));
    }
}
