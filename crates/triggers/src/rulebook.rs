//! An agent's handoffs compiled together, and the decision after each turn: of the
//! handoffs whose trigger holds at that turn, the highest priority wins; ties go to the one
//! configured first.

use baton_proto::v1::{AgentConfig, Turn};

use crate::{Firing, Trigger, compile};

/// One compiled handoff.
#[derive(Debug, Clone)]
struct Entry {
    id: String,
    priority: i32,
    trigger: Trigger,
    understood: Vec<String>,
    warnings: Vec<String>,
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
                    trigger: compiled.trigger,
                    understood: compiled.understood,
                    warnings: compiled.warnings,
                }
            })
            .collect();
        Rulebook { entries }
    }

    /// What each handoff's trigger was understood as: (handoff id, understood, warnings).
    pub fn understanding(&self) -> Vec<(String, Vec<String>, Vec<String>)> {
        self.entries
            .iter()
            .map(|e| (e.id.clone(), e.understood.clone(), e.warnings.clone()))
            .collect()
    }

    /// Each handoff's verdict at the last turn of `turns`, in configuration order.
    pub fn evaluate_all(&self, turns: &[Turn]) -> Vec<(String, Option<Firing>)> {
        self.entries
            .iter()
            .map(|e| (e.id.clone(), e.trigger.evaluate(turns)))
            .collect()
    }

    /// The handoff that fires at the last turn of `turns`, if any.
    pub fn decide(&self, turns: &[Turn]) -> Option<Decision> {
        let mut best: Option<(i32, Decision)> = None;
        for entry in &self.entries {
            let Some(firing) = entry.trigger.evaluate(turns) else {
                continue;
            };
            if best
                .as_ref()
                .is_none_or(|(priority, _)| entry.priority > *priority)
            {
                best = Some((
                    entry.priority,
                    Decision {
                        handoff_id: entry.id.clone(),
                        firing,
                    },
                ));
            }
        }
        best.map(|(_, decision)| decision)
    }
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::Handoff;

    use super::*;
    use crate::test_turns::user;

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
