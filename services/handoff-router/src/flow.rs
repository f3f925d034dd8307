//! The life of a handoff record, as the router drives it: claim the conversation, dispatch
//! the first available path, and on each result either settle (accepted), move to the next
//! path (final failure, timeout), or give the conversation back to the bot with an honest
//! message and an alert (every path failed).
//!
//! Every step is a compare-and-set on the record or the conversation followed by publishes
//! with msg-ids derived from the record and attempt, so a redelivered message repeats the
//! step without repeating its effects.

use std::time::{Duration, SystemTime};

use baton_bus::kv::{Decision, Store};
use baton_bus::subjects::{self, Bucket};
use baton_bus::{Bus, HandleError, Publisher};
use baton_config::policy::LoopGuard;
use baton_config::store::ConfigCache;
use baton_proto::Transition;
use baton_proto::v1::{
    AgentAction, AgentConfig, AgentControl, Alert, Conversation, DispatchDeadline, Handoff,
    HandoffAttempt, HandoffDispatch, HandoffRecord, HandoffRequested, HandoffResult, HandoffState,
    HandoffType, Outbound, OutboundMessage, Sender, handoff_result, outbound,
};
use prost_types::Timestamp;

use crate::claim::{Claim, claim};
use crate::messages::{self, Moment};
use crate::plan::{attempt_plan, unavailable};
use crate::{package, reason};

/// Everything the router reads and writes.
#[derive(Clone)]
pub struct Router {
    conversations: Store<Conversation>,
    records: Store<HandoffRecord>,
    deadlines: Store<DispatchDeadline>,
    configs: ConfigCache,
    publisher: Publisher,
    guard: LoopGuard,
    dispatch_timeout: Duration,
}

fn now() -> Timestamp {
    SystemTime::now().into()
}

fn jiff_now(at: Timestamp) -> jiff::Timestamp {
    jiff::Timestamp::new(at.seconds, at.nanos).unwrap_or_else(|_| jiff::Timestamp::now())
}

impl Router {
    /// A router on `bus`.
    pub async fn new(
        bus: &Bus,
        configs: ConfigCache,
        guard: LoopGuard,
        dispatch_timeout: Duration,
    ) -> Result<Self, baton_bus::Error> {
        Ok(Self {
            conversations: Store::open(bus, Bucket::Conversations).await?,
            records: Store::open(bus, Bucket::Handoffs).await?,
            deadlines: Store::open(bus, Bucket::Deadlines).await?,
            configs,
            publisher: Publisher::new(bus.clone()),
            guard,
            dispatch_timeout,
        })
    }

    /// The records store (for the admin API).
    pub fn records(&self) -> &Store<HandoffRecord> {
        &self.records
    }

    /// The deadlines store (for the timeout watch).
    pub fn deadlines(&self) -> &Store<DispatchDeadline> {
        &self.deadlines
    }

    async fn config(&self, tenant: &str, agent: &str) -> Result<Option<AgentConfig>, HandleError> {
        Ok(self
            .configs
            .get(tenant, agent)
            .await?
            .map(|found| found.value.clone()))
    }

    /// A trigger fired: take the conversation and dispatch the first available path.
    pub async fn on_request(&self, request: &HandoffRequested) -> Result<(), HandleError> {
        let Some(config) = self.config(&request.tenant_id, &request.agent_id).await? else {
            tracing::warn!(tenant = %request.tenant_id, agent = %request.agent_id, "no configuration for this agent; request ignored");
            return Ok(());
        };
        if !config.live {
            tracing::info!(tenant = %request.tenant_id, agent = %request.agent_id, "configuration is not live; request ignored");
            return Ok(());
        }
        let handoff = config
            .handoffs
            .iter()
            .find(|h| h.id == request.handoff_id && h.enabled)
            .ok_or_else(|| {
                HandleError::permanent(format!(
                    "handoff {} is not an enabled handoff of agent {}",
                    request.handoff_id, request.agent_id
                ))
            })?;
        let at = now();
        let key = subjects::key(&request.tenant_id, &request.conversation_id)?;
        let claimed = self
            .conversations
            .update(&key, |current| {
                let Some(mut conversation) = current else {
                    return Decision::Keep(None);
                };
                match claim(&mut conversation, request, handoff, &self.guard, at) {
                    Claim::New(record) => Decision::Write(conversation, Some(Ok(record))),
                    Claim::Resume(record) => Decision::Keep(Some(Ok(record))),
                    Claim::Refused(why) => Decision::Keep(Some(Err(why))),
                }
            })
            .await?;
        let record_id = match claimed {
            None => {
                return Err(HandleError::permanent(format!(
                    "conversation {} does not exist",
                    request.conversation_id
                )));
            }
            Some(Err(why)) => {
                tracing::info!(conversation = %request.conversation_id, handoff = %request.handoff_id, %why, "handoff not started");
                metrics::counter!("baton_handoffs_refused_total", "tenant" => request.tenant_id.clone()).increment(1);
                return Ok(());
            }
            Some(Ok(record_id)) => record_id,
        };

        let record = self
            .records
            .update(
                &subjects::record_key(&request.tenant_id, &record_id)?,
                |current| match current {
                    Some(existing) => Decision::Keep(existing),
                    None => {
                        let record = HandoffRecord {
                            id: record_id.clone(),
                            tenant_id: request.tenant_id.clone(),
                            agent_id: request.agent_id.clone(),
                            conversation_id: request.conversation_id.clone(),
                            handoff_id: handoff.id.clone(),
                            reason: Some(reason::reason(request, handoff)),
                            state: HandoffState::Dispatched as i32,
                            attempts: Vec::new(),
                            external_ref: String::new(),
                            created_at: Some(at),
                            updated_at: Some(at),
                            request_id: request.request_id.clone(),
                        };
                        Decision::Write(record.clone(), record)
                    }
                },
            )
            .await?;
        metrics::counter!(
            "baton_handoffs_requested_total",
            "tenant" => request.tenant_id.clone(),
            "type" => handoff.r#type().label(),
        )
        .increment(1);
        self.publish_pause(&record).await?;
        match record.attempts.last() {
            // A redelivered request: repeat the current step's effects (deduplicated).
            Some(current) if current.state() == HandoffState::Dispatched => {
                self.publish_dispatch(&config, &record, current.attempt)
                    .await
            }
            Some(_) if record.state() != HandoffState::Dispatched => Ok(()),
            Some(last) => {
                self.dispatch_from(&config, &record.id, &record.tenant_id, last.attempt + 1)
                    .await
            }
            None => {
                self.dispatch_from(&config, &record.id, &record.tenant_id, 0)
                    .await
            }
        }
    }

    /// A connector answered.
    pub async fn on_result(&self, result: &HandoffResult) -> Result<(), HandleError> {
        let key = subjects::record_key(&result.tenant_id, &result.record_id)?;
        let Some(record) = self.records.get(&key).await?.map(|r| r.value) else {
            return Err(HandleError::permanent(format!(
                "no handoff record {}",
                result.record_id
            )));
        };
        let current = record.attempts.iter().find(|a| a.attempt == result.attempt);
        let waiting = current.is_some_and(|a| a.state() == HandoffState::Dispatched);
        match &result.outcome {
            Some(handoff_result::Outcome::Accepted(accepted)) if waiting => {
                self.accept(&record, result.attempt, &accepted.external_ref)
                    .await
            }
            Some(handoff_result::Outcome::Accepted(accepted)) => {
                if record.state() == HandoffState::Accepted
                    && record.external_ref == accepted.external_ref
                {
                    // A redelivered result: repeat the customer message (deduplicated).
                    return self
                        .accept(&record, result.attempt, &accepted.external_ref)
                        .await;
                }
                // A path accepted after the router had given up on it (timeout): the
                // conversation may now exist in two places. Someone must look.
                self.alert(
                    &record,
                    &format!(
                        "{} accepted handoff {} late (attempt {}), after the router had moved on; check for a duplicate",
                        result.r#type().label(),
                        record.id,
                        result.attempt
                    ),
                    &format!("late-{}", result.attempt),
                )
                .await
            }
            Some(handoff_result::Outcome::Failed(failed)) if failed.r#final && waiting => {
                metrics::counter!("baton_handoffs_failed_total", "tenant" => record.tenant_id.clone(), "type" => result.r#type().label()).increment(1);
                self.fail_attempt(&record, result.attempt, &failed.reason)
                    .await
            }
            Some(handoff_result::Outcome::Failed(failed)) => {
                tracing::info!(record = %record.id, attempt = result.attempt, reason = %failed.reason, "non-final failure reported");
                Ok(())
            }
            None => Err(HandleError::permanent("result without an outcome")),
        }
    }

    /// A dispatch got no result in time.
    pub async fn on_deadline(&self, deadline: &DispatchDeadline) -> Result<(), HandleError> {
        let key = subjects::record_key(&deadline.tenant_id, &deadline.record_id)?;
        let Some(record) = self.records.get(&key).await?.map(|r| r.value) else {
            self.deadlines.delete(&key).await?;
            return Ok(());
        };
        let waiting = record
            .attempts
            .iter()
            .any(|a| a.attempt == deadline.attempt && a.state() == HandoffState::Dispatched);
        if !waiting {
            self.deadlines.delete(&key).await?;
            return Ok(());
        }
        metrics::counter!("baton_handoffs_timed_out_total", "tenant" => record.tenant_id.clone())
            .increment(1);
        let reason = format!("no result within {}s", self.dispatch_timeout.as_secs());
        self.fail_attempt(&record, deadline.attempt, &reason).await
    }

    async fn fail_attempt(
        &self,
        record: &HandoffRecord,
        attempt: u32,
        reason: &str,
    ) -> Result<(), HandleError> {
        let at = now();
        let key = subjects::record_key(&record.tenant_id, &record.id)?;
        self.records
            .update(&key, |current| {
                let Some(mut record) = current else {
                    return Decision::Keep(());
                };
                match record.attempts.iter_mut().find(|a| a.attempt == attempt) {
                    Some(a) if a.state() == HandoffState::Dispatched => {
                        a.state = HandoffState::Failed as i32;
                        a.failure = reason.to_owned();
                        a.finished_at = Some(at);
                        record.updated_at = Some(at);
                        Decision::Write(record, ())
                    }
                    _ => Decision::Keep(()),
                }
            })
            .await?;
        tracing::warn!(record = %record.id, attempt, reason, "handoff path failed; trying the next");
        let config = self
            .config(&record.tenant_id, &record.agent_id)
            .await?
            .unwrap_or_default();
        self.dispatch_from(&config, &record.id, &record.tenant_id, attempt + 1)
            .await
    }

    /// Dispatches the first available path from attempt `from`; skips paths outside their
    /// business hours; when none is left, gives the conversation back to the bot.
    async fn dispatch_from(
        &self,
        config: &AgentConfig,
        record_id: &str,
        tenant: &str,
        from: u32,
    ) -> Result<(), HandleError> {
        let at = now();
        let key = subjects::record_key(tenant, record_id)?;
        let decided = self
            .records
            .update(&key, |current| {
                let Some(mut record) = current else {
                    return Decision::Keep(None);
                };
                if record.state() != HandoffState::Dispatched
                    || record
                        .attempts
                        .iter()
                        .any(|a| a.attempt >= from && a.state() != HandoffState::Failed)
                {
                    // Someone already moved this record on; repeat what they decided.
                    return Decision::Keep(Some(record));
                }
                let plan = attempt_plan(config, &record.handoff_id);
                let mut next = None;
                for (index, handoff) in plan.iter().enumerate().skip(from as usize) {
                    let attempt = u32::try_from(index).unwrap_or(u32::MAX);
                    if record.attempts.iter().any(|a| a.attempt == attempt) {
                        continue;
                    }
                    let mut entry = HandoffAttempt {
                        attempt,
                        handoff_id: handoff.id.clone(),
                        r#type: handoff.r#type,
                        state: HandoffState::Dispatched as i32,
                        dispatched_at: Some(at),
                        ..Default::default()
                    };
                    if let Some(why) = unavailable(handoff, jiff_now(at)) {
                        entry.state = HandoffState::Failed as i32;
                        entry.failure = why;
                        entry.finished_at = Some(at);
                        record.attempts.push(entry);
                        continue;
                    }
                    record.attempts.push(entry);
                    next = Some(attempt);
                    break;
                }
                if next.is_none() {
                    record.state = HandoffState::Failed as i32;
                }
                record.updated_at = Some(at);
                Decision::Write(record.clone(), Some(record))
            })
            .await?;
        let Some(record) = decided else {
            return Ok(());
        };
        match record.attempts.last() {
            Some(last) if last.state() == HandoffState::Dispatched => {
                if last.attempt > 0 {
                    metrics::counter!("baton_handoffs_fallen_back_total", "tenant" => record.tenant_id.clone(), "type" => last.r#type().label()).increment(1);
                }
                self.publish_dispatch(config, &record, last.attempt).await
            }
            _ if record.state() == HandoffState::Failed => self.exhaust(config, &record).await,
            _ => Ok(()),
        }
    }

    /// Sets the deadline and publishes the dispatch of `attempt` (and, for a live path, the
    /// "connecting" message to the customer).
    async fn publish_dispatch(
        &self,
        config: &AgentConfig,
        record: &HandoffRecord,
        attempt: u32,
    ) -> Result<(), HandleError> {
        let Some(entry) = record.attempts.iter().find(|a| a.attempt == attempt) else {
            return Ok(());
        };
        let Some(handoff) = config.handoffs.iter().find(|h| h.id == entry.handoff_id) else {
            return Err(HandleError::permanent(format!(
                "handoff {} is no longer in the configuration of agent {}",
                entry.handoff_id, record.agent_id
            )));
        };
        let key = subjects::record_key(&record.tenant_id, &record.id)?;
        let dispatched_at = entry.dispatched_at.unwrap_or_else(now);
        let deadline = Timestamp {
            seconds: dispatched_at.seconds
                + i64::try_from(self.dispatch_timeout.as_secs()).unwrap_or(i64::MAX / 2),
            nanos: dispatched_at.nanos,
        };
        self.deadlines
            .put(
                &key,
                &DispatchDeadline {
                    tenant_id: record.tenant_id.clone(),
                    record_id: record.id.clone(),
                    attempt,
                    deadline: Some(deadline),
                },
            )
            .await?;
        let conversation = self.conversation(record).await?;
        let dispatch = HandoffDispatch {
            record_id: record.id.clone(),
            attempt,
            handoff: Some(handoff.clone()),
            package: Some(package::build(&conversation, record, handoff, now())),
            dispatched_at: Some(dispatched_at),
        };
        self.publisher
            .publish(
                subjects::handoff_dispatch(
                    handoff.r#type(),
                    &record.tenant_id,
                    &record.conversation_id,
                )?,
                &format!("dispatch:{}:{}:{attempt}", record.tenant_id, record.id),
                &dispatch,
            )
            .await?;
        tracing::info!(record = %record.id, attempt, handoff = %handoff.id, r#type = handoff.r#type().label(), "handoff dispatched");
        if handoff.r#type().is_live() {
            let text = messages::text(
                handoff,
                Moment::Connecting,
                &messages::locale(&conversation),
                &[],
            );
            self.tell_customer(record, &format!("{attempt}-connecting"), text)
                .await?;
        }
        Ok(())
    }

    /// The connector took the conversation: settle the record and the conversation.
    async fn accept(
        &self,
        record: &HandoffRecord,
        attempt: u32,
        external_ref: &str,
    ) -> Result<(), HandleError> {
        let at = now();
        let key = subjects::record_key(&record.tenant_id, &record.id)?;
        let record = self
            .records
            .update(&key, |current| {
                let Some(mut record) = current else {
                    return Decision::Keep(None);
                };
                let Some(entry) = record.attempts.iter_mut().find(|a| a.attempt == attempt) else {
                    return Decision::Keep(Some(record));
                };
                if entry.state() != HandoffState::Dispatched {
                    return Decision::Keep(Some(record));
                }
                entry.state = HandoffState::Accepted as i32;
                entry.external_ref = external_ref.to_owned();
                entry.finished_at = Some(at);
                record.state = HandoffState::Accepted as i32;
                record.external_ref = external_ref.to_owned();
                record.updated_at = Some(at);
                Decision::Write(record.clone(), Some(record))
            })
            .await?
            .ok_or_else(|| HandleError::permanent(format!("no handoff record {}", record.id)))?;
        self.deadlines.delete(&key).await?;
        let Some(entry) = record.attempts.iter().find(|a| a.attempt == attempt) else {
            return Ok(());
        };
        let kind = entry.r#type();
        let settle = Transition::Settle {
            record_id: record.id.clone(),
            handoff_id: entry.handoff_id.clone(),
            kind,
            external_ref: external_ref.to_owned(),
        };
        let conversation = self.settle_conversation(&record, at, &settle).await?;
        metrics::counter!("baton_handoffs_accepted_total", "tenant" => record.tenant_id.clone(), "type" => kind.label()).increment(1);
        if let Some(created) = record.created_at {
            let seconds =
                (at.seconds - created.seconds) as f64 + f64::from(at.nanos - created.nanos) / 1e9;
            metrics::histogram!("baton_handoff_acceptance_seconds", "type" => kind.label())
                .record(seconds.max(0.0));
        }
        tracing::info!(record = %record.id, attempt, r#type = kind.label(), %external_ref, "handoff accepted");
        let moment = match kind {
            HandoffType::ZendeskTicket => Some(Moment::TicketCreated),
            HandoffType::Email => Some(Moment::EmailSent),
            HandoffType::Intercom | HandoffType::ZendeskSunshine | HandoffType::Unspecified => None,
        };
        if let (Some(moment), Some(conversation)) = (moment, conversation) {
            let config = self
                .config(&record.tenant_id, &record.agent_id)
                .await?
                .unwrap_or_default();
            let handoff = handoff_of(&config, &entry.handoff_id);
            let ticket = format!("#{external_ref}");
            let text = messages::text(
                &handoff,
                moment,
                &messages::locale(&conversation),
                &[("ticket", &ticket)],
            );
            self.tell_customer(&record, &format!("{attempt}-accepted"), text)
                .await?;
        }
        Ok(())
    }

    /// Every path failed: the conversation goes back to the bot, the customer is told
    /// honestly, the AI agent resumes, and operators are alerted.
    async fn exhaust(
        &self,
        config: &AgentConfig,
        record: &HandoffRecord,
    ) -> Result<(), HandleError> {
        let at = now();
        let key = subjects::record_key(&record.tenant_id, &record.id)?;
        self.deadlines.delete(&key).await?;
        let give_back = Transition::GiveBack {
            record_id: record.id.clone(),
        };
        let conversation = self.settle_conversation(record, at, &give_back).await?;
        let failures: Vec<String> = record
            .attempts
            .iter()
            .map(|a| format!("{} ({}): {}", a.handoff_id, a.r#type().label(), a.failure))
            .collect();
        tracing::error!(record = %record.id, tenant = %record.tenant_id, conversation = %record.conversation_id, failures = %failures.join("; "), "every handoff path failed; the conversation is back with the bot");
        metrics::counter!("baton_handoffs_exhausted_total", "tenant" => record.tenant_id.clone())
            .increment(1);
        let handoff = handoff_of(config, &record.handoff_id);
        let locale = conversation
            .as_ref()
            .map(messages::locale)
            .unwrap_or_default();
        let text = messages::text(&handoff, Moment::Unavailable, &locale, &[]);
        self.tell_customer(record, "unavailable", text).await?;
        self.control(
            record,
            AgentAction::Resume,
            "every handoff path failed; the AI agent carries on",
        )
        .await?;
        self.alert(
            record,
            &format!(
                "every handoff path failed for {}: {}",
                record.id,
                failures.join("; ")
            ),
            "exhausted",
        )
        .await
    }

    /// Applies `transition` to the conversation of `record` if the record still holds it
    /// (handoff_pending, with this record active); returns the conversation as it is then.
    async fn settle_conversation(
        &self,
        record: &HandoffRecord,
        at: Timestamp,
        transition: &Transition,
    ) -> Result<Option<Conversation>, HandleError> {
        let key = subjects::key(&record.tenant_id, &record.conversation_id)?;
        let conversation = self
            .conversations
            .update(&key, |current| {
                let Some(mut conversation) = current else {
                    return Decision::Keep(None);
                };
                if !conversation.transition(transition, at) {
                    return Decision::Keep(Some(conversation));
                }
                Decision::Write(conversation.clone(), Some(conversation))
            })
            .await?;
        Ok(conversation)
    }

    async fn conversation(&self, record: &HandoffRecord) -> Result<Conversation, HandleError> {
        let key = subjects::key(&record.tenant_id, &record.conversation_id)?;
        self.conversations
            .get(&key)
            .await?
            .map(|found| found.value)
            .ok_or_else(|| {
                HandleError::permanent(format!(
                    "conversation {} does not exist",
                    record.conversation_id
                ))
            })
    }

    async fn publish_pause(&self, record: &HandoffRecord) -> Result<(), HandleError> {
        self.control(
            record,
            AgentAction::Pause,
            "a human is taking over the conversation",
        )
        .await
    }

    async fn control(
        &self,
        record: &HandoffRecord,
        action: AgentAction,
        reason: &str,
    ) -> Result<(), HandleError> {
        let name = match action {
            AgentAction::Pause => "pause",
            AgentAction::Resume => "resume",
            AgentAction::Unspecified => "unspecified",
        };
        let id = format!("{}-{name}", record.id);
        let out = Outbound {
            kind: Some(outbound::Kind::Control(AgentControl {
                control_id: id.clone(),
                tenant_id: record.tenant_id.clone(),
                conversation_id: record.conversation_id.clone(),
                action: action as i32,
                reason: reason.to_owned(),
                record_id: record.id.clone(),
            })),
        };
        self.publish_out(record, &id, &out).await
    }

    async fn tell_customer(
        &self,
        record: &HandoffRecord,
        moment: &str,
        text: String,
    ) -> Result<(), HandleError> {
        let id = format!("{}-{moment}", record.id);
        let out = Outbound {
            kind: Some(outbound::Kind::Message(OutboundMessage {
                message_id: id.clone(),
                tenant_id: record.tenant_id.clone(),
                conversation_id: record.conversation_id.clone(),
                sender: Sender::System as i32,
                author_name: String::new(),
                text,
                at: Some(now()),
            })),
        };
        self.publish_out(record, &id, &out).await
    }

    async fn publish_out(
        &self,
        record: &HandoffRecord,
        id: &str,
        out: &Outbound,
    ) -> Result<(), HandleError> {
        self.publisher
            .publish(
                subjects::outbound(&record.tenant_id, &record.conversation_id)?,
                &format!("out:{}:{}:{id}", record.tenant_id, record.conversation_id),
                out,
            )
            .await?;
        Ok(())
    }

    async fn alert(
        &self,
        record: &HandoffRecord,
        text: &str,
        what: &str,
    ) -> Result<(), HandleError> {
        metrics::counter!("baton_alerts_total", "tenant" => record.tenant_id.clone()).increment(1);
        tracing::error!(record = %record.id, tenant = %record.tenant_id, alert = text, "alert");
        let id = format!("{}-{what}", record.id);
        let alert = Alert {
            alert_id: id.clone(),
            tenant_id: record.tenant_id.clone(),
            conversation_id: record.conversation_id.clone(),
            record_id: record.id.clone(),
            text: text.to_owned(),
            at: Some(now()),
        };
        self.publisher
            .publish(
                subjects::alert(&record.tenant_id)?,
                &format!("alert:{}:{id}", record.tenant_id),
                &alert,
            )
            .await?;
        Ok(())
    }
}

/// The configured handoff `id` (its messages), or the defaults when it was removed since.
fn handoff_of(config: &AgentConfig, id: &str) -> Handoff {
    config
        .handoffs
        .iter()
        .find(|h| h.id == id)
        .cloned()
        .unwrap_or_default()
}
