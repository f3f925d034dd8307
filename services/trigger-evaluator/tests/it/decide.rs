//! The decision with `judge: llm` handoffs: the model's believed verdict decides for its
//! handoff; anything else leaves the decision to the rules.

use std::time::{Duration, Instant};

use baton_llm::judge::CONDITION;
use baton_proto::v1::{Role, TriggerJudge, Turn};
use baton_testkit::llm::{completion, refusal, verdict};
use baton_testkit::peer::{HttpPeer, Reply};
use baton_trigger_evaluator::judged::decide;
use baton_triggers::{Decision, Rulebook};
use serde_json::json;

use super::{CLOSING, PERSON, assert_contract, at, config, handoff, judge};

const SECOND: Duration = Duration::from_secs(1);

/// A customer asking for a person at turn 2.
fn asking_for_a_person() -> Vec<baton_proto::v1::Turn> {
    vec![
        Turn::said(Role::User, "my export is broken"),
        Turn::said(Role::Agent, "Try again later."),
        Turn::said(Role::User, "I want to talk to a person please"),
    ]
}

/// What is decided at the last of `turns` for one `judge: llm` person handoff, the model
/// answering `reply`.
async fn person_decision(reply: Reply, timeout: Duration) -> (Option<Decision>, HttpPeer) {
    let peer = HttpPeer::scripted(move |_| reply.clone()).await;
    let config = config(vec![handoff("person", 10, PERSON, TriggerJudge::Llm)]);
    let turns = asking_for_a_person();
    let decision = decide(
        &judge(&peer, timeout),
        &Rulebook::new(&config),
        &config,
        at(2),
        &turns,
    )
    .await;
    (decision, peer)
}

fn kinds(decision: &Option<Decision>) -> Vec<String> {
    decision
        .iter()
        .flat_map(|d| d.firing.conditions.iter().map(|c| c.kind.clone()))
        .collect()
}

#[tokio::test]
async fn a_believed_verdict_fires_the_handoff_with_the_models_evidence() {
    let peer = HttpPeer::scripted(|_| {
        Reply::json(
            200,
            verdict(
                true,
                &[(1, "CLOSE my account")],
                "The customer wants to close their account.",
            ),
        )
    })
    .await;
    let config = config(vec![handoff("closing", 10, CLOSING, TriggerJudge::Llm)]);
    let turns = [
        Turn::said(Role::Agent, "Hi! How can I help?"),
        Turn::said(
            Role::User,
            "please close my account, I'm moving to another provider",
        ),
    ];
    let decision = decide(
        &judge(&peer, 5 * SECOND),
        &Rulebook::new(&config),
        &config,
        at(1),
        &turns,
    )
    .await
    .expect("fires");
    assert_eq!(decision.handoff_id, "closing");
    assert_eq!(decision.firing.conditions[0].kind, CONDITION);
    assert!(
        decision.firing.conditions[0]
            .description
            .contains("wants to close their account"),
        "{:?}",
        decision.firing.conditions
    );
    assert_eq!(decision.firing.evidence.len(), 1);
    assert_eq!(decision.firing.evidence[0].turn_index, 1);
    assert_eq!(decision.firing.evidence[0].quote, "CLOSE my account");
    assert_eq!(peer.requests().len(), 1);
    assert_contract(&peer);
}

#[tokio::test]
async fn a_believed_no_keeps_a_judged_handoff_from_firing_where_the_rules_would() {
    let (decision, _) = person_decision(
        Reply::json(200, verdict(false, &[], "Not a request for a person.")),
        5 * SECOND,
    )
    .await;
    assert_eq!(decision, None);
}

#[tokio::test]
async fn a_verdict_quoting_words_nobody_wrote_is_discarded_and_the_rules_decide() {
    let (decision, peer) = person_decision(
        Reply::json(
            200,
            verdict(true, &[(2, "get me a manager now")], "invented"),
        ),
        5 * SECOND,
    )
    .await;
    assert_eq!(peer.requests().len(), 1);
    assert_eq!(
        decision.as_ref().map(|d| d.handoff_id.as_str()),
        Some("person")
    );
    assert_eq!(
        kinds(&decision),
        ["human_request"],
        "the rules' own condition"
    );
}

#[tokio::test]
async fn rate_limits_server_errors_malformed_answers_and_refusals_leave_it_to_the_rules() {
    for reply in [
        Reply::json(429, json!({"error": {"message": "slow down"}}))
            .with_header("retry-after", "20"),
        Reply::json(500, json!({"error": {"message": "boom"}})),
        Reply::json(200, completion("{\"holds\": true, \"evidence\": [")),
        Reply::json(200, json!({"unexpected": "shape"})),
        Reply::json(200, refusal("I can't help with that.")),
    ] {
        let status = reply.status;
        let (decision, peer) = person_decision(reply, 5 * SECOND).await;
        assert_eq!(
            peer.requests().len(),
            1,
            "HTTP {status}: asked once, not retried"
        );
        assert_eq!(kinds(&decision), ["human_request"], "HTTP {status}");
    }
}

#[tokio::test]
async fn a_model_slower_than_the_timeout_leaves_it_to_the_rules_in_bounded_time() {
    let started = Instant::now();
    let (decision, peer) = person_decision(
        Reply::json(200, verdict(false, &[], "too late")).after(Duration::from_secs(30)),
        Duration::from_millis(300),
    )
    .await;
    assert!(started.elapsed() < 2 * SECOND, "{:?}", started.elapsed());
    assert_eq!(peer.requests().len(), 1);
    assert_eq!(kinds(&decision), ["human_request"]);
}

#[tokio::test]
async fn the_model_is_asked_only_when_something_plausible_happened() {
    let peer = HttpPeer::scripted(|_| Reply::json(200, verdict(true, &[(0, "hours")], "?"))).await;
    let config = config(vec![handoff("closing", 10, CLOSING, TriggerJudge::Llm)]);
    let judge = judge(&peer, 5 * SECOND);
    let rulebook = Rulebook::new(&config);
    let turns = [Turn::said(Role::User, "what are your opening hours?")];
    assert_eq!(
        decide(&judge, &rulebook, &config, at(0), &turns).await,
        None
    );
    assert!(peer.requests().is_empty(), "nothing plausible: not asked");

    let rules_only = super::config(vec![handoff("closing", 10, CLOSING, TriggerJudge::Rules)]);
    let turns = [Turn::said(Role::User, "close my account")];
    decide(
        &judge,
        &Rulebook::new(&rules_only),
        &rules_only,
        at(0),
        &turns,
    )
    .await;
    assert!(
        peer.requests().is_empty(),
        "judge: rules handoffs are never asked"
    );
}

#[tokio::test]
async fn priority_between_handoffs_is_as_in_the_rulebook() {
    let peer = HttpPeer::scripted(|_| {
        Reply::json(200, verdict(true, &[(0, "close my account")], "Closing."))
    })
    .await;
    let judge = judge(&peer, 5 * SECOND);
    let turns = [Turn::said(
        Role::User,
        "close my account or let me talk to a person",
    )];
    for (closing_priority, winner) in [(20, "closing"), (5, "person"), (10, "person")] {
        let config = config(vec![
            handoff("person", 10, PERSON, TriggerJudge::Rules),
            handoff("closing", closing_priority, CLOSING, TriggerJudge::Llm),
        ]);
        let decision = decide(&judge, &Rulebook::new(&config), &config, at(0), &turns)
            .await
            .expect("something fires");
        assert_eq!(
            decision.handoff_id, winner,
            "closing at priority {closing_priority}"
        );
    }
    assert_eq!(peer.requests().len(), 1, "the same question, remembered");
    let asked = peer.requests()[0].json().to_string();
    assert!(asked.contains("close their account") && !asked.contains("talk to a person."));
}

#[tokio::test]
async fn a_redelivered_turn_asks_the_model_once() {
    let peer = HttpPeer::scripted(|_| {
        Reply::json(
            200,
            verdict(true, &[(2, "talk to a person")], "Asked for a person."),
        )
    })
    .await;
    let config = config(vec![handoff("person", 10, PERSON, TriggerJudge::Llm)]);
    let (judge, rulebook) = (judge(&peer, 5 * SECOND), Rulebook::new(&config));
    let turns = asking_for_a_person();
    for _ in 0..2 {
        let decision = decide(&judge, &rulebook, &config, at(2), &turns).await;
        assert_eq!(kinds(&decision), [CONDITION]);
    }
    assert_eq!(peer.requests().len(), 1);
}
