//! Every consumer's first step on untrusted bytes: decode the protobuf payload, then
//! validate it (ids, text sizes, required fields). Neither may panic, whatever arrives.
#![no_main]

use baton_proto::Validate;
use baton_proto::v1::{
    ConversationEvent, CopilotDraft, HandoffDispatch, HandoffRequested, HandoffResult,
    RelayMessage, TurnRecorded,
};
use libfuzzer_sys::fuzz_target;
use prost::Message;

fn check<M: Message + Default + Validate>(data: &[u8]) {
    if let Ok(message) = M::decode(data) {
        let _ = message.validate();
    }
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the consumer, so one corpus covers them all.
    let Some((which, payload)) = data.split_first() else { return };
    match which % 7 {
        0 => check::<ConversationEvent>(payload),
        1 => check::<TurnRecorded>(payload),
        2 => check::<HandoffRequested>(payload),
        3 => check::<HandoffDispatch>(payload),
        4 => check::<HandoffResult>(payload),
        5 => check::<RelayMessage>(payload),
        _ => check::<CopilotDraft>(payload),
    }
});
