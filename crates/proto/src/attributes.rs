//! Customer attributes (`Customer.attributes`: plan, vip, country, order value…) are named
//! by operators in trigger instructions and stored with every conversation, so they are
//! kept small and predictable: keys `[A-Za-z0-9_.-]{1,64}` (something an operator can type
//! and a config can name), values at most 256 bytes of any Unicode (a fact, not a
//! document), at most 64 per customer (checked by the conversation service after a merge,
//! the only place that knows the total).

use std::collections::BTreeMap;

use crate::Invalid;

/// Longest attribute key, in bytes (the key alphabet is ASCII, so also in characters).
pub const MAX_KEY_LEN: usize = 64;

/// Longest attribute value, in bytes of UTF-8.
pub const MAX_VALUE_BYTES: usize = 256;

/// Most attributes a customer may have.
pub const MAX_PER_CUSTOMER: usize = 64;

/// Checks every key and value of `attributes`, naming `field` in the error. An empty value
/// is valid: in an identification it removes the key.
pub fn check(field: &'static str, attributes: &BTreeMap<String, String>) -> Result<(), Invalid> {
    for (key, value) in attributes {
        check_key(field, key)?;
        if value.len() > MAX_VALUE_BYTES {
            return Err(Invalid::new(
                field,
                format!(
                    "value of {key:?} is {} bytes long; at most {MAX_VALUE_BYTES} are allowed",
                    value.len()
                ),
            ));
        }
    }
    Ok(())
}

/// The length is checked before the alphabet, so a key quoted in an error is at most
/// `MAX_KEY_LEN` bytes and is never cut (cutting could split a character).
fn check_key(field: &'static str, key: &str) -> Result<(), Invalid> {
    let reason = if key.is_empty() {
        "has an empty key".to_owned()
    } else if key.len() > MAX_KEY_LEN {
        format!(
            "has a key of {} bytes; at most {MAX_KEY_LEN} are allowed",
            key.len()
        )
    } else if !key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
    {
        format!("key {key:?} contains characters outside [A-Za-z0-9_.-]")
    } else {
        return Ok(());
    };
    Err(Invalid::new(field, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELD: &str = "customer.attributes";

    fn one(key: &str, value: &str) -> BTreeMap<String, String> {
        BTreeMap::from([(key.to_owned(), value.to_owned())])
    }

    fn reason(key: &str, value: &str) -> String {
        check(FIELD, &one(key, value)).unwrap_err().to_string()
    }

    #[test]
    fn accepts_the_key_alphabet_and_any_unicode_value() {
        for key in ["plan", "vip", "order.value", "Country_Code", "a-b", "x"] {
            assert_eq!(check(FIELD, &one(key, "enterprise")), Ok(()), "{key}");
        }
        assert_eq!(check(FIELD, &one(&"k".repeat(MAX_KEY_LEN), "v")), Ok(()));
        assert_eq!(check(FIELD, &one("city", "São Paulo 東京 🚚")), Ok(()));
        assert_eq!(
            check(FIELD, &one("removed", "")),
            Ok(()),
            "an empty value removes"
        );
    }

    #[test]
    fn an_empty_key_is_rejected() {
        assert_eq!(reason("", "x"), "customer.attributes has an empty key");
    }

    #[test]
    fn a_key_outside_the_alphabet_is_rejected_and_quoted() {
        for key in ["order value", "plan*", "país", "a>b", "tab\there"] {
            let err = reason(key, "x");
            assert!(err.contains("outside [A-Za-z0-9_.-]"), "{key:?}: {err}");
            assert!(err.contains(&format!("{key:?}")), "{err}");
        }
    }

    #[test]
    fn a_long_key_is_rejected_by_its_length_without_cutting_it() {
        // 66 bytes of two-byte characters: quoting a 64-byte prefix would split one.
        let key = "é".repeat(33);
        let err = reason(&key, "x");
        assert!(err.contains("key of 66 bytes; at most 64"), "{err}");
        assert!(!err.contains('é'), "the key is not quoted: {err}");
        let err = reason(&"k".repeat(MAX_KEY_LEN + 1), "x");
        assert!(err.contains("key of 65 bytes"), "{err}");
    }

    #[test]
    fn values_are_limited_in_bytes_not_characters() {
        let at_limit = "ü".repeat(MAX_VALUE_BYTES / 2);
        assert_eq!(check(FIELD, &one("note", &at_limit)), Ok(()));
        let over = format!("{at_limit}x");
        let err = reason("note", &over);
        assert_eq!(
            err,
            "customer.attributes value of \"note\" is 257 bytes long; at most 256 are allowed"
        );
    }

    #[test]
    fn the_first_bad_entry_fails_the_whole_map() {
        let mut attributes = one("plan", "pro");
        attributes.insert("bad key".into(), "x".into());
        assert!(check(FIELD, &attributes).is_err());
    }
}
