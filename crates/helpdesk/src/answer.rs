//! Reading the helpdesks' JSON answers.

use serde_json::Value;

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
}
