//! baton-llm against a scripted Chat Completions peer on 127.0.0.1: the contract of every
//! request body, and how the judge treats each kind of answer.

mod contract;
mod judge;

use std::time::Duration;

use baton_llm::{Judge, LlmSettings, Question, VerdictKey};
use baton_proto::v1::{Redaction, Role, Turn};
use secrecy::SecretString;

/// A judge asking the peer at `url`, giving up after `timeout`.
fn judge(url: &str, timeout: Duration, concurrency: usize) -> Judge {
    Judge::from_settings(&LlmSettings {
        llm_base_url: Some(url.to_owned()),
        llm_api_key: Some(SecretString::from("sk-test-key".to_owned())),
        llm_model: Some("test-model".into()),
        llm_timeout_ms: u64::try_from(timeout.as_millis()).expect("short"),
        llm_max_concurrency: concurrency,
    })
    .expect("valid settings")
    .expect("a model is configured")
}

/// A customer who wants to close their account, at turn 2.
fn closing() -> Vec<Turn> {
    vec![
        Turn::said(Role::User, "Hi, my email is ana@example.com"),
        Turn::said(Role::Agent, "Hello! How can I help?"),
        Turn::said(Role::User, "Please close my   Account, I'm done with it"),
    ]
}

fn question(turns: &[Turn]) -> Question<'_> {
    Question {
        instruction: "Hand off when the customer wants to close their account.",
        turns,
        redact: &[Redaction::Emails],
    }
}

fn key(turn: u32) -> VerdictKey {
    VerdictKey {
        tenant: "acme".into(),
        conversation: "c-1".into(),
        revision: 7,
        turn,
        handoff: "close-account".into(),
    }
}

/// `baton_llm_judge_total{outcome}` so far (every test of this binary adds to it).
fn judged(outcome: &str) -> u64 {
    let rendered = baton_telemetry::metrics::render();
    let series = format!("baton_llm_judge_total{{outcome=\"{outcome}\"}} ");
    rendered
        .lines()
        .find_map(|line| line.strip_prefix(&series))
        .and_then(|count| count.trim().parse().ok())
        .unwrap_or(0)
}
