//! Arbitrary Unicode through the trigger engine's public entry points: compiling any
//! instruction, and evaluating any conversation, must not panic.

use std::sync::LazyLock;

use baton_proto::v1::{AgentConfig, Handoff, Role, Turn};
use baton_testkit::unicode::{bounded, customer_text, customer_texts, transcript_of};
use baton_triggers::{Attributes, Rulebook, compile, facts, sentiment};
use proptest::prelude::*;

/// Instructions that exercise every detector: person requests, failed attempts,
/// frustration, built-in and operator topics, facts, exclusions.
const INSTRUCTIONS: &[&str] = &[
    "Hand off when the customer asks for a person.",
    "After 3 failed attempts, or when the customer is frustrated.",
    "VIP customers who report a billing problem, but not when they only ask how.",
    "When the customer wants to close their account or asks for a refund over 100 euros.",
    "When the customer writes in German, or repeats the same question, or after 6 messages.",
    "When the assistant has no answer and the problem is still unresolved.",
];

static RULEBOOK: LazyLock<Rulebook> = LazyLock::new(|| {
    Rulebook::new(&AgentConfig {
        handoffs: INSTRUCTIONS
            .iter()
            .enumerate()
            .map(|(at, trigger)| Handoff {
                id: format!("h-{at}"),
                enabled: true,
                trigger: (*trigger).into(),
                ..Handoff::default()
            })
            .collect(),
        ..AgentConfig::default()
    })
});

proptest! {
    #![proptest_config(bounded())]

    #[test]
    fn any_instruction_compiles(instruction in customer_text()) {
        let compiled = compile(&instruction);
        let _ = compiled.understood();
        let said = [Turn::said(Role::User, instruction.as_str())];
        let _ = compiled.trigger.evaluate(&said, &Attributes::new());
    }

    #[test]
    fn any_conversation_is_evaluated(texts in customer_texts(), plan in customer_text()) {
        let turns = transcript_of(&texts);
        let attributes = Attributes::from([("plan".to_owned(), plan)]);
        let _ = RULEBOOK.decide(&turns);
        let _ = RULEBOOK.decide_for(&attributes, &turns);
        let mut session = RULEBOOK.session(&attributes);
        for turn in &turns {
            let _ = RULEBOOK.step(&mut session, turn);
        }
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        for text in texts {
            let _ = sentiment::compound(text);
            let _ = baton_triggers::clearly_frustrated(text);
            let _ = facts::language(text);
            let _ = facts::quantity(text, "euros");
            let _ = facts::says_solved(text);
            let _ = facts::is_asking(text);
            let _ = facts::pushes_back(text);
        }
    }
}
