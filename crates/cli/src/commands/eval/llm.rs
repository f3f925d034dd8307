//! `baton eval --judge llm`: the labelled cases scored with the language-model judge
//! deciding every handoff, exactly as the trigger-evaluator decides a `judge: llm` handoff
//! (`baton_trigger_evaluator::judged::decide`: prefilter, verdict, the rules standing in on
//! failure, priority), into the rules' own [`Report`] so both print and serialise alike.
//!
//! Reading the cases and adding up the report mirror `baton_triggers::eval`, which keeps
//! them private and decides with the rulebook only; once it takes a decider, this module is
//! only that decider.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context as _;
use baton_llm::{Judge, LlmSettings};
use baton_proto::v1::{AgentConfig, Handoff, Redaction, Role, TriggerJudge, Turn};
use baton_trigger_evaluator::judged::{At, decide};
use baton_triggers::Rulebook;
use baton_triggers::eval::{CaseResult, Report};
use futures::StreamExt as _;
use serde::Deserialize;

/// One line of the cases file (the format of `baton_triggers::eval`; other keys ignored).
#[derive(Deserialize)]
struct Case {
    id: String,
    config: String,
    turns: Vec<CaseTurn>,
    expect: Expect,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Deserialize)]
struct CaseTurn {
    role: String,
    text: String,
    #[serde(default)]
    answered: Option<bool>,
}

#[derive(Deserialize)]
struct Expect {
    handoff: Option<String>,
    #[serde(default)]
    at_turn: Option<u32>,
}

/// The parts of an agent configuration the judge reads.
#[derive(Deserialize)]
struct ConfigFile {
    handoffs: Vec<HandoffFile>,
}

#[derive(Deserialize)]
struct HandoffFile {
    id: String,
    #[serde(default)]
    priority: i32,
    #[serde(default = "enabled")]
    enabled: bool,
    trigger: String,
    #[serde(default)]
    redact: Vec<RedactFile>,
}

fn enabled() -> bool {
    true
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RedactFile {
    Cards,
    Ids,
    Emails,
    Phones,
}

/// An agent's handoffs, every one judged by the model, and their rules.
struct Agent {
    config: AgentConfig,
    rulebook: Rulebook,
}

/// Scores the cases in `cases_file` with the model of the `BATON_LLM_*` environment.
pub async fn run(cases_file: &Path) -> anyhow::Result<Report> {
    let settings: LlmSettings = baton_config::settings::load(None)?;
    let judge = Judge::from_settings(&settings)?.context(
        "--judge llm needs a language model: set BATON_LLM_BASE_URL and BATON_LLM_MODEL \
         (and BATON_LLM_API_KEY unless the server needs none)",
    )?;
    // The judge counts its questions in this recorder; the tally goes to stderr, so a
    // model that failed every question is not mistaken for the rules' score.
    baton_telemetry::metrics::install()?;
    let text = super::super::read_file(cases_file)?;
    let base = cases_file.parent().unwrap_or(Path::new("."));
    let mut agents: HashMap<String, Agent> = HashMap::new();
    let mut cases = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Case = serde_json::from_str(line)
            .with_context(|| format!("{}:{}", cases_file.display(), number + 1))?;
        let turns =
            turns(&case).with_context(|| format!("{}:{}", cases_file.display(), number + 1))?;
        if !agents.contains_key(&case.config) {
            agents.insert(case.config.clone(), agent(&base.join(&case.config))?);
        }
        cases.push((case, turns));
    }
    let per_case = futures::stream::iter(&cases)
        .map(|(case, turns)| score(&judge, &agents[&case.config], case, turns))
        .buffered(settings.llm_max_concurrency.max(1))
        .collect()
        .await;
    eprint!("{}", tally());
    Ok(baton_triggers::eval::report(per_case))
}

fn turns(case: &Case) -> anyhow::Result<Vec<Turn>> {
    case.turns
        .iter()
        .map(|turn| {
            let role = match turn.role.as_str() {
                "user" => Role::User,
                "agent" => Role::Agent,
                other => anyhow::bail!("role {other:?} must be user or agent"),
            };
            Ok(Turn {
                role: role as i32,
                text: turn.text.clone(),
                answered: turn.answered,
                ..Turn::default()
            })
        })
        .collect()
}

fn agent(path: &Path) -> anyhow::Result<Agent> {
    let yaml = super::super::read_file(path)?;
    let file: ConfigFile =
        serde_saphyr::from_str(&yaml).with_context(|| format!("{}", path.display()))?;
    let config = AgentConfig {
        handoffs: file
            .handoffs
            .into_iter()
            .map(|h| Handoff {
                id: h.id,
                priority: h.priority,
                enabled: h.enabled,
                trigger: h.trigger,
                redact: h.redact.into_iter().map(|r| redaction(r) as i32).collect(),
                judge: TriggerJudge::Llm as i32,
                ..Handoff::default()
            })
            .collect(),
        ..AgentConfig::default()
    };
    let rulebook = Rulebook::new(&config);
    Ok(Agent { config, rulebook })
}

fn redaction(kind: RedactFile) -> Redaction {
    match kind {
        RedactFile::Cards => Redaction::Cards,
        RedactFile::Ids => Redaction::Ids,
        RedactFile::Emails => Redaction::Emails,
        RedactFile::Phones => Redaction::Phones,
    }
}

/// The first turn at which a handoff fires, and which, as the evaluator would decide it.
async fn score(judge: &Judge, agent: &Agent, case: &Case, turns: &[Turn]) -> CaseResult {
    let mut fired = None;
    for end in 1..=turns.len() {
        let turn = u32::try_from(end - 1).unwrap_or(u32::MAX);
        let at = At {
            tenant: "eval",
            conversation: &case.id,
            revision: 0,
            turn,
        };
        if let Some(decision) =
            decide(judge, &agent.rulebook, &agent.config, at, &turns[..end]).await
        {
            fired = Some((turn, decision));
            break;
        }
    }
    let (got, got_turn, evidence) = match fired {
        Some((turn, decision)) => (
            Some(decision.handoff_id),
            Some(turn),
            decision
                .firing
                .evidence
                .into_iter()
                .map(|e| format!("[{}] {}: {}", e.turn_index, e.condition, e.quote))
                .collect(),
        ),
        None => (None, None, Vec::new()),
    };
    let correct = got == case.expect.handoff
        && (case.expect.at_turn.is_none() || got.is_none() || got_turn == case.expect.at_turn);
    CaseResult {
        id: case.id.clone(),
        expected: case.expect.handoff.clone(),
        at_turn: case.expect.at_turn,
        got,
        got_turn,
        correct,
        evidence,
        tags: case.tags.clone(),
    }
}

/// The judge's questions by outcome, from `baton_llm_judge_total`.
fn tally() -> String {
    let counts: Vec<String> = baton_telemetry::metrics::render()
        .lines()
        .filter_map(|line| line.strip_prefix("baton_llm_judge_total{outcome=\""))
        .filter_map(|rest| rest.split_once("\"} "))
        .map(|(outcome, count)| format!("{outcome} {count}"))
        .collect();
    format!(
        "language model: {} (failed questions were left to the rules)\n",
        if counts.is_empty() {
            "no question asked".to_owned()
        } else {
            counts.join(", ")
        }
    )
}
