//! How a failure becomes what the rest of Baton sees: a dispatch that Zendesk refused or
//! that stayed unavailable for the whole retry budget is a final failed result (the router
//! moves on to the fallback, the customer does not wait); rate limiting and NATS trouble
//! redeliver the message later. A relayed message or a note has no fallback: it waits in
//! the stream instead.

use baton_helpdesk::CallError;

/// Why a delivery stopped.
#[derive(Debug)]
pub enum Stop {
    /// The helpdesk refused, stayed unavailable, or is rate limiting.
    Helpdesk(CallError),
    /// NATS (links, markers): try the message again later.
    Bus(baton_bus::Error),
    /// The deployment lacks a setting this handoff needs: a final failure with the reason.
    Misconfigured(String),
}

impl From<CallError> for Stop {
    fn from(err: CallError) -> Self {
        Stop::Helpdesk(err)
    }
}

impl From<baton_bus::Error> for Stop {
    fn from(err: baton_bus::Error) -> Self {
        Stop::Bus(err)
    }
}

/// A success body without the field the connector needs.
pub fn unexpected(helpdesk: &'static str, operation: &'static str, reason: &str) -> CallError {
    CallError::UnexpectedResponse {
        helpdesk,
        operation,
        reason: reason.into(),
    }
}
