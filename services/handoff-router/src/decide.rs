//! The router's decisions, pure: from a handoff record, its conversation, one input and
//! the time, what the record becomes, how the conversation's mode changes and what is
//! published ([`Step`]). `flow.rs` reads, calls [`decide`] inside the record's
//! compare-and-set, then carries the step out; so every rule of a handoff's life is here,
//! tested without NATS or a clock.
//!
//! A record tries its paths in order (the handoff that fired, then its fallbacks, see
//! `plan.rs`), one attempt each, skipping a path outside its business hours. Only the last
//! attempt is ever in flight. An input that finds its step already taken (a redelivery, a
//! second replica, a restart between the write and the publishes) repeats that step's
//! effects: their ids are the same, so JetStream drops what already went out.

mod consequences;
mod record;
#[cfg(test)]
mod tests;

use std::time::Duration;

use baton_proto::Transition;
use baton_proto::v1::{
    AgentConfig, Conversation, DispatchDeadline, Handoff, HandoffRecord, HandoffRequested,
    HandoffResult, HandoffState, handoff_result,
};
use prost_types::Timestamp;

use self::record::{advance, failed_with};
pub use self::record::{failures, in_flight};
use crate::effects::Effect;

/// What the router is told.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// A trigger fired and the conversation is claimed for it as `record_id` (by this
    /// delivery of the request or an earlier one).
    Request {
        /// The request.
        request: &'a HandoffRequested,
        /// The record the claim named.
        record_id: &'a str,
    },
    /// A connector answered for one attempt.
    Result(&'a HandoffResult),
    /// An attempt's dispatch deadline passed.
    Deadline(&'a DispatchDeadline),
}

/// What the decisions depend on besides the record and the conversation.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// The agent's configuration (empty when it was removed since the handoff began).
    pub config: &'a AgentConfig,
    /// How long a dispatch waits for its result (`BATON_DISPATCH_TIMEOUT_SECS`).
    pub dispatch_timeout: Duration,
}

/// What one input does.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The record after the input (`None`: there is none).
    pub record: Option<HandoffRecord>,
    /// Whether the record changed and must be written (compare-and-set).
    pub write: bool,
    /// How the conversation's mode changes, applied once the record is written.
    pub conversation: Option<Transition>,
    /// Then these, in order.
    pub effects: Vec<Effect>,
    /// What happened, for logs and metrics.
    pub outcome: Outcome,
}

/// What happened, in a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new record; its first available path dispatched (or none was available).
    Started,
    /// The attempt in flight was accepted.
    Accepted,
    /// The attempt in flight failed (the connector said so, or its deadline passed); the
    /// next path is dispatched, or every path failed.
    Failed {
        /// The attempt.
        attempt: u32,
        /// Why.
        reason: String,
    },
    /// The step was taken before: its effects are repeated.
    Repeated,
    /// A path accepted after the router had moved on from it.
    Late,
    /// Nothing to do, and why.
    Ignored(String),
}

/// An input that can never be carried out (for the dead-letter queue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected(pub String);

/// The handoff `request` names, if it is an enabled handoff of `config`.
pub fn requested_handoff<'a>(
    config: &'a AgentConfig,
    request: &HandoffRequested,
) -> Result<&'a Handoff, Rejected> {
    config
        .handoffs
        .iter()
        .find(|h| h.id == request.handoff_id && h.enabled)
        .ok_or_else(|| {
            Rejected(format!(
                "handoff {} is not an enabled handoff of agent {}",
                request.handoff_id, request.agent_id
            ))
        })
}

/// Decides what `input` does to `record` (as stored now) and `conversation` at `now`.
pub fn decide(
    record: Option<HandoffRecord>,
    conversation: Option<&Conversation>,
    input: Input<'_>,
    rules: Rules<'_>,
    now: Timestamp,
) -> Result<Step, Rejected> {
    let at = At {
        conversation,
        rules,
        now,
    };
    match input {
        Input::Request { request, record_id } => at.request(record, request, record_id),
        Input::Result(result) => {
            let record = record
                .ok_or_else(|| Rejected(format!("no handoff record {}", result.record_id)))?;
            at.result(record, result)
        }
        Input::Deadline(deadline) => match record {
            Some(record) => at.deadline(record, deadline),
            None => Ok(Step {
                record: None,
                write: false,
                conversation: None,
                effects: vec![Effect::ClearDeadline],
                outcome: Outcome::Ignored("the record is gone".into()),
            }),
        },
    }
}

/// The circumstances of one decision.
struct At<'a> {
    conversation: Option<&'a Conversation>,
    rules: Rules<'a>,
    now: Timestamp,
}

impl At<'_> {
    fn request(
        &self,
        record: Option<HandoffRecord>,
        request: &HandoffRequested,
        record_id: &str,
    ) -> Result<Step, Rejected> {
        let handoff = requested_handoff(self.rules.config, request)?;
        let mut record = match record {
            Some(record)
                if record.state() != HandoffState::Dispatched || in_flight(&record).is_some() =>
            {
                // A redelivered request (the claim still names this record, so the
                // conversation is still ours): repeat the record's current step, dispatch or
                // ending, in case the delivery before stopped halfway (deduplicated).
                let (conversation, mut effects) = self.consequences(&record)?;
                effects.insert(0, Effect::Pause);
                return Ok(kept(record, conversation, effects, Outcome::Repeated));
            }
            // One an earlier version left between its two writes: carry on from there.
            Some(record) => record,
            None => record::new_record(request, handoff, record_id, self.now),
        };
        let from = record.attempts.last().map_or(0, |last| last.attempt + 1);
        advance(&mut record, from, self.rules.config, self.now);
        let (conversation, mut effects) = self.consequences(&record)?;
        effects.insert(0, Effect::Pause);
        Ok(written(record, conversation, effects, Outcome::Started))
    }

    fn result(&self, mut record: HandoffRecord, result: &HandoffResult) -> Result<Step, Rejected> {
        let attempt = result.attempt;
        let waiting = in_flight(&record) == Some(attempt);
        match &result.outcome {
            None => Err(Rejected("result without an outcome".into())),
            Some(handoff_result::Outcome::Accepted(accepted)) if waiting => {
                record::accept(&mut record, attempt, &accepted.external_ref, self.now);
                let (conversation, effects) = self.accepted(&record, attempt);
                Ok(written(record, conversation, effects, Outcome::Accepted))
            }
            Some(handoff_result::Outcome::Accepted(accepted))
                if record.state() == HandoffState::Accepted
                    && record.external_ref == accepted.external_ref =>
            {
                // A redelivered result: settle again and repeat the customer message.
                let (conversation, effects) = self.accepted(&record, attempt);
                Ok(kept(record, conversation, effects, Outcome::Repeated))
            }
            Some(handoff_result::Outcome::Accepted(_)) => {
                // A path accepted after the router had given up on it (timeout): the
                // conversation may now exist in two places. Someone must look.
                let alert = Effect::Alert {
                    what: format!("late-{attempt}"),
                    text: format!(
                        "{} accepted handoff {} late (attempt {attempt}), after the router had moved on; check for a duplicate",
                        result.r#type().label(),
                        record.id,
                    ),
                };
                Ok(kept(record, None, vec![alert], Outcome::Late))
            }
            Some(handoff_result::Outcome::Failed(failed)) if waiting => {
                self.fail(record, attempt, &failed.reason)
            }
            Some(handoff_result::Outcome::Failed(failed))
                if failed_with(&record, attempt, &failed.reason) =>
            {
                self.repeat_failure(record)
            }
            Some(handoff_result::Outcome::Failed(_)) => Ok(kept(
                record,
                None,
                Vec::new(),
                Outcome::Ignored("a failure of an attempt no longer in flight".into()),
            )),
        }
    }

    fn deadline(
        &self,
        record: HandoffRecord,
        deadline: &DispatchDeadline,
    ) -> Result<Step, Rejected> {
        let attempt = deadline.attempt;
        let reason = format!(
            "no result within {}s",
            self.rules.dispatch_timeout.as_secs()
        );
        if in_flight(&record) == Some(attempt) {
            return self.fail(record, attempt, &reason);
        }
        if failed_with(&record, attempt, &reason) {
            return self.repeat_failure(record);
        }
        // The attempt has its result. The key is the record's, not the attempt's: when a
        // later attempt is in flight it holds that one's deadline, which must stay.
        let effect = match in_flight(&record) {
            Some(current) => Effect::SetDeadline(self.deadline_of(&record, current)),
            None => Effect::ClearDeadline,
        };
        let why = format!("attempt {attempt} has its result");
        Ok(kept(record, None, vec![effect], Outcome::Ignored(why)))
    }

    /// The attempt in flight failed: record why and move to the next path.
    fn fail(
        &self,
        mut record: HandoffRecord,
        attempt: u32,
        reason: &str,
    ) -> Result<Step, Rejected> {
        record::fail(&mut record, attempt, reason, self.now);
        advance(&mut record, attempt + 1, self.rules.config, self.now);
        let (conversation, effects) = self.consequences(&record)?;
        let outcome = Outcome::Failed {
            attempt,
            reason: reason.to_owned(),
        };
        Ok(written(record, conversation, effects, outcome))
    }

    /// A failure delivered again: repeat what it caused, unless a later path has been
    /// accepted since (that acceptance has effects of its own).
    fn repeat_failure(&self, record: HandoffRecord) -> Result<Step, Rejected> {
        let (conversation, effects) = match record.state() {
            HandoffState::Accepted => (None, Vec::new()),
            HandoffState::Dispatched | HandoffState::Failed | HandoffState::Unspecified => {
                self.consequences(&record)?
            }
        };
        Ok(kept(record, conversation, effects, Outcome::Repeated))
    }
}

/// A step that writes `record` (compare-and-set), then changes the conversation and publishes.
fn written(
    record: HandoffRecord,
    conversation: Option<Transition>,
    effects: Vec<Effect>,
    outcome: Outcome,
) -> Step {
    Step {
        record: Some(record),
        write: true,
        conversation,
        effects,
        outcome,
    }
}

/// As [`written`], with the record as it was: nothing to compare-and-set.
fn kept(
    record: HandoffRecord,
    conversation: Option<Transition>,
    effects: Vec<Effect>,
    outcome: Outcome,
) -> Step {
    Step {
        write: false,
        ..written(record, conversation, effects, outcome)
    }
}
