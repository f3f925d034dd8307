//! Copilot drafts become internal notes (private comments) on the conversation's Zendesk
//! ticket, marked as suggested replies for the agent to review — each once (a marker per
//! draft id).
//!
//! A ticket handoff knows its ticket. A Sunshine handoff does not: Agent Workspace opens
//! the ticket itself when control passes, and Sunshine does not say which (posting the draft
//! into the Sunshine conversation instead would show it to the customer). The pass of
//! control tags that ticket (`text::ticket_tag`), so the first draft finds it with the
//! Search API and remembers it on the link (a `ticket` marker); until Search has indexed
//! it, the draft waits in the stream and comes back.

use baton_bus::{Bus, Delivery, HandleError, Handler};
use baton_helpdesk::{ApiClient, CallError, Links};
use baton_proto::v1::{CopilotDraft, HandoffType, HelpdeskLink, Marker};

use baton_connectors::zendesk::text;
use baton_connectors::zendesk::ticket as api;
use baton_connectors::zendesk::ticket_wire::{AuditAnswer, SearchAnswer};
use baton_helpdesk::answer::parse;

/// Posts Copilot drafts as internal notes.
pub struct DraftHandler {
    zendesk: ApiClient,
    tickets: Links,
    conversations: Links,
}

impl DraftHandler {
    /// A handler posting through `zendesk` (the Support API).
    pub async fn new(bus: &Bus, zendesk: ApiClient) -> Result<Self, baton_bus::Error> {
        Ok(Self {
            zendesk,
            tickets: Links::open(bus, crate::ticket::deliver::HELPDESK).await?,
            conversations: Links::open(bus, crate::sunshine::deliver::HELPDESK).await?,
        })
    }

    /// Posts `draft` as a note on ticket `ticket` once (marker on `link`, in `links`).
    async fn post(
        &self,
        links: &Links,
        link: &HelpdeskLink,
        ticket: &str,
        draft: &CopilotDraft,
    ) -> Result<(), HandleError> {
        let request = api::add_internal_note(ticket, &baton_helpdesk::text::draft_note(draft));
        links
            .once(link, "draft", &draft.draft_id, || async {
                let answer = self.zendesk.call(&request).await?;
                Ok(parse::<AuditAnswer>(&answer)
                    .and_then(|note| note.audit.id.get().map(str::to_owned))
                    .unwrap_or_default())
            })
            .await
    }

    /// The Agent Workspace ticket of a Sunshine handoff: remembered, or found by its tag.
    async fn workspace_ticket(&self, link: &HelpdeskLink) -> Result<String, HandleError> {
        if let Some(known) = self
            .conversations
            .marker(link, "ticket", "workspace")
            .await?
        {
            return Ok(known.external_id);
        }
        let tag = text::ticket_tag(&link.tenant_id, &link.record_id);
        let found = self
            .zendesk
            .call(&api::search_tickets_tagged(&tag))
            .await
            .map_err(CallError::retry_later)?;
        // Only a ticket that really carries the tag (Search matches loosely), and only one.
        let tagged: Vec<String> = parse::<SearchAnswer>(&found)
            .map(|answer| answer.results)
            .unwrap_or_default()
            .into_iter()
            .filter(|ticket| ticket.tags.contains(&tag))
            .filter_map(|ticket| ticket.id.get().map(str::to_owned))
            .filter(|id| baton_proto::ids::is_valid(id))
            .collect();
        let ticket = (tagged.len() == 1)
            .then(|| tagged[0].clone())
            .ok_or_else(|| {
                HandleError::transient(format!(
                    "no Zendesk ticket tagged {tag} yet (Agent Workspace opens it; Search indexes it shortly after)"
                ))
            })?;
        let marker = Marker {
            external_id: ticket.clone(),
        };
        self.conversations
            .mark(link, "ticket", "workspace", &marker)
            .await?;
        Ok(ticket)
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
                self.post(&self.tickets, &link, &link.external_id, draft)
                    .await
            }
            Some(Target::Sunshine) => {
                let link = self
                    .conversations
                    .created(&draft.tenant_id, &draft.record_id)
                    .await?;
                let ticket = self.workspace_ticket(&link).await?;
                self.post(&self.conversations, &link, &ticket, draft).await
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
