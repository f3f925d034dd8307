//! Ticket delivery, once per handoff attempt however often the dispatch arrives: runs the
//! plan (`baton_connectors::zendesk::ticket_plan`, one create with an idempotency key); a
//! dispatch whose link is `Created` only reports the ticket again.

use baton_bus::Bus;
use baton_connectors::zendesk::ticket_plan;
use baton_helpdesk::deliver::{self, DeliveryError};
use baton_helpdesk::{ApiClient, Links};
use baton_proto::v1::{HandoffAccepted, HandoffDispatch, HandoffPackage, LinkState};

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

    /// Creates (or finds again) the ticket of `dispatch` (its `package`).
    pub async fn deliver(
        &self,
        dispatch: &HandoffDispatch,
        package: &HandoffPackage,
    ) -> Result<HandoffAccepted, DeliveryError> {
        let mut link = self.links.for_dispatch(dispatch).await?;
        if link.state() == LinkState::Created {
            tracing::info!(record = %dispatch.record_id, ticket = %link.external_id, "ticket already created; reporting it again");
        } else {
            link.attempt = dispatch.attempt;
        }
        let plan = ticket_plan(dispatch, package);
        let ticket_id = deliver::run(&plan, &self.client, &self.links, &mut link)
            .await?
            .object;
        Ok(HandoffAccepted {
            detail: format!(
                "Zendesk ticket #{ticket_id}{}",
                if self.client.is_dry_run() {
                    " (dry run: request written to the outbox, nothing sent)"
                } else {
                    ""
                }
            ),
            external_ref: ticket_id,
            external_url: String::new(),
        })
    }
}
