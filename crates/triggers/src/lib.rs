//! The trigger engine: an operator's plain-language trigger instruction ("hand off when the
//! customer asks for a person", "after 3 failed attempts", "billing disputes but not
//! invoice questions", "clearly frustrated", "questions outside our product") compiled into
//! explicit conditions, evaluated on the conversation after every turn, with the evidence
//! for every decision.
//!
//! Handoffs must not fire too easily: each condition fires on a clear request, report or
//! sign on the turn where it becomes evident, never on a topic merely mentioned. Pure: no
//! I/O (except [`eval`] reading its files), no async.

mod attempts;
pub mod eval;
mod frustration;
mod human;
mod instruction;
mod rulebook;
mod scope;
pub mod sentiment;
#[cfg(test)]
mod test_turns;
mod text;
mod topics;

use baton_proto::v1::{Evidence, MatchedCondition, Role, Turn};

pub use frustration::Listed;
pub use instruction::Condition;
pub use rulebook::{Decision, Rulebook};
pub use topics::Topic;

use crate::text::{content_words, normalize};

/// A compiled trigger instruction, and what the compiler made of it.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The trigger.
    pub trigger: Trigger,
    /// The conditions and restrictions understood, in plain words.
    pub understood: Vec<String>,
    /// What was not understood ("'VIP customers' was not understood: no condition
    /// created"), and assumptions made.
    pub warnings: Vec<String>,
}

/// Explicit conditions, any of which fires the trigger, and what vetoes a firing.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    conditions: Vec<Condition>,
    exclusions: Vec<Vec<String>>,
}

/// Why a trigger fired: the conditions that hold at the last turn and their evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Firing {
    /// The conditions that hold.
    pub conditions: Vec<MatchedCondition>,
    /// The words that show it, by turn.
    pub evidence: Vec<Evidence>,
}

/// Compiles `instruction`.
pub fn compile(instruction: &str) -> Compiled {
    let reading = instruction::read(instruction);
    Compiled {
        trigger: Trigger {
            conditions: reading.conditions,
            exclusions: reading.exclusions,
        },
        understood: reading.understood,
        warnings: reading.warnings,
    }
}

impl Trigger {
    /// The conditions, in the order the instruction names them.
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// Whether the trigger holds at the last turn of `turns` (the conversation so far), and
    /// why. A condition about what the customer says holds on that customer turn; one about
    /// what the assistant says, on that assistant turn.
    pub fn evaluate(&self, turns: &[Turn]) -> Option<Firing> {
        let (last, earlier) = turns.split_last()?;
        let index = u32::try_from(turns.len() - 1).unwrap_or(u32::MAX);
        let mut firing = Firing {
            conditions: Vec::new(),
            evidence: Vec::new(),
        };
        for condition in &self.conditions {
            let Some((quote, turn_index)) = self.holds(condition, last, earlier, turns) else {
                continue;
            };
            if self.excluded(&quote) {
                continue;
            }
            firing.conditions.push(MatchedCondition {
                kind: condition.kind().into(),
                description: condition.reason(),
            });
            firing.evidence.push(Evidence {
                turn_index: turn_index.unwrap_or(index),
                quote,
                condition: condition.kind().into(),
            });
        }
        (!firing.conditions.is_empty()).then_some(firing)
    }

    /// The quote (and, when not the last turn, the turn) showing `condition` at the end of
    /// `turns`.
    fn holds(
        &self,
        condition: &Condition,
        last: &Turn,
        earlier: &[Turn],
        turns: &[Turn],
    ) -> Option<(String, Option<u32>)> {
        let user = last.role() == Role::User;
        let quote = match condition {
            Condition::HumanRequest if user => human::request(&last.text).or_else(|| {
                earlier
                    .iter()
                    .rev()
                    .find(|t| t.role() != Role::User)
                    .filter(|t| t.role() == Role::Agent)
                    .and_then(|offer| human::accepts_offer(&offer.text, &last.text))
            }),
            Condition::FailedAttempts(n) => attempts::failure_at_end(turns)
                .filter(|failure| failure.count >= *n)
                .map(|failure| failure.quote),
            Condition::Topic(topic) if user => topic.find(&last.text),
            Condition::Frustration(listed) if user => {
                let before: Vec<&str> = earlier
                    .iter()
                    .filter(|t| t.role() == Role::User)
                    .map(|t| t.text.as_str())
                    .collect();
                frustration::sign(&last.text, *listed, &before).map(|sign| sign.quote)
            }
            Condition::OutOfScope { scoped } if last.role() == Role::Agent => {
                scope::out_of_scope(last, *scoped)
            }
            Condition::Phrase(phrase) if user => normalize(&last.text)
                .contains(phrase.as_str())
                .then(|| phrase.clone()),
            _ => None,
        }?;
        Some((quote, None))
    }

    /// Whether the evidence is about something the instruction excludes.
    fn excluded(&self, quote: &str) -> bool {
        let words = content_words(quote);
        self.exclusions
            .iter()
            .any(|exclusion| exclusion.iter().any(|w| words.contains(w)))
    }
}
