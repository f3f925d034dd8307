//! The `baton.in.>` handler: compare-and-set the conversation, then publish the effects.

use std::time::SystemTime;

use baton_bus::kv::{Decision, Store};
use baton_bus::subjects::{self, Bucket};
use baton_bus::{Bus, Delivery, HandleError, Handler, Publisher};
use baton_proto::v1::{Conversation, ConversationEvent};

use crate::apply::{Outcome, Rejected, apply};
use crate::effects::{effects_of, publish};

/// Applies conversation events.
pub struct EventHandler {
    conversations: Store<Conversation>,
    publisher: Publisher,
}

impl EventHandler {
    /// A handler on `bus`.
    pub async fn new(bus: &Bus) -> Result<Self, baton_bus::Error> {
        Ok(Self {
            conversations: Store::open(bus, Bucket::Conversations).await?,
            publisher: Publisher::new(bus.clone()),
        })
    }
}

impl Handler for EventHandler {
    type Message = ConversationEvent;

    async fn handle(&self, delivery: Delivery<ConversationEvent>) -> Result<(), HandleError> {
        let event = &delivery.message;
        let key = subjects::key(&event.tenant_id, &event.conversation_id)?;
        let now = SystemTime::now().into();
        let outcome = self
            .conversations
            .update(&key, |current| {
                match apply(current, event, delivery.stream_sequence, now) {
                    Ok(Outcome::Apply(next)) => Decision::Write(next.clone(), Ok((next, false))),
                    Ok(Outcome::Duplicate(same)) => Decision::Keep(Ok((same, true))),
                    Err(rejected) => Decision::Keep(Err(rejected)),
                }
            })
            .await?;
        let (conversation, duplicate) =
            outcome.map_err(|Rejected(reason)| HandleError::permanent(reason))?;
        if duplicate {
            tracing::debug!(event_id = %event.event_id, "event already applied; republishing its effects");
        }
        publish(&self.publisher, event, effects_of(&conversation, event)).await?;
        Ok(())
    }
}
