//! Clear signs that a customer is frustrated or angry, as support teams describe them:
//! swearing, shouting in capitals, having contacted support several times or struggled
//! for days, angry words with a strongly negative sentiment, and — only where the
//! operator lists it — sarcasm about the service. Mild disappointment ("that's a shame",
//! "bit of a bummer") is none of these.

use std::sync::LazyLock;

use regex::Regex;

use crate::sentiment::compound;
use crate::text::{normalize, regex};

static PROFANITY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(fuck\w*|shit\w*|bullshit|crap|crappy|damn\w*|wtf|goddamn\w*|pissed|piss off|screw (this|you|your)|bloody hell|arse|asshole|mierda|joder|cono|putain|merde|scheisse|verdammt|porra|caralho)\b",
    )
});
static REPEATED_CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\b(third|fourth|fifth|sixth|3rd|4th|5th|6th|\d+th) time\b",
        r"|\b(contacted|called|emailed|e-mailed|written|wrote|messaged|chatted|reached out|spoken|talked|asked|complained)( to| with)?( you| your \w+| support| customer service)?( guys)?( about this)? (\d+|several|many|multiple|three|four|five|six|a dozen|countless|so many|numerous|a bunch of) times",
        r"|\b(\d+|several|many|multiple|three|four|five|countless|numerous) times (already|now|before|this week|this month)",
        r"|\bkeep (having to )?(contact|call|writ|messag|explain|repeat)\w*",
        r"|\bagain and again\b|\bover and over\b|\bfor the (third|fourth|fifth|\d+th|umpteenth|nth) time\b",
        r"|\b(contacted|called|emailed|written|wrote|messaged|chatted|reached out|spoken|talked|complained)( to| with)?( you| your \w+| support)?( guys)? (twice|thrice|two times|three times)( already| now| before)?\b",
        r"|\b(tercera|cuarta|quinta) vez\b|\b(tres|cuatro|varias|muchas) veces\b|\b(troisieme|quatrieme) fois\b|\b(deux|trois|quatre|plusieurs) fois que\b|\b(dritte|vierte|funfte)n? mal\b|\b(dreimal|viermal|mehrmals|schon \w+ mal)\b|\b(terceira|quarta) vez\b|\b(tres|quatro|varias) vezes\b"
    ))
});
static STRUGGLING_FOR_DAYS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(for|over|since) (\d+|two|three|four|five|several|many|a few|the past|the last)( \w+)? (days|weeks|months)\b|\bfor (days|weeks|months)( now)?\b|\b(days|weeks) (now|already)\b|\bsince last (week|month)\b",
    )
});
static ANGRY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(furious|livid|fuming|fed up|sick (and tired )?of|had enough|enough is enough|unacceptable|ridiculous|outrageous|pathetic|useless|incompetent|disgrace\w*|disgusted|worst (service|company|support|experience)|a joke|joke of a|rip ?off|scam|hopeless|absurd)\b",
    )
});
static SARCASM: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\bthanks? (a lot )?for nothing\b|\b(wow|oh),? (so|really|very|super) (helpful|useful)\b",
        r"|\b(great|fantastic|wonderful|brilliant|amazing|excellent|stellar|top.notch) (service|job|support|help|work)\b",
        r"|\b(oh )?(great|wonderful|perfect|fantastic|brilliant|lovely),? (another|just what i|so now|now i)\b",
        r"|\bwhat a (surprise|joke)\b|\b(love|adore) (how|that|it when) (you|your|i have|i get)\b|\bclearly\b.*\bnot\b.*\bpriority\b",
        r"|\bcongrat\w* on\b|\bslow clap\b|\byeah,? right\b|\bsure,? (it|that) (will|does)\b|\b(love|adore|enjoy) (paying|being|waiting|having to|getting|spending)\b",
        r"|\b(amazing|great|fantastic|brilliant|excellent|wonderful|incredible|awesome) (value|job|work)\b|\bso much for\b|\b(right|sure)\.\s|\breally '\w+'"
    ))
});

/// One clear sign of frustration, and the words that show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sign {
    /// What it is, in plain words.
    pub what: &'static str,
    /// The words of the message that show it.
    pub quote: String,
}

fn found(pattern: &Regex, normalized: &str, what: &'static str) -> Option<Sign> {
    pattern.find(normalized).map(|m| Sign {
        what,
        quote: m.as_str().to_owned(),
    })
}

/// Capitals used to shout: several words in capitals making most of the letters.
fn shouting(text: &str) -> Option<Sign> {
    let caps_words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
        })
        .collect();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    let long_caps = caps_words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .count();
    let words = text.split_whitespace().count().max(1);
    let mostly_caps = letters >= 12 && upper * 10 >= letters * 6;
    let a_shouted_sentence = long_caps >= 4 && caps_words.len() * 10 >= words * 4;
    (long_caps >= 3 && (mostly_caps || a_shouted_sentence)).then(|| Sign {
        what: "shouting in capitals",
        quote: caps_words.join(" "),
    })
}

/// The signs that count whatever the trigger lists (sarcasm aside).
pub fn strong_cue(text: &str) -> Option<Sign> {
    let normalized = normalize(text);
    found(&PROFANITY, &normalized, "swearing")
        .or_else(|| shouting(text))
        .or_else(|| {
            found(
                &REPEATED_CONTACT,
                &normalized,
                "has contacted support several times",
            )
        })
        .or_else(|| {
            // Angry words count when the message as a whole is clearly negative: "useless"
            // in "not useless after all" does not.
            found(&ANGRY_WORDS, &normalized, "angry words").filter(|_| compound(text) <= -0.35)
        })
}

/// Whether `text` shows frustration: a strong cue, struggling for days (with a negative
/// tone), sarcasm (when `sarcasm_counts`, or after the customer already complained earlier in
/// the conversation (`earlier`: their previous messages): sarcasm then is a sign of being
/// fed up, not banter), or a very negative sentiment.
pub fn sign(text: &str, sarcasm_counts: bool, earlier: &[&str]) -> Option<Sign> {
    let complained = earlier.iter().any(|t| {
        let t = normalize(t);
        compound(&t) < -0.2 || has_problem_words(&t) || STRUGGLING_FOR_DAYS.is_match(&t)
    });
    let sarcasm_counts = sarcasm_counts || complained;
    let normalized = normalize(text);
    strong_cue(text)
        .or_else(|| {
            found(
                &STRUGGLING_FOR_DAYS,
                &normalized,
                "has been struggling for days",
            )
            .filter(|_| compound(text) < 0.0 || has_problem_words(&normalized))
        })
        .or_else(|| {
            if sarcasm_counts {
                found(&SARCASM, &normalized, "sarcasm about the service")
            } else {
                None
            }
        })
        .or_else(|| {
            (compound(text) <= -0.75).then(|| Sign {
                what: "a very negative tone",
                quote: text.trim().chars().take(120).collect(),
            })
        })
}

fn has_problem_words(normalized: &str) -> bool {
    [
        "not working",
        "doesn't work",
        "doesnt work",
        "broken",
        "still",
        "problem",
        "issue",
        "no signal",
        "down",
        "can't",
        "cant",
        "nobody",
        "no one",
        "dealing with",
        "struggling",
        "putting up with",
        "fighting with",
        "waiting",
    ]
    .iter()
    .any(|w| normalized.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_signs_are_seen() {
        for text in [
            "this is fucking ridiculous",
            "WHY IS MY ORDER STILL NOT HERE",
            "This is the third time I'm contacting you about this",
            "I have called you guys 4 times already",
            "I've been dealing with this for days and nobody fixes it",
            "Your service is useless and I am sick of it",
        ] {
            assert!(sign(text, false, &[]).is_some(), "{text}");
        }
    }

    #[test]
    fn mild_disappointment_is_not_frustration() {
        for text in [
            "oh that's a shame",
            "bit of a bummer, but ok",
            "that's a little disappointing, any other colours?",
            "I need the SIM PIN for my phone",
            "Great, thanks!",
        ] {
            assert_eq!(sign(text, true, &[]), None, "{text}");
        }
    }

    #[test]
    fn sarcasm_only_when_the_trigger_lists_it() {
        let text = "wow, so helpful. thanks for nothing";
        assert!(sign(text, true, &[]).is_some());
        assert_eq!(sign(text, false, &[]).map(|s| s.what), None);
    }
}
