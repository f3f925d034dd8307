//! `POST /webhooks/zendesk`: a ticket Baton opened is solved or closed in Zendesk, so the
//! conversation returns to Baton's AI agent (and a later handoff may happen).
//!
//! Zendesk signs each webhook request: `X-Zendesk-Webhook-Signature` is the base64
//! HMAC-SHA256 of `X-Zendesk-Webhook-Signature-Timestamp` and the raw body, keyed with the
//! webhook's signing secret. Anything unsigned, wrongly signed or older than the replay
//! window is refused (401, 400) and publishes nothing. The body is a ticket event
//! (`zen:event-type:ticket.status_changed`, Zendesk's event-subscription format); other
//! events, and tickets Baton did not open, are acknowledged and ignored (logged at info and
//! counted with the reason). Event ids come
//! from Zendesk's event id, so an event delivered twice is applied once.
//! https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/

use axum::Router;
use axum::http::HeaderMap;
use baton_helpdesk::report::{HelpdeskEvent, event_id};
use baton_helpdesk::webhook::{self, Failure, Ignored, Outcome, Rejection};
use serde_json::Value;

pub use baton_helpdesk::webhook::WebhookState;

/// The route, with its body limit (a bigger body is answered 413 unread).
pub fn router(state: WebhookState) -> Router {
    webhook::endpoint(
        "/webhooks/zendesk",
        "zendesk",
        state,
        |state, headers, body| async move { handle(&state, &headers, &body).await },
    )
}

async fn handle(
    state: &WebhookState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<Outcome>, Failure> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let secret = state.secret.as_ref().ok_or(Rejection::Unsigned)?;
    let timestamp = header("x-zendesk-webhook-signature-timestamp");
    webhook::verify_zendesk_signature(
        secret,
        timestamp,
        body,
        header("x-zendesk-webhook-signature"),
    )?;
    let signed_at = timestamp
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
        .ok_or_else(|| Rejection::Malformed("the signature timestamp is not a time".into()))?;
    webhook::check_fresh(
        signed_at.as_second(),
        jiff::Timestamp::now().as_second(),
        state.max_age_secs,
    )?;
    let Some(solved) = TicketSolved::parse(body)? else {
        tracing::info!(reason = %Ignored::NotActedOn, "Zendesk event ignored: not a ticket solved or closed");
        return Ok(vec![Ignored::NotActedOn.into()]);
    };
    let outcome = match state.links.by_external(&solved.ticket).await? {
        None => Ignored::NotHandedOver.into(),
        Some(link) => {
            let reason = format!("the ticket was {} in Zendesk", solved.status);
            state
                .events
                .publish(
                    &link,
                    &event_id("zendesk", &solved.event),
                    HelpdeskEvent::Released { reason },
                )
                .await?
        }
    };
    match outcome {
        Outcome::Applied => {
            tracing::info!(ticket = %solved.ticket, "ticket solved; conversation back with the AI agent");
        }
        Outcome::Ignored(why) => {
            tracing::info!(ticket = %solved.ticket, reason = %why, "Zendesk event ignored");
        }
    }
    Ok(vec![outcome])
}

/// A ticket's status changed to solved or closed.
#[derive(Debug, PartialEq)]
pub struct TicketSolved {
    /// Zendesk's id of the event.
    pub event: String,
    /// The ticket.
    pub ticket: String,
    /// `solved` or `closed`.
    pub status: String,
}

impl TicketSolved {
    /// The solved ticket a webhook body reports, if it reports one.
    pub fn parse(body: &[u8]) -> Result<Option<Self>, Rejection> {
        let json: Value = serde_json::from_slice(body)
            .map_err(|err| Rejection::Malformed(format!("not JSON: {err}")))?;
        let text = |pointer: &str| json.pointer(pointer).and_then(Value::as_str);
        let kind = text("/type").ok_or_else(|| Rejection::Malformed("no type".into()))?;
        if kind != "zen:event-type:ticket.status_changed" {
            return Ok(None);
        }
        let status = text("/event/current")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if status != "solved" && status != "closed" {
            return Ok(None);
        }
        let ticket = match json.pointer("/detail/id") {
            Some(Value::String(id)) => id.clone(),
            Some(Value::Number(id)) => id.to_string(),
            _ => return Err(Rejection::Malformed("no detail.id".into())),
        };
        if !baton_proto::ids::is_valid(&ticket) {
            return Err(Rejection::Malformed(
                "ticket id outside [A-Za-z0-9_-]".into(),
            ));
        }
        let event = text("/id").ok_or_else(|| Rejection::Malformed("no id".into()))?;
        Ok(Some(Self {
            event: event.to_owned(),
            ticket,
            status,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(kind: &str, current: &str) -> Vec<u8> {
        json!({
            "type": kind,
            "id": "cbe4028c-7239-495d-b020-f22348516046",
            "subject": "zen:ticket:35436",
            "time": "2026-11-25T10:00:00Z",
            "detail": { "id": "35436", "status": current },
            "event": { "current": current, "previous": "OPEN" },
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn a_solved_or_closed_ticket_is_reported() {
        let solved = TicketSolved::parse(&event("zen:event-type:ticket.status_changed", "SOLVED"));
        assert_eq!(
            solved,
            Ok(Some(TicketSolved {
                event: "cbe4028c-7239-495d-b020-f22348516046".into(),
                ticket: "35436".into(),
                status: "solved".into(),
            }))
        );
        let closed = TicketSolved::parse(&event("zen:event-type:ticket.status_changed", "CLOSED"));
        assert!(matches!(closed, Ok(Some(TicketSolved { ref status, .. })) if status == "closed"));
    }

    #[test]
    fn other_statuses_and_events_mean_nothing_and_garbage_is_malformed() {
        let pending = event("zen:event-type:ticket.status_changed", "PENDING");
        assert_eq!(TicketSolved::parse(&pending), Ok(None));
        let comment = event("zen:event-type:ticket.comment_added", "SOLVED");
        assert_eq!(TicketSolved::parse(&comment), Ok(None));
        assert!(matches!(
            TicketSolved::parse(b"{"),
            Err(Rejection::Malformed(_))
        ));
        assert!(matches!(
            TicketSolved::parse(b"{}"),
            Err(Rejection::Malformed(_))
        ));
    }
}
