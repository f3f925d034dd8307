//! Verdicts already given, so a redelivered turn (or a replica taking one over) does not
//! ask the model again. Bounded: past its capacity the oldest verdict is forgotten, which
//! costs at most one more question.

use std::collections::{HashMap, VecDeque};

use super::{Verdict, VerdictKey};

/// A bounded map, oldest out first.
#[derive(Debug)]
pub(super) struct Cache {
    capacity: usize,
    verdicts: HashMap<VerdictKey, Verdict>,
    order: VecDeque<VerdictKey>,
}

impl Cache {
    /// An empty cache holding at most `capacity` verdicts.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            verdicts: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    /// The verdict for `key`, if remembered.
    pub fn get(&self, key: &VerdictKey) -> Option<Verdict> {
        self.verdicts.get(key).cloned()
    }

    /// Remembers `verdict` for `key`, forgetting the oldest when full.
    pub fn insert(&mut self, key: VerdictKey, verdict: Verdict) {
        if self.verdicts.insert(key.clone(), verdict).is_some() {
            return;
        }
        self.order.push_back(key);
        while self.order.len() > self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.verdicts.remove(&oldest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(turn: u32) -> VerdictKey {
        VerdictKey {
            tenant: "t".into(),
            conversation: "c".into(),
            revision: 1,
            turn,
            handoff: "h".into(),
        }
    }

    fn verdict() -> Verdict {
        Verdict {
            holds: false,
            evidence: Vec::new(),
            why: String::new(),
        }
    }

    #[test]
    fn the_oldest_verdict_goes_when_full() {
        let mut cache = Cache::new(2);
        for turn in 0..3 {
            cache.insert(key(turn), verdict());
        }
        assert!(cache.get(&key(0)).is_none());
        assert!(cache.get(&key(1)).is_some() && cache.get(&key(2)).is_some());
        assert_eq!(cache.order.len(), 2);
    }
}
