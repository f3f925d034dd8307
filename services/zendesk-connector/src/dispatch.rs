//! The dispatch consumer: each `zendesk_sunshine` or `zendesk_ticket` dispatch is delivered
//! by its path, and its outcome reported to the router (`baton_helpdesk::deliver::report`).

use baton_bus::{Bus, Delivery, HandleError, Handler, Publisher};
use baton_helpdesk::deliver::report;
use baton_helpdesk::plan::AfterObject;
use baton_proto::v1::{HandoffDispatch, HandoffType};

use crate::sunshine::deliver::SunshineDelivery;
use crate::ticket::deliver::TicketDelivery;

/// Delivers Zendesk dispatches.
pub struct DispatchHandler {
    sunshine: SunshineDelivery,
    tickets: TicketDelivery,
    publisher: Publisher,
}

impl DispatchHandler {
    /// A handler delivering through both paths.
    pub fn new(bus: &Bus, sunshine: SunshineDelivery, tickets: TicketDelivery) -> Self {
        Self {
            sunshine,
            tickets,
            publisher: Publisher::new(bus.clone()),
        }
    }
}

impl Handler for DispatchHandler {
    type Message = HandoffDispatch;

    async fn handle(&self, delivery: Delivery<HandoffDispatch>) -> Result<(), HandleError> {
        let dispatch = &delivery.message;
        let kind = dispatch
            .handoff
            .as_ref()
            .map_or(HandoffType::Unspecified, |h| h.r#type());
        let package = baton_helpdesk::dispatch::package(dispatch)?;
        let delivered = match kind {
            HandoffType::ZendeskSunshine => self.sunshine.deliver(dispatch, package).await,
            HandoffType::ZendeskTicket => self.tickets.deliver(dispatch, package).await,
            HandoffType::Intercom | HandoffType::Email | HandoffType::Unspecified => {
                return Err(HandleError::permanent(format!(
                    "a {} dispatch reached the Zendesk connector",
                    kind.label()
                )));
            }
        };
        // Every Zendesk step is part of the handoff: a failure fails it over.
        report(
            &self.publisher,
            dispatch,
            kind,
            AfterObject::Fail,
            delivered,
        )
        .await
    }
}
