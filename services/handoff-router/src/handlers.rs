//! The router's two consumers: handoff requests and handoff results.

use baton_bus::{Delivery, HandleError, Handler};
use baton_proto::v1::{HandoffRequested, HandoffResult};

use crate::flow::Router;

/// Consumes `baton.handoff.requested.>`.
pub struct Requests(pub Router);

impl Handler for Requests {
    type Message = HandoffRequested;

    async fn handle(&self, delivery: Delivery<HandoffRequested>) -> Result<(), HandleError> {
        self.0.on_request(&delivery.message).await
    }
}

/// Consumes `baton.handoff.result.>`.
pub struct Results(pub Router);

impl Handler for Results {
    type Message = HandoffResult;

    async fn handle(&self, delivery: Delivery<HandoffResult>) -> Result<(), HandleError> {
        self.0.on_result(&delivery.message).await
    }
}
