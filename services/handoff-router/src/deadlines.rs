//! Dispatches that get no result in time count as failed, so the fallback takes over. The
//! deadlines live in KV (`baton_deadlines`), so they survive restarts; every router replica
//! watches them and the first to act wins the compare-and-set on the record.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use async_nats::jetstream::kv::Operation;
use baton_proto::v1::DispatchDeadline;
use futures::StreamExt;
use prost_types::Timestamp;
use tokio_util::sync::CancellationToken;

use crate::flow::Router;

/// How often deadlines are checked.
const TICK: Duration = Duration::from_millis(500);

/// Watches deadlines and fails the dispatches that pass theirs, until `shutdown`.
pub async fn watch(router: Router, shutdown: CancellationToken) {
    let bucket = router.deadlines().raw().clone();
    let mut pending: HashMap<String, DispatchDeadline> = HashMap::new();
    while !shutdown.is_cancelled() {
        let mut changes = match bucket.watch_with_history(">").await {
            Ok(changes) => changes,
            Err(err) => {
                tracing::warn!(error = %err, "cannot watch dispatch deadlines; retrying");
                tokio::select! {
                    () = shutdown.cancelled() => return,
                    () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                }
            }
        };
        let mut tick = tokio::time::interval(TICK);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                change = changes.next() => match change {
                    Some(Ok(entry)) => match entry.operation {
                        Operation::Put => match router.deadlines().decode(&entry.key, &entry.value) {
                            Ok(deadline) => { pending.insert(entry.key.clone(), deadline); }
                            Err(err) => tracing::error!(error = %baton_bus::error_chain(&err), "unreadable dispatch deadline"),
                        },
                        Operation::Delete | Operation::Purge => { pending.remove(&entry.key); }
                    },
                    Some(Err(err)) => {
                        tracing::warn!(error = %err, "dispatch deadline watch interrupted");
                        break;
                    }
                    None => break,
                },
                _ = tick.tick() => expire(&router, &pending).await,
            }
        }
    }
}

async fn expire(router: &Router, pending: &HashMap<String, DispatchDeadline>) {
    let now: Timestamp = SystemTime::now().into();
    for deadline in pending.values() {
        let passed = deadline
            .deadline
            .is_some_and(|at| (at.seconds, at.nanos) <= (now.seconds, now.nanos));
        if !passed {
            continue;
        }
        // On failure the entry stays, and the next tick tries again.
        if let Err(err) = router.on_deadline(deadline).await {
            tracing::warn!(error = %baton_bus::error_chain(&err), record = %deadline.record_id, "cannot time out a dispatch yet");
        }
    }
}
