//! Conversation events as the AI agent's platform publishes them.

use baton_bus::{Publisher, subjects};
use baton_proto::v1::{
    AgentMessage, ConversationEvent, Customer, CustomerIdentified, UserMessage,
    conversation_event::Kind,
};

/// Publishes conversation events for one tenant and agent.
#[derive(Clone)]
pub struct Script {
    publisher: Publisher,
    tenant: String,
    agent: String,
}

impl Script {
    /// Events of `tenant`'s agent `agent`, published with `publisher`.
    pub fn new(publisher: Publisher, tenant: &str, agent: &str) -> Self {
        Self {
            publisher,
            tenant: tenant.into(),
            agent: agent.into(),
        }
    }

    /// Publishes an event of `kind` with id `event_id` in `conversation`.
    ///
    /// # Panics
    /// When the publish is not acknowledged.
    pub async fn send(&self, conversation: &str, event_id: &str, kind: Kind) {
        let event = ConversationEvent {
            event_id: event_id.into(),
            tenant_id: self.tenant.clone(),
            agent_id: self.agent.clone(),
            conversation_id: conversation.into(),
            occurred_at: None,
            kind: Some(kind),
        };
        let subject =
            subjects::inbound(&self.tenant, conversation).unwrap_or_else(|err| panic!("{err}"));
        self.publisher
            .publish(
                subject,
                &format!("{}:{conversation}:{event_id}", self.tenant),
                &event,
            )
            .await
            .unwrap_or_else(|err| panic!("publish {event_id}: {err}"));
    }

    /// The customer writes `text`.
    pub async fn user(&self, conversation: &str, event_id: &str, text: &str) {
        self.send(
            conversation,
            event_id,
            Kind::UserMessage(UserMessage { text: text.into() }),
        )
        .await;
    }

    /// The AI agent answers `text`; `answered: Some(false)` when it found no answer.
    pub async fn agent(
        &self,
        conversation: &str,
        event_id: &str,
        text: &str,
        answered: Option<bool>,
    ) {
        self.send(
            conversation,
            event_id,
            Kind::AgentMessage(AgentMessage {
                text: text.into(),
                answered,
                confidence: None,
            }),
        )
        .await;
    }

    /// The customer becomes known.
    pub async fn identify(&self, conversation: &str, event_id: &str, name: &str, email: &str) {
        self.send(
            conversation,
            event_id,
            Kind::CustomerIdentified(CustomerIdentified {
                customer: Some(Customer {
                    name: name.into(),
                    email: email.into(),
                    locale: "en".into(),
                    ..Customer::default()
                }),
            }),
        )
        .await;
    }

    /// Dana, charged twice, tries the AI agent, which cannot refund, then asks for a person
    /// (events `e0` to `e3` of `conversation`): a live handoff's usual start.
    pub async fn charged_twice_then_asks_for_a_person(&self, conversation: &str) {
        self.identify(conversation, "e0", "Dana Reyes", "dana@customer.test")
            .await;
        self.user(
            conversation,
            "e1",
            "I was charged twice for my subscription this month.",
        )
        .await;
        self.agent(
            conversation,
            "e2",
            "I'm sorry, I can't issue refunds myself.",
            Some(false),
        )
        .await;
        self.user(conversation, "e3", "Then can I talk to a person please?")
            .await;
    }
}
