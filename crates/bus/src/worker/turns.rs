//! When a message may run: after the message before it on its subject (one conversation's
//! events are applied in the order they were stored), and when one of the worker's
//! concurrency slots is free. A message waiting behind an earlier one holds no slot, so one
//! busy conversation behind a slow helpdesk never keeps the other conversations waiting.
//! The process holds at most [`HELD_PER_SLOT`] messages per slot, running or waiting, so a
//! flood stays in the stream (for other replicas) rather than in memory.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::oneshot::{self, error::TryRecvError};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Messages held per concurrency slot: room for a burst on a few conversations while the
/// others keep running.
pub(super) const HELD_PER_SLOT: usize = 8;

/// Subjects remembered before finished ones are forgotten.
const REMEMBERED_SUBJECTS: usize = 4096;

/// The worker's slots and, per subject, the last message taken.
pub(super) struct Turns {
    held: Arc<Semaphore>,
    running: Arc<Semaphore>,
    last: HashMap<String, oneshot::Receiver<()>>,
}

/// A message taken from the stream, waiting for its turn.
pub(super) struct Place {
    held: OwnedSemaphorePermit,
    running: Arc<Semaphore>,
    previous: Option<oneshot::Receiver<()>>,
    done: oneshot::Sender<()>,
}

/// A message's turn to run: it holds a concurrency slot until [`Turn::finished`].
pub(super) struct Turn {
    _held: OwnedSemaphorePermit,
    _slot: OwnedSemaphorePermit,
    done: oneshot::Sender<()>,
}

impl Turns {
    /// `concurrency` messages run at once.
    pub(super) fn new(concurrency: usize) -> Self {
        let concurrency = concurrency.max(1);
        Self {
            held: Arc::new(Semaphore::new(concurrency.saturating_mul(HELD_PER_SLOT))),
            running: Arc::new(Semaphore::new(concurrency)),
            last: HashMap::new(),
        }
    }

    /// Waits until the process may take one more message from the stream.
    pub(super) async fn hold(&self) -> OwnedSemaphorePermit {
        loop {
            // The semaphore is never closed; the loop only satisfies the type.
            if let Ok(permit) = self.held.clone().acquire_owned().await {
                return permit;
            }
        }
    }

    /// Registers a message taken on `subject`, behind the last one taken on it.
    pub(super) fn place(&mut self, subject: &str, held: OwnedSemaphorePermit) -> Place {
        if self.last.len() > REMEMBERED_SUBJECTS {
            self.last
                .retain(|_, done| matches!(done.try_recv(), Err(TryRecvError::Empty)));
        }
        let (done, finished) = oneshot::channel();
        Place {
            held,
            running: self.running.clone(),
            previous: self.last.insert(subject.to_owned(), finished),
            done,
        }
    }
}

impl Place {
    /// Waits until the message before it on its subject has finished and a slot is free.
    /// `None` when the message before it was left unprocessed (shutdown): this one is left
    /// too, so the subject's order holds when both are redelivered.
    pub(super) async fn wait(self) -> Option<Turn> {
        if let Some(previous) = self.previous {
            previous.await.ok()?;
        }
        let slot = self.running.acquire_owned().await.ok()?;
        Some(Turn {
            _held: self.held,
            _slot: slot,
            done: self.done,
        })
    }
}

impl Turn {
    /// The message is settled: the next one on its subject may run.
    pub(super) fn finished(self) {
        // The next message may have been left at shutdown; nobody to tell then.
        let _ = self.done.send(());
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_message_waiting_behind_its_subject_holds_no_slot() {
        let mut turns = Turns::new(2);
        let first = turns
            .place("a", turns.hold().await)
            .wait()
            .await
            .expect("turn");
        let second = tokio::spawn(turns.place("a", turns.hold().await).wait());
        let other = turns.place("b", turns.hold().await);

        // The second "a" message waits for the first without a slot, so "b" takes the other.
        let other = tokio::time::timeout(Duration::from_secs(1), other.wait())
            .await
            .expect("b runs while a's second message waits")
            .expect("turn");
        assert!(!second.is_finished());

        first.finished();
        other.finished();
        second.await.expect("join").expect("turn").finished();
    }

    #[tokio::test]
    async fn a_message_left_unprocessed_leaves_the_next_of_its_subject() {
        let mut turns = Turns::new(2);
        let first = turns.place("a", turns.hold().await);
        let second = turns.place("a", turns.hold().await);
        drop(first);
        assert!(second.wait().await.is_none());
    }
}
