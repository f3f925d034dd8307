//! Tenant, agent, conversation and event ids become subject tokens and KV keys, so they are
//! restricted to `[A-Za-z0-9_-]{1,128}`: a `.`, `*`, `>` or space would change which
//! subjects a message reaches or which key it overwrites.

use crate::Invalid;

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 128;

/// Longest handoff record id: a conversation id plus `-<n>`.
pub const MAX_RECORD_ID_LEN: usize = MAX_ID_LEN + 12;

/// Whether `value` is a valid id: 1 to 128 of `[A-Za-z0-9_-]`.
pub fn is_valid(value: &str) -> bool {
    is_valid_up_to(value, MAX_ID_LEN)
}

fn is_valid_up_to(value: &str, max: usize) -> bool {
    !value.is_empty()
        && value.len() <= max
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Checks that `value` is a valid id, naming `field` in the error.
pub fn check(field: &'static str, value: &str) -> Result<(), Invalid> {
    check_up_to(field, value, MAX_ID_LEN)
}

/// Checks a handoff record id (`<conversation>-<n>`), which may be a little longer than
/// the conversation id it extends.
pub fn check_record(field: &'static str, value: &str) -> Result<(), Invalid> {
    check_up_to(field, value, MAX_RECORD_ID_LEN)
}

fn check_up_to(field: &'static str, value: &str, max: usize) -> Result<(), Invalid> {
    if is_valid_up_to(value, max) {
        return Ok(());
    }
    let reason = if value.is_empty() {
        "is empty".to_owned()
    } else if value.len() > max {
        format!("is {} bytes long; at most {max} are allowed", value.len())
    } else {
        format!("{value:?} contains characters outside [A-Za-z0-9_-]")
    };
    Err(Invalid::new(field, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_id_alphabet() {
        assert!(is_valid("acme"));
        assert!(is_valid("c-123_X"));
        assert!(is_valid(&"a".repeat(MAX_ID_LEN)));
    }

    #[test]
    fn rejects_what_would_change_a_subject() {
        for bad in [
            "",
            "a.b",
            "a*",
            ">",
            "a b",
            "é",
            &"a".repeat(MAX_ID_LEN + 1),
        ] {
            assert!(!is_valid(bad), "{bad:?} must be rejected");
            assert!(check("tenant_id", bad).is_err());
        }
    }

    #[test]
    fn errors_name_the_field_and_the_problem() {
        let err = check("conversation_id", "c.1").unwrap_err().to_string();
        assert!(err.contains("conversation_id"), "{err}");
        assert!(err.contains("outside [A-Za-z0-9_-]"), "{err}");
    }
}
