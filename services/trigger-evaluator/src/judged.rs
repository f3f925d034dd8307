//! The decision at one turn when handoffs are judged by the language model (`judge: llm`):
//! the rules still run for every handoff; for a judged handoff the model is asked when the
//! turn is worth it ([`worth_asking`]), and its believed verdict decides for that handoff —
//! fires with the model's evidence, or does not fire even where the rules would. When the
//! model gives no usable verdict (error, timeout, 429, 5xx, refusal, malformed or invented
//! evidence) the rules' result stands for that handoff. Between the handoffs that fire,
//! priority decides as in the rulebook: the highest, ties to the one configured first.
//!
//! Used by the service and by `baton eval --judge llm`, so both decide the same way.

use baton_llm::judge::CONDITION;
use baton_llm::{Judge, Question, Verdict, VerdictKey};
use baton_proto::v1::{AgentConfig, Handoff, MatchedCondition, Redaction, TriggerJudge, Turn};
use baton_triggers::{Decision, Firing, Rulebook};

pub use crate::prefilter::worth_asking;

/// Where a decision is made: what the model's verdicts are remembered under.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    /// The tenant.
    pub tenant: &'a str,
    /// The conversation.
    pub conversation: &'a str,
    /// The revision of the agent configuration.
    pub revision: u64,
    /// The turn, as the conversation numbers it.
    pub turn: u32,
}

/// The handoff that fires at the last of `turns` (the conversation since the bot took
/// over), rules and model together; evidence indexes `turns`.
pub async fn decide(
    judge: &Judge,
    rulebook: &Rulebook,
    config: &AgentConfig,
    at: At<'_>,
    turns: &[Turn],
) -> Option<Decision> {
    let judged = |handoff: &&Handoff| handoff.enabled && handoff.judge() == TriggerJudge::Llm;
    if !config.handoffs.iter().any(|h| judged(&h)) {
        return rulebook.decide(turns);
    }
    let firings = rulebook
        .evaluate_all(turns)
        .into_iter()
        .map(|(id, rules)| async {
            let handoff = config.handoffs.iter().find(|h| h.id == id).filter(judged);
            let firing = match handoff {
                Some(handoff) if worth_asking(rules.is_some(), &handoff.trigger, turns) => {
                    ask(judge, handoff, at, turns, rules).await
                }
                _ => rules,
            };
            (id, firing)
        });
    highest_priority(config, futures::future::join_all(firings).await)
}

/// The model's verdict on `handoff`, or `rules` when it gives none.
async fn ask(
    judge: &Judge,
    handoff: &Handoff,
    at: At<'_>,
    turns: &[Turn],
    rules: Option<Firing>,
) -> Option<Firing> {
    let key = VerdictKey {
        tenant: at.tenant.to_owned(),
        conversation: at.conversation.to_owned(),
        revision: at.revision,
        turn: at.turn,
        handoff: handoff.id.clone(),
    };
    let redact: Vec<Redaction> = handoff.redact().collect();
    let question = Question {
        instruction: &handoff.trigger,
        turns,
        redact: &redact,
    };
    match judge.judge(&key, &question).await {
        Ok(verdict) => verdict.holds.then(|| firing(verdict)),
        Err(err) => {
            tracing::warn!(
                tenant = at.tenant,
                conversation = at.conversation,
                handoff = %handoff.id,
                turn = at.turn,
                outcome = err.outcome(),
                error = %baton_bus::error_chain(&err),
                rules_fired = rules.is_some(),
                "the language-model judge gave no usable verdict; the rules decide"
            );
            rules
        }
    }
}

/// A verdict that holds, as the firing of its handoff.
fn firing(verdict: Verdict) -> Firing {
    let description = if verdict.why.is_empty() {
        "the language model found that the instruction holds".to_owned()
    } else {
        format!(
            "the language model found that the instruction holds: {}",
            verdict.why
        )
    };
    Firing {
        conditions: vec![MatchedCondition {
            kind: CONDITION.to_owned(),
            description,
        }],
        evidence: verdict.evidence,
    }
}

/// Of `firings` (in configuration order), the one with the highest priority; ties go to
/// the first, as in the rulebook.
fn highest_priority(
    config: &AgentConfig,
    firings: Vec<(String, Option<Firing>)>,
) -> Option<Decision> {
    let priority = |id: &str| {
        config
            .handoffs
            .iter()
            .find(|h| h.id == id)
            .map_or(i32::MIN, |h| h.priority)
    };
    let mut best: Option<(i32, Decision)> = None;
    for (handoff_id, firing) in firings {
        let Some(firing) = firing else { continue };
        let at = priority(&handoff_id);
        if best.as_ref().is_none_or(|(top, _)| at > *top) {
            best = Some((at, Decision { handoff_id, firing }));
        }
    }
    best.map(|(_, decision)| decision)
}
