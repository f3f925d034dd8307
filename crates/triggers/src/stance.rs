//! Whether what a customer wrote is their own matter, now and affirmed: the one layer that
//! decides it for every condition alike (a custom topic, a qualifier, a part of a compound).
//!
//! Not affirmed: a negation ("I don't want to cancel", "no allergic reaction", "at least I
//! wasn't charged"); a hypothetical ("if it doesn't come tomorrow I'll cancel"); someone
//! else's advice or hearsay ("my friend said to ask for a manager", "I read that couriers
//! eat the fries"); a question about how something works or what it costs ("how do I
//! cancel?", "is VAT included?") — as opposed to a request to act ("can you cancel it?").
//! Words in quotes are the customer quoting, not saying: callers remove them first
//! ([`crate::text::unquoted`]).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::regex;

/// How a statement stands, at one place in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stance {
    /// Negated in its clause.
    pub negated: bool,
    /// Depends on something that has not happened ("if…, I'll…").
    pub hypothetical: bool,
    /// Someone else's advice or hearsay.
    pub reported: bool,
    /// A question about how something works, where it is or what it costs.
    pub asks_how: bool,
    /// A request that we act ("please…", "can you…", "I want…").
    pub asks_to_act: bool,
}

impl Stance {
    /// Raised as the customer's own matter: a report or a request, not ruled out.
    pub fn raised(self) -> bool {
        !self.negated
            && !self.hypothetical
            && !self.reported
            && (!self.asks_how || self.asks_to_act)
    }

    /// Raised, or asked about (for conditions that count questions: "asks anything about
    /// billing").
    pub fn raised_or_asked(self) -> bool {
        !self.negated && !self.hypothetical && !self.reported
    }
}

/// Negators, in the five languages; `n't` forms except those of ability ("I can't cancel,
/// the button is gone" is still about cancelling).
static NEGATOR: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(not|never|nothing|nobody|none|without|neither|nor|no longer|nadie|niemand|ninguem|(do|does|did|wo|would|is|are|was|were|have|has|had|should|must|need)n'?t|dont|doesnt|didnt|wont|isnt|wasnt|havent|hasnt|no (\w+ )?(need|way|intention|plans?|reason)|nunca|jamas|tampoco|sin|ne|pas|jamais|sans|nicht|kein\w*|nie|niemals|ohne|nao|nem|sem)\b|\bno(\s|$)",
    )
});

/// Where a clause of its own starts: negation does not reach across these.
static CLAUSE_EDGE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"[,;:()]|\b(but|and|because|so|although|though|however|yet|which|that|who|pero|mais|aber|mas|porque|parce que|weil|y|et|und|e)\b",
    )
});

/// An if-clause and politeness that only looks like one. Portuguese "se" is "if" before
/// its subject or verb; elsewhere it is the reflexive of both Spanish and Portuguese ("se
/// cayó", "se machucou"), and Spanish "sí" alone is yes.
static IF_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(if|unless|in case|in the event|suppose|supposing|hypothetically|what if|si [a-z]+|sinon|wenn|falls|caso|se (eu|voce|vc|o|a|os|as|ele|ela|eles|elas|nos|nao|for|forem|tiver|tiverem|houver|puder|quiser|precisar|der))\b",
    )
});
static POLITE_IF: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(if|si|wenn|se) (possible|possivel|moglich|you (can|could|don'?t mind|would|want)|that'?s (ok|okay|possible|alright|fine)|it'?s (ok|okay|possible|not too much)|that works|you please|necessary|needed|any|so)\b|\bif (it|that) helps\b|\bif you need\b|\bas if\b|\beven if\b|\bwondering if\b|\bnot sure if\b|\b(ask|see|check|know|tell me) if\b",
    )
});
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(will|'?ll|would|'d|going to|gonna|then|might|may|could|voy a|vou|je vais|ich werde|werde|sera|seria|serait|wurde|iria|irei)\b",
    )
});

/// Someone else's advice, or hearsay.
static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(my|our|one of (my|our)) ([\w-]+ )?(clients?|customers?|buyers?|tenants?|guests?|patients?|users?|neighbou?rs?|friends?|mum|mom|dad|brother|sister|colleagues?|boss|wife|husband|partner|cousin|uncle|aunt|son|daughter|flatmate|housemate)( \w+)? (says?|said|tells? me|told (me|us)|claims?|is saying|reckons?|mentioned)\b|\b(suggested|recommended|advised|told (me|us) to|said (i|we) (should|could|can|ought)|said to|says to|told me i should)\b|\b(reckons?|thinks?|says?|said|reckoned|thought) (that )?(i|we) (should|could|ought to|need to|might)\b|\b(i|we) (heard|read) (that|online|somewhere|on|about|people)\b|\bpeople (say|said|are saying)\b|\b(rumou?rs?|apparently)\b|\bme (dijo|dijeron|recomendo) que\b|\bon m'a (dit|conseille)\b|\bhat mir geraten\b|\bme (disse|disseram) (que|para)\b",
    )
});

/// A question about how something works, where it is, or what it costs.
static ASKS_HOW: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"^\s*(so |and |also |ok |okay |hi |hello |hey |quick question:? )*(how|where|what|which|when|why would|is there|are there|is it|is that|are you|do you|do your|does your|are your|is your|have you got|has your|does (it|the|your|this|that)|do (i|we)|can (i|we)|could (i|we)|may i|am i|would i|will i|will it|would it|should i|should we|do i have|is (vat|tax|the|this|that|a|an)|are (the|these|those|there))\b",
        r"|\b(how (do|can|would|should|does) (i|we|one|you)|how to|how much|how many|what (does|do|is|are|would|will) (it|the|a|an|this|that)?\s*(cost|price|fee|charge)|steps to|is it possible to|is there a way to|any way to|want to know how|like to know how|wondering (how|if|whether|what)|tell me how|explain how|where (do|can|is|are) (i|we|the|my)|what happens (if|when|to)|(is|are) \w+ included)\b",
        r"|^\s*(como|donde|cuanto|cuando|que pasa|puedo|se puede|comment|ou|combien|quand|est-ce que je peux|puis-je|peut-on|wie|wo|was kostet|wann|kann ich|kann man|onde|quanto|quando|posso|da para)\b",
        // A yes/no question about what might happen ("will drilling the hooks cause
        // leaks?") asks; it reports nothing.
        r"|^\s*(will|would|could|might|can|does|do|is|are|should)\b[^.!]*\?\s*$",
        // "why are there two payments from you this week?", "why was I charged £24.99?":
        // asking why, which disputes nothing yet (rule 6).
        r"|^\W*((so|and|ok|okay|hi|hello|hey|um+|erm)\W+)*why (is|are|was|were|has|have|did|do|does|am|would)\b[^.!]*\?"
    ))
});

/// A request that we act: an imperative, a polite request, a wish, or asking to do
/// something to their own things ("can we add her to our plan?").
static ASKS_TO_ACT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(please|pls|plz|kindly|(can|could|would|will) you|(can|could) (i|we) (please |just )?[a-z]+ (her|him|them|my|our)|(can|could) (i|we) (please |just )?[a-z]+ (\w+ ){0,2}(to|for|with) (a |an )?(different|another|new) [a-z]+|could (i|we) (please |possibly |just )?(postpone|move|push|shift|swap|switch|change|cancel|pause|freeze|extend|upgrade|downgrade|transfer|rebook|reschedule) (it|this|that|the|my|our)|i (want|need|would like|'?d like|wish|demand|expect)|i'?d like|i'?m (requesting|asking)|we (want|need|would like|'?d like)|let me|make sure|go ahead|por favor|quiero|queremos|necesito|necesitamos|quisiera|quisieramos|s'il vous plait|je veux|je voudrais|nous voulons|nous voudrions|on veut|on voudrait|bitte|ich (will|mochte|brauche)|wir (wollen|mochten|brauchen)|quero|preciso|precisamos|gostaria|gostariamos)\b",
    )
});

/// Wanting to be told, not to have it done: "I want to know how…", "tell me how…".
static WANTS_TO_KNOW: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(to know|tell me|explain|show me|find out|understand|wondering|curious)\b.{0,12}\b(how|where|what|when|if|whether|which)\b|\bhow (do|can|would|should) (i|we)\b|^\s*(so |and |also |ok |okay )*(do|does|will|would|should) (i|we) (need|have) to\b",
    )
});

/// Whether `text` (normalized) says no, not or never.
pub fn negates(text: &str) -> bool {
    NEGATOR.is_match(text)
}

/// The stance, in `sentence` (normalized), of what `span` says.
pub fn at(sentence: &str, span: Range<usize>) -> Stance {
    let before = &sentence[..span.start];
    let clause_start = CLAUSE_EDGE
        .find_iter(before)
        .last()
        .map_or(0, |edge| edge.end());
    let clause_before = &before[clause_start..];
    let window: Vec<&str> = clause_before.split_whitespace().rev().take(6).collect();
    let window: String = window.into_iter().rev().collect::<Vec<_>>().join(" ");
    // "if this isn't reversed i'm taking it to the ombudsman": the negation is the
    // if-clause's; the main clause the span starts is affirmed.
    static MAIN_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"^(i|we|i'm|im|i am|we're|we are|i'll|we'll|i will|we will|i've|we've|my|our)\b")
    });
    // "if you won't cover it I'm handing this to my solicitor": the main clause's subject
    // comes after the if-clause's own words, just before the span.
    static SUBJECT_JUST_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"\b(i|we)('m| am|'re| are|'ll| will|'ve| have)?( (be|going to|gonna|now|just))?\s*$")
    });
    let main_after_if = SUBJECT_JUST_BEFORE
        .find(clause_before)
        .is_some_and(|subject| {
            let head = &clause_before[..subject.start()];
            IF_CLAUSE
                .find_iter(head)
                .last()
                .is_some_and(|found| head[found.end()..].split_whitespace().count() >= 2)
        });
    let main_clause = main_after_if
        || IF_CLAUSE.is_match(clause_before) && MAIN_CLAUSE.is_match(&sentence[span.start..]);
    let window = if main_clause { String::new() } else { window };
    let polite = POLITE_IF.replace_all(sentence, "");
    // "I'm terrified they'll get scratched": a fear of what may happen, not a report.
    static FEARED: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(terrified|worried|afraid|scared|concerned|nervous|anxious|frightened)( that)? (they|it|he|she|we|i|the \w+)('ll| will| might| may| could| would)\b",
        )
    });
    let feared = FEARED
        .find(sentence)
        .is_some_and(|fear| fear.start() <= span.start);
    let hypothetical = feared
        || IF_CLAUSE.is_match(&polite) && {
            let if_at = IF_CLAUSE.find(&polite).map_or(0, |m| m.start());
            // The span inside the if-clause, or a main clause about what would follow.
            FUTURE.is_match(&polite) || if_at <= span.start.min(polite.len())
        };
    Stance {
        negated: NEGATOR.is_match(&window),
        hypothetical,
        reported: REPORTED.is_match(before),
        // ("Before I buy a pass: are cars insured while parked there?": the question
        // starts after the colon.)
        asks_how: ASKS_HOW.is_match(sentence)
            || before
                .rfind(':')
                .is_some_and(|colon| ASKS_HOW.is_match(sentence[colon + 1..].trim_start())),
        asks_to_act: ASKS_TO_ACT.is_match(sentence) && !WANTS_TO_KNOW.is_match(sentence),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stance(sentence: &str, word: &str) -> Stance {
        let start = sentence.find(word).unwrap_or(0);
        at(sentence, start..start + word.len())
    }

    #[test]
    fn a_plain_request_or_report_is_raised() {
        for (sentence, word) in [
            ("please cancel my subscription", "cancel"),
            ("can you cancel my subscription?", "cancel"),
            ("can we add her to our plan?", "add"),
            ("could we switch emma to a different tutor?", "switch"),
            ("also, could we postpone it by a month or so?", "postpone"),
            ("could we move the course to august?", "move"),
            ("i want to close my account", "close"),
            (
                "my wife is having an allergic reaction",
                "allergic reaction",
            ),
            ("i can't cancel, the button is missing", "cancel"),
            ("no, i want to cancel", "cancel"),
            ("mi hijo se lastimo en el campamento", "se lastimo"),
            ("si, quiero cancelar", "cancelar"),
        ] {
            assert!(stance(sentence, word).raised(), "{sentence}");
        }
    }

    #[test]
    fn negations_hypotheticals_advice_and_how_to_questions_are_not() {
        for (sentence, word) in [
            ("i don't want to cancel", "cancel"),
            ("i'm not cancelling, just asking", "cancelling"),
            (
                "no allergic reaction, but the sauce was cold",
                "allergic reaction",
            ),
            ("at least i wasn't charged for it", "charged"),
            ("if it doesn't come tomorrow i'll cancel", "cancel"),
            ("my friend suggested i cancel", "cancel"),
            ("how do i cancel my subscription?", "cancel"),
            ("is it possible to pause my plan?", "pause"),
            ("can i switch mid-cycle?", "switch"),
            ("no quiero cancelar", "cancelar"),
            ("ich will nicht kundigen", "kundigen"),
            ("and do i need to pay a deposit before then?", "pay"),
            ("nobody got hurt, but the machine leaked", "hurt"),
            (
                "one of my clients says she was charged twice for her invoice",
                "charged twice",
            ),
            ("se eu cancelar hoje, pago a multa?", "cancelar"),
            ("si no llega manana voy a cancelar", "cancelar"),
            ("si el pedido no llega hoy, cancelo", "cancelo"),
        ] {
            assert!(!stance(sentence, word).raised(), "{sentence}");
        }
    }

    #[test]
    fn a_negation_in_the_if_clause_does_not_reach_the_main_clause() {
        let sentence = "if this fee isn't refunded i'm taking it to the ombudsman";
        let st = stance(sentence, "i'm taking it");
        assert!(!st.negated && st.hypothetical, "{st:?}");
        assert!(stance("i'm not taking it to the ombudsman", "taking").negated);
    }

    #[test]
    fn a_fear_of_what_may_happen_is_no_report() {
        let sentence = "we just had new floors put in and i'm terrified they'll get scratched";
        assert!(stance(sentence, "scratched").hypothetical);
        assert!(!stance("the floor got scratched and i'm terrified", "scratched").hypothetical);
    }

    #[test]
    fn politeness_is_not_a_condition() {
        assert!(stance("please close my account if possible", "close").raised());
        assert!(stance("how much does the family plan cost?", "plan").raised_or_asked());
    }
}
