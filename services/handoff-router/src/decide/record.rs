//! How a record changes: started, its next paths added, an attempt accepted or failed;
//! and what it says about itself.

use baton_proto::v1::{
    AgentConfig, Handoff, HandoffAttempt, HandoffRecord, HandoffRequested, HandoffState,
};
use prost_types::Timestamp;

use crate::plan::{attempt_plan, unavailable};
use crate::reason;

/// A new record of `request` on `handoff`, before its first attempt.
pub fn new_record(
    request: &HandoffRequested,
    handoff: &Handoff,
    record_id: &str,
    now: Timestamp,
) -> HandoffRecord {
    HandoffRecord {
        id: record_id.to_owned(),
        tenant_id: request.tenant_id.clone(),
        agent_id: request.agent_id.clone(),
        conversation_id: request.conversation_id.clone(),
        handoff_id: handoff.id.clone(),
        reason: Some(reason::reason(request, handoff)),
        state: HandoffState::Dispatched as i32,
        attempts: Vec::new(),
        external_ref: String::new(),
        created_at: Some(now),
        updated_at: Some(now),
        request_id: request.request_id.clone(),
    }
}

/// Adds the attempts from `from` on: paths outside their business hours are recorded as
/// failed with the reason, the first available one is dispatched; when none is left, the
/// record has failed.
pub fn advance(record: &mut HandoffRecord, from: u32, config: &AgentConfig, now: Timestamp) {
    let clock = jiff::Timestamp::new(now.seconds, now.nanos).unwrap_or_default();
    record.updated_at = Some(now);
    for (attempt, handoff) in (0u32..).zip(attempt_plan(config, &record.handoff_id)) {
        if attempt < from || record.attempts.iter().any(|a| a.attempt == attempt) {
            continue;
        }
        let mut entry = HandoffAttempt {
            attempt,
            handoff_id: handoff.id.clone(),
            r#type: handoff.r#type,
            state: HandoffState::Dispatched as i32,
            dispatched_at: Some(now),
            ..HandoffAttempt::default()
        };
        if let Some(why) = unavailable(handoff, clock) {
            entry.state = HandoffState::Failed as i32;
            entry.failure = why;
            entry.finished_at = Some(now);
            record.attempts.push(entry);
            continue;
        }
        record.attempts.push(entry);
        return;
    }
    record.state = HandoffState::Failed as i32;
}

/// `attempt` failed for `reason`.
pub fn fail(record: &mut HandoffRecord, attempt: u32, reason: &str, now: Timestamp) {
    if let Some(entry) = record.attempts.iter_mut().find(|a| a.attempt == attempt) {
        entry.state = HandoffState::Failed as i32;
        entry.failure = reason.to_owned();
        entry.finished_at = Some(now);
    }
    record.updated_at = Some(now);
}

/// `attempt` was accepted as `external_ref`, and with it the record.
pub fn accept(record: &mut HandoffRecord, attempt: u32, external_ref: &str, now: Timestamp) {
    if let Some(entry) = record.attempts.iter_mut().find(|a| a.attempt == attempt) {
        entry.state = HandoffState::Accepted as i32;
        entry.external_ref = external_ref.to_owned();
        entry.finished_at = Some(now);
    }
    record.state = HandoffState::Accepted as i32;
    record.external_ref = external_ref.to_owned();
    record.updated_at = Some(now);
}

/// The attempt waiting for its result, if any (only the last one ever is).
pub fn in_flight(record: &HandoffRecord) -> Option<u32> {
    let last = record.attempts.last()?;
    (record.state() == HandoffState::Dispatched && last.state() == HandoffState::Dispatched)
        .then_some(last.attempt)
}

/// Whether `attempt` already failed for `reason`: the same failure delivered again, as
/// opposed to a late one (a connector giving up on an attempt that had timed out).
pub fn failed_with(record: &HandoffRecord, attempt: u32, reason: &str) -> bool {
    record
        .attempts
        .iter()
        .any(|a| a.attempt == attempt && a.state() == HandoffState::Failed && a.failure == reason)
}

/// Every attempt and why it failed, for the log and the alert.
pub fn failures(record: &HandoffRecord) -> String {
    let failures: Vec<String> = record
        .attempts
        .iter()
        .map(|a| format!("{} ({}): {}", a.handoff_id, a.r#type().label(), a.failure))
        .collect();
    failures.join("; ")
}
