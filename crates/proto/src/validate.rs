//! Validation of decoded bus messages: what the protobuf schema cannot say (ids, sizes,
//! customer attribute keys, required oneofs). The bus runtime rejects an invalid message
//! to the DLQ with the reason.

use crate::v1::{
    ConversationEvent, CopilotDraft, Customer, HandoffDispatch, HandoffRequested, HandoffResult,
    Mode, RelayMessage, TurnRecorded, conversation_event, handoff_result,
};
use crate::{attributes, ids};

/// Largest message text accepted (32 KiB): bigger texts are almost certainly not chat.
pub const MAX_TEXT_BYTES: usize = 32 * 1024;

/// Largest name-like field accepted (customer name, email, external id, locale, an agent's
/// display name): 1 KiB is far past any real one.
pub const MAX_FIELD_BYTES: usize = 1024;

/// Why a message is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} {reason}")]
pub struct Invalid {
    /// The offending field.
    pub field: &'static str,
    /// What is wrong with it.
    pub reason: String,
}

impl Invalid {
    /// A new validation error.
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self {
            field,
            reason: reason.into(),
        }
    }
}

/// A message that can check itself after decoding.
pub trait Validate {
    /// `Ok` when the message can be processed; otherwise the first problem found.
    fn validate(&self) -> Result<(), Invalid>;
}

fn check_text(field: &'static str, text: &str) -> Result<(), Invalid> {
    check_size(field, text, MAX_TEXT_BYTES)
}

fn check_field(field: &'static str, text: &str) -> Result<(), Invalid> {
    check_size(field, text, MAX_FIELD_BYTES)
}

fn check_size(field: &'static str, text: &str, max: usize) -> Result<(), Invalid> {
    if text.len() > max {
        return Err(Invalid::new(
            field,
            format!("is {} bytes long; at most {max} are allowed", text.len()),
        ));
    }
    Ok(())
}

fn check_customer(customer: &Customer) -> Result<(), Invalid> {
    check_field("customer_identified.customer.name", &customer.name)?;
    check_field("customer_identified.customer.email", &customer.email)?;
    check_field(
        "customer_identified.customer.external_id",
        &customer.external_id,
    )?;
    check_field("customer_identified.customer.locale", &customer.locale)?;
    attributes::check(
        "customer_identified.customer.attributes",
        &customer.attributes,
    )
}

fn check_conversation_ids(tenant: &str, conversation: &str) -> Result<(), Invalid> {
    ids::check("tenant_id", tenant)?;
    ids::check("conversation_id", conversation)
}

impl Validate for ConversationEvent {
    fn validate(&self) -> Result<(), Invalid> {
        ids::check("event_id", &self.event_id)?;
        check_conversation_ids(&self.tenant_id, &self.conversation_id)?;
        ids::check("agent_id", &self.agent_id)?;
        use conversation_event::Kind;
        match &self.kind {
            None => Err(Invalid::new(
                "kind",
                "is missing or unknown to this version of Baton",
            )),
            Some(Kind::UserMessage(m)) => check_text("user_message.text", &m.text),
            Some(Kind::AgentMessage(m)) => check_text("agent_message.text", &m.text),
            Some(Kind::HumanAgentMessage(m)) => {
                check_text("human_agent_message.text", &m.text)?;
                check_field("human_agent_message.author_name", &m.author_name)
            }
            Some(Kind::CustomerIdentified(identified)) => match &identified.customer {
                Some(customer) => check_customer(customer),
                None => Ok(()),
            },
            Some(Kind::ConversationClosed(closed)) => {
                check_text("conversation_closed.reason", &closed.reason)
            }
            Some(Kind::HumanReleased(released)) => {
                check_text("human_released.reason", &released.reason)
            }
        }
    }
}

impl Validate for TurnRecorded {
    fn validate(&self) -> Result<(), Invalid> {
        ids::check("event_id", &self.event_id)?;
        let conversation = self
            .conversation
            .as_ref()
            .ok_or_else(|| Invalid::new("conversation", "is missing"))?;
        check_conversation_ids(&conversation.tenant_id, &conversation.conversation_id)?;
        ids::check("agent_id", &conversation.agent_id)?;
        if conversation.mode() == Mode::Unspecified {
            return Err(Invalid::new("conversation.mode", "is not set"));
        }
        if self.turn_index as usize >= conversation.turns.len() {
            return Err(Invalid::new(
                "turn_index",
                format!(
                    "{} is past the {} turns of the conversation",
                    self.turn_index,
                    conversation.turns.len()
                ),
            ));
        }
        Ok(())
    }
}

impl Validate for HandoffRequested {
    fn validate(&self) -> Result<(), Invalid> {
        ids::check("request_id", &self.request_id)?;
        check_conversation_ids(&self.tenant_id, &self.conversation_id)?;
        ids::check("agent_id", &self.agent_id)?;
        ids::check("handoff_id", &self.handoff_id)
    }
}

impl Validate for HandoffDispatch {
    fn validate(&self) -> Result<(), Invalid> {
        ids::check_record("record_id", &self.record_id)?;
        let handoff = self
            .handoff
            .as_ref()
            .ok_or_else(|| Invalid::new("handoff", "is missing"))?;
        ids::check("handoff.id", &handoff.id)?;
        let package = self
            .package
            .as_ref()
            .ok_or_else(|| Invalid::new("package", "is missing"))?;
        check_conversation_ids(&package.tenant_id, &package.conversation_id)
    }
}

impl Validate for HandoffResult {
    fn validate(&self) -> Result<(), Invalid> {
        ids::check_record("record_id", &self.record_id)?;
        check_conversation_ids(&self.tenant_id, &self.conversation_id)?;
        match self.outcome {
            Some(handoff_result::Outcome::Accepted(_) | handoff_result::Outcome::Failed(_)) => {
                Ok(())
            }
            None => Err(Invalid::new("outcome", "is missing")),
        }
    }
}

impl Validate for RelayMessage {
    fn validate(&self) -> Result<(), Invalid> {
        ids::check("event_id", &self.event_id)?;
        check_conversation_ids(&self.tenant_id, &self.conversation_id)?;
        ids::check_record("record_id", &self.record_id)?;
        let turn = self
            .turn
            .as_ref()
            .ok_or_else(|| Invalid::new("turn", "is missing"))?;
        check_text("turn.text", &turn.text)
    }
}

impl Validate for CopilotDraft {
    fn validate(&self) -> Result<(), Invalid> {
        ids::check("draft_id", &self.draft_id)?;
        check_conversation_ids(&self.tenant_id, &self.conversation_id)?;
        ids::check_record("record_id", &self.record_id)?;
        check_text("text", &self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v1::{Customer, CustomerIdentified, UserMessage, conversation_event::Kind};

    fn event(text: &str) -> ConversationEvent {
        ConversationEvent {
            event_id: "e-1".into(),
            tenant_id: "acme".into(),
            agent_id: "support".into(),
            conversation_id: "c-1".into(),
            occurred_at: None,
            kind: Some(Kind::UserMessage(UserMessage { text: text.into() })),
        }
    }

    #[test]
    fn a_plain_user_message_is_valid() {
        assert_eq!(event("hello").validate(), Ok(()));
    }

    #[test]
    fn oversize_text_is_rejected_with_its_size() {
        let err = event(&"x".repeat(MAX_TEXT_BYTES + 1))
            .validate()
            .unwrap_err();
        assert_eq!(err.field, "user_message.text");
        assert!(err.reason.contains("32768"), "{err}");
    }

    #[test]
    fn an_oversize_customer_field_is_rejected_with_its_name() {
        let mut e = event("hi");
        e.kind = Some(Kind::CustomerIdentified(CustomerIdentified {
            customer: Some(Customer {
                name: "ñ".repeat(MAX_FIELD_BYTES),
                ..Customer::default()
            }),
        }));
        let err = e.validate().unwrap_err();
        assert_eq!(err.field, "customer_identified.customer.name");
        assert!(err.reason.contains("2048 bytes"), "{err}");
    }

    #[test]
    fn a_missing_kind_is_rejected() {
        let mut e = event("hi");
        e.kind = None;
        assert_eq!(e.validate().unwrap_err().field, "kind");
    }

    #[test]
    fn an_identification_with_a_bad_attribute_key_is_rejected() {
        let mut e = event("hi");
        e.kind = Some(Kind::CustomerIdentified(CustomerIdentified {
            customer: Some(Customer {
                attributes: [("order value".to_owned(), "12".to_owned())].into(),
                ..Customer::default()
            }),
        }));
        let err = e.validate().unwrap_err();
        assert_eq!(err.field, "customer_identified.customer.attributes");
        assert!(err.reason.contains("\"order value\""), "{err}");
    }

    #[test]
    fn an_id_that_would_change_the_subject_is_rejected() {
        let mut e = event("hi");
        e.conversation_id = "c.*".into();
        assert_eq!(e.validate().unwrap_err().field, "conversation_id");
    }
}
