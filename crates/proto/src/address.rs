//! Which conversation a bus message is about, as its payload names it.
//!
//! Subjects end in `<tenant>.<conversation>`, and NATS permissions can allow a publisher
//! only some tenants' subjects. The payload's ids are what services key state by, so a
//! message is believed only when they are the subject's (checked by the bus runtime):
//! otherwise a publisher allowed on one tenant could write into another's conversations.

use crate::v1::{
    ConversationEvent, CopilotDraft, HandoffDispatch, HandoffRequested, HandoffResult,
    RelayMessage, TurnRecorded,
};

/// A message about one conversation of one tenant.
pub trait Addressed {
    /// `(tenant, conversation)` as the payload names them (empty when missing, which
    /// validation refuses first).
    fn address(&self) -> (&str, &str);
}

impl Addressed for ConversationEvent {
    fn address(&self) -> (&str, &str) {
        (&self.tenant_id, &self.conversation_id)
    }
}

impl Addressed for TurnRecorded {
    fn address(&self) -> (&str, &str) {
        self.conversation
            .as_ref()
            .map_or(("", ""), |c| (&c.tenant_id, &c.conversation_id))
    }
}

impl Addressed for HandoffRequested {
    fn address(&self) -> (&str, &str) {
        (&self.tenant_id, &self.conversation_id)
    }
}

impl Addressed for HandoffDispatch {
    fn address(&self) -> (&str, &str) {
        self.package
            .as_ref()
            .map_or(("", ""), |p| (&p.tenant_id, &p.conversation_id))
    }
}

impl Addressed for HandoffResult {
    fn address(&self) -> (&str, &str) {
        (&self.tenant_id, &self.conversation_id)
    }
}

impl Addressed for RelayMessage {
    fn address(&self) -> (&str, &str) {
        (&self.tenant_id, &self.conversation_id)
    }
}

impl Addressed for CopilotDraft {
    fn address(&self) -> (&str, &str) {
        (&self.tenant_id, &self.conversation_id)
    }
}
