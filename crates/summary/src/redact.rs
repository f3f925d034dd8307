//! PII redaction, per handoff: what the operator chose is replaced by a placeholder in
//! every free text a package carries before it leaves Baton.
//!
//! - cards: 13–19 digits (spaces or dashes between them allowed) that pass the Luhn check,
//!   so order numbers and other long digit runs stay readable;
//! - national ids: US SSN (`123-45-6789`), Spanish DNI/NIE with a valid control letter, UK
//!   National Insurance numbers;
//! - emails;
//! - phones: 7–15 digits written as a phone number — with a leading `+` or with separators
//!   between digit groups. A bare digit run (an order or ticket number) is not a phone, and
//!   ISO dates are never touched.
//!
//! The customer's identity fields (name, email, external id) are not redacted: they are
//! how the helpdesk or the email reaches the customer.

use std::sync::LazyLock;

use baton_proto::v1::{HandoffPackage, Redaction};
use regex::{Captures, Regex};

static CARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d(?:[ -]?\d){12,18}\b")
        .unwrap_or_else(|err| unreachable!("card pattern: {err}"))
});
static SSN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{3}-\d{2}-\d{4}\b").unwrap_or_else(|err| unreachable!("ssn pattern: {err}"))
});
static DNI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([XYZ]?)(\d{7,8})[- ]?([A-Z])\b")
        .unwrap_or_else(|err| unreachable!("dni pattern: {err}"))
});
static NINO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
        .unwrap_or_else(|err| unreachable!("nino pattern: {err}"))
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
        .unwrap_or_else(|err| unreachable!("email pattern: {err}"))
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+\d[\d().\s-]{5,}\d|\(?\d{2,4}\)?[\s.-]\d[\d\s.-]{3,}\d)")
        .unwrap_or_else(|err| unreachable!("phone pattern: {err}"))
});
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-\d{2}-\d{2}$").unwrap_or_else(|err| unreachable!("date pattern: {err}"))
});

/// `text` with every kind in `redactions` replaced by `[card]`, `[id]`, `[email]`, `[phone]`.
pub fn redact_text(text: &str, redactions: &[Redaction]) -> String {
    let mut text = text.to_owned();
    // Cards before phones, so a card number is never half-eaten as a phone number.
    for kind in [
        Redaction::Cards,
        Redaction::Ids,
        Redaction::Emails,
        Redaction::Phones,
    ] {
        if redactions.contains(&kind) {
            text = apply(&text, kind);
        }
    }
    text
}

fn apply(text: &str, kind: Redaction) -> String {
    match kind {
        Redaction::Cards => replace_if(&CARD, text, "[card]", luhn),
        Redaction::Ids => {
            let text = SSN.replace_all(text, "[id]");
            let text = DNI.replace_all(&text, |caps: &Captures<'_>| {
                if dni_valid(&caps[1], &caps[2], &caps[3]) {
                    "[id]".to_owned()
                } else {
                    caps[0].to_owned()
                }
            });
            NINO.replace_all(&text, "[id]").into_owned()
        }
        Redaction::Emails => EMAIL.replace_all(text, "[email]").into_owned(),
        Redaction::Phones => replace_if(&PHONE, text, "[phone]", |m| {
            let digits = m.chars().filter(char::is_ascii_digit).count();
            (7..=15).contains(&digits) && !ISO_DATE.is_match(m.trim())
        }),
        Redaction::Unspecified => text.to_owned(),
    }
}

fn replace_if(pattern: &Regex, text: &str, with: &str, matches: impl Fn(&str) -> bool) -> String {
    pattern
        .replace_all(text, |caps: &Captures<'_>| {
            if matches(&caps[0]) {
                with.to_owned()
            } else {
                caps[0].to_owned()
            }
        })
        .into_owned()
}

/// The Luhn checksum every payment card number satisfies.
fn luhn(candidate: &str) -> bool {
    let digits: Vec<u32> = candidate.chars().filter_map(|c| c.to_digit(10)).collect();
    if !(13..=19).contains(&digits.len()) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A Spanish DNI (8 digits) or NIE (X/Y/Z + 7 digits) whose control letter matches.
fn dni_valid(prefix: &str, digits: &str, letter: &str) -> bool {
    const LETTERS: &[u8] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let lead = match prefix.to_ascii_uppercase().as_str() {
        "" if digits.len() == 8 => "",
        "X" if digits.len() == 7 => "0",
        "Y" if digits.len() == 7 => "1",
        "Z" if digits.len() == 7 => "2",
        _ => return false,
    };
    let Ok(number) = format!("{lead}{digits}").parse::<usize>() else {
        return false;
    };
    letter
        .to_ascii_uppercase()
        .bytes()
        .next()
        .is_some_and(|l| LETTERS[number % 23] == l)
}

/// Applies `redactions` to every free text of `package`: the transcript, the summary, the
/// reason and its evidence. Identity fields stay (see the module documentation).
pub fn redact_package(package: &mut HandoffPackage, redactions: &[Redaction]) {
    if redactions.iter().all(|r| *r == Redaction::Unspecified) {
        return;
    }
    let redact = |text: &mut String| *text = redact_text(text, redactions);
    for turn in &mut package.transcript {
        redact(&mut turn.text);
    }
    if let Some(summary) = &mut package.summary {
        redact(&mut summary.problem);
        summary.attempted.iter_mut().for_each(redact);
        redact(&mut summary.why);
        redact(&mut summary.text);
    }
    if let Some(reason) = &mut package.reason {
        redact(&mut reason.text);
        for evidence in &mut reason.evidence {
            redact(&mut evidence.quote);
        }
    }
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::{Evidence, HandoffReason, Summary, Turn};

    use super::*;

    const ALL: &[Redaction] = &[
        Redaction::Cards,
        Redaction::Ids,
        Redaction::Emails,
        Redaction::Phones,
    ];

    #[test]
    fn card_numbers_that_pass_luhn_are_redacted_in_any_spacing() {
        for card in [
            "4111111111111111",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "378282246310005",
        ] {
            assert_eq!(
                redact_text(&format!("my card is {card}."), &[Redaction::Cards]),
                "my card is [card]."
            );
        }
    }

    #[test]
    fn long_numbers_that_fail_luhn_are_kept() {
        let text = "order 4111111111111112 and tracking 1234567890123";
        assert_eq!(redact_text(text, &[Redaction::Cards]), text);
    }

    #[test]
    fn national_ids_are_redacted_only_when_they_are_ids() {
        assert_eq!(
            redact_text("SSN 123-45-6789", &[Redaction::Ids]),
            "SSN [id]"
        );
        assert_eq!(redact_text("DNI 12345678Z", &[Redaction::Ids]), "DNI [id]");
        assert_eq!(redact_text("NIE X1234567L", &[Redaction::Ids]), "NIE [id]");
        assert_eq!(
            redact_text("NI number AB 12 34 56 C", &[Redaction::Ids]),
            "NI number [id]"
        );
        // A wrong control letter is not a DNI (it is probably a product code).
        assert_eq!(
            redact_text("code 12345678A", &[Redaction::Ids]),
            "code 12345678A"
        );
    }

    #[test]
    fn emails_and_phones_only_on_request() {
        let text = "write to ana.p@mail.example.com or call +34 612 345 678";
        assert_eq!(redact_text(text, &[Redaction::Cards]), text);
        assert_eq!(redact_text(text, ALL), "write to [email] or call [phone]");
        assert_eq!(
            redact_text("call (415) 555-0132 today", &[Redaction::Phones]),
            "call [phone] today"
        );
    }

    #[test]
    fn dates_and_order_numbers_are_not_phones() {
        let text = "ordered 2026-11-20, order number 123456789, in 2 - 3 days";
        assert_eq!(redact_text(text, &[Redaction::Phones]), text);
    }

    #[test]
    fn every_free_text_of_a_package_is_redacted_but_not_the_identity() {
        let mut package = HandoffPackage {
            customer: Some(baton_proto::v1::Customer {
                email: "ana@example.com".into(),
                ..Default::default()
            }),
            transcript: vec![Turn {
                text: "card 4111 1111 1111 1111, mail ana@example.com".into(),
                ..Turn::default()
            }],
            summary: Some(Summary {
                problem: "card 4111111111111111".into(),
                attempted: vec!["asked for 4111111111111111".into()],
                why: "because 4111111111111111".into(),
                sentiment: "calm".into(),
                text: "Problem: card 4111111111111111".into(),
            }),
            reason: Some(HandoffReason {
                text: "quoted 4111111111111111".into(),
                evidence: vec![Evidence {
                    quote: "4111111111111111".into(),
                    ..Evidence::default()
                }],
                ..HandoffReason::default()
            }),
            ..HandoffPackage::default()
        };
        redact_package(&mut package, &[Redaction::Cards, Redaction::Emails]);
        let rendered = format!("{package:?}");
        assert!(!rendered.contains("4111"), "{rendered}");
        assert_eq!(package.transcript[0].text, "card [card], mail [email]");
        assert_eq!(
            package.customer.map(|c| c.email).as_deref(),
            Some("ana@example.com"),
            "the delivery address stays"
        );
    }
}

#[cfg(test)]
mod unicode {
    use baton_testkit::unicode::{bounded, customer_text, customer_texts, package_of};
    use proptest::prelude::*;

    use super::*;

    const ALL: &[Redaction] = &[
        Redaction::Cards,
        Redaction::Ids,
        Redaction::Emails,
        Redaction::Phones,
    ];

    proptest! {
        #![proptest_config(bounded())]

        #[test]
        fn any_customer_text_is_redacted(text in customer_text()) {
            for kind in ALL {
                let _ = redact_text(&text, &[*kind]);
            }
            let _ = redact_text(&text, ALL);
        }

        #[test]
        fn any_package_is_redacted(texts in customer_texts()) {
            let mut package = package_of(&texts);
            redact_package(&mut package, ALL);
            prop_assert_eq!(package.transcript.len(), texts.len());
        }
    }
}
