//! `baton eval --judge llm`: the labelled cases scored with the language-model judge
//! deciding every handoff, exactly as the trigger-evaluator decides a `judge: llm` handoff
//! (`baton_trigger_evaluator::judged::decide`: prefilter, verdict, the rules standing in on
//! failure, priority), into the rules' own [`Report`] so both print and serialise alike.
//!
//! The cases, the configurations and the report are read and added up by
//! `baton_triggers::eval`; this module is only the decider.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context as _;
use baton_llm::{Judge, LlmSettings};
use baton_proto::v1::{AgentConfig, TriggerJudge};
use baton_trigger_evaluator::judged::{At, decide};
use baton_triggers::Rulebook;
use baton_triggers::eval::{CaseResult, Labelled, Report};
use futures::StreamExt as _;

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
    let base = cases_file.parent().unwrap_or(Path::new("."));
    let cases = baton_triggers::eval::read_cases(cases_file)?;
    let mut agents: HashMap<String, Agent> = HashMap::new();
    for case in &cases {
        if !agents.contains_key(&case.config) {
            agents.insert(case.config.clone(), agent(&base.join(&case.config))?);
        }
    }
    let per_case = futures::stream::iter(&cases)
        .map(|case| score(&judge, &agents[&case.config], case))
        .buffered(settings.llm_max_concurrency.max(1))
        .collect()
        .await;
    eprint!("{}", tally());
    Ok(baton_triggers::eval::report(per_case))
}

/// The agent of the configuration at `path`, every handoff judged by the model.
fn agent(path: &Path) -> anyhow::Result<Agent> {
    let mut config = baton_triggers::eval::read_config(path)?;
    for handoff in &mut config.handoffs {
        handoff.judge = TriggerJudge::Llm as i32;
    }
    let rulebook = Rulebook::new(&config);
    Ok(Agent { config, rulebook })
}

/// The first turn at which a handoff fires, and which, as the evaluator would decide it.
async fn score(judge: &Judge, agent: &Agent, case: &Labelled) -> CaseResult {
    let turns = &case.turns;
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
    case.result(fired)
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
