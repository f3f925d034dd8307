//! Copilot drafts become internal notes (private comments) on the conversation's Zendesk
//! ticket, marked as suggested replies for the agent to review — each once (a marker per
//! draft id).
//!
//! A ticket handoff knows its ticket. A Sunshine handoff does not: Agent Workspace opens
//! the ticket itself and Sunshine does not tell which; posting the draft into the Sunshine
//! conversation instead would show it to the customer. So drafts for Sunshine handoffs are
//! skipped, with a log line, until the ticket id is known.

use baton_bus::{Bus, Delivery, HandleError, Handler};
use baton_helpdesk::{ApiClient, Links};
use baton_proto::v1::{CopilotDraft, HandoffType};

use crate::ticket::api;
use crate::wire::id_at;

/// Posts Copilot drafts as internal notes.
pub struct DraftHandler {
    zendesk: ApiClient,
    tickets: Links,
}

impl DraftHandler {
    /// A handler posting through `zendesk` (the Support API).
    pub async fn new(bus: &Bus, zendesk: ApiClient) -> Result<Self, baton_bus::Error> {
        Ok(Self {
            zendesk,
            tickets: Links::open(bus, crate::ticket::deliver::HELPDESK).await?,
        })
    }
}

/// Which Zendesk handoff a draft is for.
#[derive(Debug, PartialEq)]
enum Target {
    Ticket,
    Sunshine,
}

/// The target of a draft subject (`baton.copilot.draft.<type>.<tenant>.<conversation>`).
fn target(subject: &str) -> Option<Target> {
    match subject.split('.').nth(3)? {
        token if token == HandoffType::ZendeskTicket.label() => Some(Target::Ticket),
        token if token == HandoffType::ZendeskSunshine.label() => Some(Target::Sunshine),
        _ => None,
    }
}

impl Handler for DraftHandler {
    type Message = CopilotDraft;

    async fn handle(&self, delivery: Delivery<CopilotDraft>) -> Result<(), HandleError> {
        let draft = &delivery.message;
        match target(&delivery.subject) {
            Some(Target::Ticket) => {
                let link = self
                    .tickets
                    .created(&draft.tenant_id, &draft.record_id)
                    .await?;
                let request = api::add_internal_note(
                    &link.external_id,
                    &baton_helpdesk::text::draft_note(draft),
                );
                self.tickets
                    .once(&link, "draft", &draft.draft_id, || async {
                        let answer = self.zendesk.call(&request).await?;
                        Ok(id_at(&answer, "/audit/id").unwrap_or_default())
                    })
                    .await
            }
            Some(Target::Sunshine) => {
                tracing::info!(record = %draft.record_id, draft = %draft.draft_id, "no Zendesk ticket is known for a Sunshine handoff; Copilot draft not posted");
                Ok(())
            }
            None => Err(HandleError::permanent(format!(
                "not a Zendesk draft subject: {}",
                delivery.subject
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subject_names_the_handoff_type() {
        assert_eq!(
            target("baton.copilot.draft.zendesk_ticket.acme.c1"),
            Some(Target::Ticket)
        );
        assert_eq!(
            target("baton.copilot.draft.zendesk_sunshine.acme.c1"),
            Some(Target::Sunshine)
        );
        assert_eq!(target("baton.copilot.draft.intercom.acme.c1"), None);
        assert_eq!(target("baton"), None);
    }
}
