//! Conversation service tests against a real nats-server.

// Test helpers fail the test that calls them by panicking.
#![allow(clippy::panic)]

mod auth;
mod concurrency;
mod events;
mod query;

use std::net::SocketAddr;
use std::time::Duration;

use baton_bus::kv::Store;
use baton_bus::subjects::{self, Bucket};
use baton_bus::{Bus, Publisher};
use baton_config::settings::{GrpcSettings, ServiceSettings};
use baton_proto::v1::{
    AgentMessage, Conversation, ConversationEvent, HumanAgentMessage, UserMessage,
    conversation_event::Kind,
};
use baton_runtime::Context;
use baton_testkit::TestNats;
use tokio_util::sync::CancellationToken;

/// Generous bound for anything asynchronous to happen.
pub const WAIT: Duration = Duration::from_secs(60);

/// A running conversation service.
pub struct App {
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<()>,
    /// Where its gRPC API listens.
    pub grpc: SocketAddr,
}

impl App {
    /// Stops it and waits until it has.
    pub async fn stop(self) {
        self.shutdown.cancel();
        tokio::time::timeout(WAIT, self.task)
            .await
            .expect("stops in time")
            .expect("join");
    }
}

/// Starts a conversation service on `nats` with free ports, its gRPC API on loopback
/// without an admin token.
pub async fn spawn_app(nats: &TestNats) -> App {
    let grpc = GrpcSettings {
        grpc_addr: "127.0.0.1:0".parse().expect("addr"),
        ..GrpcSettings::default()
    };
    spawn_app_with(nats, &grpc).await.expect("serve")
}

/// Starts a conversation service on `nats` with a free HTTP port and `grpc`.
pub async fn spawn_app_with(
    nats: &TestNats,
    grpc: &GrpcSettings,
) -> Result<App, baton_runtime::Error> {
    baton_testkit::init_tracing();
    let shutdown = CancellationToken::new();
    let context = Context::connect("conversation", &nats.settings(), shutdown.clone())
        .await
        .expect("connect");
    let settings = baton_conversation::Settings {
        service: ServiceSettings {
            concurrency: 8,
            ..ServiceSettings::default()
        },
        ..Default::default()
    };
    let parts = baton_conversation::start(&context, &settings)
        .await
        .expect("start");
    let bound = context
        .serve("127.0.0.1:0".parse().expect("addr"), Some(grpc), parts)
        .await;
    let bound = match bound {
        Ok(bound) => bound,
        Err(err) => {
            shutdown.cancel();
            // Stopped on purpose: the bind error is the one to report.
            let _ = context.finished().await;
            return Err(err);
        }
    };
    let task = tokio::spawn(baton_testkit::service::finished_cleanly(context));
    Ok(App {
        shutdown,
        task,
        grpc: bound.grpc.expect("grpc"),
    })
}

/// An event of `kind` in conversation `conversation`.
pub fn event(conversation: &str, id: &str, kind: Kind) -> ConversationEvent {
    ConversationEvent {
        event_id: id.into(),
        tenant_id: "acme".into(),
        agent_id: "support".into(),
        conversation_id: conversation.into(),
        occurred_at: None,
        kind: Some(kind),
    }
}

/// A customer message.
pub fn user(conversation: &str, id: &str, text: &str) -> ConversationEvent {
    event(
        conversation,
        id,
        Kind::UserMessage(UserMessage { text: text.into() }),
    )
}

/// An AI-agent message.
pub fn agent(conversation: &str, id: &str, text: &str) -> ConversationEvent {
    event(
        conversation,
        id,
        Kind::AgentMessage(AgentMessage {
            text: text.into(),
            answered: None,
            confidence: None,
        }),
    )
}

/// A human-agent reply.
pub fn human(conversation: &str, id: &str, text: &str) -> ConversationEvent {
    event(
        conversation,
        id,
        Kind::HumanAgentMessage(HumanAgentMessage {
            text: text.into(),
            author_name: "Sam".into(),
        }),
    )
}

/// Publishes an event as an outside service would (msg-id from its id), retrying while
/// the server is unreachable.
pub async fn send(bus: &Bus, event: &ConversationEvent) {
    let publisher = Publisher::new(bus.clone());
    let subject = subjects::inbound(&event.tenant_id, &event.conversation_id).expect("subject");
    let msg_id = format!(
        "{}:{}:{}",
        event.tenant_id, event.conversation_id, event.event_id
    );
    for _ in 0..600 {
        if publisher
            .publish(subject.clone(), &msg_id, event)
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("could not publish {}", event.event_id);
}

/// The stored state of a conversation, if any.
pub async fn stored(bus: &Bus, conversation: &str) -> Option<Conversation> {
    let store: Store<Conversation> = Store::open(bus, Bucket::Conversations).await.ok()?;
    store
        .get(&format!("acme.{conversation}"))
        .await
        .ok()
        .flatten()
        .map(|v| v.value)
}

/// Waits until a conversation has `turns` turns and returns it.
pub async fn with_turns(bus: &Bus, conversation: &str, turns: usize) -> Conversation {
    baton_testkit::eventually(
        &format!("{conversation} to have {turns} turns"),
        WAIT,
        || async {
            stored(bus, conversation)
                .await
                .filter(|c| c.turns.len() >= turns)
        },
    )
    .await
}
