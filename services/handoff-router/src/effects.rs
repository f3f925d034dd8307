//! What a step of a handoff causes outside the record, as data ([`Effect`]), and the one
//! place that carries effects out. Every message's id derives from the record (and
//! attempt, or moment), so a step repeated after a redelivery publishes the same ids and
//! JetStream drops the copies.

use baton_bus::kv::Store;
use baton_bus::{HandleError, Publisher, subjects};
use baton_proto::v1::{
    AgentAction, AgentControl, Alert, DispatchDeadline, HandoffDispatch, Outbound, OutboundMessage,
    Sender, outbound,
};
use prost_types::Timestamp;

/// One thing a step does besides writing the record and moving the conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Tell the AI agent to stay silent: a human is taking over.
    Pause,
    /// Tell the AI agent to carry on: every path failed.
    Resume,
    /// Wait for the result of the dispatch in flight until this deadline (KV
    /// `baton_deadlines`, one per record).
    SetDeadline(DispatchDeadline),
    /// No dispatch of the record is waiting any more.
    ClearDeadline,
    /// Hand the package to the connector of the attempt's type (boxed: it carries the
    /// whole transcript).
    Dispatch(Box<HandoffDispatch>),
    /// Tell the customer `text`. `moment` names the message within the record
    /// (`0-connecting`, `1-accepted`, `unavailable`), which makes its id.
    Tell {
        /// Which message of the record this is.
        moment: String,
        /// What the customer reads.
        text: String,
    },
    /// Tell operators something needs a human look. `what` names the alert within the
    /// record (`exhausted`, `late-0`), which makes its id.
    Alert {
        /// Which alert of the record this is.
        what: String,
        /// What operators read.
        text: String,
    },
}

/// The record the effects belong to: where they go and what their ids derive from.
pub struct Scope<'a> {
    /// Tenant id.
    pub tenant_id: &'a str,
    /// The handoff record.
    pub record_id: &'a str,
    /// Its conversation.
    pub conversation_id: &'a str,
}

/// Carries out `effects` in order, stopping at the first that fails (the delivery is
/// retried, and repeats them all under the same ids).
pub async fn execute(
    publisher: &Publisher,
    deadlines: &Store<DispatchDeadline>,
    scope: &Scope<'_>,
    effects: Vec<Effect>,
    now: Timestamp,
) -> Result<(), HandleError> {
    let (tenant, record) = (scope.tenant_id, scope.record_id);
    let deadline_key = || subjects::record_key(tenant, record);
    for effect in effects {
        match effect {
            Effect::Pause => {
                let reason = "a human is taking over the conversation";
                out(publisher, scope, control(scope, AgentAction::Pause, reason)).await?;
            }
            Effect::Resume => {
                let reason = "every handoff path failed; the AI agent carries on";
                out(
                    publisher,
                    scope,
                    control(scope, AgentAction::Resume, reason),
                )
                .await?;
            }
            Effect::SetDeadline(deadline) => {
                deadlines.put(&deadline_key()?, &deadline).await?;
            }
            Effect::ClearDeadline => deadlines.delete(&deadline_key()?).await?,
            Effect::Dispatch(dispatch) => {
                let handoff = dispatch.handoff.clone().unwrap_or_default();
                publisher
                    .publish(
                        subjects::handoff_dispatch(
                            handoff.r#type(),
                            tenant,
                            scope.conversation_id,
                        )?,
                        &format!("dispatch:{tenant}:{record}:{}", dispatch.attempt),
                        dispatch.as_ref(),
                    )
                    .await?;
                tracing::info!(record, attempt = dispatch.attempt, handoff = %handoff.id, r#type = handoff.r#type().label(), "handoff dispatched");
            }
            Effect::Tell { moment, text } => {
                let message = OutboundMessage {
                    message_id: format!("{record}-{moment}"),
                    tenant_id: tenant.to_owned(),
                    conversation_id: scope.conversation_id.to_owned(),
                    sender: Sender::System as i32,
                    author_name: String::new(),
                    text,
                    at: Some(now),
                };
                out(publisher, scope, outbound::Kind::Message(message)).await?;
            }
            Effect::Alert { what, text } => {
                metrics::counter!("baton_alerts_total", "tenant" => tenant.to_owned()).increment(1);
                tracing::error!(record, tenant, alert = text, "alert");
                let alert = Alert {
                    alert_id: format!("{record}-{what}"),
                    tenant_id: tenant.to_owned(),
                    conversation_id: scope.conversation_id.to_owned(),
                    record_id: record.to_owned(),
                    text,
                    at: Some(now),
                };
                publisher
                    .publish(
                        subjects::alert(tenant)?,
                        &format!("alert:{tenant}:{}", alert.alert_id),
                        &alert,
                    )
                    .await?;
            }
        }
    }
    Ok(())
}

fn control(scope: &Scope<'_>, action: AgentAction, reason: &str) -> outbound::Kind {
    outbound::Kind::Control(AgentControl {
        control_id: format!("{}-{}", scope.record_id, action.label()),
        tenant_id: scope.tenant_id.to_owned(),
        conversation_id: scope.conversation_id.to_owned(),
        action: action as i32,
        reason: reason.to_owned(),
        record_id: scope.record_id.to_owned(),
    })
}

/// Publishes on `baton.out`; the message's own id (`<record>-<moment>`) makes the msg-id.
async fn out(
    publisher: &Publisher,
    scope: &Scope<'_>,
    kind: outbound::Kind,
) -> Result<(), HandleError> {
    let id = match &kind {
        outbound::Kind::Message(message) => message.message_id.clone(),
        outbound::Kind::Control(control) => control.control_id.clone(),
    };
    let (tenant, conversation) = (scope.tenant_id, scope.conversation_id);
    publisher
        .publish(
            subjects::outbound(tenant, conversation)?,
            &format!("out:{tenant}:{conversation}:{id}"),
            &Outbound { kind: Some(kind) },
        )
        .await?;
    Ok(())
}
