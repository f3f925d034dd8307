//! Arbitrary customer text for property tests: every text helper must take whatever a
//! customer can type without panicking. Weighted towards what broke text handling before —
//! case mappings that change byte lengths ('İ' lowercases to three bytes, the Kelvin sign
//! 'K' to one), combining marks, right-to-left text and bidi controls, emoji sequences,
//! zero-width characters — mixed with words the engines react to, and long messages.

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

/// Characters that change length under case mapping or normalisation, or that are not one
/// visible character per code point.
const TRICKY: &[char] = &[
    'İ',
    'ı',
    '\u{212A}',
    '\u{2126}',
    '\u{212B}',
    'ẞ',
    'ß',
    'ŉ',
    'ǰ',
    'ΐ',
    'ﬁ',
    '\u{0301}',
    '\u{0308}',
    '\u{0345}',
    '\u{200B}',
    '\u{200D}',
    '\u{200F}',
    '\u{202E}',
    '\u{2066}',
    'ש',
    'ل',
    'ع',
    '😀',
    '👍',
    '\u{1F3FD}',
    '👩',
    '中',
    '文',
    '\u{FFFD}',
    '\u{FEFF}',
    '\0',
    '\r',
    '\n',
    '\t',
    '\u{00A0}',
    '\u{2028}',
    '٣',
    '５',
];

/// Punctuation and markup the helpers cut on.
const MARKS: &[char] = &[
    ' ', ' ', ' ', '.', '!', '?', ',', ';', ':', '-', '<', '>', '&', '@', '"', '\'', '[', ']', '(',
    ')', '*', '_', '#', '`',
];

/// Words that make the engines do work: greetings, requests for a person, topics,
/// negations, numbers, and the same with the tricky characters inside.
const WORDS: &[&str] = &[
    "hi",
    "Hİ",
    "HELLO",
    "bonjour",
    "olá",
    "thanks",
    "I",
    "want",
    "to",
    "talk",
    "a",
    "person",
    "human",
    "agent",
    "please",
    "refund",
    "charged",
    "twice",
    "cancel",
    "my",
    "account",
    "not",
    "don't",
    "never",
    "again",
    "still",
    "broken",
    "3",
    "times",
    "4111 1111 1111 1111",
    "dana@example.com",
    "+34 600 123 456",
    "12345678Z",
    "Stra\u{00DF}e",
    "STRASSE",
    "\u{212A}elvin",
    "İstanbul",
    "ＡＢＣ",
    "e\u{0301}",
    "👩\u{200D}💻",
];

/// How messages open, where greetings are read: greetings whose case mapping changes
/// their length.
const OPENERS: &[&str] = &[
    "Hİ",
    "hİ",
    "Hİ, ",
    "Hİ!",
    "HELLO İ",
    "Oİ",
    "o\u{212A}",
    "\u{212A}",
];

/// One customer message: words, tricky characters and marks, sometimes very long.
pub fn customer_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => select(WORDS).prop_map(str::to_owned),
        3 => select(TRICKY).prop_map(String::from),
        3 => select(MARKS).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    let short = prop::collection::vec(piece, 0..48)
        .prop_map(|pieces| pieces.concat())
        .boxed();
    let opened =
        (select(OPENERS), short.clone()).prop_map(|(opener, rest)| opener.to_owned() + &rest);
    let long = (prop::collection::vec(select(TRICKY), 1..6), 1500..6000usize)
        .prop_map(|(unit, length)| unit.iter().cycle().take(length).collect::<String>());
    prop_oneof![6 => short, 2 => opened, 1 => long, 1 => any::<String>()]
}

/// A conversation's worth of customer messages.
pub fn customer_texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(customer_text(), 1..6)
}

/// Few enough cases that a property runs in seconds, enough to meet each kind of text.
pub fn bounded() -> Config {
    Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    }
}

/// `texts` as a transcript, alternating customer and AI-agent turns (the customer first).
pub fn transcript_of(texts: &[String]) -> Vec<baton_proto::v1::Turn> {
    use baton_proto::v1::{Role, Turn};
    texts
        .iter()
        .enumerate()
        .map(|(at, text)| {
            let role = if at % 2 == 0 { Role::User } else { Role::Agent };
            Turn::said(role, text.as_str())
        })
        .collect()
}

/// A handoff package whose every free text is customer-made: `texts` alternate as customer
/// and AI-agent turns, and also stand in for the summary and the reason.
pub fn package_of(texts: &[String]) -> baton_proto::v1::HandoffPackage {
    use baton_proto::v1::{Evidence, HandoffPackage, HandoffReason, Summary};
    let first = texts.first().cloned().unwrap_or_default();
    let last = texts.last().cloned().unwrap_or_default();
    HandoffPackage {
        transcript: transcript_of(texts),
        summary: Some(Summary {
            problem: first.clone(),
            attempted: texts.iter().skip(1).step_by(2).cloned().collect(),
            why: last.clone(),
            text: texts.join("\n"),
            ..Summary::default()
        }),
        reason: Some(HandoffReason {
            text: last.clone(),
            evidence: vec![Evidence {
                quote: first,
                ..Evidence::default()
            }],
            ..HandoffReason::default()
        }),
        ..HandoffPackage::default()
    }
}
