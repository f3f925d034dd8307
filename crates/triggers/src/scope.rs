//! The assistant saying it has no answer: in its words ("I don't have information on…",
//! "I couldn't find…", "no further fixes") or with the turn's `answered: false` flag. That
//! is an out-of-scope signal on the assistant's turn, and a failed attempt when the
//! assistant was working on a customer's problem.
//!
//! A trigger scoped to the operator's own offering ("questions about our products") does
//! not fire when the assistant redirects a question about something else ("I can only help
//! with your account and payments"): that question was never in scope.

use std::sync::LazyLock;

use baton_proto::v1::Turn;
use regex::Regex;

use crate::lexicon::{Kind, concepts};
use crate::text::{is_stop_word, normalize, regex, stem, words};

static NO_ANSWER: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\bi (don'?t|do not) have (any |that |the |enough |specific |more |further |much )?([\w-]+ ){0,2}(information|info|details|data|answer|answers|knowledge|visibility|documentation)\b",
        r"|\bi (couldn'?t|could not|can'?t|cannot|wasn'?t able to|was unable to|am unable to|am not able to|'?m unable to|'?m not able to) (find|locate|answer|help with|determine|resolve|fix|solve)\b",
        r"|\bi('?m| am)? (not able to|unable to|can'?t|cannot|couldn'?t|could not) (see|find|access|view|locate|pull up|get|check) (any |the |your |that |this )?([\w']+ ){0,3}(information|info|details|data|location|records?|status|tracking|updates?|levels|availability|stock|figures?|polic(y|ies)|schedules?|rotas?|prices?|opening hours)\b",
        r"|\bi'?m (afraid i (can'?t|don'?t|cannot|do not|couldn'?t))\b|\bi'?m not sure( about that)?[.!,]|\bi (don'?t|do not) know (the answer|about that|how to help)\b|\bno (further|other|more) (solution|suggestion|fix|idea|option|troubleshooting|step)s?\b",
        r"|\bi'?ve (run out|exhausted)\b|\bi'?m not (finding|seeing) (anything|any (information|info|details|mention)|that)\b|\b(that'?s|this is|it'?s|that is) (outside|beyond|not within|not something) (of )?(my|what i|the scope)\b|\bi (can only|only) (help|answer|assist)\b",
        r"|\bnot (able|something i can) (to )?(help|answer|assist)\b|\bunfortunately,? i (can'?t|cannot|don'?t|do not|couldn'?t) (find|help|answer|say|tell|know|locate)\b|\bno (information|info|details) (about|on|regarding)\b",
        r"|\bno tengo (informacion|datos)|\bno encontre|\bje n'ai pas (d'information|cette information|la reponse)|\bje ne (sais|trouve) pas|\bich habe (keine|leider keine) (informationen|antwort)|\bich weiss (es )?nicht|\bnao tenho (informacao|informacoes)|\bnao encontrei"
    ))
});

/// The assistant steering an unrelated question back to what it covers.
static REDIRECT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\bi (can|can only|only|am here to|'?m here to) (help|assist|answer)( you)? (with|questions about|on) (anything about |questions about )?(your|our|the|\w+'?s)\b|\bi only (have|know|cover|handle) (\w+ )?(information|info|details|knowledge|questions)? ?(about|on|for)\b|\b(outside|beyond) (of )?(my|what i|the scope)|\bnot (a|an) (\w+ )?(expert|doctor|lawyer)\b|\b(only|just) (able to )?(help|assist) with\b|\bi can (help|assist)( you)? with (\w+ ){0,3}\w+(,| and\b| or\b)|\bi can (still )?(help|assist)( you)? with\b.{0,80}\b(though|instead|if you like|if you'?d like)\b",
    )
});

/// The words of `turn`, an assistant turn, saying it has no answer (or its opening words
/// when only the flag says so). The flag is the assistant's own verdict: `answered: true`
/// means it thought it answered, whatever apologetic words the text contains.
pub fn no_answer(turn: &Turn) -> Option<String> {
    match turn.answered {
        Some(false) => Some(first_words(&turn.text)),
        Some(true) => None,
        None => NO_ANSWER
            .find(&normalize(&turn.text))
            .map(|m| m.as_str().to_owned()),
    }
}

/// [`no_answer`], for a trigger about questions on the operator's own offering when
/// `scoped`: a redirect of an unrelated question does not count.
pub fn out_of_scope(turn: &Turn, scoped: bool) -> Option<String> {
    if scoped && REDIRECT.is_match(&normalize(&turn.text)) {
        return None;
    }
    no_answer(turn)
}

/// Words that name no subject: what a no-answer trigger is about shows in the others
/// ("the status of the customer's installation" is about installations).
const GENERIC: &[&str] = &[
    "status",
    "detail",
    "details",
    "information",
    "info",
    "answer",
    "answers",
    "question",
    "questions",
    "customer",
    "customers",
    "own",
    "particular",
    "specific",
    "certain",
    "thing",
    "things",
    "anything",
    "something",
    "help",
    "data",
    "know",
    "find",
    "see",
    "access",
    "get",
    "tell",
    "whether",
    "topic",
    "subject",
    // "how our app works": how, not what.
    "work",
    "works",
    "working",
    "request",
    "issue",
    "problem",
    "query",
    "enquiry",
    "inquiry",
    "say",
    "says",
    "so",
    "them",
    "they",
    "their",
    "there",
    "owner",
    "user",
    "member",
    "client",
    "assistant",
    "bot",
    "etc",
    "one",
    "ask",
    "asks",
    "asking",
    "asked",
    "want",
    "wants",
    "wanting",
    "need",
    "needs",
    "looking",
    "what",
    "have",
    "has",
    "traveller",
    "traveler",
    "guest",
    "patient",
    "learner",
    "rider",
    "passenger",
    "student",
    "caller",
    "person",
    "people",
];

/// Words for the operator's whole offering: a no-answer trigger about it covers every
/// question ("a question about our products, orders or stores").
const WHOLE_OFFERING: &[&str] = &[
    "product",
    "products",
    "service",
    "services",
    "offering",
    "offerings",
    "business",
    "company",
    "range",
    "catalogue",
    "catalog",
    "items",
    "stuff",
];

/// The offering of someone named ("Netherby's services"): theirs, all of it.
static POSSESSED: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"'s (products?|services?|offerings?|range|catalog(ue)?|items|stuff)\b")
});

/// Whether `text` names the operator's whole offering: "our services", "products or
/// services", not "onboard services" (a word before it narrows it to a subject).
pub fn whole_offering(text: &str) -> bool {
    const LEAD: &[&str] = &[
        "our",
        "the",
        "your",
        "its",
        "their",
        "any",
        "of",
        "about",
        "on",
        "regarding",
        "a",
        "an",
        "and",
        "or",
        "with",
        "all",
    ];
    let normalized = normalize(text);
    if POSSESSED.is_match(&normalized) {
        return true;
    }
    let mut previous: Option<&str> = None;
    words(&normalized).any(|word| {
        let whole = WHOLE_OFFERING.contains(&word)
            && previous.is_none_or(|p| LEAD.contains(&p) || WHOLE_OFFERING.contains(&p));
        previous = Some(word);
        whole
    })
}

/// At most this many words of a message are read for its subject.
const SUBJECT_WORDS: usize = 400;

/// The stems of the words in `text` that say what it is about, and the names of the
/// concepts those words are forms of: for a no-answer trigger scoped to a subject, and for
/// the turns it is checked on.
pub fn subject(text: &str) -> Vec<String> {
    let normalized = normalize(text);
    let mut stems: Vec<String> = Vec::new();
    for word in words(&normalized).take(SUBJECT_WORDS) {
        if word.len() < 3 || GENERIC.contains(&word) || is_stop_word(word) {
            continue;
        }
        // "a venue we sell for" is about any venue: the concept's name stands for its
        // forms ("Harbour Hall", "the arena").
        let named = concepts()
            .iter()
            .filter(|c| c.kind == Kind::Thing && c.names_whole(word))
            .map(|c| c.name.to_owned());
        for item in std::iter::once(stem(word)).chain(named) {
            if !stems.contains(&item) {
                stems.push(item);
            }
        }
    }
    stems
}

/// Whether `text` is about any of `subject`'s words, or a form of a concept it names.
pub fn about(subject: &[String], text: &str) -> bool {
    let normalized = normalize(text);
    let named: Vec<_> = concepts()
        .iter()
        .filter(|c| c.kind == Kind::Thing && subject.iter().any(|s| s == c.name))
        .collect();
    words(&normalized).take(SUBJECT_WORDS).any(|word| {
        word.len() >= 3
            && (subject.contains(&stem(word)) || named.iter().any(|c| c.names_whole(word)))
    })
}

/// Whether the assistant declines a question as outside what the operator offers: "that's
/// an AWS product, their documentation is the best place", "that's outside what I can
/// help with".
pub fn declines_as_outside(reply: &str) -> bool {
    static OUTSIDE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\boutside (of )?(what|my|our|the scope|the range)\b|\bbeyond what (i|we)\b|\b(that'?s|this is|it'?s) (an? |the )?([\w-]+ ){0,2}(product|service|platform|tool|app|brand)\b|\bnot (something|a question|a topic|an area) (i|we)('m| am| are)? ?(can |could |able to )?(help|cover|handle|answer|advise)|\bi can only (help|assist|answer)\b|\b(their|its) (own )?(documentation|docs|support team|website|helpline)\b",
        )
    });
    OUTSIDE.is_match(&normalize(reply))
}

/// Whether a customer turn points back at what was asked before ("how many of those
/// nights", "the same thing", "is it still…").
pub fn refers_back(text: &str) -> bool {
    static BACK: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"\b(those|these|them|it|the same|that one|again|still|i know that|i asked)\b")
    });
    BACK.is_match(&normalize(text))
}

/// Whether the assistant's `reply` is about any of `subject`'s words, leaving out the
/// sentences that list what it covers instead ("I can help with sailings, fares and
/// bookings" after "I don't have information about local restaurants").
pub fn reply_about(subject: &[String], reply: &str) -> bool {
    crate::text::sentences(reply)
        .filter(|sentence| !REDIRECT.is_match(&normalize(sentence)))
        .any(|sentence| about(subject, sentence))
}

/// The first words of `text`, as a quote.
pub fn first_words(text: &str) -> String {
    text.split_whitespace()
        .take(14)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::test_turns::agent;

    #[test]
    fn a_subject_is_its_telling_words_and_matches_their_forms() {
        let installs = subject("the status of the customer's own installation project");
        assert_eq!(installs, ["instal", "project"]);
        assert!(about(&installs, "When will my panels be installed?"));
        assert!(!about(&installs, "What will the weather do next week?"));
    }

    #[test]
    fn a_word_before_services_narrows_it_to_a_subject() {
        assert!(whole_offering("questions about our products or services"));
        assert!(whole_offering(
            "a question about Netherby's services or coverage"
        ));
        assert!(!whole_offering(
            "a sailing, a booking, vehicle space or onboard services"
        ));
    }

    #[test]
    fn what_the_assistant_says_it_covers_is_not_what_it_was_asked() {
        let sailings = subject("a question about sailings, timetables, fares or vehicle bookings");
        assert!(!reply_about(
            &sailings,
            "I'm afraid I don't have information about local restaurants. I can help with sailings, fares and bookings."
        ));
        assert!(reply_about(
            &sailings,
            "Sorry, I don't have the fares for the August sailings yet."
        ));
        assert!(!reply_about(
            &sailings,
            "I don't know the local taxi firms. I can help with your vehicle booking, though."
        ));
    }

    #[test]
    fn saying_there_is_no_answer() {
        assert!(
            no_answer(&agent(
                "I don't have any details about loyalty points for corporate cards.",
                None
            ))
            .is_some()
        );
        assert!(
            no_answer(&agent(
                "Sorry, I couldn't find anything about that in our help centre.",
                None
            ))
            .is_some()
        );
        assert!(
            no_answer(&agent(
                "I'm not finding anything about caravan insurance in what I have, sorry.",
                None
            ))
            .is_some()
        );
        assert!(
            no_answer(&agent(
                "I don't have the warranty details for the microinverters, sorry.",
                None
            ))
            .is_some()
        );
        assert!(no_answer(&agent("Here is how to do it.", Some(false))).is_some());
        assert!(
            no_answer(&agent(
                "I'm not able to see the courier's location for this order right now.",
                None
            ))
            .is_some()
        );
        assert_eq!(
            no_answer(&agent("Go to Settings, then Privacy.", None)),
            None
        );
        assert_eq!(
            no_answer(&agent(
                "I can't see your account from here, but you can reset it under Profile.",
                None
            )),
            None
        );
    }

    #[test]
    fn a_redirect_is_not_in_scope() {
        let redirect = agent(
            "I can only help with questions about your subscription and deliveries, sorry!",
            Some(false),
        );
        assert_eq!(out_of_scope(&redirect, true), None);
        assert!(out_of_scope(&redirect, false).is_some());
        let missing = agent(
            "I don't have information on gift wrapping for bulk orders.",
            Some(false),
        );
        assert!(out_of_scope(&missing, true).is_some());
        let listed = agent(
            "I'm afraid I don't have information about local restaurants. I can help with sailings, fares and bookings.",
            None,
        );
        assert_eq!(out_of_scope(&listed, true), None);
    }
}
