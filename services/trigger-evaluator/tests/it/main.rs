//! Trigger-evaluator tests with a language-model judge: the decision against a scripted
//! Chat Completions peer on 127.0.0.1 (believed, discarded and failed verdicts, the
//! prefilter, priority, the cache), and the service against a real nats-server.

// Test helpers fail the test that calls them by panicking.
#![allow(clippy::panic)]

mod decide;
mod service;

use std::time::Duration;

use baton_llm::{Judge, LlmSettings};
use baton_proto::v1::{AgentConfig, Handoff, HandoffType, TriggerJudge};
use baton_testkit::llm::chat_request_violations;
use baton_testkit::peer::HttpPeer;
use baton_trigger_evaluator::judged::At;

/// An instruction the rules understand: a request for a person.
const PERSON: &str = "Hand off when the customer asks to talk to a person.";

/// An instruction that needs the model.
const CLOSING: &str = "Hand off when the customer wants to close their account.";

/// The settings of a model served by `peer`, giving up after `timeout`.
fn llm_settings(peer: &HttpPeer, timeout: Duration) -> LlmSettings {
    LlmSettings {
        llm_base_url: Some(peer.url()),
        llm_model: Some("test-model".into()),
        llm_timeout_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
        ..LlmSettings::default()
    }
}

fn judge(peer: &HttpPeer, timeout: Duration) -> Judge {
    Judge::from_settings(&llm_settings(peer, timeout))
        .expect("valid settings")
        .expect("a model")
}

fn handoff(id: &str, priority: i32, trigger: &str, judge: TriggerJudge) -> Handoff {
    Handoff {
        id: id.into(),
        r#type: HandoffType::Email as i32,
        priority,
        enabled: true,
        trigger: trigger.into(),
        judge: judge as i32,
        ..Handoff::default()
    }
}

fn config(handoffs: Vec<Handoff>) -> AgentConfig {
    AgentConfig {
        tenant_id: "acme".into(),
        agent_id: "support".into(),
        handoffs,
        live: true,
        ..AgentConfig::default()
    }
}

fn at(turn: u32) -> At<'static> {
    At {
        tenant: "acme",
        conversation: "c-1",
        revision: 3,
        turn,
    }
}

/// Every request `peer` received is a valid `CreateChatCompletionRequest`.
fn assert_contract(peer: &HttpPeer) {
    for request in peer.requests() {
        let body = request.json();
        assert_eq!(
            chat_request_violations(&body),
            Vec::<String>::new(),
            "{body:#}"
        );
    }
}
