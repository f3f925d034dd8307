//! Bus integration tests against a real nats-server.

// Test helpers fail the test that calls them by panicking.
#![allow(clippy::panic)]

mod erase;
mod kv;
mod publish;
mod turns;
mod worker;

use std::sync::{Arc, Mutex};

use baton_bus::{Delivery, HandleError, Handler};
use baton_proto::v1::{ConversationEvent, UserMessage, conversation_event::Kind};

/// A valid inbound event.
pub fn event(id: &str, text: &str) -> ConversationEvent {
    ConversationEvent {
        event_id: id.into(),
        tenant_id: "acme".into(),
        agent_id: "support".into(),
        conversation_id: "c-1".into(),
        occurred_at: None,
        kind: Some(Kind::UserMessage(UserMessage { text: text.into() })),
    }
}

/// What a scripted handler does with each delivery.
pub type Script =
    Box<dyn Fn(&Delivery<ConversationEvent>) -> Result<(), HandleError> + Send + Sync>;

/// Records every delivery (event id, delivery count, trace id) and answers by script.
#[derive(Clone)]
pub struct Recorder {
    /// (event id, delivery count, trace id) per delivery.
    pub seen: Arc<Mutex<Vec<(String, u64, String)>>>,
    script: Arc<Script>,
}

impl Recorder {
    /// A recorder answering with `script`.
    pub fn new(
        script: impl Fn(&Delivery<ConversationEvent>) -> Result<(), HandleError> + Send + Sync + 'static,
    ) -> Self {
        Self {
            seen: Arc::default(),
            script: Arc::new(Box::new(script)),
        }
    }

    /// What it has seen so far.
    pub fn seen(&self) -> Vec<(String, u64, String)> {
        self.seen.lock().expect("lock").clone()
    }
}

impl Handler for Recorder {
    type Message = ConversationEvent;

    async fn handle(&self, delivery: Delivery<ConversationEvent>) -> Result<(), HandleError> {
        let trace = baton_telemetry::propagation::trace_id(&tracing::Span::current());
        self.seen.lock().expect("lock").push((
            delivery.message.event_id.clone(),
            delivery.delivered,
            trace,
        ));
        (self.script)(&delivery)
    }
}
