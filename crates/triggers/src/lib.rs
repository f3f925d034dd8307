//! The trigger engine: an operator's plain-language trigger instruction ("hand off when the
//! customer asks for a person", "after 3 failed attempts", "VIP customers who report a
//! billing problem", "wants to close their account, but not when they only ask how")
//! compiled into explicit conditions, evaluated on the conversation after every turn, with
//! the evidence for every decision.
//!
//! Faithful or refused: every clause of an instruction ends as a condition, an exclusion,
//! a restriction, routing, a definition or commentary ([`reading`]), and a condition Baton
//! cannot represent makes the instruction invalid. Handoffs must not fire too easily: each
//! condition fires on a clear request, report or sign on the turn where it becomes evident,
//! never on a topic merely mentioned ([`stance`]). Evaluation is incremental: a
//! [`Session`] keeps per conversation only what later turns need, so a turn costs the same
//! however long the conversation is. Pure: no I/O (except [`eval`] reading its files), no
//! async.

mod attempts;
mod condition;
mod cues;
pub mod eval;
pub mod facts;
mod frustration;
mod human;
mod lexicon;
mod open;
pub mod reading;
mod rulebook;
mod scope;
pub mod sentiment;
mod stance;
#[cfg(test)]
mod test_turns;
mod text;
mod topics;

use baton_proto::v1::{Evidence, MatchedCondition, Role, Turn};

pub use condition::{Condition, Exclusion, Expr};
pub use facts::Attributes;
pub use frustration::{Listed, clearly_frustrated};
pub use reading::{Clause, Role as ClauseRole};
pub use rulebook::{Decision, Rulebook, Session};
pub use topics::Topic;

use crate::condition::AtomState;

/// A compiled trigger instruction, and what the compiler made of it.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The trigger.
    pub trigger: Trigger,
    /// Every clause of the instruction and what it became, in the operator's words.
    pub clauses: Vec<Clause>,
    /// The clauses Baton cannot represent: an instruction with any is invalid.
    pub problems: Vec<String>,
    /// Assumptions made where the instruction was silent ("no number of attempts was
    /// given: one failure counts").
    pub notes: Vec<String>,
    /// When the trigger fires, in plain words ("(…) and (…); or …").
    pub summary: String,
}

impl Compiled {
    /// When it fires, then one line per clause: "condition: …", "routing: …".
    pub fn understood(&self) -> Vec<String> {
        let whole = (!self.summary.is_empty()).then(|| format!("fires when {}", self.summary));
        whole
            .into_iter()
            .chain(
                self.clauses
                    .iter()
                    .map(|c| format!("\"{}\" → {}: {}", c.text, c.role.name(), c.meaning)),
            )
            .collect()
    }
}

/// Conditions joined by "and" / "or", and the exclusions that take turns out.
#[derive(Debug, Clone)]
pub struct Trigger {
    conditions: Vec<Condition>,
    expr: Option<Expr>,
    exclusions: Vec<Exclusion>,
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
    let reading = reading::read(instruction);
    Compiled {
        trigger: Trigger {
            conditions: reading.conditions,
            expr: reading.expr,
            exclusions: reading.exclusions,
        },
        clauses: reading.clauses,
        problems: reading.problems,
        notes: reading.notes,
        summary: reading.summary,
    }
}

/// What one trigger keeps about one conversation between turns.
#[derive(Debug, Clone, Default)]
pub struct TriggerState {
    atoms: Vec<AtomState>,
    turns: u32,
    /// The last turn that was not the customer's, when it was the assistant's (an offer
    /// of a person is accepted on the next customer turn).
    last_agent: Option<Turn>,
    /// Whether the exclusions took out the customer's last turn: the assistant's reply
    /// to it ("I can't give tax advice" after a tax question the rule leaves out) is
    /// out too.
    asked_excluded: bool,
}

impl Trigger {
    /// The conditions, in the order the instruction names them.
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// The state before the first turn.
    pub fn start(&self) -> TriggerState {
        TriggerState {
            atoms: vec![AtomState::default(); self.conditions.len()],
            turns: 0,
            last_agent: None,
            asked_excluded: false,
        }
    }

    /// Takes the next turn into account: whether the trigger holds at it, and why. The
    /// work depends on the turn, not on how many came before.
    pub fn step(
        &self,
        state: &mut TriggerState,
        turn: &Turn,
        attributes: &Attributes,
    ) -> Option<Firing> {
        let index = state.turns;
        state.turns = state.turns.saturating_add(1);
        let excluded = match turn.role() {
            Role::User => {
                state.asked_excluded = condition::excluded(&self.exclusions, turn);
                state.asked_excluded
            }
            Role::Agent => {
                state.asked_excluded || condition::declines_excluded(&self.exclusions, turn)
            }
            _ => false,
        };
        let previous_agent = if turn.role() == Role::User {
            state.last_agent.take()
        } else {
            None
        };
        let mut now: Vec<Option<String>> = Vec::with_capacity(self.conditions.len());
        for (condition, atom) in self.conditions.iter().zip(state.atoms.iter_mut()) {
            // Only an excluded turn needs the latch as it was (rare): no copy otherwise.
            let held_before = excluded.then(|| condition::held(atom).cloned());
            let quote = condition::step(
                condition,
                atom,
                turn,
                index,
                attributes,
                previous_agent.as_ref(),
            );
            match held_before {
                // An excluded turn neither fires nor counts towards an "and" later; what
                // the condition counted (a tally, a question) still counts.
                Some(held) if quote.is_some() => {
                    condition::set_held(atom, held);
                    now.push(None);
                }
                _ => now.push(quote),
            }
        }
        if turn.role() != Role::User {
            state.last_agent = (turn.role() == Role::Agent).then(|| {
                Turn::said(
                    Role::Agent,
                    turn.text.chars().take(4_000).collect::<String>(),
                )
            });
        }
        if excluded {
            return None;
        }
        let expr = self.expr.as_ref()?;
        let holding = self.holds(expr, &now, &state.atoms, index, false)?;
        let mut firing = Firing {
            conditions: Vec::new(),
            evidence: Vec::new(),
        };
        for (atom, turn_index, quote) in holding {
            let condition = &self.conditions[atom];
            firing.conditions.push(MatchedCondition {
                kind: condition.kind().into(),
                description: condition.reason(),
            });
            firing.evidence.push(Evidence {
                turn_index,
                quote,
                condition: condition.kind().into(),
            });
        }
        Some(firing)
    }

    /// The atoms that make `expr` hold at turn `index`, with their turn and quote.
    fn holds(
        &self,
        expr: &Expr,
        now: &[Option<String>],
        atoms: &[AtomState],
        index: u32,
        in_all: bool,
    ) -> Option<Vec<(usize, u32, String)>> {
        match expr {
            Expr::Atom(i) => match &now[*i] {
                Some(quote) => Some(vec![(*i, index, quote.clone())]),
                // Within "and", a part that held on an earlier turn still holds.
                None if in_all => condition::held(&atoms[*i])
                    .map(|(turn, quote)| vec![(*i, *turn, quote.clone())]),
                None => None,
            },
            Expr::Any(parts) => {
                let found: Vec<_> = parts
                    .iter()
                    .filter_map(|p| self.holds(p, now, atoms, index, in_all))
                    .flatten()
                    .collect();
                (!found.is_empty()).then_some(found)
            }
            Expr::All(parts) => {
                let mut found = Vec::new();
                let mut fresh = false;
                for part in parts {
                    let mut holding = self.holds(part, now, atoms, index, true)?;
                    fresh |= holding.iter().any(|(_, turn, _)| *turn == index);
                    found.append(&mut holding);
                }
                // It fires on the turn at which the last part became true (or later
                // while every part still holds on this turn).
                fresh.then_some(found)
            }
        }
    }

    /// Whether the trigger holds at the last turn of `turns` (the conversation so far),
    /// replaying them from the start.
    pub fn evaluate(&self, turns: &[Turn], attributes: &Attributes) -> Option<Firing> {
        let mut state = self.start();
        let mut last = None;
        for turn in turns {
            last = self.step(&mut state, turn, attributes);
        }
        last
    }
}
