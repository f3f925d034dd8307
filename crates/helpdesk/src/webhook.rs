//! Webhook authentication, the same for every helpdesk: a request is believed only when it
//! proves it knows the shared secret, checked in constant time, and only when it is recent.
//! Anything else is answered 4xx and publishes nothing. Each event of a believed request is
//! applied or ignored for one of a few [`Ignored`] reasons, and counted either way, so an
//! agent's reply that never reached the customer can be traced to why.

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha1::Sha1;
use sha2::Sha256;

use crate::Links;
use crate::report::HelpdeskEvents;

/// What a webhook endpoint needs to believe a helpdesk's request and act on it.
pub struct WebhookState {
    /// The secret that signs the requests (or is sent with them); unset or blank: every
    /// request is refused.
    pub secret: Option<SecretString>,
    /// Links from the helpdesk's objects to Baton's conversations.
    pub links: Links,
    /// Publishes the resulting events, for the current handoff only.
    pub events: HelpdeskEvents,
    /// Requests older than this many seconds are replays.
    pub max_age_secs: i64,
}

/// Largest webhook body read (256 KiB): helpdesk notifications are a few KiB; a bigger body
/// is answered 413 before it is parsed.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Why a webhook request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// No signature or key at all.
    #[error("unsigned request")]
    Unsigned,
    /// A signature or key that does not match the secret.
    #[error("wrong signature")]
    WrongSignature,
    /// Signed, but not a notification this endpoint understands.
    #[error("malformed notification: {0}")]
    Malformed(String),
    /// Signed, but older than the replay window: a captured request sent again.
    #[error("stale notification, sent {age_secs}s ago")]
    Stale {
        /// How old it is.
        age_secs: i64,
    },
}

impl Rejection {
    /// A short label for metrics.
    pub fn label(&self) -> &'static str {
        match self {
            Rejection::Unsigned => "unsigned",
            Rejection::WrongSignature => "wrong_signature",
            Rejection::Malformed(_) => "malformed",
            Rejection::Stale { .. } => "stale",
        }
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let status = match self {
            Rejection::Unsigned | Rejection::WrongSignature => StatusCode::UNAUTHORIZED,
            Rejection::Malformed(_) | Rejection::Stale { .. } => StatusCode::BAD_REQUEST,
        };
        (status, self.to_string()).into_response()
    }
}

/// What became of one event of a believed webhook request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Published for its conversation.
    Applied,
    /// Changed nothing, and why.
    Ignored(Ignored),
}

impl Outcome {
    /// The `outcome` label of `baton_webhooks_total`.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Ignored(why) => why.label(),
        }
    }
}

impl From<Ignored> for Outcome {
    fn from(why: Ignored) -> Self {
        Outcome::Ignored(why)
    }
}

/// Why a believed webhook event changed nothing: a closed set, so the metric's labels stay
/// bounded whatever helpdesks send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Ignored {
    /// A topic or event type Baton does not act on, or one that asks nothing of it (an
    /// assignment to an agent, another tag, a ticket that is not solved).
    #[error("Baton does not act on this event")]
    NotActedOn,
    /// A message not written by a human agent: the customer's own, or Baton's echo.
    #[error("the message is not a human agent's")]
    NotFromAgent,
    /// A message without text.
    #[error("the message has no text")]
    NoText,
    /// No conversation id, or one outside Baton's id alphabet: Baton never linked it.
    #[error("no conversation id Baton could have linked")]
    InvalidId,
    /// Not a conversation (or ticket) Baton handed over.
    #[error("not a conversation Baton handed over")]
    NotHandedOver,
    /// The handoff it belongs to no longer holds the conversation (an older one).
    #[error("its handoff no longer holds the conversation")]
    OldHandoff,
}

impl Ignored {
    /// The `outcome` label of `baton_webhooks_total`.
    pub fn label(self) -> &'static str {
        match self {
            Ignored::NotActedOn => "ignored_not_acted_on",
            Ignored::NotFromAgent => "ignored_not_from_agent",
            Ignored::NoText => "ignored_no_text",
            Ignored::InvalidId => "ignored_invalid_id",
            Ignored::NotHandedOver => "ignored_not_handed_over",
            Ignored::OldHandoff => "ignored_old_handoff",
        }
    }
}

/// Checks an `X-Hub-Signature: sha1=<hex>` header (Intercom): the HMAC-SHA1 of the raw body
/// keyed with the app's client secret.
pub fn verify_hmac_sha1(
    secret: &SecretString,
    body: &[u8],
    header: Option<&str>,
) -> Result<(), Rejection> {
    let header = header.ok_or(Rejection::Unsigned)?;
    let hex_digest = header
        .trim()
        .strip_prefix("sha1=")
        .ok_or(Rejection::WrongSignature)?;
    let given = hex::decode(hex_digest).map_err(|_| Rejection::WrongSignature)?;
    let mut mac = Hmac::<Sha1>::new_from_slice(secret.expose_secret().as_bytes())
        .map_err(|_| Rejection::WrongSignature)?;
    mac.update(body);
    // `verify_slice` compares in constant time.
    mac.verify_slice(&given)
        .map_err(|_| Rejection::WrongSignature)
}

/// The `sha1=<hex>` signature of `body` under `secret`: what a helpdesk sends (for tests
/// and tools that replay notifications).
pub fn sign_hmac_sha1(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(body);
    format!("sha1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Checks Zendesk's webhook signature: `X-Zendesk-Webhook-Signature` is the base64
/// HMAC-SHA256, keyed with the webhook's signing secret, of
/// `X-Zendesk-Webhook-Signature-Timestamp` followed by the raw body.
/// https://developer.zendesk.com/documentation/webhooks/verifying/
pub fn verify_zendesk_signature(
    secret: &SecretString,
    timestamp: Option<&str>,
    body: &[u8],
    signature: Option<&str>,
) -> Result<(), Rejection> {
    let (Some(timestamp), Some(signature)) = (timestamp, signature) else {
        return Err(Rejection::Unsigned);
    };
    let given = BASE64
        .decode(signature.trim())
        .map_err(|_| Rejection::WrongSignature)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes())
        .map_err(|_| Rejection::WrongSignature)?;
    mac.update(timestamp.as_bytes());
    mac.update(body);
    // `verify_slice` compares in constant time.
    mac.verify_slice(&given)
        .map_err(|_| Rejection::WrongSignature)
}

/// Zendesk's signature of `body` sent at `timestamp` (for tests and tools that replay
/// webhooks).
pub fn sign_zendesk(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(timestamp.as_bytes());
    mac.update(body);
    BASE64.encode(mac.finalize().into_bytes())
}

/// Checks a shared-secret header (Sunshine's `X-API-Key`) in constant time.
pub fn verify_shared_secret(secret: &SecretString, header: Option<&str>) -> Result<(), Rejection> {
    let given = header.ok_or(Rejection::Unsigned)?;
    if baton_config::secret::matches(secret, given) {
        Ok(())
    } else {
        Err(Rejection::WrongSignature)
    }
}

/// Refuses a notification created more than `max_age_secs` ago (or that far in the
/// future): helpdesks retry a failed delivery within minutes, so an old one is a replay.
pub fn check_fresh(
    created_at_unix: i64,
    now_unix: i64,
    max_age_secs: i64,
) -> Result<(), Rejection> {
    let age_secs = now_unix - created_at_unix;
    if age_secs.abs() > max_age_secs {
        return Err(Rejection::Stale { age_secs });
    }
    Ok(())
}

/// Why a webhook request was not applied.
#[derive(Debug)]
pub enum Failure {
    /// Refused: 4xx, nothing published.
    Rejected(Rejection),
    /// NATS could not take its events: 503, and the helpdesk delivers it again.
    Unavailable(baton_bus::Error),
}

impl From<Rejection> for Failure {
    fn from(rejection: Rejection) -> Self {
        Failure::Rejected(rejection)
    }
}

impl From<baton_bus::Error> for Failure {
    fn from(err: baton_bus::Error) -> Self {
        Failure::Unavailable(err)
    }
}

/// The route `path` of `helpdesk`'s webhook: bodies over [`MAX_BODY_BYTES`] answered 413
/// unread, every other request handed to `handle` with `state`, and its outcome (one per
/// event) answered by [`respond`].
pub fn endpoint<S, F, Fut>(path: &str, helpdesk: &'static str, state: S, handle: F) -> Router
where
    S: Send + Sync + 'static,
    F: Fn(Arc<S>, HeaderMap, Bytes) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Vec<Outcome>, Failure>> + Send + 'static,
{
    let state = Arc::new(state);
    let receive = move |headers: HeaderMap, body: Bytes| {
        let (state, handle) = (state.clone(), handle.clone());
        async move { respond(helpdesk, handle(state, headers, body).await) }
    };
    Router::new()
        .route(path, post(receive))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// The HTTP answer to a webhook request of `helpdesk` that ended in `outcome`: each event
/// applied or ignored (and why), or the whole request refused or not taken. Counted in
/// `baton_webhooks_total` (per event, or per refused request) and logged without its body.
pub fn respond(helpdesk: &'static str, outcome: Result<Vec<Outcome>, Failure>) -> Response {
    let count = |outcome: &'static str| {
        metrics::counter!("baton_webhooks_total", "helpdesk" => helpdesk, "outcome" => outcome)
            .increment(1);
    };
    match outcome {
        Ok(outcomes) => {
            let labels: Vec<&str> = outcomes.iter().map(|outcome| outcome.label()).collect();
            for label in &labels {
                count(label);
            }
            // Helpdesks retry anything but 2xx: an event Baton ignores must not come back.
            (StatusCode::OK, labels.join(",")).into_response()
        }
        Err(Failure::Rejected(rejection)) => {
            count(rejection.label());
            tracing::warn!(helpdesk, reason = %rejection, "webhook refused");
            rejection.into_response()
        }
        Err(Failure::Unavailable(err)) => {
            count("unavailable");
            tracing::warn!(helpdesk, error = %baton_bus::error_chain(&err), "webhook not applied; the helpdesk will deliver it again");
            (StatusCode::SERVICE_UNAVAILABLE, "try again later").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(text: &str) -> SecretString {
        SecretString::from(text.to_owned())
    }

    #[test]
    fn a_body_signed_with_the_secret_passes() {
        let body = br#"{"type":"notification_event"}"#;
        let signature = sign_hmac_sha1("s3cret", body);
        assert_eq!(
            verify_hmac_sha1(&secret("s3cret"), body, Some(&signature)),
            Ok(())
        );
    }

    #[test]
    fn unsigned_wrong_key_tampered_or_garbled_signatures_fail() {
        let body = br#"{"type":"notification_event"}"#;
        let signature = sign_hmac_sha1("s3cret", body);
        let key = secret("s3cret");
        assert_eq!(verify_hmac_sha1(&key, body, None), Err(Rejection::Unsigned));
        assert_eq!(
            verify_hmac_sha1(&secret("other"), body, Some(&signature)),
            Err(Rejection::WrongSignature)
        );
        assert_eq!(
            verify_hmac_sha1(&key, br#"{"type":"notification_event "}"#, Some(&signature)),
            Err(Rejection::WrongSignature)
        );
        let bare = signature.trim_start_matches("sha1=");
        assert_eq!(
            verify_hmac_sha1(&key, body, Some(bare)),
            Err(Rejection::WrongSignature)
        );
        assert_eq!(
            verify_hmac_sha1(&key, body, Some("sha1=zz")),
            Err(Rejection::WrongSignature)
        );
        assert_eq!(
            verify_hmac_sha1(&key, body, Some(&signature[..signature.len() - 2])),
            Err(Rejection::WrongSignature)
        );
    }

    #[test]
    fn zendesk_signatures_cover_the_timestamp_and_the_body() {
        let key = secret("zd-signing-secret");
        let body = br#"{"type":"zen:event-type:ticket.status_changed"}"#;
        let at = "2026-11-25T10:00:00Z";
        let signature = sign_zendesk("zd-signing-secret", at, body);
        assert_eq!(
            verify_zendesk_signature(&key, Some(at), body, Some(&signature)),
            Ok(())
        );
        for (timestamp, body, signature, expected) in [
            (
                Some("2026-11-25T10:00:01Z"),
                &body[..],
                Some(signature.as_str()),
                Rejection::WrongSignature,
            ),
            (
                Some(at),
                &b"{}"[..],
                Some(signature.as_str()),
                Rejection::WrongSignature,
            ),
            (
                Some(at),
                &body[..],
                Some("not base64!"),
                Rejection::WrongSignature,
            ),
            (
                None,
                &body[..],
                Some(signature.as_str()),
                Rejection::Unsigned,
            ),
            (Some(at), &body[..], None, Rejection::Unsigned),
        ] {
            assert_eq!(
                verify_zendesk_signature(&key, timestamp, body, signature),
                Err(expected)
            );
        }
    }

    #[test]
    fn shared_secrets_must_match_exactly() {
        let key = secret("k-123");
        assert_eq!(verify_shared_secret(&key, Some("k-123")), Ok(()));
        assert_eq!(
            verify_shared_secret(&key, Some("k-12")),
            Err(Rejection::WrongSignature)
        );
        assert_eq!(
            verify_shared_secret(&key, Some("k-1234")),
            Err(Rejection::WrongSignature)
        );
        assert_eq!(verify_shared_secret(&key, None), Err(Rejection::Unsigned));
    }

    #[test]
    fn old_and_future_notifications_are_stale() {
        assert_eq!(check_fresh(1_000, 1_100, 300), Ok(()));
        assert_eq!(
            check_fresh(1_000, 1_400, 300),
            Err(Rejection::Stale { age_secs: 400 })
        );
        assert_eq!(
            check_fresh(2_000, 1_000, 300),
            Err(Rejection::Stale { age_secs: -1_000 })
        );
    }

    #[test]
    fn every_event_is_answered_200_with_its_outcome() {
        let response = respond(
            "test",
            Ok(vec![
                Outcome::Applied,
                Ignored::NotFromAgent.into(),
                Ignored::InvalidId.into(),
            ]),
        );
        assert_eq!(response.status(), StatusCode::OK);
    }

    #[test]
    fn ignored_events_have_one_label_each() {
        let all = [
            Ignored::NotActedOn,
            Ignored::NotFromAgent,
            Ignored::NoText,
            Ignored::InvalidId,
            Ignored::NotHandedOver,
            Ignored::OldHandoff,
        ];
        let labels: std::collections::HashSet<_> = all.iter().map(|why| why.label()).collect();
        assert_eq!(labels.len(), all.len());
        assert!(labels.iter().all(|label| label.starts_with("ignored_")));
    }

    #[test]
    fn rejections_answer_401_or_400() {
        assert_eq!(
            Rejection::Unsigned.into_response().status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            Rejection::WrongSignature.into_response().status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            Rejection::Malformed("x".into()).into_response().status(),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            Rejection::Stale { age_secs: 9_999 }
                .into_response()
                .status(),
            StatusCode::BAD_REQUEST
        );
    }
}
