//! The dispatch consumer: each `zendesk_sunshine` or `zendesk_ticket` dispatch is delivered
//! by its path, and its outcome reported to the router — accepted with the Sunshine
//! conversation or the ticket number, or failed for good (refused, unavailable for the
//! whole retry budget, misconfigured) so the router takes the fallback at once. Rate
//! limiting and NATS trouble redeliver the dispatch instead.

use baton_bus::{Bus, Delivery, HandleError, Handler, Publisher};
use baton_helpdesk::CallError;
use baton_helpdesk::report::{failed, publish_result};
use baton_proto::v1::{HandoffDispatch, HandoffType, handoff_result};

use crate::failure::Stop;
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
        let delivered = match kind {
            HandoffType::ZendeskSunshine => self.sunshine.deliver(dispatch).await,
            HandoffType::ZendeskTicket => self.tickets.deliver(dispatch).await,
            HandoffType::Intercom | HandoffType::Email | HandoffType::Unspecified => {
                return Err(HandleError::permanent(format!(
                    "a {} dispatch reached the Zendesk connector",
                    kind.label()
                )));
            }
        };
        let outcome = match delivered {
            Ok(accepted) => {
                tracing::info!(record = %dispatch.record_id, kind = kind.label(), external_ref = %accepted.external_ref, "handoff delivered to Zendesk");
                handoff_result::Outcome::Accepted(accepted)
            }
            Err(Stop::Bus(err)) => return Err(err.into()),
            Err(Stop::Helpdesk(CallError::RateLimited {
                helpdesk,
                retry_after,
            })) => {
                return Err(HandleError::transient_after(
                    format!("{helpdesk} is rate limiting"),
                    retry_after,
                ));
            }
            // No answer to a create: the redelivery looks for what it may have created.
            Err(Stop::Helpdesk(err @ CallError::Uncertain { .. })) => {
                return Err(HandleError::transient(err));
            }
            Err(Stop::Helpdesk(err)) => {
                tracing::warn!(record = %dispatch.record_id, kind = kind.label(), error = %err, "handoff not delivered to Zendesk");
                failed(err.to_string(), true)
            }
            Err(Stop::Misconfigured(reason)) => {
                tracing::warn!(record = %dispatch.record_id, kind = kind.label(), %reason, "handoff cannot be delivered to Zendesk");
                failed(reason, true)
            }
        };
        publish_result(&self.publisher, dispatch, kind, outcome).await?;
        Ok(())
    }
}
