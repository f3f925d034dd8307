//! Text as the engine reads it: lowercase, accents removed (so "olá" and "ola", "rückruf"
//! and "ruckruf" match the same patterns), typographic quotes and dashes made plain.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// `text` lowercased, without accents, with plain quotes and dashes.
pub fn normalize(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{00b4}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            other => other,
        })
        .collect::<String>()
        .to_lowercase()
}

/// Compiles a pattern known to be valid (all patterns are literals in this crate and
/// covered by its tests).
pub fn regex(pattern: &str) -> Regex {
    Regex::new(pattern)
        .unwrap_or_else(|err| unreachable!("invalid built-in pattern {pattern:?}: {err}"))
}

static CLAUSE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| regex(r"[.!?;\n]+\s*|,\s+(?:but|and|so|because|though)\s+|\s+but\s+"));

/// The clauses of `text` (sentences, and parts joined by "but" or "so"): negation and
/// conditions apply within a clause.
pub fn clauses(text: &str) -> Vec<&str> {
    CLAUSE_BREAK
        .split(text)
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

/// Words that carry no topic: left out when comparing what two messages are about.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "it", "its", "is", "are", "was",
    "were", "be", "been", "to", "of", "in", "on", "for", "with", "and", "or", "but", "so", "do",
    "does", "did", "can", "could", "would", "should", "will", "have", "has", "had", "this", "that",
    "these", "those", "what", "how", "why", "when", "where", "which", "who", "there", "here", "at",
    "by", "from", "as", "if", "not", "no", "just", "please", "thanks", "thank", "hi", "hello",
    "hey", "still", "again", "any", "some", "get", "got", "im", "i'm", "it's", "dont", "don't",
    "any", "all", "about", "into", "up", "out", "then", "than", "too", "very", "really", "also",
    "now", "yes", "ok", "okay", "one", "there's", "that's", "is", "am", "let", "know", "need",
    "want", "like", "tried", "try", "work", "working", "didn't", "doesn't", "help", "same",
];

/// The content words of `text` (normalized, without stop words, crude plural folding).
pub fn content_words(text: &str) -> Vec<String> {
    normalize(text)
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| w.len() > 2 && !STOP_WORDS.contains(w))
        .map(stem)
        .collect()
}

/// A crude stem, enough for "exporting"/"export", "charges"/"charge".
fn stem(word: &str) -> String {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.len() >= 4
        {
            return stem.to_owned();
        }
    }
    word.to_owned()
}

/// How much two word lists overlap: shared words over the smaller list (0 when either is
/// empty).
pub fn overlap(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.iter().filter(|w| b.contains(w)).count();
    shared as f64 / a.len().min(b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_do_not_matter() {
        assert_eq!(
            normalize("Olá, QUERO falar com alguém"),
            "ola, quero falar com alguem"
        );
        assert_eq!(
            normalize("Rückruf \u{2019}bitte\u{2019}"),
            "ruckruf 'bitte'"
        );
    }

    #[test]
    fn clauses_split_on_sentences_and_but() {
        assert_eq!(
            clauses("no need for a human but thanks. Call me later"),
            vec!["no need for a human", "thanks", "Call me later"]
        );
    }

    #[test]
    fn overlap_compares_content_words() {
        let a = content_words("How do I export my invoices to CSV?");
        let b = content_words("exporting invoices to csv still fails");
        assert!(overlap(&a, &b) >= 0.5, "{a:?} {b:?}");
        assert_eq!(overlap(&a, &[]), 0.0);
    }
}
