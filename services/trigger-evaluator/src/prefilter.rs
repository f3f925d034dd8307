//! Which turns are worth a question to the language-model judge: the model costs time and
//! money per question, so it is asked only where something plausible happened.

use std::collections::HashSet;
use std::sync::LazyLock;

use baton_proto::v1::{Role, Turn};
use rust_stemmers::{Algorithm, Stemmer};

/// The languages the trigger engine reads: a word counts as shared when any of their
/// stemmers maps both to the same stem ("cancelar" and "cancel" both give "cancel").
static STEMMERS: LazyLock<[Stemmer; 5]> = LazyLock::new(|| {
    [
        Algorithm::English,
        Algorithm::Spanish,
        Algorithm::French,
        Algorithm::German,
        Algorithm::Portuguese,
    ]
    .map(Stemmer::create)
});

/// Words that say nothing about a situation: function words, and the vocabulary every
/// instruction uses to say "hand off" and "the customer".
const STOPWORDS: &[&str] = &[
    "about",
    "after",
    "again",
    "agent",
    "all",
    "also",
    "and",
    "any",
    "are",
    "ask",
    "asks",
    "been",
    "before",
    "but",
    "can",
    "client",
    "con",
    "conversation",
    "create",
    "customer",
    "customers",
    "das",
    "del",
    "der",
    "des",
    "die",
    "does",
    "dont",
    "each",
    "ein",
    "eine",
    "els",
    "escalate",
    "for",
    "from",
    "get",
    "had",
    "hand",
    "handoff",
    "has",
    "have",
    "her",
    "him",
    "his",
    "how",
    "ich",
    "les",
    "los",
    "las",
    "mit",
    "not",
    "off",
    "one",
    "only",
    "other",
    "our",
    "para",
    "pass",
    "por",
    "pour",
    "que",
    "route",
    "said",
    "says",
    "send",
    "should",
    "someone",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "they",
    "this",
    "ticket",
    "transfer",
    "und",
    "una",
    "une",
    "user",
    "very",
    "was",
    "were",
    "what",
    "when",
    "whenever",
    "where",
    "which",
    "who",
    "will",
    "with",
    "would",
    "you",
    "your",
];

/// Whether to ask the model about `instruction` at the last of `turns`.
///
/// The first cut, to be replaced when the rules can say "plausible" themselves: ask when
/// the rules fired for this handoff, or when the latest customer turn shares at least one
/// stemmed content word with the instruction. It errs towards asking (a wasted question
/// costs a call; a skipped one can miss a handoff the rules cannot see).
pub fn worth_asking(rules_fired: bool, instruction: &str, turns: &[Turn]) -> bool {
    if rules_fired {
        return true;
    }
    let Some(customer) = turns.iter().rev().find(|turn| turn.role() == Role::User) else {
        return false;
    };
    let wanted = stems(instruction);
    stems(&customer.text)
        .iter()
        .any(|stem| wanted.contains(stem))
}

/// The stems, in every language, of the content words of `text`.
fn stems(text: &str) -> HashSet<String> {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 3 && !word.chars().all(|c| c.is_ascii_digit()))
        .filter(|word| !STOPWORDS.contains(word))
        .flat_map(|word| {
            STEMMERS
                .iter()
                .map(move |stemmer| stemmer.stem(word).into_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLOSE: &str = "Hand off when the customer wants to close their account.";

    #[test]
    fn a_customer_turn_sharing_a_stem_with_the_instruction_is_worth_asking() {
        let turns = [Turn::said(Role::User, "How do I get my accounts closed?")];
        assert!(worth_asking(false, CLOSE, &turns));
        let spanish = [Turn::said(Role::User, "Quiero cancelar la suscripción")];
        assert!(worth_asking(
            false,
            "When the customer wants to cancel.",
            &spanish
        ));
    }

    #[test]
    fn nothing_in_common_and_no_rule_firing_is_not_worth_asking() {
        let turns = [
            Turn::said(Role::User, "what are your opening hours?"),
            Turn::said(Role::Agent, "We can close your account for you."),
        ];
        assert!(
            !worth_asking(false, CLOSE, &turns),
            "only customer words count"
        );
        assert!(
            !worth_asking(
                false,
                CLOSE,
                &[Turn::said(Role::User, "can the customer hand it off?")]
            ),
            "instruction boilerplate is not a shared word"
        );
        assert!(worth_asking(true, CLOSE, &turns), "the rules fired");
        assert!(!worth_asking(false, CLOSE, &[]));
    }
}

#[cfg(test)]
mod unicode {
    use baton_testkit::unicode::{bounded, customer_text, customer_texts};
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(bounded())]

        #[test]
        fn any_customer_text_is_prefiltered(texts in customer_texts(), instruction in customer_text()) {
            let turns: Vec<Turn> =
                texts.iter().map(|text| Turn::said(Role::User, text.as_str())).collect();
            let _ = worth_asking(false, &instruction, &turns);
        }
    }
}
