//! The dispatch handler: compose, send each email once, report the result.
//!
//! "Once" (`Links::once_with`, as the connectors' relays): before sending, each email's
//! marker is looked up in KV `baton_links` (`<tenant>.<record>.email.<attempt>.<team|customer>`);
//! after the server accepts it, the marker is written. A redelivered dispatch finds the markers and only republishes the
//! result. The one window left — a crash after the server accepted the email and before
//! the marker was written — sends it again on redelivery, with the same Message-ID, so the
//! recipient's mail client shows one conversation.

use baton_bus::{Bus, Delivery, HandleError, Handler, Publisher};
use baton_helpdesk::Links;
use baton_helpdesk::links::{Once, Ran};
use baton_helpdesk::report;
use baton_proto::v1::{
    HandoffAccepted, HandoffDispatch, HandoffType, HelpdeskLink, handoff_result,
};

use crate::transport::{SendError, Transport};
use baton_connectors::email::{Email, compose};

/// Delivers email dispatches.
pub struct DispatchHandler {
    transport: Transport,
    sent: Links,
    publisher: Publisher,
    default_from: String,
}

impl DispatchHandler {
    /// A handler sending through `transport`.
    pub async fn new(
        bus: &Bus,
        transport: Transport,
        default_from: String,
    ) -> Result<Self, baton_bus::Error> {
        Ok(Self {
            transport,
            sent: Links::open(bus, "email").await?,
            publisher: Publisher::new(bus.clone()),
            default_from,
        })
    }

    async fn publish(
        &self,
        dispatch: &HandoffDispatch,
        outcome: handoff_result::Outcome,
    ) -> Result<(), HandleError> {
        report::publish_result(&self.publisher, dispatch, HandoffType::Email, outcome).await?;
        Ok(())
    }

    /// Sends `email` unless its marker says it was sent.
    async fn send_once(
        &self,
        tenant: &str,
        dispatch: &HandoffDispatch,
        email: &Email,
    ) -> Result<(), SendError> {
        // The markers belong to the handoff record: no helpdesk object is linked.
        let record = HelpdeskLink {
            tenant_id: tenant.to_owned(),
            record_id: dispatch.record_id.clone(),
            ..HelpdeskLink::default()
        };
        let attempt = dispatch.attempt.to_string();
        let sent = self
            .sent
            .once_with(&record, &attempt, email.audience.label(), || async {
                self.transport.send(email).await?;
                Ok(email.message_id.clone())
            })
            .await;
        match sent {
            Ok(Ran::Now) => {
                tracing::info!(record = %dispatch.record_id, to = email.audience.label(), "email sent");
                Ok(())
            }
            Ok(Ran::Before) => Ok(()),
            Err(Once::Lookup(err)) => Err(SendError::Transient(format!(
                "cannot read the sent marker: {}",
                baton_bus::error_chain(&err)
            ))),
            Err(Once::Effect(err)) => Err(err),
            Err(Once::Mark(err)) => {
                // Sent, but the marker is lost: a redelivery would send it again (same
                // Message-ID). Worth a warning, not a retry that would certainly resend.
                tracing::warn!(record = %dispatch.record_id, error = %baton_bus::error_chain(&err), "email sent but its marker was not stored");
                Ok(())
            }
        }
    }
}

impl Handler for DispatchHandler {
    type Message = HandoffDispatch;

    async fn handle(&self, delivery: Delivery<HandoffDispatch>) -> Result<(), HandleError> {
        let dispatch = &delivery.message;
        let tenant = dispatch
            .package
            .as_ref()
            .map(|p| p.tenant_id.clone())
            .unwrap_or_default();
        let (emails, note) = match compose(dispatch, &self.default_from) {
            Ok(plan) => plan,
            Err(undeliverable) => {
                tracing::warn!(record = %dispatch.record_id, reason = %undeliverable, "handoff cannot be emailed");
                return self
                    .publish(dispatch, report::failed(undeliverable.to_string()))
                    .await;
            }
        };
        // The first email is the one the handoff is for (the team's, when it has one): once
        // it is sent the handoff happened, and a later refusal is noted, never failed over.
        let mut sent_to = Vec::new();
        let mut notes: Vec<String> = note.into_iter().collect();
        for email in &emails {
            match self.send_once(&tenant, dispatch, email).await {
                Ok(()) => sent_to.push(email.audience.label()),
                Err(SendError::Permanent(reason)) if sent_to.is_empty() => {
                    tracing::warn!(record = %dispatch.record_id, to = email.audience.label(), %reason, "email refused");
                    return self.publish(dispatch, report::failed(reason)).await;
                }
                Err(SendError::Permanent(reason)) => {
                    tracing::warn!(record = %dispatch.record_id, to = email.audience.label(), %reason, "email refused after the handoff was sent");
                    notes.push(format!(
                        "the {} email was not sent: {reason}",
                        email.audience.label()
                    ));
                }
                Err(SendError::Transient(reason)) if sent_to.is_empty() => {
                    return Err(HandleError::transient(reason));
                }
                Err(SendError::Transient(reason)) => {
                    // The team has it: reported now, so the router's deadline never hands
                    // it to them again; the redelivery sends the rest (markers skip what went).
                    let pending = format!(
                        "summary emailed to the {}; the {} email is being retried",
                        sent_to.join(" and the "),
                        email.audience.label()
                    );
                    self.publish(dispatch, accepted(&emails, pending)).await?;
                    return Err(HandleError::transient(reason));
                }
            }
        }
        let mut detail = format!("summary emailed to the {}", sent_to.join(" and the "));
        if !notes.is_empty() {
            detail.push_str(&format!(" ({})", notes.join("; ")));
        }
        self.publish(dispatch, accepted(&emails, detail)).await
    }
}

/// The handoff delivered by `emails` (the first one's Message-ID is its reference).
fn accepted(emails: &[Email], detail: String) -> handoff_result::Outcome {
    handoff_result::Outcome::Accepted(HandoffAccepted {
        external_ref: emails
            .first()
            .map(|e| e.message_id.clone())
            .unwrap_or_default(),
        external_url: String::new(),
        detail,
    })
}
