//! What an applied event causes on the bus. Derived from the stored state alone, so a
//! redelivered event publishes exactly the same messages with the same msg-ids, and
//! JetStream drops the ones that already went out.

use baton_bus::{Error, Publisher, subjects};
use baton_proto::v1::{
    AgentAction, AgentControl, Conversation, ConversationEvent, HandoffType, Mode, Outbound,
    OutboundMessage, RelayMessage, Role, Sender, TurnRecorded, conversation_event::Kind, outbound,
};

/// One message to publish.
#[derive(Debug)]
pub enum Effect {
    /// A message was applied: for trigger-evaluator and copilot-drafter.
    Turn(TurnRecorded),
    /// A customer message for the helpdesk now in charge.
    Relay(HandoffType, RelayMessage),
    /// A message for the customer or an instruction for the AI agent.
    Out(Outbound),
}

/// The effects of `event` on `conversation` (the state after it was applied).
pub fn effects_of(conversation: &Conversation, event: &ConversationEvent) -> Vec<Effect> {
    let mut effects = Vec::new();
    match &event.kind {
        Some(Kind::UserMessage(_) | Kind::AgentMessage(_) | Kind::HumanAgentMessage(_)) => {
            let Some(index) = conversation.turn_of(&event.event_id) else {
                return effects;
            };
            let turn = &conversation.turns[index];
            effects.push(Effect::Turn(TurnRecorded {
                event_id: event.event_id.clone(),
                turn_index: u32::try_from(index).unwrap_or(u32::MAX),
                conversation: Some(conversation.snapshot_at(index)),
            }));
            match turn.role() {
                Role::User => effects.extend(relay(conversation, index)),
                Role::HumanAgent => effects.push(Effect::Out(Outbound {
                    kind: Some(outbound::Kind::Message(OutboundMessage {
                        message_id: event.event_id.clone(),
                        tenant_id: conversation.tenant_id.clone(),
                        conversation_id: conversation.conversation_id.clone(),
                        sender: Sender::HumanAgent as i32,
                        author_name: turn.author_name.clone(),
                        text: turn.text.clone(),
                        at: turn.at,
                    })),
                })),
                Role::Agent | Role::Unspecified => {}
            }
        }
        Some(Kind::HumanReleased(released)) if conversation.mode() == Mode::Bot => {
            effects.push(control(
                conversation,
                event,
                AgentAction::Resume,
                &released.reason,
                "the human agent handed the conversation back",
            ));
        }
        // The front end and the AI agent learn of the close; a close replayed after the
        // customer reopened the conversation says nothing.
        Some(Kind::ConversationClosed(closed)) if conversation.mode() == Mode::Closed => {
            effects.push(control(
                conversation,
                event,
                AgentAction::Close,
                &closed.reason,
                "the conversation was closed",
            ));
        }
        Some(
            Kind::HumanReleased(_) | Kind::CustomerIdentified(_) | Kind::ConversationClosed(_),
        )
        | None => {}
    }
    effects
}

/// An instruction to the AI agent caused by `event`, with the event's reason or `default`.
fn control(
    conversation: &Conversation,
    event: &ConversationEvent,
    action: AgentAction,
    reason: &str,
    default: &str,
) -> Effect {
    Effect::Out(Outbound {
        kind: Some(outbound::Kind::Control(AgentControl {
            control_id: event.event_id.clone(),
            tenant_id: conversation.tenant_id.clone(),
            conversation_id: conversation.conversation_id.clone(),
            action: action as i32,
            reason: if reason.is_empty() { default } else { reason }.to_owned(),
            record_id: String::new(),
        })),
    })
}

/// A customer turn goes to the helpdesk when it was written while a live handoff was
/// pending or a human was in charge. (Ticket and email handoffs have no live channel.)
fn relay(conversation: &Conversation, index: usize) -> Option<Effect> {
    let turn = &conversation.turns[index];
    let active = conversation.active_handoff.as_ref()?;
    let live = active.r#type().is_live();
    let in_charge = matches!(turn.mode(), Mode::Human | Mode::HandoffPending);
    (live && in_charge).then(|| {
        Effect::Relay(
            active.r#type(),
            RelayMessage {
                event_id: turn.event_id.clone(),
                tenant_id: conversation.tenant_id.clone(),
                conversation_id: conversation.conversation_id.clone(),
                record_id: active.record_id.clone(),
                turn: Some(turn.clone()),
                customer: conversation.customer.clone(),
            },
        )
    })
}

/// Publishes `effects` in order. Msg-ids name the effect, the conversation and the event,
/// so they are unique across tenants and stable across redeliveries.
pub async fn publish(
    publisher: &Publisher,
    event: &ConversationEvent,
    effects: Vec<Effect>,
) -> Result<(), Error> {
    let (tenant, conversation) = (&event.tenant_id, &event.conversation_id);
    let msg_id = |kind: &str| format!("{kind}:{tenant}:{conversation}:{}", event.event_id);
    for effect in effects {
        match effect {
            Effect::Turn(turn) => {
                publisher
                    .publish(
                        subjects::turn(tenant, conversation)?,
                        &msg_id("turn"),
                        &turn,
                    )
                    .await?
            }
            Effect::Relay(kind, relay) => {
                publisher
                    .publish(
                        subjects::relay(kind, tenant, conversation)?,
                        &msg_id("relay"),
                        &relay,
                    )
                    .await?
            }
            Effect::Out(out) => {
                publisher
                    .publish(
                        subjects::outbound(tenant, conversation)?,
                        &msg_id("out"),
                        &out,
                    )
                    .await?
            }
        };
    }
    Ok(())
}
