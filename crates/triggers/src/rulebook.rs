//! An agent's handoffs compiled together, and the decision after each turn: of the
//! handoffs whose trigger holds at that turn, the highest priority wins; ties go to the one
//! configured first.

use baton_proto::v1::{AgentConfig, Turn};

use crate::{Attributes, Firing, Trigger, TriggerState, compile};

/// One compiled handoff.
#[derive(Debug, Clone)]
struct Entry {
    id: String,
    priority: i32,
    trigger: Trigger,
    understood: Vec<String>,
    problems: Vec<String>,
}

/// The compiled handoffs of one agent (enabled ones only), in configuration order.
#[derive(Debug, Clone)]
pub struct Rulebook {
    entries: Vec<Entry>,
}

/// The handoff to fire now, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The configured handoff.
    pub handoff_id: String,
    /// Its conditions and evidence.
    pub firing: Firing,
}

/// One conversation evaluated turn by turn against a rulebook: what every trigger keeps
/// about it between turns. Owned, so a service can keep it between messages; use it only
/// with the rulebook that made it ([`Rulebook::session`]).
#[derive(Debug, Clone)]
pub struct Session {
    attributes: Attributes,
    states: Vec<TriggerState>,
    turns: usize,
}

impl Session {
    /// How many turns it has taken into account.
    pub fn turns(&self) -> usize {
        self.turns
    }
}

impl Rulebook {
    /// Compiles every enabled handoff of `config`.
    pub fn new(config: &AgentConfig) -> Rulebook {
        let entries = config
            .handoffs
            .iter()
            .filter(|handoff| handoff.enabled)
            .map(|handoff| {
                let compiled = compile(&handoff.trigger);
                Entry {
                    id: handoff.id.clone(),
                    priority: handoff.priority,
                    understood: compiled.understood(),
                    problems: compiled.problems,
                    trigger: compiled.trigger,
                }
            })
            .collect();
        Rulebook { entries }
    }

    /// What each handoff's trigger was understood as: (handoff id, clauses understood,
    /// problems).
    pub fn understanding(&self) -> Vec<(String, Vec<String>, Vec<String>)> {
        self.entries
            .iter()
            .map(|e| (e.id.clone(), e.understood.clone(), e.problems.clone()))
            .collect()
    }

    /// A conversation about a customer with `attributes`, before its first turn.
    pub fn session(&self, attributes: &Attributes) -> Session {
        Session {
            attributes: attributes.clone(),
            states: self.entries.iter().map(|e| e.trigger.start()).collect(),
            turns: 0,
        }
    }

    /// Takes the next turn of `session` into account: each handoff's verdict on it, in
    /// configuration order. The cost depends on the turn, not on the turns before it.
    pub fn step_all(&self, session: &mut Session, turn: &Turn) -> Vec<(String, Option<Firing>)> {
        session.turns += 1;
        let attributes = &session.attributes;
        self.entries
            .iter()
            .zip(session.states.iter_mut())
            .map(|(entry, state)| {
                (
                    entry.id.clone(),
                    entry.trigger.step(state, turn, attributes),
                )
            })
            .collect()
    }

    /// Takes the next turn of `session` into account: the handoff that fires on it, if
    /// any (of those that fire, the highest priority; ties to the one configured first).
    pub fn step(&self, session: &mut Session, turn: &Turn) -> Option<Decision> {
        let verdicts = self.step_all(session, turn);
        self.best(verdicts)
    }

    /// Of `verdicts` (one per handoff, in configuration order, as [`Rulebook::step_all`]
    /// gives them), the handoff that fires: the highest priority, ties to the first.
    pub fn best(&self, verdicts: Vec<(String, Option<Firing>)>) -> Option<Decision> {
        let mut best: Option<(i32, Decision)> = None;
        for (entry, (handoff_id, firing)) in self.entries.iter().zip(verdicts) {
            let Some(firing) = firing else { continue };
            if best.as_ref().is_none_or(|(p, _)| entry.priority > *p) {
                best = Some((entry.priority, Decision { handoff_id, firing }));
            }
        }
        best.map(|(_, decision)| decision)
    }

    /// Each handoff's verdict at the last turn of `turns`, in configuration order
    /// (replaying the conversation).
    pub fn evaluate_all(&self, turns: &[Turn]) -> Vec<(String, Option<Firing>)> {
        let mut session = self.session(&Attributes::new());
        let mut last = Vec::new();
        for turn in turns {
            last = self.step_all(&mut session, turn);
        }
        last
    }

    /// The handoff that fires at the last turn of `turns`, if any (replaying the
    /// conversation, for a customer about whom nothing is known).
    pub fn decide(&self, turns: &[Turn]) -> Option<Decision> {
        self.decide_for(&Attributes::new(), turns)
    }

    /// [`Rulebook::decide`] for a customer with `attributes`.
    pub fn decide_for(&self, attributes: &Attributes, turns: &[Turn]) -> Option<Decision> {
        let mut session = self.session(attributes);
        let mut last = None;
        for turn in turns {
            last = self.step(&mut session, turn);
        }
        last
    }
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::Handoff;

    use super::*;
    use crate::test_turns::{agent, user};

    fn handoff(id: &str, priority: i32, trigger: &str) -> Handoff {
        Handoff {
            id: id.into(),
            priority,
            enabled: true,
            trigger: trigger.into(),
            ..Handoff::default()
        }
    }

    #[test]
    fn the_highest_priority_of_those_firing_wins() {
        let config = AgentConfig {
            handoffs: vec![
                handoff(
                    "person",
                    10,
                    "Hand off when the customer asks to talk to a person.",
                ),
                handoff(
                    "billing",
                    20,
                    "Create a ticket for billing disputes and refunds.",
                ),
                handoff("angry", 15, "When the customer is clearly angry."),
            ],
            ..AgentConfig::default()
        };
        let rulebook = Rulebook::new(&config);
        let turns = [user(
            "I was charged twice, I want my money back, let me talk to a person",
        )];
        assert_eq!(
            rulebook.decide(&turns).map(|d| d.handoff_id).as_deref(),
            Some("billing")
        );
        let verdicts = rulebook.evaluate_all(&turns);
        assert_eq!(verdicts.iter().filter(|(_, f)| f.is_some()).count(), 2);
        assert_eq!(rulebook.decide(&[user("where is my parcel?")]), None);
    }

    #[test]
    fn a_no_answer_trigger_about_a_subject_fires_only_on_that_subject() {
        let rulebook = Rulebook::new(&AgentConfig {
            handoffs: vec![handoff(
                "bookings",
                10,
                "When the assistant can't find the status of a customer's booking (deposit, \
                 table size, arrival time), pass the chat to the host desk.",
            )],
            ..AgentConfig::default()
        });
        let unknown = |question: &str| {
            rulebook
                .decide(&[
                    user(question),
                    agent("Sorry, I don't have that information.", Some(false)),
                ])
                .map(|d| d.handoff_id)
        };
        assert_eq!(
            unknown("has my deposit for Friday gone through?").as_deref(),
            Some("bookings")
        );
        assert_eq!(unknown("is the fish on your menu farmed or wild?"), None);
    }

    #[test]
    fn disabled_handoffs_never_fire() {
        let mut person = handoff(
            "person",
            10,
            "Hand off when the customer asks to talk to a person.",
        );
        person.enabled = false;
        let rulebook = Rulebook::new(&AgentConfig {
            handoffs: vec![person],
            ..AgentConfig::default()
        });
        assert_eq!(rulebook.decide(&[user("can I talk to a person")]), None);
    }
}
