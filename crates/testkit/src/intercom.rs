//! Intercom webhook notifications shaped as Intercom documents them (`notification_event`
//! with the conversation as `data.item`), for the connector's and the end-to-end tests.
//! Sign them with `baton_helpdesk::webhook::sign_hmac_sha1`.

use serde_json::{Value, json};

/// A notification of `topic` about Intercom conversation `conversation`, created
/// `age_secs` ago, with `parts` as its conversation parts.
pub fn notification(topic: &str, conversation: &str, age_secs: i64, parts: Value) -> Vec<u8> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs().cast_signed());
    json!({
        "type": "notification_event",
        "app_id": "abc123",
        "id": format!("notif_{topic}_{conversation}"),
        "topic": topic,
        "delivery_attempts": 1,
        "created_at": now - age_secs,
        "data": {
            "type": "notification_event_data",
            "item": {
                "type": "conversation",
                "id": conversation,
                "admin_assignee_id": 991267459,
                "conversation_parts": { "type": "conversation_part.list", "conversation_parts": parts },
            }
        }
    })
    .to_string()
    .into_bytes()
}

/// The conversation parts of an admin's reply: part `id`, with `html` as its body.
pub fn admin_reply(id: &str, html: &str) -> Value {
    json!([{ "type": "conversation_part", "id": id, "part_type": "comment", "body": html,
             "author": { "type": "admin", "id": "991267459", "name": "Tom from Billing" } }])
}
