//! `POST /webhooks/intercom`: what happens in Intercom comes back to the conversation.
//!
//! A notification is believed only when its `X-Hub-Signature` is the HMAC-SHA1 of the raw
//! body under the app's client secret (constant-time check) and it is recent; anything
//! else is answered 401 or 400 and publishes nothing. Then:
//! - `conversation.admin.replied` → the agent's words go to the customer;
//! - `conversation.admin.closed` → the conversation closes;
//! - `conversation.admin.snoozed`, an assignment to nobody, or the release tag → back to
//!   the bot;
//! - any other topic, or a conversation Baton did not hand over → 200, ignored: logged at
//!   info and counted with the reason ([`Ignored`]).
//!
//! Event ids come from Intercom's own ids (the conversation part), so a notification
//! delivered twice is applied once.

use axum::Router;
use axum::http::HeaderMap;
use baton_helpdesk::report::{HelpdeskEvent, event_id};
use baton_helpdesk::webhook::{self, Failure, Ignored, Outcome, Rejection, WebhookState};
use serde_json::Value;

use baton_connectors::intercom::text::plain_text;
use baton_helpdesk::answer::id_at;

/// What the Intercom endpoint needs besides what every webhook does.
struct Receiver {
    /// Secret, links, events, replay window.
    common: WebhookState,
    /// A tag that hands a conversation back to the bot when an agent adds it.
    release_tag: String,
}

/// The route, with its body limit (a bigger body is answered 413 unread).
/// `release_tag` is the tag that hands a conversation back to the bot.
pub fn router(common: WebhookState, release_tag: String) -> Router {
    webhook::endpoint(
        "/webhooks/intercom",
        "intercom",
        Receiver {
            common,
            release_tag,
        },
        |state, headers, body| async move { handle(&state, &headers, &body).await },
    )
}

async fn handle(
    state: &Receiver,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<Outcome>, Failure> {
    let secret = state.common.secret.as_ref().ok_or(Rejection::Unsigned)?;
    let signature = headers.get("x-hub-signature").and_then(|v| v.to_str().ok());
    webhook::verify_hmac_sha1(secret, body, signature)?;
    let notification = Notification::parse(body)?;
    webhook::check_fresh(
        notification.created_at,
        jiff::Timestamp::now().as_second(),
        state.common.max_age_secs,
    )?;
    let conversation_id = id_at(&notification.item, "/id").unwrap_or_default();
    let outcome = apply(state, &notification, &conversation_id).await?;
    match outcome {
        Outcome::Applied => {
            tracing::info!(intercom_conversation = %conversation_id, topic = %notification.topic, "Intercom notification applied");
        }
        Outcome::Ignored(why) => {
            tracing::info!(intercom_conversation = %conversation_id, topic = %notification.topic, reason = %why, "Intercom notification ignored");
        }
    }
    Ok(vec![outcome])
}

async fn apply(
    state: &Receiver,
    notification: &Notification,
    conversation_id: &str,
) -> Result<Outcome, Failure> {
    if conversation_id.is_empty() {
        return Ok(Ignored::InvalidId.into());
    }
    if !baton_proto::ids::is_valid(conversation_id) {
        return Err(Rejection::Malformed("conversation id outside [A-Za-z0-9_-]".into()).into());
    }
    let events = match notification.events(&state.release_tag) {
        Ok(events) => events,
        Err(why) => return Ok(why.into()),
    };
    let Some(link) = state.common.links.by_external(conversation_id).await? else {
        return Ok(Ignored::NotHandedOver.into());
    };
    // Several replies in one notification: applied when any is (the others were before,
    // or belong to the same handoff and so share its fate).
    let mut outcome = Ignored::OldHandoff.into();
    for (id, event) in events {
        if state.common.events.publish(&link, &id, event).await? == Outcome::Applied {
            outcome = Outcome::Applied;
        }
    }
    Ok(outcome)
}

/// The parts of an Intercom notification the connector reads.
#[derive(Debug)]
pub struct Notification {
    /// `conversation.admin.replied`, ...
    pub topic: String,
    /// Intercom's id of the notification.
    pub id: String,
    /// When Intercom created it (Unix seconds).
    pub created_at: i64,
    /// The conversation it is about (`data.item`).
    pub item: Value,
}

impl Notification {
    /// Parses a notification body.
    pub fn parse(body: &[u8]) -> Result<Self, Rejection> {
        let json: Value = serde_json::from_slice(body)
            .map_err(|err| Rejection::Malformed(format!("not JSON: {err}")))?;
        let text = |name: &str| json.get(name).and_then(|v| v.as_str()).map(str::to_owned);
        if text("type").as_deref() != Some("notification_event") {
            return Err(Rejection::Malformed(
                "type is not notification_event".into(),
            ));
        }
        let topic = text("topic").ok_or_else(|| Rejection::Malformed("no topic".into()))?;
        let id = text("id").ok_or_else(|| Rejection::Malformed("no id".into()))?;
        let created_at = json
            .get("created_at")
            .and_then(Value::as_i64)
            .ok_or_else(|| Rejection::Malformed("no created_at".into()))?;
        let item = json.pointer("/data/item").cloned().unwrap_or(Value::Null);
        Ok(Self {
            topic,
            id,
            created_at,
            item,
        })
    }

    /// The Baton events this notification means, each with its event id (at least one), or
    /// why it means nothing.
    pub fn events(&self, release_tag: &str) -> Result<Vec<(String, HelpdeskEvent)>, Ignored> {
        let parts = self.parts();
        let part_id = |prefix: &str| {
            let last = parts.last().and_then(|p| id_at(p, "/id"));
            event_id(prefix, &last.unwrap_or_else(|| self.id.clone()))
        };
        let events = match self.topic.as_str() {
            "conversation.admin.replied" => parts
                .iter()
                .filter(|part| {
                    part.get("part_type").and_then(Value::as_str) == Some("comment")
                        && part.pointer("/author/type").and_then(Value::as_str) == Some("admin")
                })
                .filter_map(|part| {
                    let text = plain_text(part.get("body").and_then(Value::as_str)?);
                    let id = id_at(part, "/id")?;
                    (!text.is_empty()).then(|| {
                        let author_name = part
                            .pointer("/author/name")
                            .and_then(Value::as_str)
                            .unwrap_or("Support")
                            .to_owned();
                        (
                            event_id("intercom", &id),
                            HelpdeskEvent::Reply { text, author_name },
                        )
                    })
                })
                .collect(),
            "conversation.admin.closed" => vec![(
                part_id("intercom-closed"),
                HelpdeskEvent::Closed {
                    reason: "closed in Intercom".into(),
                },
            )],
            "conversation.admin.snoozed" => vec![(
                part_id("intercom-released"),
                HelpdeskEvent::Released {
                    reason: "snoozed in Intercom".into(),
                },
            )],
            "conversation.admin.assigned" if self.unassigned() => vec![(
                part_id("intercom-released"),
                HelpdeskEvent::Released {
                    reason: "unassigned in Intercom".into(),
                },
            )],
            "conversation_part.tag.created" if self.tagged(release_tag) => vec![(
                event_id("intercom-released", &self.id),
                HelpdeskEvent::Released {
                    reason: format!("tagged {release_tag} in Intercom"),
                },
            )],
            _ => return Err(Ignored::NotActedOn),
        };
        if events.is_empty() {
            // Only a reply can come to nothing: every part of it was empty or not an
            // agent's comment.
            return Err(Ignored::NoText);
        }
        Ok(events)
    }

    fn parts(&self) -> Vec<Value> {
        self.item
            .pointer("/conversation_parts/conversation_parts")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    /// Assigned to no admin and no team.
    fn unassigned(&self) -> bool {
        let nobody = |name: &str| id_at(&self.item, &format!("/{name}")).is_none_or(|id| id == "0");
        nobody("admin_assignee_id") && nobody("team_assignee_id")
    }

    /// The conversation now carries `tag`.
    fn tagged(&self, tag: &str) -> bool {
        ["/tags_added/tags", "/tags/tags"].iter().any(|path| {
            self.item
                .pointer(path)
                .and_then(Value::as_array)
                .is_some_and(|tags| {
                    tags.iter().any(|t| {
                        t.get("name")
                            .and_then(Value::as_str)
                            .is_some_and(|name| name.eq_ignore_ascii_case(tag))
                    })
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn notification(topic: &str, item: Value) -> Notification {
        let body = json!({
            "type": "notification_event",
            "topic": topic,
            "id": "notif_1",
            "created_at": 1_764_000_000,
            "data": { "type": "notification_event_data", "item": item },
        });
        Notification::parse(body.to_string().as_bytes()).expect("a notification")
    }

    fn part(id: &str, part_type: &str, author: &str, body: &str) -> Value {
        json!({ "type": "conversation_part", "id": id, "part_type": part_type, "body": body,
                "author": { "type": author, "id": "7", "name": "Tom" } })
    }

    #[test]
    fn admin_replies_become_messages_with_the_part_as_event_id() {
        let n = notification(
            "conversation.admin.replied",
            json!({ "type": "conversation", "id": "123", "conversation_parts": { "conversation_parts": [
                part("900", "comment", "admin", "<p>Hi Jane, refunded.</p>"),
                part("901", "note", "admin", "<p>internal</p>"),
            ] } }),
        );
        assert_eq!(
            n.events("baton-bot"),
            Ok(vec![(
                "intercom-900".to_owned(),
                HelpdeskEvent::Reply {
                    text: "Hi Jane, refunded.".into(),
                    author_name: "Tom".into()
                }
            )])
        );
    }

    #[test]
    fn close_snooze_unassign_and_release_tag_end_the_human_part() {
        let closed = notification("conversation.admin.closed", json!({ "id": "123" }));
        assert!(matches!(
            closed.events("b").as_deref(),
            Ok([(_, HelpdeskEvent::Closed { .. })])
        ));
        let snoozed = notification("conversation.admin.snoozed", json!({ "id": "123" }));
        assert!(matches!(
            snoozed.events("b").as_deref(),
            Ok([(_, HelpdeskEvent::Released { .. })])
        ));
        let nobody = notification(
            "conversation.admin.assigned",
            json!({ "id": "123", "admin_assignee_id": null, "team_assignee_id": 0 }),
        );
        assert!(matches!(
            nobody.events("b").as_deref(),
            Ok([(_, HelpdeskEvent::Released { .. })])
        ));
        let someone = notification(
            "conversation.admin.assigned",
            json!({ "id": "123", "admin_assignee_id": 42, "team_assignee_id": null }),
        );
        assert_eq!(someone.events("b"), Err(Ignored::NotActedOn));
        let tagged = notification(
            "conversation_part.tag.created",
            json!({ "id": "123", "tags_added": { "tags": [{ "name": "Baton-Bot" }] } }),
        );
        assert!(matches!(
            tagged.events("baton-bot").as_deref(),
            Ok([(_, HelpdeskEvent::Released { .. })])
        ));
        assert_eq!(tagged.events("other"), Err(Ignored::NotActedOn));
    }

    #[test]
    fn other_topics_mean_nothing_and_garbage_is_malformed() {
        let opened = notification("conversation.user.created", json!({ "id": "123" }));
        assert_eq!(opened.events("b"), Err(Ignored::NotActedOn));
        let note_only = notification(
            "conversation.admin.replied",
            json!({ "id": "123", "conversation_parts": { "conversation_parts": [
                part("902", "comment", "admin", "<p> </p>"),
                part("903", "note", "admin", "<p>internal</p>"),
            ] } }),
        );
        assert_eq!(note_only.events("b"), Err(Ignored::NoText));
        assert!(matches!(
            Notification::parse(b"{"),
            Err(Rejection::Malformed(_))
        ));
        assert!(matches!(
            Notification::parse(br#"{"type":"notification_event","id":"n"}"#),
            Err(Rejection::Malformed(_))
        ));
        assert!(matches!(
            Notification::parse(br#"{"type":"ping","topic":"ping","id":"n","created_at":1}"#),
            Err(Rejection::Malformed(_))
        ));
    }
}
