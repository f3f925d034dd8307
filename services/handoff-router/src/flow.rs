//! The router's I/O around [`decide`]: for each input, read the conversation, decide
//! inside the record's compare-and-set, move the conversation's mode (its own
//! compare-and-set, which applies only while the record still holds it), then carry out
//! the effects. The decisions themselves are in `decide.rs`; the effects' ids in
//! `effects.rs` derive from the record and attempt, so a redelivered input repeats its
//! step without repeating its effects.

use std::time::{Duration, SystemTime};

use baton_bus::kv::{Decision, Store};
use baton_bus::subjects::{self, Bucket};
use baton_bus::{Bus, HandleError, Publisher};
use baton_config::policy::LoopGuard;
use baton_config::store::ConfigCache;
use baton_proto::Transition;
use baton_proto::v1::{
    AgentConfig, Conversation, DispatchDeadline, HandoffRecord, HandoffRequested, HandoffResult,
    HandoffState,
};
use prost_types::Timestamp;

use crate::claim::{Claim, claim};
use crate::decide::{
    Input, Outcome, Rejected, Rules, Step, decide, failures, in_flight, requested_handoff,
};
use crate::effects::{self, Scope};

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

fn permanent(Rejected(reason): Rejected) -> HandleError {
    HandleError::permanent(reason)
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

    /// A trigger fired: take the conversation (bot → handoff_pending), then start the
    /// record and dispatch its first available path.
    pub async fn on_request(&self, request: &HandoffRequested) -> Result<(), HandleError> {
        let Some(config) = self.config(&request.tenant_id, &request.agent_id).await? else {
            tracing::warn!(tenant = %request.tenant_id, agent = %request.agent_id, "no configuration for this agent; request ignored");
            return Ok(());
        };
        if !config.live {
            tracing::info!(tenant = %request.tenant_id, agent = %request.agent_id, "configuration is not live; request ignored");
            return Ok(());
        }
        let handoff = requested_handoff(&config, request).map_err(permanent)?;
        let at = now();
        let key = subjects::key(&request.tenant_id, &request.conversation_id)?;
        // The claim is decided on the conversation, the rest on the record: two keys, so
        // two compare-and-sets, the conversation's first (it numbers the record).
        let claimed = self
            .conversations
            .update(&key, |current| {
                let Some(mut conversation) = current else {
                    return Decision::Keep(None);
                };
                match claim(&mut conversation, request, handoff, &self.guard, at) {
                    Claim::New(record) => {
                        Decision::Write(conversation.clone(), Some(Ok((record, conversation))))
                    }
                    Claim::Resume(record) => Decision::Keep(Some(Ok((record, conversation)))),
                    Claim::Refused(why) => Decision::Keep(Some(Err(why))),
                }
            })
            .await?;
        let (record_id, conversation) = match claimed {
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
            Some(Ok(claimed)) => claimed,
        };
        metrics::counter!(
            "baton_handoffs_requested_total",
            "tenant" => request.tenant_id.clone(),
            "type" => handoff.r#type().label(),
        )
        .increment(1);
        let input = Input::Request {
            request,
            record_id: &record_id,
        };
        self.step(
            &request.tenant_id,
            &record_id,
            Some(conversation),
            &config,
            input,
            at,
        )
        .await
    }

    /// A connector answered.
    pub async fn on_result(&self, result: &HandoffResult) -> Result<(), HandleError> {
        let input = Input::Result(result);
        self.on_record(&result.tenant_id, &result.record_id, input)
            .await
    }

    /// A dispatch got no result in time.
    pub async fn on_deadline(&self, deadline: &DispatchDeadline) -> Result<(), HandleError> {
        let input = Input::Deadline(deadline);
        self.on_record(&deadline.tenant_id, &deadline.record_id, input)
            .await
    }

    /// Decides `input` about an existing record now, with its conversation and
    /// configuration.
    async fn on_record(
        &self,
        tenant: &str,
        record_id: &str,
        input: Input<'_>,
    ) -> Result<(), HandleError> {
        let (conversation, config) = self.context_of(tenant, record_id).await?;
        self.step(tenant, record_id, conversation, &config, input, now())
            .await
    }

    /// The conversation and configuration a record's next step is decided with (the
    /// record itself is read again inside the compare-and-set).
    async fn context_of(
        &self,
        tenant: &str,
        record_id: &str,
    ) -> Result<(Option<Conversation>, AgentConfig), HandleError> {
        let key = subjects::record_key(tenant, record_id)?;
        let Some(record) = self.records.get(&key).await?.map(|found| found.value) else {
            return Ok((None, AgentConfig::default()));
        };
        let conversation = self
            .conversations
            .get(&subjects::key(tenant, &record.conversation_id)?)
            .await?
            .map(|found| found.value);
        let config = self
            .config(tenant, &record.agent_id)
            .await?
            .unwrap_or_default();
        Ok((conversation, config))
    }

    /// Decides `input` on the record in a compare-and-set, then carries the step out.
    async fn step(
        &self,
        tenant: &str,
        record_id: &str,
        conversation: Option<Conversation>,
        config: &AgentConfig,
        input: Input<'_>,
        now: Timestamp,
    ) -> Result<(), HandleError> {
        let rules = Rules {
            config,
            dispatch_timeout: self.dispatch_timeout,
        };
        let step = self
            .records
            .update(
                &subjects::record_key(tenant, record_id)?,
                |current| match decide(current, conversation.as_ref(), input, rules, now) {
                    Ok(step) if step.write => match step.record.clone() {
                        Some(record) => Decision::Write(record, Ok(step)),
                        None => Decision::Keep(Ok(step)),
                    },
                    decided => Decision::Keep(decided),
                },
            )
            .await?
            .map_err(permanent)?;
        observe(&input, &step, now);
        let conversation_id = step
            .record
            .as_ref()
            .map(|record| record.conversation_id.clone())
            .unwrap_or_default();
        if let Some(transition) = &step.conversation {
            self.transition(tenant, &conversation_id, transition, now)
                .await?;
        }
        let scope = Scope {
            tenant_id: tenant,
            record_id,
            conversation_id: &conversation_id,
        };
        effects::execute(&self.publisher, &self.deadlines, &scope, step.effects, now).await
    }

    /// Moves the conversation's mode, if it is still in a mode the transition leaves.
    async fn transition(
        &self,
        tenant: &str,
        conversation_id: &str,
        transition: &Transition,
        now: Timestamp,
    ) -> Result<(), HandleError> {
        self.conversations
            .update(&subjects::key(tenant, conversation_id)?, |current| {
                let Some(mut conversation) = current else {
                    return Decision::Keep(());
                };
                if conversation.transition(transition, now) {
                    Decision::Write(conversation, ())
                } else {
                    Decision::Keep(())
                }
            })
            .await?;
        Ok(())
    }
}

/// Logs and counts what a step did.
fn observe(input: &Input<'_>, step: &Step, now: Timestamp) {
    let Some(record) = &step.record else {
        return;
    };
    let tenant = || record.tenant_id.clone();
    match &step.outcome {
        Outcome::Accepted => {
            let kind = record
                .attempts
                .iter()
                .find(|a| a.state() == HandoffState::Accepted)
                .map(|a| a.r#type())
                .unwrap_or_default();
            metrics::counter!("baton_handoffs_accepted_total", "tenant" => tenant(), "type" => kind.label()).increment(1);
            if let Some(created) = record.created_at {
                let seconds = (now.seconds - created.seconds) as f64
                    + f64::from(now.nanos - created.nanos) / 1e9;
                metrics::histogram!("baton_handoff_acceptance_seconds", "type" => kind.label())
                    .record(seconds.max(0.0));
            }
            tracing::info!(record = %record.id, r#type = kind.label(), external_ref = %record.external_ref, "handoff accepted");
        }
        Outcome::Failed { attempt, reason } => {
            match input {
                Input::Deadline(_) => {
                    metrics::counter!("baton_handoffs_timed_out_total", "tenant" => tenant())
                        .increment(1);
                }
                Input::Result(result) => {
                    metrics::counter!("baton_handoffs_failed_total", "tenant" => tenant(), "type" => result.r#type().label()).increment(1);
                }
                Input::Request { .. } => {}
            }
            tracing::warn!(record = %record.id, attempt, reason, "handoff path failed; trying the next");
        }
        Outcome::Late | Outcome::Started | Outcome::Repeated => {}
        Outcome::Ignored(why) => {
            tracing::info!(record = %record.id, why, "nothing to do");
        }
    }
    if !step.write {
        return;
    }
    if let Some(attempt) = in_flight(record).filter(|attempt| *attempt > 0)
        && let Some(entry) = record.attempts.iter().find(|a| a.attempt == attempt)
    {
        metrics::counter!("baton_handoffs_fallen_back_total", "tenant" => tenant(), "type" => entry.r#type().label()).increment(1);
    }
    if record.state() == HandoffState::Failed {
        tracing::error!(record = %record.id, tenant = %record.tenant_id, conversation = %record.conversation_id, failures = %failures(record), "every handoff path failed; the conversation is back with the bot");
        metrics::counter!("baton_handoffs_exhausted_total", "tenant" => tenant()).increment(1);
    }
}
