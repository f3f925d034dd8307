//! What an end-to-end test reads back from the bus: a conversation's state, a handoff
//! record, what the customer was told, what came in.

use baton_bus::Bus;
use baton_bus::kv::Store;
use baton_bus::subjects::{self, Bucket, Stream};
use baton_proto::v1::{
    AgentAction, Conversation, ConversationEvent, HandoffRecord, Mode, Outbound, Sender, outbound,
};
use baton_testkit::{eventually, stored};

use crate::WAIT;

/// Conversation `id` of `tenant` (empty when it does not exist yet).
///
/// # Panics
/// When the bucket cannot be read.
pub async fn conversation(bus: &Bus, tenant: &str, id: &str) -> Conversation {
    let store: Store<Conversation> = Store::open(bus, Bucket::Conversations)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    store
        .get(&subjects::key(tenant, id).unwrap_or_else(|err| panic!("{err}")))
        .await
        .unwrap_or_else(|err| panic!("{err}"))
        .map(|found| found.value)
        .unwrap_or_default()
}

/// Waits (at most [`WAIT`]) until conversation `id` of `tenant` is in `mode`.
///
/// # Panics
/// When it is not in time.
pub async fn in_mode(bus: &Bus, tenant: &str, id: &str, mode: Mode) {
    eventually(
        &format!("conversation {id} in mode {mode:?}"),
        WAIT,
        || async { (conversation(bus, tenant, id).await.mode() == mode).then_some(()) },
    )
    .await;
}

/// Handoff record `id` of `tenant`.
///
/// # Panics
/// When there is none.
pub async fn record(bus: &Bus, tenant: &str, id: &str) -> HandoffRecord {
    let records: Store<HandoffRecord> = Store::open(bus, Bucket::Handoffs)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    records
        .get(&subjects::record_key(tenant, id).unwrap_or_else(|err| panic!("{err}")))
        .await
        .unwrap_or_else(|err| panic!("{err}"))
        .unwrap_or_else(|| panic!("no handoff record {id}"))
        .value
}

/// What went out on `baton.out` for conversation `conv` of `tenant`, in order.
async fn outbound(bus: &Bus, tenant: &str, conv: &str) -> Vec<outbound::Kind> {
    stored(
        bus,
        Stream::Out,
        &subjects::outbound(tenant, conv).unwrap_or_else(|err| panic!("{err}")),
    )
    .await
    .iter()
    .filter_map(|m| m.decode::<Outbound>().kind)
    .collect()
}

/// What `sender` told the customer of conversation `conv` on `baton.out`, in order.
pub async fn said_by(bus: &Bus, tenant: &str, conv: &str, sender: Sender) -> Vec<String> {
    outbound(bus, tenant, conv)
        .await
        .into_iter()
        .filter_map(|kind| match kind {
            outbound::Kind::Message(message) if message.sender() == sender => Some(message.text),
            _ => None,
        })
        .collect()
}

/// What the AI agent of conversation `conv` was told on `baton.out`, in order.
pub async fn told_the_ai_agent(bus: &Bus, tenant: &str, conv: &str) -> Vec<AgentAction> {
    outbound(bus, tenant, conv)
        .await
        .into_iter()
        .filter_map(|kind| match kind {
            outbound::Kind::Control(control) => Some(control.action()),
            outbound::Kind::Message(_) => None,
        })
        .collect()
}

/// The events of conversation `conv` on `baton.in`, in order.
pub async fn inbound(bus: &Bus, tenant: &str, conv: &str) -> Vec<ConversationEvent> {
    stored(
        bus,
        Stream::In,
        &subjects::inbound(tenant, conv).unwrap_or_else(|err| panic!("{err}")),
    )
    .await
    .iter()
    .map(|m| m.decode())
    .collect()
}
