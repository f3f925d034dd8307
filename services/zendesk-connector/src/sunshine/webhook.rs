//! `POST /webhooks/sunshine`: what happens in Zendesk comes back to the conversation.
//!
//! A request is believed only when its `X-API-Key` is the webhook's shared secret (constant
//! time) and every event in it is recent; anything else is answered 401 or 400 (which
//! Sunshine does not retry) and publishes nothing. Then, per event:
//! - `conversation:message` from the business (an agent), not one Baton posted itself →
//!   the agent's words go to the customer;
//! - `switchboard:releaseControl`, or `switchboard:passControl` to anything but Agent
//!   Workspace (back to a bot) → the conversation returns to Baton's AI agent;
//! - `conversation:remove` → the conversation closes;
//! - anything else, or a conversation Baton did not hand over → 200, ignored: logged at
//!   info and counted with the reason ([`Ignored`]), event by event.
//!
//! Event ids come from Sunshine's own ids (the message's, the event's), so an event
//! delivered twice is applied once.

use axum::Router;
use axum::http::HeaderMap;
use baton_helpdesk::report::{HelpdeskEvent, event_id};
use baton_helpdesk::webhook::{self, Failure, Ignored, Outcome, Rejection};
use serde_json::Value;

use baton_connectors::zendesk::sunshine::ORIGIN_KEY;

/// The integration type of Zendesk Agent Workspace in switchboard events.
const AGENT_WORKSPACE_TYPE: &str = "zd:agentWorkspace";

pub use baton_helpdesk::webhook::WebhookState;

/// The route, with its body limit (a bigger body is answered 413 unread).
pub fn router(state: WebhookState) -> Router {
    webhook::endpoint(
        "/webhooks/sunshine",
        "sunshine",
        state,
        |state, headers, body| async move { handle(&state, &headers, &body).await },
    )
}

async fn handle(
    state: &WebhookState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<Outcome>, Failure> {
    let secret = state.secret.as_ref().ok_or(Rejection::Unsigned)?;
    let key = headers.get("x-api-key").and_then(|v| v.to_str().ok());
    webhook::verify_shared_secret(secret, key)?;
    let events = Event::parse_all(body)?;
    let now = jiff::Timestamp::now().as_second();
    for event in &events {
        webhook::check_fresh(event.created_at, now, state.max_age_secs)?;
    }
    let mut outcomes = Vec::with_capacity(events.len());
    for event in &events {
        let outcome = apply(state, event).await?;
        match outcome {
            Outcome::Applied => {
                tracing::info!(sunshine_event = %event.id, kind = %event.kind, "Sunshine event applied");
            }
            Outcome::Ignored(why) => {
                tracing::info!(sunshine_event = %event.id, kind = %event.kind, reason = %why, "Sunshine event ignored");
            }
        }
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

async fn apply(state: &WebhookState, event: &Event) -> Result<Outcome, Failure> {
    let meaning = match event.meaning() {
        Ok(meaning) => meaning,
        Err(why) => return Ok(why.into()),
    };
    let Some(link) = state.links.by_external(&meaning.conversation).await? else {
        return Ok(Ignored::NotHandedOver.into());
    };
    Ok(state
        .events
        .publish(&link, &meaning.event_id, meaning.event)
        .await?)
}

/// One event of a Sunshine webhook request (`events[]`).
#[derive(Debug)]
pub struct Event {
    /// Sunshine's id of the event.
    pub id: String,
    /// `conversation:message`, `switchboard:releaseControl`, ...
    pub kind: String,
    /// When Sunshine created it (Unix seconds).
    pub created_at: i64,
    /// What it carries.
    pub payload: Value,
}

/// What an event means for a Baton conversation.
#[derive(Debug, PartialEq)]
pub struct Meaning {
    /// The Sunshine conversation.
    pub conversation: String,
    /// The Baton event id, derived from Sunshine's ids.
    pub event_id: String,
    /// The event.
    pub event: HelpdeskEvent,
}

impl Event {
    /// The events of a webhook request body.
    pub fn parse_all(body: &[u8]) -> Result<Vec<Event>, Rejection> {
        let malformed = |why: &str| Rejection::Malformed(why.to_owned());
        let json: Value =
            serde_json::from_slice(body).map_err(|err| malformed(&format!("not JSON: {err}")))?;
        let events = json
            .get("events")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed("no events"))?;
        events
            .iter()
            .map(|event| {
                let text = |name: &str| event.get(name).and_then(Value::as_str);
                let created_at = text("createdAt")
                    .and_then(|at| at.parse::<jiff::Timestamp>().ok())
                    .ok_or_else(|| malformed("an event without a valid createdAt"))?;
                Ok(Event {
                    id: text("id")
                        .ok_or_else(|| malformed("an event without id"))?
                        .to_owned(),
                    kind: text("type")
                        .ok_or_else(|| malformed("an event without type"))?
                        .to_owned(),
                    created_at: created_at.as_second(),
                    payload: event.get("payload").cloned().unwrap_or(Value::Null),
                })
            })
            .collect()
    }

    /// What this event means for the conversation it is about, or why nothing.
    pub fn meaning(&self) -> Result<Meaning, Ignored> {
        let text = |pointer: &str| self.payload.pointer(pointer).and_then(Value::as_str);
        let conversation = text("/conversation/id")
            .filter(|id| baton_proto::ids::is_valid(id))
            .ok_or(Ignored::InvalidId)?;
        let (event_id, event) = match self.kind.as_str() {
            "conversation:message" => {
                let from_agent = text("/message/author/type") == Some("business")
                    && self
                        .payload
                        .pointer(&format!("/message/metadata/{ORIGIN_KEY}"))
                        .is_none();
                let reply = text("/message/content/text")
                    .map(str::trim)
                    .unwrap_or_default();
                if !from_agent {
                    return Err(Ignored::NotFromAgent);
                }
                if reply.is_empty() {
                    return Err(Ignored::NoText);
                }
                let message_id = text("/message/id").unwrap_or(&self.id);
                (
                    event_id("sunshine", message_id),
                    HelpdeskEvent::Reply {
                        text: reply.to_owned(),
                        author_name: text("/message/author/displayName")
                            .unwrap_or("Support")
                            .to_owned(),
                    },
                )
            }
            "switchboard:releaseControl" => (
                event_id("sunshine-released", &self.id),
                HelpdeskEvent::Released {
                    reason: match text("/reason") {
                        Some("ticketClosed") => "the Zendesk ticket was solved",
                        Some("transferToEmail") => "Zendesk moved the conversation to email",
                        _ => "released in Zendesk",
                    }
                    .into(),
                },
            ),
            "switchboard:passControl" if self.passes_back_to_a_bot() => (
                event_id("sunshine-released", &self.id),
                HelpdeskEvent::Released {
                    reason: "passed back to the bot in Zendesk".into(),
                },
            ),
            "conversation:remove" => (
                event_id("sunshine-closed", &self.id),
                HelpdeskEvent::Closed {
                    reason: "deleted in Zendesk".into(),
                },
            ),
            _ => return Err(Ignored::NotActedOn),
        };
        Ok(Meaning {
            conversation: conversation.to_owned(),
            event_id,
            event,
        })
    }

    /// A pass of control away from the agents: not Baton's own handoff (which carries its
    /// record in the metadata), and not to Agent Workspace.
    fn passes_back_to_a_bot(&self) -> bool {
        let baton_handoff = self.payload.pointer("/metadata/baton_record_id").is_some();
        let to_agents = self
            .payload
            .pointer("/conversation/activeSwitchboardIntegration/integrationType")
            .and_then(Value::as_str)
            == Some(AGENT_WORKSPACE_TYPE);
        !baton_handoff && !to_agents
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(kind: &str, payload: Value) -> Event {
        let body = json!({
            "app": { "id": "app" },
            "webhook": { "id": "wh", "version": "v2" },
            "events": [{ "id": "ev-1", "type": kind, "createdAt": "2026-01-05T10:00:00.000Z", "payload": payload }],
        });
        let mut events = Event::parse_all(body.to_string().as_bytes()).expect("events");
        assert_eq!(events[0].created_at, 1_767_607_200);
        events.remove(0)
    }

    fn message(author: Value, metadata: Value) -> Value {
        json!({
            "conversation": { "id": "conv1", "type": "personal" },
            "message": { "id": "msg-9", "author": author, "content": { "type": "text", "text": " Hi Jane " }, "metadata": metadata },
        })
    }

    #[test]
    fn agent_messages_are_replies_keyed_by_the_message_id() {
        let meaning = event(
            "conversation:message",
            message(
                json!({ "type": "business", "displayName": "Tom" }),
                Value::Null,
            ),
        )
        .meaning();
        assert_eq!(
            meaning,
            Ok(Meaning {
                conversation: "conv1".into(),
                event_id: "sunshine-msg-9".into(),
                event: HelpdeskEvent::Reply {
                    text: "Hi Jane".into(),
                    author_name: "Tom".into()
                },
            })
        );
    }

    #[test]
    fn customer_messages_and_batons_own_posts_are_not_replies() {
        let from_user = message(json!({ "type": "user", "userId": "u" }), Value::Null);
        assert_eq!(
            event("conversation:message", from_user).meaning(),
            Err(Ignored::NotFromAgent)
        );
        let echo = message(
            json!({ "type": "business", "displayName": "AI agent" }),
            json!({ ORIGIN_KEY: "transcript" }),
        );
        assert_eq!(
            event("conversation:message", echo).meaning(),
            Err(Ignored::NotFromAgent)
        );
    }

    #[test]
    fn events_without_text_or_a_usable_conversation_id_say_so() {
        let mut blank = message(
            json!({ "type": "business", "displayName": "Tom" }),
            Value::Null,
        );
        blank["message"]["content"] =
            json!({ "type": "image", "mediaUrl": "https://x.test/a.png" });
        assert_eq!(
            event("conversation:message", blank).meaning(),
            Err(Ignored::NoText)
        );
        let removed = |id: Value| {
            event(
                "conversation:remove",
                json!({ "conversation": { "id": id } }),
            )
        };
        assert_eq!(removed(json!("conv.1")).meaning(), Err(Ignored::InvalidId));
        assert_eq!(removed(Value::Null).meaning(), Err(Ignored::InvalidId));
        let typing = event(
            "conversation:typing",
            json!({ "conversation": { "id": "conv1" } }),
        );
        assert_eq!(typing.meaning(), Err(Ignored::NotActedOn));
    }

    #[test]
    fn release_pass_back_and_removal_end_the_human_part() {
        let released = event(
            "switchboard:releaseControl",
            json!({ "conversation": { "id": "conv1" }, "reason": "ticketClosed" }),
        );
        assert!(matches!(
            released.meaning(),
            Ok(Meaning {
                event: HelpdeskEvent::Released { .. },
                ..
            })
        ));
        let to_bot = event(
            "switchboard:passControl",
            json!({ "conversation": { "id": "conv1", "activeSwitchboardIntegration": { "name": "bot", "integrationType": "custom" } } }),
        );
        assert!(matches!(
            to_bot.meaning(),
            Ok(Meaning {
                event: HelpdeskEvent::Released { .. },
                ..
            })
        ));
        let removed = event(
            "conversation:remove",
            json!({ "conversation": { "id": "conv1" } }),
        );
        assert!(matches!(
            removed.meaning(),
            Ok(Meaning {
                event: HelpdeskEvent::Closed { .. },
                ..
            })
        ));
    }

    #[test]
    fn batons_own_pass_and_a_pass_to_agents_change_nothing() {
        let own = event(
            "switchboard:passControl",
            json!({ "conversation": { "id": "conv1", "activeSwitchboardIntegration": { "integrationType": "custom" } }, "metadata": { "baton_record_id": "r1" } }),
        );
        assert_eq!(own.meaning(), Err(Ignored::NotActedOn));
        let to_agents = event(
            "switchboard:passControl",
            json!({ "conversation": { "id": "conv1", "activeSwitchboardIntegration": { "integrationType": "zd:agentWorkspace" } } }),
        );
        assert_eq!(to_agents.meaning(), Err(Ignored::NotActedOn));
    }

    #[test]
    fn garbage_is_malformed() {
        for body in [
            &b"{"[..],
            br#"{"events":"x"}"#,
            br#"{"events":[{"id":"e","type":"t"}]}"#,
        ] {
            assert!(matches!(
                Event::parse_all(body),
                Err(Rejection::Malformed(_))
            ));
        }
    }
}
