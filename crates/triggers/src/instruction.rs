//! Reading an operator's instruction: which conditions it names, with their parameters
//! (how many failed attempts, which topics, whether sarcasm counts), what it excludes, and
//! what was not understood.
//!
//! The instruction's action ("Connect the customer with a live rep", "Create a ticket")
//! names where the handoff goes, not when: conditions are read from what follows "when",
//! "if", "after", "once" or "for" (the whole text when there is no such word).

use std::sync::LazyLock;

use regex::Regex;

use crate::text::{content_words, normalize, regex};
use crate::topics::Topic;

/// One condition of a trigger; a trigger fires when any of its conditions holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The customer asks for a person.
    HumanRequest,
    /// The assistant failed this many times on the same problem.
    FailedAttempts(u32),
    /// A qualifying request or report of a topic.
    Topic(Topic),
    /// The customer is clearly frustrated; sarcasm counts when the instruction lists it.
    Frustration {
        /// Whether sarcasm about the service counts.
        sarcasm: bool,
    },
    /// The assistant says it has no information or answer.
    OutOfScope,
    /// The customer writes these words (quoted in the instruction).
    Phrase(String),
}

impl Condition {
    /// The machine-readable kind (`MatchedCondition.kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            Condition::HumanRequest => "human_request",
            Condition::FailedAttempts(_) => "failed_attempts",
            Condition::Topic(_) | Condition::Phrase(_) => "topic",
            Condition::Frustration { .. } => "frustration",
            Condition::OutOfScope => "out_of_scope",
        }
    }

    /// What it means, in plain words.
    pub fn description(&self) -> String {
        match self {
            Condition::HumanRequest => "the customer asks for a person (any wording, in English, Spanish, French, German or Portuguese), or accepts the assistant's offer of one".into(),
            Condition::FailedAttempts(n) => format!(
                "the assistant failed {n} time{} on the same problem (the customer says a fix did not work or asks again, or the assistant has no answer)",
                if *n == 1 { "" } else { "s" }
            ),
            Condition::Topic(topic) => topic.description().into(),
            Condition::Frustration { sarcasm } => format!(
                "the customer is clearly frustrated or angry (swearing, shouting in capitals, having contacted support several times or struggled for days, angry words{}); mild disappointment does not count",
                if *sarcasm { ", sarcasm about the service" } else { "" }
            ),
            Condition::OutOfScope => "the assistant says it has no information or answer (on that assistant turn)".into(),
            Condition::Phrase(phrase) => format!("the customer writes \"{phrase}\""),
        }
    }
}

/// An instruction, read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reading {
    /// The conditions, any of which fires the trigger.
    pub conditions: Vec<Condition>,
    /// Words that veto a firing when its evidence contains them ("but not invoice questions").
    pub exclusions: Vec<Vec<String>>,
    /// What was understood, for operators.
    pub understood: Vec<String>,
    /// What was not.
    pub warnings: Vec<String>,
}

static CONDITION_START: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(when|whenever|if|after|once|as soon as|in case|for)\b"));
static FOR_EXAMPLE: LazyLock<Regex> = LazyLock::new(|| regex(r"\bfor (example|instance)\b"));

static HUMAN_CUE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(person|people|human|someone|somebody|anyone|agent|rep|reps|representative|supervisor|manager|operator|staff|specialist|engineer|advisor|live (chat|agent|rep|person|support)|real person|call (them|the customer|the user|him|her|us|back)|to call|phone call|callback|call back|speak|talk|chat with)\b",
    )
});
static ATTEMPTS_CUE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(attempts?|tries|tried|failed|fails|failure|failing|unresolved|not resolved|can'?t (resolve|solve|fix)|cannot (resolve|solve|fix)|unable to (resolve|solve|fix|help)|doesn'?t (work|help)|didn'?t (work|help))\b",
    )
});
static ATTEMPT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twice|thrice|once|several|multiple|a few|repeated(ly)?)\b( \w+){0,3} (failed |unsuccessful |bad |wrong )?(attempts?|tries|times|fixes|answers|solutions|rounds)\b|\bfail\w* (\d+|two|three|four|five|twice|thrice|several|multiple) times?\b|\bfail\w* (twice|thrice)\b|\b(twice|thrice)\b",
    )
});
static FRUSTRATION_CUE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(frustrat\w*|angry|anger|upset|fed up|annoyed|furious|irritat\w*|mad|losing (their|his|her) (patience|temper)|swear\w*|profan\w*|curs\w*|shout\w*|all caps|capitals|rude|hostile|abusive|impatient|exasperat\w*|sarcas\w*|unhappy|dissatisfied|complain\w*|contacted us|several times|many times|for days)\b",
    )
});
static SARCASM_CUE: LazyLock<Regex> = LazyLock::new(|| regex(r"\bsarcas\w*"));
static SCOPE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(doesn'?t|does not|don'?t|do not|cannot|can'?t|couldn'?t|could not|unable to) (have|know|find|answer)\b|\bno (information|answer|knowledge|info)\b|\bout of scope\b|\boutside (of )?(our|the|its|what|scope)\b|\bnot (covered|documented|in the knowledge)\b|\bunrelated to\b|\boff[- ]topic\b|\b(has|have) no (information|knowledge|answer)\b|\blacks (the )?(information|knowledge)\b|\bunknown to\b",
    )
});
static EXCLUSION: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(but not|except( for)?|excluding|other than|not for|unless)\b([^.;:()]+)")
});
static ASKING: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(ask\w*|request\w*|talk|speak|call|want\w*|reach|contact|chat with)\b")
});
static RESTRICTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(not enough|isn'?t enough|not count|doesn'?t count|don'?t count|does not count|do not count|not a reason)\b",
    )
});
static QUOTED: LazyLock<Regex> = LazyLock::new(|| regex(r#""([^"]{2,60})""#));

/// Words of instructions that name no condition of their own.
const GENERIC: &[&str] = &[
    "customer",
    "user",
    "shopper",
    "client",
    "caller",
    "member",
    "they",
    "their",
    "them",
    "ask",
    "asks",
    "asked",
    "asking",
    "say",
    "says",
    "saying",
    "said",
    "tell",
    "tells",
    "report",
    "reports",
    "reporting",
    "explicit",
    "explicitly",
    "clearly",
    "immediately",
    "example",
    "instance",
    "such",
    "like",
    "etc",
    "mention",
    "mentions",
    "request",
    "want",
    "wants",
    "need",
    "needs",
    "hand",
    "off",
    "handoff",
    "escalate",
    "transfer",
    "connect",
    "chat",
    "conversation",
    "ticket",
    "email",
    "team",
    "support",
    "our",
    "us",
    "we",
    "assistant",
    "bot",
    "agent",
    "message",
    "messages",
    "case",
    "issue",
    "problem",
    "question",
    "questions",
    "same",
    "any",
    "other",
    "enough",
    "mild",
    "only",
    "also",
    "either",
    "both",
    "open",
    "create",
    "raise",
    "bring",
    "send",
];

fn count(word: &str) -> Option<u32> {
    Some(match word {
        "once" | "one" => 1,
        "twice" | "two" => 2,
        "thrice" | "three" | "several" | "multiple" | "a few" | "repeated" | "repeatedly" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        digits => digits.parse().ok()?,
    })
}

/// The number of failed attempts `text` names ("after 3 failed attempts", "twice").
fn attempts(text: &str) -> Option<u32> {
    let found = ATTEMPT_COUNT.captures(text)?;
    let number = found
        .iter()
        .skip(1)
        .flatten()
        .map(|m| m.as_str())
        .find_map(|word| count(word.trim()))?;
    Some(number.clamp(1, 20))
}

/// Reads `instruction`.
pub fn read(instruction: &str) -> Reading {
    let normalized = normalize(instruction);
    let start = CONDITION_START
        .find_iter(&normalized)
        .find(|m| {
            !FOR_EXAMPLE
                .find_iter(&normalized)
                .any(|e| e.start() == m.start())
        })
        .map_or(0, |m| m.start());
    let text = &normalized[start..];
    let mut reading = Reading::default();
    let mut covered: Vec<&Regex> = Vec::new();

    let has_attempts = ATTEMPTS_CUE.is_match(text) && attempts(text).is_some();
    if HUMAN_CUE.is_match(text) {
        reading.conditions.push(Condition::HumanRequest);
        covered.push(&HUMAN_CUE);
    }
    if has_attempts {
        reading
            .conditions
            .push(Condition::FailedAttempts(attempts(text).unwrap_or(3)));
        covered.push(&ATTEMPTS_CUE);
        covered.push(&ATTEMPT_COUNT);
    } else if ATTEMPTS_CUE.is_match(text) && !SCOPE_CUE.is_match(text) && text.contains("attempt") {
        reading.conditions.push(Condition::FailedAttempts(3));
        reading
            .warnings
            .push("no number of attempts was given: 3 failed attempts are assumed".into());
        covered.push(&ATTEMPTS_CUE);
    }
    for (topic, cue) in TOPIC_CUES.iter() {
        if cue.is_match(text) {
            reading.conditions.push(Condition::Topic(*topic));
            covered.push(cue);
        }
    }
    if FRUSTRATION_CUE.is_match(text) {
        reading.conditions.push(Condition::Frustration {
            sarcasm: SARCASM_CUE.is_match(text),
        });
        covered.push(&FRUSTRATION_CUE);
    }
    // With an attempts condition, "the assistant says it has no answer" defines a failed
    // attempt rather than a trigger of its own.
    if SCOPE_CUE.is_match(text) && !has_attempts {
        reading.conditions.push(Condition::OutOfScope);
    }
    if SCOPE_CUE.is_match(text) {
        covered.push(&SCOPE_CUE);
    }
    for quoted in QUOTED.captures_iter(text) {
        let phrase = quoted[1].trim().to_owned();
        if !covered.iter().any(|cue| cue.is_match(&phrase)) {
            reading.conditions.push(Condition::Phrase(phrase));
        }
    }
    // A human-request cue inside an attempts or frustration instruction is usually the
    // destination's description ("bring in a support engineer"), already cut away; but a
    // generic "someone" in a topic list is not a request: keep a human request only when
    // the instruction speaks of asking, talking or calling.
    if reading.conditions.len() > 1
        && reading.conditions.contains(&Condition::HumanRequest)
        && !ASKING.is_match(text)
    {
        reading.conditions.retain(|c| *c != Condition::HumanRequest);
    }

    for exclusion in EXCLUSION.captures_iter(text) {
        let words: Vec<String> = content_words(&exclusion[3])
            .into_iter()
            .filter(|w| !GENERIC.contains(&w.as_str()))
            .collect();
        if !words.is_empty() {
            reading
                .understood
                .push(format!("except: {}", exclusion[3].trim()));
            reading.exclusions.push(words);
        }
    }
    reading
        .understood
        .splice(0..0, reading.conditions.iter().map(Condition::description));

    // A sentence that names a condition is understood as a whole (its other clauses are
    // examples and definitions); a sentence that names none is reported clause by clause.
    let all_cues: Vec<&Regex> = [&*HUMAN_CUE, &*ATTEMPTS_CUE, &*FRUSTRATION_CUE, &*SCOPE_CUE]
        .into_iter()
        .chain(TOPIC_CUES.iter().map(|(_, cue)| cue))
        .collect();
    let uncovered = text.split(['.', ';']).filter(|sentence| {
        !RESTRICTION.is_match(sentence) && !all_cues.iter().any(|cue| cue.is_match(sentence))
    });
    for clause in uncovered
        .flat_map(|s| s.split([',', ':', '(', ')']))
        .flat_map(|c| c.split(" or "))
    {
        let clause = clause.trim();
        if clause.is_empty() || EXCLUSION.is_match(clause) || QUOTED.is_match(clause) {
            continue;
        }
        let unknown = content_words(clause)
            .into_iter()
            .any(|w| !GENERIC.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()));
        if unknown {
            reading.warnings.push(format!(
                "'{clause}' was not understood: no condition created"
            ));
        }
    }
    if reading.conditions.is_empty() {
        reading
            .warnings
            .push("no condition was understood: this trigger never fires".into());
    }
    reading
}

static TOPIC_CUES: LazyLock<Vec<(Topic, Regex)>> = LazyLock::new(|| {
    vec![
        (
            Topic::ChargeDispute,
            regex(
                r"\b(disput\w*|charged|charges?|overcharg\w*|double[- ]charg\w*|wrong amount|billing|bill|invoice)\b",
            ),
        ),
        (
            Topic::Refund,
            regex(r"\b(refunds?|money back|credit|reimburs\w*|billing)\b"),
        ),
        (
            Topic::PrivacyRequest,
            regex(
                r"\b(privacy|personal (data|information)|delete (their|his|her|my|the customer'?s) (data|account|information)|erase\w*|erasure|gdpr|ccpa|data (deletion|access|subject)|copy of (all )?(the|their) data|data we hold)\b",
            ),
        ),
        (
            Topic::AccountSecurity,
            regex(
                r"\b(hack\w*|sim|ported|port[- ]out|stolen|lost|compromis\w*|account security|security|unauthori[sz]ed (access|login)|takeover|taken over|fraud\w*)\b",
            ),
        ),
        (
            Topic::Legal,
            regex(r"\b(legal|lawyers?|lawsuits?|attorneys?|sue|suing|court)\b"),
        ),
    ]
});

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(instruction: &str) -> Vec<Condition> {
        read(instruction).conditions
    }

    #[test]
    fn the_destination_is_not_a_condition() {
        assert_eq!(
            kinds(
                "Connect the customer with a live rep after 3 failed troubleshooting attempts on the same issue. An attempt has failed when the customer reports the fix didn't work, or when the assistant says it has no further solution."
            ),
            vec![Condition::FailedAttempts(3)]
        );
        assert_eq!(
            kinds(
                "Bring in a support engineer once the assistant has failed twice on the same problem."
            ),
            vec![Condition::FailedAttempts(2)]
        );
    }

    #[test]
    fn the_usual_instructions() {
        assert_eq!(
            kinds("Hand off when the customer asks to speak with a person."),
            vec![Condition::HumanRequest]
        );
        assert_eq!(
            kinds("Create a ticket if the agent can't resolve the issue after 3 attempts"),
            vec![Condition::FailedAttempts(3)]
        );
        assert_eq!(
            kinds("The user is clearly frustrated or upset"),
            vec![Condition::Frustration { sarcasm: false }]
        );
        assert_eq!(
            kinds("Questions outside our product"),
            vec![Condition::OutOfScope]
        );
        assert_eq!(
            kinds(
                "Escalate billing disputes, refunds and double charges, but not simple invoice questions"
            ),
            vec![
                Condition::Topic(Topic::ChargeDispute),
                Condition::Topic(Topic::Refund)
            ]
        );
        assert!(
            read("Escalate billing disputes, but not simple invoice questions").exclusions[0]
                .contains(&"invoice".to_owned())
        );
    }

    #[test]
    fn what_is_not_understood_is_said() {
        let reading = read("Hand off VIP customers who mention enterprise pricing");
        assert!(reading.conditions.is_empty(), "{:?}", reading.conditions);
        assert!(
            reading.warnings.iter().any(|w| w.contains("vip customers")),
            "{:?}",
            reading.warnings
        );
    }

    #[test]
    fn sarcasm_counts_only_when_listed() {
        assert_eq!(
            kinds("when they are clearly angry: shouting, profanity, sarcasm about our service"),
            vec![Condition::Frustration { sarcasm: true }]
        );
    }
}
