//! Checking a presented credential against a configured secret: webhook shared secrets,
//! the admin token. One place, so every check compares in constant time (how long a
//! comparison takes must not tell an attacker how much of a guess was right).

use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;

/// Whether `given` is exactly `secret`, compared in constant time (the secret's length
/// aside, which `subtle` does not hide and a guess cannot learn much from).
pub fn matches(secret: &SecretString, given: &str) -> bool {
    bool::from(given.as_bytes().ct_eq(secret.expose_secret().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_secret_matches() {
        let secret = SecretString::from("k-123");
        assert!(matches(&secret, "k-123"));
        assert!(!matches(&secret, "k-12"));
        assert!(!matches(&secret, "k-1234"));
        assert!(!matches(&secret, ""));
    }
}
