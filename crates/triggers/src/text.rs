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
///
/// Word boundaries are ASCII ones: the texts matched are normalized (accents stripped, so
/// the Latin-script languages read are ASCII), and a Unicode `\b` makes the regex engine
/// give up its fast automaton on any text with a non-ASCII character ("¿", "ß", an emoji),
/// which made a 32 KiB message cost 180 ms.
pub fn regex(pattern: &str) -> Regex {
    Regex::new(&ascii_words(pattern))
        .unwrap_or_else(|err| unreachable!("invalid built-in pattern {pattern:?}: {err}"))
}

/// `pattern` with ASCII word boundaries and word characters: with Unicode ones, the fast
/// automaton gives up on long texts (a boundary next to any non-ASCII character, or too many
/// states for its cache) and a pasted 32 KiB message took the slow engine everywhere.
fn ascii_words(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 64);
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b') if !in_class => out.push_str(r"(?-u:\b)"),
                Some('w') if in_class => out.push_str("0-9A-Za-z_"),
                Some('w') => out.push_str("[0-9A-Za-z_]"),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
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

/// At most this many content words are read of one message: what a message is about
/// shows in its first sentences, and comparing word lists stays cheap whatever its size.
const CONTENT_WORDS: usize = 64;

/// Whether `word` (normalized) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// The distinct content words of `text` (normalized, without stop words, crude plural
/// folding), at most [`CONTENT_WORDS`].
pub fn content_words(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for word in normalize(text)
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| w.len() > 2 && !STOP_WORDS.contains(w))
        .map(crude_stem)
    {
        if found.len() == CONTENT_WORDS {
            break;
        }
        if !found.contains(&word) {
            found.push(word);
        }
    }
    found
}

/// A crude stem, enough for "exporting"/"export", "charges"/"charge": what the
/// failed-attempts tally compares problems with.
fn crude_stem(word: &str) -> String {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.len() >= 4
        {
            return stem.to_owned();
        }
    }
    word.to_owned()
}

static ENGLISH: LazyLock<rust_stemmers::Stemmer> =
    LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));

/// The Snowball (Porter 2) stem of an English `word`: "reselling", "resells" and "resell"
/// are one word to the open-vocabulary matcher. Irregular verbs meet their base first:
/// an operator's "forgot the code" is a customer's "always forgets the code".
pub fn stem(word: &str) -> String {
    ENGLISH.stem(base_of_irregular(word)).into_owned()
}

/// The base form of a common irregular past tense or participle, else `word`; forms that
/// are also other words ("left", "spoke", "rung", "drunk") keep their own.
fn base_of_irregular(word: &str) -> &str {
    match word {
        "forgot" | "forgotten" => "forget",
        "broke" | "broken" => "break",
        "stole" | "stolen" => "steal",
        "took" | "taken" => "take",
        "gave" | "given" => "give",
        "went" | "gone" => "go",
        "came" => "come",
        "made" => "make",
        "sent" => "send",
        "paid" => "pay",
        "bought" => "buy",
        "sold" => "sell",
        "told" => "tell",
        "lost" => "lose",
        "kept" => "keep",
        "found" => "find",
        "brought" => "bring",
        "caught" => "catch",
        "fell" | "fallen" => "fall",
        "felt" => "feel",
        "ran" => "run",
        "spent" => "spend",
        "wrote" | "written" => "write",
        "ate" | "eaten" => "eat",
        "drank" => "drink",
        "drove" | "driven" => "drive",
        "rode" | "ridden" => "ride",
        "flew" | "flown" => "fly",
        "froze" | "frozen" => "freeze",
        "chose" | "chosen" => "choose",
        "threw" | "thrown" => "throw",
        "tore" | "torn" => "tear",
        "wore" | "worn" => "wear",
        "shook" | "shaken" => "shake",
        "spoken" => "speak",
        "bitten" => "bite",
        "hid" | "hidden" => "hide",
        "rang" => "ring",
        _ => word,
    }
}

/// The words of `text` (normalized), split on everything that is not a letter, digit or
/// apostrophe.
pub fn words(normalized: &str) -> impl Iterator<Item = &str> {
    normalized
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\''))
        .map(|w| w.strip_suffix("'s").unwrap_or(w))
        .filter(|w| !w.is_empty())
}

static QUOTED_TEXT: LazyLock<Regex> =
    LazyLock::new(|| regex(r#""[^"\n]{1,200}"|(^|\s)'[^'\n]{1,80}'(\s|[.,!?;:]|$)"#));

/// `normalized` without the words the customer quotes ("why is it 'sono andato'?"): what
/// someone quotes, they do not say.
pub fn unquoted(normalized: &str) -> String {
    QUOTED_TEXT.replace_all(normalized, " ").into_owned()
}

static SENTENCE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| regex(r"[.!?;\n]+(\s+|$)|\s+-\s+|\s+\d{1,2}\)\s+"));

/// The sentences of `text`, trimmed: a question and a statement in one message are read
/// apart. Each keeps its closing `.`, `!` or `?`: whether a sentence is a question is read
/// from it.
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut found = Vec::new();
    for brk in SENTENCE_BREAK.find_iter(text) {
        let closing = brk
            .as_str()
            .find(|c: char| !matches!(c, '.' | '!' | '?'))
            .unwrap_or(brk.len());
        found.push(&text[start..brk.start() + closing]);
        start = brk.end();
    }
    found.push(&text[start..]);
    found.into_iter().map(str::trim).filter(|s| !s.is_empty())
}

/// The number a word names: digits ("20", "1,200"), thousands ("8k"), or English number
/// words up to "hundred" and "dozen".
pub fn number(word: &str) -> Option<u32> {
    let digits: String = word.chars().filter(|c| *c != ',').collect();
    if let Ok(n) = digits.parse() {
        return Some(n);
    }
    if let Some(thousands) = digits.strip_suffix('k')
        && let Ok(n) = thousands.parse::<u32>()
    {
        return Some(n.saturating_mul(1_000));
    }
    Some(match word {
        "one" | "a" | "an" | "single" => 1,
        "two" | "couple" | "pair" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" | "dozen" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        _ => return None,
    })
}

/// How many of the words in `a` are in `b`.
pub fn shared(a: &[String], b: &[String]) -> usize {
    a.iter().filter(|w| b.contains(w)).count()
}

/// How much two word lists overlap: shared words over the smaller list (0 when either is
/// empty).
pub fn overlap(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    shared(a, b) as f64 / a.len().min(b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_use_ascii_words_inside_and_outside_classes() {
        assert_eq!(
            ascii_words(r"\bcan'?t\b [\w']+ \w+ \. \s"),
            r"(?-u:\b)can'?t(?-u:\b) [0-9A-Za-z_']+ [0-9A-Za-z_]+ \. \s"
        );
        // Behaviour on hostile text: a boundary next to non-ASCII still bounds ASCII words.
        let word = regex(r"\brefund\b");
        assert!(word.is_match("¿refund? 🙂"));
        assert!(!word.is_match("refunded"));
    }

    #[test]
    fn irregular_verbs_share_the_stem_of_their_base() {
        assert_eq!(stem("forgot"), stem("forgets"));
        assert_eq!(stem("stolen"), stem("stealing"));
        assert_eq!(stem("broke"), stem("breaks"));
        // Homographs keep their own stem: "3 days left" is not leaving.
        assert_ne!(stem("left"), stem("leave"));
    }

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
    fn sentences_keep_their_closing_mark() {
        assert_eq!(
            sentences("it leaks. will it get worse?? no - thanks").collect::<Vec<_>>(),
            vec!["it leaks.", "will it get worse??", "no", "thanks"]
        );
        assert_eq!(sentences("  ").count(), 0);
    }

    #[test]
    fn overlap_compares_content_words() {
        let a = content_words("How do I export my invoices to CSV?");
        let b = content_words("exporting invoices to csv still fails");
        assert!(overlap(&a, &b) >= 0.5, "{a:?} {b:?}");
        assert_eq!(overlap(&a, &[]), 0.0);
    }
}
