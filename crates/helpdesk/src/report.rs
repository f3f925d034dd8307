//! What a connector tells the rest of Baton: the outcome of a dispatch (to the router) and
//! what happened in the helpdesk (a human's reply, a close, a release — to the
//! conversation service, as the events an outside service would publish).

use std::time::SystemTime;

use baton_bus::kv::Store;
use baton_bus::subjects::{self, Bucket};
use baton_bus::{Bus, Error, Publisher};
use baton_proto::v1::{
    Conversation, ConversationClosed, ConversationEvent, HandoffDispatch, HandoffFailed,
    HandoffResult, HandoffType, HelpdeskLink, HumanAgentMessage, HumanReleased, conversation_event,
    handoff_result,
};

use crate::webhook::{Ignored, Outcome};

/// Publishes the result of `dispatch`, once per record attempt (`Nats-Msg-Id`).
pub async fn publish_result(
    publisher: &Publisher,
    dispatch: &HandoffDispatch,
    kind: HandoffType,
    outcome: handoff_result::Outcome,
) -> Result<(), Error> {
    let (tenant, conversation) = dispatch
        .package
        .as_ref()
        .map(|p| (p.tenant_id.as_str(), p.conversation_id.as_str()))
        .unwrap_or_default();
    let result = HandoffResult {
        record_id: dispatch.record_id.clone(),
        attempt: dispatch.attempt,
        tenant_id: tenant.to_owned(),
        conversation_id: conversation.to_owned(),
        r#type: kind as i32,
        outcome: Some(outcome),
        finished_at: Some(SystemTime::now().into()),
    };
    publisher
        .publish(
            subjects::handoff_result(tenant, conversation)?,
            &format!(
                "result:{tenant}:{}:{}",
                dispatch.record_id, dispatch.attempt
            ),
            &result,
        )
        .await?;
    Ok(())
}

/// A failed outcome, final: a connector has already spent its retry budget (or was
/// refused), so the router moves on to the fallback.
pub fn failed(reason: impl Into<String>) -> handoff_result::Outcome {
    handoff_result::Outcome::Failed(HandoffFailed {
        reason: reason.into(),
    })
}

/// Something a helpdesk said about a linked conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum HelpdeskEvent {
    /// A human agent replied to the customer.
    Reply {
        /// The reply, as plain text.
        text: String,
        /// The agent's name, as the customer should see it.
        author_name: String,
    },
    /// The human closed the conversation.
    Closed {
        /// Why, in plain words.
        reason: String,
    },
    /// The human gave the conversation back to the bot.
    Released {
        /// Why, in plain words.
        reason: String,
    },
}

/// Publishes what helpdesks say about linked conversations, for the handoff that holds
/// the conversation now: an old helpdesk object (a conversation snoozed away, a ticket of
/// an earlier handoff) closed or answered later must not touch the current handoff.
#[derive(Clone)]
pub struct HelpdeskEvents {
    publisher: Publisher,
    conversations: Store<Conversation>,
}

impl HelpdeskEvents {
    /// Publishing on `bus`.
    pub async fn open(bus: &Bus) -> Result<Self, Error> {
        Ok(Self {
            publisher: Publisher::new(bus.clone()),
            conversations: Store::open(bus, Bucket::Conversations).await?,
        })
    }

    /// Publishes `event` for `link`'s conversation on `baton.in` as event `event_id` (derive
    /// it from the helpdesk's own id for the thing, so a notification delivered twice is
    /// applied once: JetStream drops the second publish, and the conversation service
    /// ignores an event id it has applied) — if `link`'s handoff is the conversation's
    /// active one; otherwise it is ignored as [`Ignored::OldHandoff`].
    pub async fn publish(
        &self,
        link: &HelpdeskLink,
        event_id: &str,
        event: HelpdeskEvent,
    ) -> Result<Outcome, Error> {
        let key = subjects::key(&link.tenant_id, &link.conversation_id)?;
        let current = self.conversations.get(&key).await?.is_some_and(|found| {
            found
                .value
                .active_handoff
                .is_some_and(|active| active.record_id == link.record_id)
        });
        if !current {
            return Ok(Ignored::OldHandoff.into());
        }
        publish_event(&self.publisher, link, event_id, event).await?;
        Ok(Outcome::Applied)
    }
}

/// Publishes `event` for `link`'s conversation on `baton.in` as event `event_id`.
async fn publish_event(
    publisher: &Publisher,
    link: &HelpdeskLink,
    event_id: &str,
    event: HelpdeskEvent,
) -> Result<(), Error> {
    let kind = match event {
        HelpdeskEvent::Reply { text, author_name } => {
            conversation_event::Kind::HumanAgentMessage(HumanAgentMessage { text, author_name })
        }
        HelpdeskEvent::Closed { reason } => {
            conversation_event::Kind::ConversationClosed(ConversationClosed { reason })
        }
        HelpdeskEvent::Released { reason } => {
            conversation_event::Kind::HumanReleased(HumanReleased { reason })
        }
    };
    let event = ConversationEvent {
        event_id: event_id.to_owned(),
        tenant_id: link.tenant_id.clone(),
        agent_id: link.agent_id.clone(),
        conversation_id: link.conversation_id.clone(),
        occurred_at: Some(SystemTime::now().into()),
        kind: Some(kind),
    };
    publisher
        .publish(
            subjects::inbound(&link.tenant_id, &link.conversation_id)?,
            &format!("{}:{}:{}", link.tenant_id, link.conversation_id, event_id),
            &event,
        )
        .await?;
    Ok(())
}

/// An event id made of `prefix` and a helpdesk's id, within Baton's id alphabet
/// (`[A-Za-z0-9_-]{1,128}`): kept as is when it fits, otherwise replaced by its SHA-1, so
/// the same helpdesk id always gives the same event id.
pub fn event_id(prefix: &str, helpdesk_id: &str) -> String {
    let candidate = format!("{prefix}-{helpdesk_id}");
    if baton_proto::ids::is_valid(&candidate) {
        return candidate;
    }
    use sha1::Digest;
    format!(
        "{prefix}-{}",
        hex::encode(sha1::Sha1::digest(helpdesk_id.as_bytes()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_are_stable_and_valid() {
        assert_eq!(event_id("intercom", "1234"), "intercom-1234");
        let odd = event_id("intercom", "notif_ccd8a4d0.f965:11e3");
        assert!(baton_proto::ids::is_valid(&odd), "{odd}");
        assert_eq!(odd, event_id("intercom", "notif_ccd8a4d0.f965:11e3"));
        assert_ne!(odd, event_id("intercom", "notif_ccd8a4d0.f965:11e4"));
        assert!(baton_proto::ids::is_valid(&event_id("x", &"9".repeat(300))));
    }
}
