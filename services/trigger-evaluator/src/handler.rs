//! The `baton.turn.>` handler: evaluate the turn against the agent's live configuration and
//! publish `HandoffRequested` when a handoff fires.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use baton_bus::{Delivery, HandleError, Handler, Publisher, subjects};
use baton_config::policy::LoopGuard;
use baton_config::store::ConfigCache;
use baton_llm::Judge;
use baton_proto::v1::{AgentConfig, TurnRecorded};
use baton_triggers::Rulebook;

use crate::evaluate::{Verdict, evaluate, evaluate_judged};
use crate::sessions::Sessions;

/// Compiled rulebooks by agent, with the configuration revision they were compiled from.
type Compiled = HashMap<(String, String), (u64, Arc<Rulebook>)>;

/// Evaluates recorded turns.
pub struct TurnHandler {
    configs: ConfigCache,
    compiled: Mutex<Compiled>,
    sessions: Arc<Sessions>,
    publisher: Publisher,
    guard: LoopGuard,
    judge: Option<Judge>,
}

impl TurnHandler {
    /// A handler reading configurations from `configs` and publishing with `publisher`;
    /// with `judge`, handoffs configured `judge: llm` are decided by the model.
    pub fn new(
        configs: ConfigCache,
        publisher: Publisher,
        guard: LoopGuard,
        judge: Option<Judge>,
    ) -> Self {
        Self {
            configs,
            compiled: Mutex::new(HashMap::new()),
            sessions: Arc::new(Sessions::default()),
            publisher,
            guard,
            judge,
        }
    }

    /// The rulebook of `config` at `revision`, compiled once per revision.
    fn rulebook(&self, config: &AgentConfig, revision: u64) -> Arc<Rulebook> {
        let key = (config.tenant_id.clone(), config.agent_id.clone());
        let mut compiled = self.compiled.lock().unwrap_or_else(PoisonError::into_inner);
        match compiled.get(&key) {
            Some((at, rulebook)) if *at == revision => rulebook.clone(),
            _ => {
                let rulebook = Arc::new(Rulebook::new(config));
                compiled.insert(key, (revision, rulebook.clone()));
                rulebook
            }
        }
    }
}

impl Handler for TurnHandler {
    type Message = TurnRecorded;

    async fn handle(&self, delivery: Delivery<TurnRecorded>) -> Result<(), HandleError> {
        let TurnRecorded {
            event_id,
            turn_index,
            conversation,
        } = delivery.message;
        let Some(conversation) = conversation else {
            return Err(HandleError::permanent(
                "the turn carries no conversation snapshot",
            ));
        };
        let Some(config) = self
            .configs
            .get(&conversation.tenant_id, &conversation.agent_id)
            .await?
            .filter(|found| found.value.live)
        else {
            tracing::debug!(tenant = %conversation.tenant_id, agent = %conversation.agent_id, "no live configuration; turn skipped");
            return Ok(());
        };
        let rulebook = self.rulebook(&config.value, config.revision);
        let now = SystemTime::now().into();
        let (verdict, conversation) = match &self.judge {
            None => {
                // CPU work, up to milliseconds for a pasted message: off the async threads,
                // so one long message never stalls the other conversations' I/O.
                let (sessions, guard, revision) =
                    (self.sessions.clone(), self.guard, config.revision);
                tokio::task::spawn_blocking(move || {
                    let verdict = evaluate(
                        &rulebook,
                        revision,
                        &sessions,
                        &guard,
                        &conversation,
                        turn_index,
                        now,
                    );
                    (verdict, conversation)
                })
                .await
                .map_err(HandleError::transient)?
            }
            Some(judge) => {
                let config = (&config.value, config.revision);
                let verdict = evaluate_judged(
                    judge,
                    &rulebook,
                    config,
                    &self.guard,
                    &conversation,
                    turn_index,
                    now,
                )
                .await;
                (verdict, conversation)
            }
        };
        match verdict {
            Verdict::Skip(why) => tracing::trace!(why, "turn not evaluated"),
            Verdict::Stay => {}
            Verdict::Held { handoff_id, why } => {
                tracing::info!(conversation = %conversation.conversation_id, handoff = %handoff_id, %why, "handoff held back by loop protection");
                metrics::counter!("baton_handoffs_held_total", "tenant" => conversation.tenant_id.clone()).increment(1);
            }
            Verdict::Request(request) => {
                let subject =
                    subjects::handoff_requested(&request.tenant_id, &request.conversation_id)?;
                // One request per conversation turn: a redelivered turn publishes a copy
                // JetStream drops.
                let msg_id = format!(
                    "requested:{}:{}:{}",
                    request.tenant_id, request.conversation_id, event_id
                );
                self.publisher.publish(subject, &msg_id, &request).await?;
                tracing::info!(
                    conversation = %request.conversation_id,
                    handoff = %request.handoff_id,
                    turn = request.turn_index,
                    conditions = ?request.conditions.iter().map(|c| c.kind.as_str()).collect::<Vec<_>>(),
                    "handoff requested"
                );
                metrics::counter!("baton_handoffs_fired_total", "tenant" => request.tenant_id.clone(), "handoff" => request.handoff_id.clone()).increment(1);
            }
        }
        Ok(())
    }
}
