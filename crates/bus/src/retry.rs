//! Retry schedules: exponential delays with ±20% jitter, so retries from many replicas do
//! not arrive in lockstep. Used for redelivery delays and for HTTP retries in connectors.

use std::time::Duration;

use rand::Rng;
use serde::{Deserialize, Serialize};

/// An exponential schedule: `initial`, doubling per attempt, capped at `max`, ±`jitter`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct RetrySchedule {
    /// Delay before the first retry.
    #[serde(with = "millis")]
    pub initial: Duration,
    /// Longest delay.
    #[serde(with = "millis")]
    pub max: Duration,
    /// Relative jitter, 0.2 = ±20%.
    pub jitter: f64,
}

impl Default for RetrySchedule {
    fn default() -> Self {
        Self {
            initial: Duration::from_secs(1),
            max: Duration::from_secs(60),
            jitter: 0.2,
        }
    }
}

impl RetrySchedule {
    /// The nominal delay before retry number `attempt` (1 = first retry), without jitter.
    pub fn nominal(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(30);
        self.initial.saturating_mul(1u32 << exponent).min(self.max)
    }

    /// The delay before retry number `attempt`, with jitter.
    pub fn delay(&self, attempt: u32) -> Duration {
        let nominal = self.nominal(attempt).as_secs_f64();
        let spread = nominal * self.jitter.clamp(0.0, 1.0);
        let jittered = rand::rng().random_range((nominal - spread)..=(nominal + spread));
        Duration::from_secs_f64(jittered.max(0.0))
    }

    /// The delay before retry `attempt`, but never shorter than what the other side asked
    /// for (`Retry-After`, a rate-limit reset).
    pub fn delay_honouring(&self, attempt: u32, asked: Option<Duration>) -> Duration {
        let ours = self.delay(attempt);
        asked.map_or(ours, |asked| {
            asked.max(ours.min(asked + Duration::from_secs(1)))
        })
    }
}

mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        u64::deserialize(deserializer).map(Duration::from_millis)
    }

    pub fn serialize<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u128(value.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap() {
        let schedule = RetrySchedule {
            initial: Duration::from_millis(100),
            max: Duration::from_millis(500),
            jitter: 0.2,
        };
        assert_eq!(schedule.nominal(1), Duration::from_millis(100));
        assert_eq!(schedule.nominal(2), Duration::from_millis(200));
        assert_eq!(schedule.nominal(3), Duration::from_millis(400));
        assert_eq!(schedule.nominal(4), Duration::from_millis(500));
        assert_eq!(schedule.nominal(400), Duration::from_millis(500));
    }

    #[test]
    fn jitter_stays_within_twenty_percent() {
        let schedule = RetrySchedule::default();
        for attempt in 1..8 {
            let nominal = schedule.nominal(attempt).as_secs_f64();
            for _ in 0..50 {
                let delay = schedule.delay(attempt).as_secs_f64();
                assert!(delay >= nominal * 0.8 - 1e-9 && delay <= nominal * 1.2 + 1e-9);
            }
        }
    }

    #[test]
    fn a_retry_after_is_never_undercut() {
        let schedule = RetrySchedule::default();
        let asked = Duration::from_secs(30);
        for _ in 0..50 {
            let delay = schedule.delay_honouring(1, Some(asked));
            assert!(delay >= asked && delay <= asked + Duration::from_secs(1));
        }
    }
}
