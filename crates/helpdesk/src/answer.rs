//! Reading the helpdesks' JSON answers: into the connectors' typed answers
//! ([`parse`], ids as [`Id`]), or — for webhook payloads read piece by piece — an id at a
//! JSON pointer ([`id_at`]).

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A helpdesk's id: a string or a number on the wire (Zendesk's are numbers, Intercom's
/// strings of digits), kept as text. Empty means none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    /// The id, unless it is empty.
    pub fn get(&self) -> Option<&str> {
        Some(self.0.as_str()).filter(|id| !id.is_empty())
    }
}

impl From<&str> for Id {
    fn from(id: &str) -> Self {
        Id(id.to_owned())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Text(String),
            Number(serde_json::Number),
        }
        Ok(Id(match Wire::deserialize(deserializer)? {
            Wire::Text(text) => text,
            Wire::Number(number) => number.to_string(),
        }))
    }
}

/// `answer` as the typed answer `T`, when it is one (unknown fields are ignored).
pub fn parse<T: DeserializeOwned>(answer: &Value) -> Option<T> {
    T::deserialize(answer).ok()
}

/// The id (string or number, not empty) at `pointer` (`/ticket/id`) of an answer.
pub fn id_at(answer: &Value, pointer: &str) -> Option<String> {
    match answer.pointer(pointer)? {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_may_be_strings_or_numbers_but_not_empty() {
        let answer = json!({ "ticket": { "id": 35436 }, "user": { "id": "5963c0d6", "x": "" } });
        assert_eq!(id_at(&answer, "/ticket/id").as_deref(), Some("35436"));
        assert_eq!(id_at(&answer, "/user/id").as_deref(), Some("5963c0d6"));
        assert_eq!(id_at(&answer, "/user/x"), None);
        assert_eq!(id_at(&answer, "/missing"), None);
    }

    #[test]
    fn typed_ids_read_strings_and_numbers_and_empty_is_none() {
        #[derive(Deserialize)]
        struct Ticket {
            id: Id,
        }
        let number: Ticket = parse(&json!({ "id": 35436, "extra": true })).expect("ticket");
        assert_eq!(number.id.get(), Some("35436"));
        let text: Ticket = parse(&json!({ "id": "5963c0d6" })).expect("ticket");
        assert_eq!(text.id.get(), Some("5963c0d6"));
        let empty: Ticket = parse(&json!({ "id": "" })).expect("ticket");
        assert_eq!(empty.id.get(), None);
        assert!(parse::<Ticket>(&json!({ "id": null })).is_none());
    }
}
