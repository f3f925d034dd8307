//! Reading an operator's instruction: which conditions it names, with their parameters
//! (how many failed attempts, which topics, whether sarcasm counts), what it excludes, and
//! what was not understood.
//!
//! The instruction's action ("Connect the customer with a live rep", "Create a ticket")
//! names where the handoff goes, not when: conditions are read from what follows "when",
//! "if", "after", "once" or "for" (the whole text when there is no such word).

use std::sync::LazyLock;

use regex::Regex;

use crate::frustration::Listed;
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
    /// The customer is clearly frustrated; sarcasm and threats to leave count when the
    /// instruction lists them.
    Frustration(Listed),
    /// The assistant says it has no information or answer.
    OutOfScope {
        /// The instruction limits it to questions about the operator's own offering
        /// ("about our products, orders or stores"): the assistant redirecting a question
        /// about something else ("I can only help with …") does not count.
        scoped: bool,
    },
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
            Condition::Frustration(_) => "frustration",
            Condition::OutOfScope { .. } => "out_of_scope",
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
            Condition::Frustration(listed) => format!(
                "the customer is clearly frustrated or angry (swearing, insults, shouting in capitals, having contacted support several times or struggled for days, saying they are upset, angry words{}{}); mild disappointment does not count",
                if listed.sarcasm { ", sarcasm about the service" } else { "" },
                if listed.leaving { ", threatening to leave" } else { "" }
            ),
            Condition::OutOfScope { scoped: false } => "the assistant says it has no information or answer (on that assistant turn)".into(),
            Condition::OutOfScope { scoped: true } => "the assistant says it has no information or answer to a question about the operator's own offering (on that assistant turn); redirecting an unrelated question does not count".into(),
            Condition::Phrase(phrase) => format!("the customer writes \"{phrase}\""),
        }
    }

    /// What happened, once the condition held, in the few words a human agent reads first
    /// ("the customer asked for a person"); [`Condition::description`] is the rule itself,
    /// for the operator.
    pub fn reason(&self) -> String {
        match self {
            Condition::HumanRequest => "the customer asked for a person".into(),
            Condition::FailedAttempts(n) => format!(
                "the assistant failed {n} time{} on the same problem",
                if *n == 1 { "" } else { "s" }
            ),
            Condition::Topic(topic) => topic.reason().into(),
            Condition::Frustration(_) => "the customer is clearly frustrated".into(),
            Condition::OutOfScope { .. } => "the assistant had no answer".into(),
            Condition::Phrase(phrase) => format!("the customer wrote \"{phrase}\""),
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

static SOMEONE_ELSE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(someone|somebody|anyone|anybody) else\b"));
/// An instruction that opens with what to do: the verbs operators use for a handoff.
static ACTION_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(please |always |immediately |automatically )?(hand( it)? (off|over)|handoff|escalate|transfer|connect|route|pass|send|email|e-mail|notify|alert|flag|forward|open|create|raise|file|log|bring( in)?|loop in|page|assign|move|switch|get|involve|call in|put)\b",
    )
});
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
        r"\b(attempts?|tries|tried|failed|fails|failure|failing|unsuccessful|unhelpful|wrong answers?|unresolved|not resolved|not (fixed|solved)|(second|third|fourth|fifth|2nd|3rd|4th|5th) (suggestion|attempt|try|answer|fix|solution|response|reply)|can'?t (resolve|solve|fix)|cannot (resolve|solve|fix)|unable to (resolve|solve|fix|help)|doesn'?t (work|help)|didn'?t (work|help))\b",
    )
});
static ATTEMPT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twice|thrice|once|several|multiple|a few|repeated(ly)?)\b( \w+){0,3} (failed |unsuccessful |bad |wrong )?(attempts?|tries|times|fixes|answers|solutions|rounds)\b|\bfail\w* (\d+|two|three|four|five|twice|thrice|several|multiple) times?\b|\bfail\w* (twice|thrice)\b|\b(twice|thrice)\b|\b(second|third|fourth|fifth|2nd|3rd|4th|5th) (suggestion|attempt|try|answer|fix|solution|response|reply)\b",
    )
});
static FRUSTRATION_CUE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(frustrat\w*|angry|anger|upset|fed up|annoyed|furious|irritat\w*|mad|losing (their|his|her) (patience|temper)|swear\w*|profan\w*|curs\w*|shout\w*|all caps|capitals|rude|hostile|abusive|impatient|exasperat\w*|sarcas\w*|unhappy|dissatisfied|complain\w* (repeatedly|again|angrily)|insult\w*|threat\w* to (leave|cancel|switch)|contacted us|several times|many times|for days)\b",
    )
});
static ANAPHORA: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(ask\w*|request\w*|want\w*|need\w*|demand\w*|prefer\w*) (for )?(one|it|that|this|them|so)\b",
    )
});
/// An out-of-scope trigger limited to the operator's own offering.
static SCOPED: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(about|on|regarding|related to|concerning|with) (our|the company'?s|its|your) \w+")
});
static SARCASM_CUE: LazyLock<Regex> = LazyLock::new(|| regex(r"\bsarcas\w*"));
static LEAVING_CUE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\bthreat\w* to (leave|cancel|switch|go)\b|\b(leave|leaving|quit|quitting|switch\w*|cancel\w*) (us|to a competitor|their (account|subscription|contract|plan))\b|\bchurn\w*\b",
    )
});
static SCOPE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(doesn'?t|does not|don'?t|do not|cannot|can'?t|couldn'?t|could not|unable to) (have|know|find|answer)\b|\bno (information|answer|knowledge|info)\b|\bout of scope\b|\boutside (of )?(our|the|its|what|scope)\b|\bnot (covered|documented|in the knowledge)\b|\bunrelated to\b|\boff[- ]topic\b|\b(has|have) no (information|knowledge|answer)\b|\blacks (the )?(information|knowledge)\b|\bunknown to\b",
    )
});
static EXCLUSION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(\b(?:but not|except(?: for)?|excluding|other than|not for|unless|(?:do not|don'?t|never) (?:escalate|hand off|hand over|transfer|fire|trigger|include|count|flag|send|open a ticket for|create a ticket for|raise a ticket for|email)(?: for| on| about)?)|(?:^|[,;(]|\s-)\s*not)\b([^.;:()]+)",
    )
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
        "twice" | "two" | "second" | "2nd" => 2,
        "thrice" | "three" | "third" | "3rd" | "several" | "multiple" | "a few" | "repeated"
        | "repeatedly" => 3,
        "four" | "fourth" | "4th" => 4,
        "five" | "fifth" | "5th" => 5,
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
    // Only an instruction that opens with its action ("Create a ticket for…", "Email the
    // privacy team when…") has a destination to cut away; "Refunds for damaged items" or
    // "Talk to a person: when requested" is a condition from its first word.
    let start = if ACTION_FIRST.is_match(&normalized) {
        CONDITION_START
            .find_iter(&normalized)
            .find(|m| {
                !FOR_EXAMPLE
                    .find_iter(&normalized)
                    .any(|e| e.start() == m.start())
            })
            .map_or(0, |m| m.start())
    } else {
        0
    };
    let text = &normalized[start..];
    // "someone else used their account" names no person to ask for.
    let human_text = SOMEONE_ELSE.replace_all(text, "another party");
    let mut reading = Reading::default();
    let mut covered: Vec<&Regex> = Vec::new();

    let has_attempts = ATTEMPTS_CUE.is_match(text) && attempts(text).is_some();
    // "Escalate to a human whenever the guest asks for one": the person is named in the
    // action, and the condition refers back to it.
    let refers_back = HUMAN_CUE.is_match(&normalized[..start]) && ANAPHORA.is_match(text);
    if HUMAN_CUE.is_match(&human_text) || refers_back {
        reading.conditions.push(Condition::HumanRequest);
        covered.push(&HUMAN_CUE);
        if refers_back {
            covered.push(&ANAPHORA);
        }
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
        reading.conditions.push(Condition::Frustration(Listed {
            sarcasm: SARCASM_CUE.is_match(text),
            leaving: LEAVING_CUE.is_match(text),
        }));
        covered.push(&FRUSTRATION_CUE);
    }
    // With an attempts condition, "the assistant says it has no answer" defines a failed
    // attempt rather than a trigger of its own.
    if SCOPE_CUE.is_match(text) && !has_attempts {
        reading.conditions.push(Condition::OutOfScope {
            scoped: SCOPED.is_match(text),
        });
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
        let words: Vec<String> = content_words(&exclusion[2])
            .into_iter()
            .filter(|w| !GENERIC.contains(&w.as_str()))
            .collect();
        if !words.is_empty() {
            reading
                .understood
                .push(format!("except: {}", exclusion[2].trim()));
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
        .chain(refers_back.then_some(&*ANAPHORA))
        .collect();
    let uncovered = text.split(['.', ';']).filter(|sentence| {
        !RESTRICTION.is_match(sentence)
            && !EXCLUSION.is_match(sentence)
            && !all_cues.iter().any(|cue| cue.is_match(sentence))
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
                r"\b(disput\w*|charged|charges?|overcharg\w*|double[- ]charg\w*|wrong amount|billing|bill|billed|bills|invoice|invoiced|chargebacks?)\b",
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
                r"\b(hack\w*|sim|ported|port[- ]out|stolen|lost|compromis\w*|account security|security|unauthori[sz]ed|takeover|taken over|fraud\w*|(someone|somebody) else|(logged|logging|got|broke|broken) into (their|his|her|the) account|accessed (their|his|her) account|unrecogni[sz]ed|(don'?t|do not|didn'?t|did not|never) (recogni[sz]e|make|made|place|placed|authori[sz]e)|without (their|his|her) (permission|consent|knowledge))\b",
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
            vec![Condition::Frustration(Listed::default())]
        );
        assert_eq!(
            kinds("Questions outside our product"),
            vec![Condition::OutOfScope { scoped: false }]
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
            vec![Condition::Frustration(Listed {
                sarcasm: true,
                leaving: false
            })]
        );
    }

    #[test]
    fn conditions_in_other_wordings() {
        assert_eq!(
            kinds("Transfer to a human whenever the caller asks for one."),
            vec![Condition::HumanRequest]
        );
        assert_eq!(
            kinds("Refunds for broken or missing parts."),
            vec![Condition::Topic(Topic::Refund)]
        );
        assert_eq!(
            kinds("3 unsuccessful answers on one issue"),
            vec![Condition::FailedAttempts(3)]
        );
        assert_eq!(
            kinds(
                "Escalate if the issue is still not fixed after the assistant's second suggestion."
            ),
            vec![Condition::FailedAttempts(2)]
        );
        assert_eq!(
            kinds("When a member says somebody else logged into their account."),
            vec![Condition::Topic(Topic::AccountSecurity)]
        );
        assert_eq!(
            kinds(
                "Alert the team when the assistant can't answer a question about our plans or devices."
            ),
            vec![Condition::OutOfScope { scoped: true }]
        );
        assert_eq!(
            kinds("Escalate furious users: insults, threats to leave."),
            vec![Condition::Frustration(Listed {
                sarcasm: false,
                leaving: true
            })]
        );
    }

    #[test]
    fn exclusions_in_other_wordings() {
        let reading = read(
            "Open a ticket if the client says they were billed incorrectly. Do not escalate questions about prices or tariffs.",
        );
        assert!(
            reading.exclusions.iter().flatten().any(|w| w == "tariff"),
            "{reading:?}"
        );
        assert!(reading.warnings.is_empty(), "{:?}", reading.warnings);
        let reading = read("Billing complaints (wrong charges, refunds) - not pricing questions");
        assert!(
            !reading
                .conditions
                .iter()
                .any(|c| matches!(c, Condition::Frustration(_))),
            "a complaint about billing is a billing topic: {:?}",
            reading.conditions
        );
        assert!(
            reading.exclusions.iter().flatten().any(|w| w == "pric"),
            "{reading:?}"
        );
    }
}
