//! Ticket delivery, once per handoff attempt however often the dispatch arrives:
//!
//! - a dispatch whose link is `Created` only reports the ticket again;
//! - otherwise the link is stored `Creating` and the ticket created with the
//!   `Idempotency-Key` `baton:<tenant>:<record>:<attempt>`: if an earlier try got as far as
//!   Zendesk but crashed before the link was written, Zendesk answers that try's ticket
//!   (it keeps keys for two hours; a dispatch is redelivered within minutes) instead of
//!   opening a second one.

use std::time::SystemTime;

use baton_bus::Bus;
use baton_helpdesk::{ApiClient, Links};
use baton_proto::v1::{HandoffAccepted, HandoffDispatch, LinkState, TicketSettings, handoff};

use crate::failure::{Stop, unexpected};
use crate::ticket::api;
use crate::wire::id_at;

/// The link store's name for tickets.
pub const HELPDESK: &str = "zendesk_ticket";

/// Creates tickets.
pub struct TicketDelivery {
    client: ApiClient,
    links: Links,
}

impl TicketDelivery {
    /// Delivery through `client` (the Support API).
    pub async fn new(bus: &Bus, client: ApiClient) -> Result<Self, baton_bus::Error> {
        Ok(Self {
            client,
            links: Links::open(bus, HELPDESK).await?,
        })
    }

    /// Creates (or finds again) the ticket of `dispatch`.
    pub async fn deliver(&self, dispatch: &HandoffDispatch) -> Result<HandoffAccepted, Stop> {
        let package = dispatch.package.clone().unwrap_or_default();
        let mut link = self.links.for_dispatch(dispatch).await?;
        if link.state() == LinkState::Created {
            tracing::info!(record = %dispatch.record_id, ticket = %link.external_id, "ticket already created; reporting it again");
            return Ok(self.accepted(&link.external_id));
        }
        link.set_state(LinkState::Creating);
        link.attempt = dispatch.attempt;
        link.started_at = Some(SystemTime::now().into());
        self.links.save(&link).await?;
        let default_settings = TicketSettings::default();
        let request = api::create_ticket(
            &package,
            ticket_settings(dispatch).unwrap_or(&default_settings),
            &idempotency_key(&package.tenant_id, dispatch),
            &format!("dry-run-{}", dispatch.record_id),
        );
        let created = self.client.call(&request).await?;
        let ticket_id = id_at(&created, "/ticket/id")
            .filter(|id| baton_proto::ids::is_valid(id))
            .ok_or_else(|| unexpected("zendesk", "create ticket", "no usable ticket id"))?;
        link.external_id = ticket_id.clone();
        link.set_state(LinkState::Created);
        self.links.save(&link).await?;
        tracing::info!(record = %dispatch.record_id, ticket = %ticket_id, "Zendesk ticket created");
        Ok(self.accepted(&ticket_id))
    }

    /// The result for ticket `ticket_id`: its number is what the customer is told.
    fn accepted(&self, ticket_id: &str) -> HandoffAccepted {
        HandoffAccepted {
            external_ref: ticket_id.to_owned(),
            external_url: String::new(),
            detail: format!(
                "Zendesk ticket #{ticket_id}{}",
                if self.client.is_dry_run() {
                    " (dry run: request written to the outbox, nothing sent)"
                } else {
                    ""
                }
            ),
        }
    }
}

/// The key that makes creating the ticket of one handoff attempt idempotent. Joined with
/// `:`, outside the id alphabet: with `-`, tenant `a-b` and record `c-1` made the same key
/// as tenant `a` and record `b-c-1`, and Zendesk would answer one with the other's ticket.
pub fn idempotency_key(tenant: &str, dispatch: &HandoffDispatch) -> String {
    format!("baton:{tenant}:{}:{}", dispatch.record_id, dispatch.attempt)
}

/// The ticket settings of a dispatch, when it has them.
pub fn ticket_settings(dispatch: &HandoffDispatch) -> Option<&TicketSettings> {
    match dispatch.handoff.as_ref()?.settings.as_ref()? {
        handoff::Settings::ZendeskTicket(settings) => Some(settings),
        handoff::Settings::Intercom(_)
        | handoff::Settings::ZendeskSunshine(_)
        | handoff::Settings::Email(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_of_two_tenants_never_meet() {
        let dispatch = |record: &str| HandoffDispatch {
            record_id: record.into(),
            ..HandoffDispatch::default()
        };
        assert_ne!(
            idempotency_key("a-b", &dispatch("c-1")),
            idempotency_key("a", &dispatch("b-c-1"))
        );
    }
}
