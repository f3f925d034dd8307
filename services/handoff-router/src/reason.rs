//! Why a conversation is handed off, in words a human agent reads at a glance.

use baton_proto::v1::{Handoff, HandoffReason, HandoffRequested};

/// The reason for `request` on `handoff`: its conditions and evidence, and one plain
/// sentence such as `The customer asked for a person ("can I talk to someone").`
pub fn reason(request: &HandoffRequested, handoff: &Handoff) -> HandoffReason {
    let what: Vec<&str> = request
        .conditions
        .iter()
        .map(|c| c.description.as_str())
        .filter(|d| !d.is_empty())
        .collect();
    let quotes: Vec<String> = request
        .evidence
        .iter()
        .map(|e| format!("\"{}\"", e.quote))
        .take(2)
        .collect();
    let mut text = if what.is_empty() {
        format!("Handoff \"{}\" was triggered", handoff.id)
    } else {
        capitalise(&what.join("; "))
    };
    if !quotes.is_empty() {
        text.push_str(&format!(" ({})", quotes.join(", ")));
    }
    text.push('.');
    HandoffReason {
        handoff_id: handoff.id.clone(),
        trigger: handoff.trigger.clone(),
        conditions: request.conditions.clone(),
        evidence: request.evidence.clone(),
        text,
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::{Evidence, MatchedCondition};

    use super::*;

    #[test]
    fn the_reason_quotes_the_customer() {
        let request = HandoffRequested {
            conditions: vec![MatchedCondition {
                kind: "human_request".into(),
                description: "the customer asked for a person".into(),
            }],
            evidence: vec![Evidence {
                turn_index: 2,
                quote: "can I talk to someone".into(),
                condition: "human_request".into(),
            }],
            ..Default::default()
        };
        let handoff = Handoff {
            id: "human".into(),
            trigger: "Hand off when they ask for a person.".into(),
            ..Default::default()
        };
        let reason = reason(&request, &handoff);
        assert_eq!(
            reason.text,
            "The customer asked for a person (\"can I talk to someone\")."
        );
        assert_eq!(reason.trigger, handoff.trigger);
    }

    #[test]
    fn a_forced_handoff_still_has_a_reason() {
        let reason = reason(
            &HandoffRequested::default(),
            &Handoff {
                id: "mail".into(),
                ..Default::default()
            },
        );
        assert_eq!(reason.text, "Handoff \"mail\" was triggered.");
    }
}

#[cfg(test)]
mod unicode {
    use baton_testkit::unicode::{bounded, customer_text};
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(bounded())]

        #[test]
        fn any_text_is_capitalised(text in customer_text()) {
            let _ = capitalise(&text);
        }
    }
}
