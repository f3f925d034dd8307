//! The `baton.turn.>` handler: for a customer message in a conversation a human handles
//! with Copilot on, draft a reply from the agent's knowledge and publish it for the
//! connector, which posts it as an internal note. Nothing here reaches the customer.

use std::sync::Arc;

use baton_bus::{Delivery, HandleError, Handler, Publisher, subjects};
use baton_config::store::ConfigCache;
use baton_proto::Validate;
use baton_proto::v1::{
    ActiveHandoff, Conversation, CopilotDraft, DraftSource, Mode, Role, TurnRecorded,
};

use crate::draft::{Draft, Drafter, Question};
use crate::index::KnowledgeIndex;
use crate::library::Library;

/// Drafts replies to recorded customer turns.
pub struct TurnHandler {
    configs: ConfigCache,
    library: Library,
    drafter: Drafter,
    publisher: Publisher,
}

impl TurnHandler {
    /// A handler reading configurations from `configs`, knowledge through `library`, and
    /// publishing with `publisher`.
    pub fn new(
        configs: ConfigCache,
        library: Library,
        drafter: Drafter,
        publisher: Publisher,
    ) -> Self {
        Self {
            configs,
            library,
            drafter,
            publisher,
        }
    }

    /// The agent's knowledge index; an agent without a configuration has no knowledge.
    async fn knowledge(
        &self,
        conversation: &Conversation,
    ) -> Result<Arc<KnowledgeIndex>, HandleError> {
        let (tenant, agent) = (&conversation.tenant_id, &conversation.agent_id);
        let Some(config) = self.configs.get(tenant, agent).await? else {
            tracing::warn!(%tenant, %agent, "no agent configuration; drafting without knowledge");
            return Ok(Arc::new(KnowledgeIndex::empty()));
        };
        self.library
            .index(tenant, agent, config.revision, &config.value.knowledge)
            .await
            .map_err(HandleError::transient)
    }
}

/// The live handoff with Copilot on, when the recorded turn is a customer message a human
/// was in charge of; `None` for everything else.
fn copilot_turn(turn: &TurnRecorded) -> Option<(&Conversation, &ActiveHandoff)> {
    let conversation = turn.conversation.as_ref()?;
    // The snapshot's mode is the mode the turn arrived in, so a redelivery decides the same.
    if conversation.mode() != Mode::Human {
        return None;
    }
    let recorded = conversation.turns.get(turn.turn_index as usize)?;
    if recorded.role() != Role::User {
        return None;
    }
    let active = conversation
        .active_handoff
        .as_ref()
        .filter(|active| active.copilot)?;
    Some((conversation, active))
}

/// `<conversation>-<event id>`, or a shortened form with a hash of the event id when that
/// would be longer than an id may be (both are 128 characters at most).
fn draft_id(conversation: &str, event: &str) -> String {
    let id = format!("{conversation}-{event}");
    if id.len() <= 128 {
        return id;
    }
    // FNV-1a: stable across builds and platforms, unlike the standard library's hasher.
    let hash = event.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    let keep = conversation.len().min(128 - 17);
    format!("{}-{hash:016x}", &conversation[..keep])
}

impl Handler for TurnHandler {
    type Message = TurnRecorded;

    async fn handle(&self, delivery: Delivery<TurnRecorded>) -> Result<(), HandleError> {
        let turn = &delivery.message;
        let Some((conversation, active)) = copilot_turn(turn) else {
            tracing::trace!(event = %turn.event_id, "not a customer message in a copilot conversation");
            return Ok(());
        };
        let (tenant, conversation_id) = (&conversation.tenant_id, &conversation.conversation_id);
        let subject = subjects::copilot_draft(active.r#type(), tenant, conversation_id)?;
        let index = self.knowledge(conversation).await?;
        // The draft is still useful without a reason (a handoff claimed before routers
        // carried it).
        let reason = Some(active.reason.trim()).filter(|reason| !reason.is_empty());
        let Some(question) =
            Question::from_conversation(conversation, turn.turn_index as usize, reason)
        else {
            return Ok(());
        };
        let started = std::time::Instant::now();
        let draft = self.drafter.draft(&index, &question);
        metrics::histogram!("baton_copilot_draft_seconds").record(started.elapsed().as_secs_f64());

        let message = copilot_draft(conversation, active, &turn.event_id, draft);
        message.validate()?;
        // One draft per customer message: a redelivered turn publishes a copy JetStream drops.
        let msg_id = format!("draft:{tenant}:{conversation_id}:{}", turn.event_id);
        let published = self.publisher.publish(subject, &msg_id, &message).await?;
        let outcome = if message.text.is_empty() {
            "no_suggestion"
        } else {
            "drafted"
        };
        tracing::info!(
            conversation = %conversation_id,
            event = %turn.event_id,
            outcome,
            confidence = message.confidence,
            sources = ?message.sources.iter().map(|source| source.path.as_str()).collect::<Vec<_>>(),
            duplicate = published.duplicate,
            "copilot draft published"
        );
        metrics::counter!("baton_copilot_drafts_total", "tenant" => tenant.clone(), "outcome" => outcome).increment(1);
        Ok(())
    }
}

fn copilot_draft(
    conversation: &Conversation,
    active: &ActiveHandoff,
    event: &str,
    draft: Draft,
) -> CopilotDraft {
    CopilotDraft {
        draft_id: draft_id(&conversation.conversation_id, event),
        tenant_id: conversation.tenant_id.clone(),
        conversation_id: conversation.conversation_id.clone(),
        record_id: active.record_id.clone(),
        for_event_id: event.to_owned(),
        text: draft.text,
        sources: draft
            .sources
            .into_iter()
            .map(|source| DraftSource {
                title: source.title,
                path: source.path,
            })
            .collect(),
        confidence: draft.confidence,
    }
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::{HandoffType, Turn};

    use super::*;

    fn recorded(mode: Mode, role: Role, copilot: bool) -> TurnRecorded {
        TurnRecorded {
            event_id: "e-1".into(),
            turn_index: 0,
            conversation: Some(Conversation {
                tenant_id: "acme".into(),
                agent_id: "support".into(),
                conversation_id: "c-1".into(),
                mode: mode as i32,
                turns: vec![Turn {
                    role: role as i32,
                    text: "hello".into(),
                    event_id: "e-1".into(),
                    mode: mode as i32,
                    ..Turn::default()
                }],
                active_handoff: Some(ActiveHandoff {
                    record_id: "c-1-1".into(),
                    r#type: HandoffType::Intercom as i32,
                    copilot,
                    ..ActiveHandoff::default()
                }),
                ..Conversation::default()
            }),
        }
    }

    #[test]
    fn only_customer_messages_to_a_human_with_copilot_are_drafted() {
        assert!(copilot_turn(&recorded(Mode::Human, Role::User, true)).is_some());
        assert!(copilot_turn(&recorded(Mode::Human, Role::User, false)).is_none());
        assert!(copilot_turn(&recorded(Mode::Bot, Role::User, true)).is_none());
        assert!(copilot_turn(&recorded(Mode::HandoffPending, Role::User, true)).is_none());
        assert!(copilot_turn(&recorded(Mode::Human, Role::HumanAgent, true)).is_none());
        assert!(copilot_turn(&recorded(Mode::Human, Role::Agent, true)).is_none());
    }

    #[test]
    fn draft_ids_are_stable_and_valid() {
        assert_eq!(draft_id("c-1", "e-9"), "c-1-e-9");
        let long = draft_id(&"c".repeat(128), &"e".repeat(128));
        assert_eq!(long.len(), 128);
        assert_eq!(long, draft_id(&"c".repeat(128), &"e".repeat(128)));
        assert_ne!(long, draft_id(&"c".repeat(128), &"f".repeat(128)));
        baton_proto::ids::check("draft_id", &long).expect("valid id");
    }

    #[test]
    fn no_suggestion_is_an_empty_draft_for_the_message() {
        let turn = recorded(Mode::Human, Role::User, true);
        let (conversation, active) = copilot_turn(&turn).expect("copilot turn");
        let message = copilot_draft(conversation, active, "e-1", Draft::none());
        assert_eq!(message.draft_id, "c-1-e-1");
        assert_eq!(message.record_id, "c-1-1");
        assert_eq!(message.for_event_id, "e-1");
        assert!(message.text.is_empty() && message.sources.is_empty());
        assert_eq!(message.confidence, 0.0);
        message.validate().expect("valid");
    }
}
