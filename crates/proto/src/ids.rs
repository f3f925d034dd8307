//! Tenant, agent, conversation and event ids become subject tokens and KV keys, so they are
//! restricted to `[A-Za-z0-9_-]{1,128}`: a `.`, `*`, `>` or space would change which
//! subjects a message reaches or which key it overwrites.

use crate::Invalid;

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 128;

/// Whether `value` is a valid id: 1 to 128 of `[A-Za-z0-9_-]`.
pub fn is_valid(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_ID_LEN
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Checks that `value` is a valid id, naming `field` in the error.
pub fn check(field: &'static str, value: &str) -> Result<(), Invalid> {
    if is_valid(value) {
        return Ok(());
    }
    let reason = if value.is_empty() {
        "is empty".to_owned()
    } else if value.len() > MAX_ID_LEN {
        format!(
            "is {} bytes long; at most {MAX_ID_LEN} are allowed",
            value.len()
        )
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
