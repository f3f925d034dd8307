//! How the judge treats each kind of answer: believed, discarded, failed, remembered.

use std::time::{Duration, Instant};

use baton_llm::LlmError;
use baton_llm::judge::CONDITION;
use baton_testkit::llm::{completion, refusal, verdict};
use baton_testkit::peer::{HttpPeer, Reply};
use serde_json::json;

use super::{closing, judge, judged, key, question};

const SECOND: Duration = Duration::from_secs(1);

#[tokio::test]
async fn a_verdict_quoting_the_transcript_is_believed() {
    baton_telemetry::metrics::install().expect("recorder");
    let before = judged("holds");
    let peer = HttpPeer::scripted(|_| {
        Reply::json(
            200,
            verdict(
                true,
                &[(2, "“close my account”")],
                "The customer wants their account closed.",
            ),
        )
    })
    .await;
    let verdict = judge(&peer.url(), 5 * SECOND, 2)
        .judge(&key(2), &question(&closing()))
        .await
        .expect("believed");
    assert!(verdict.holds);
    assert_eq!(verdict.evidence.len(), 1);
    assert_eq!(verdict.evidence[0].turn_index, 2);
    assert_eq!(verdict.evidence[0].quote, "close my account");
    assert_eq!(verdict.evidence[0].condition, CONDITION);
    assert_eq!(verdict.why, "The customer wants their account closed.");
    assert!(judged("holds") > before);
}

#[tokio::test]
async fn a_verdict_quoting_words_nobody_wrote_is_discarded() {
    baton_telemetry::metrics::install().expect("recorder");
    let before = judged("unsupported_evidence");
    for answer in [
        verdict(true, &[(2, "delete everything now")], "invented"),
        verdict(true, &[(1, "close my account")], "right words, wrong turn"),
        verdict(
            true,
            &[(9, "close my account")],
            "a turn that does not exist",
        ),
        verdict(true, &[], "no evidence at all"),
        verdict(false, &[(0, "i want a lawyer")], "invented, even for no"),
    ] {
        let peer = HttpPeer::scripted(move |_| Reply::json(200, answer.clone())).await;
        let result = judge(&peer.url(), 5 * SECOND, 2)
            .judge(&key(2), &question(&closing()))
            .await;
        assert!(
            matches!(result, Err(LlmError::Unsupported(_))),
            "{result:?}"
        );
    }
    assert!(judged("unsupported_evidence") >= before + 5);
}

#[tokio::test]
async fn rate_limits_and_server_errors_fail_at_once_without_retrying() {
    for (status, outcome) in [
        (429, "rate_limited"),
        (500, "server_error"),
        (401, "rejected"),
    ] {
        let peer = HttpPeer::scripted(move |_| {
            Reply::json(status, json!({"error": {"message": "no", "type": "x"}}))
                .with_header("retry-after", "1")
        })
        .await;
        let err = judge(&peer.url(), 5 * SECOND, 2)
            .judge(&key(2), &question(&closing()))
            .await
            .expect_err("a failure");
        assert_eq!(err.outcome(), outcome, "{err}");
        assert_eq!(peer.requests().len(), 1, "HTTP {status} is not retried");
    }
}

#[tokio::test]
async fn a_model_slower_than_the_timeout_is_abandoned_in_time() {
    let peer = HttpPeer::scripted(|_| {
        Reply::json(200, verdict(false, &[], "late")).after(Duration::from_secs(30))
    })
    .await;
    let started = Instant::now();
    let err = judge(&peer.url(), Duration::from_millis(300), 2)
        .judge(&key(2), &question(&closing()))
        .await
        .expect_err("too slow");
    assert!(matches!(err, LlmError::Timeout(_)), "{err}");
    assert!(started.elapsed() < 2 * SECOND, "{:?}", started.elapsed());
}

#[tokio::test]
async fn questions_beyond_the_concurrency_limit_wait_half_the_timeout_for_a_slot() {
    let peer = HttpPeer::scripted(|_| {
        Reply::json(200, verdict(false, &[], "late")).after(Duration::from_secs(30))
    })
    .await;
    let judge = judge(&peer.url(), Duration::from_millis(300), 1);
    let turns = closing();
    let (early, late) = (question(&turns[..2]), question(&turns));
    let (first_key, second_key) = (key(1), key(2));
    let (first, second) = tokio::join!(
        judge.judge(&first_key, &early),
        judge.judge(&second_key, &late),
    );
    let outcomes = [first, second].map(|r| r.expect_err("both fail").outcome());
    assert!(
        outcomes.contains(&"busy") && outcomes.contains(&"timeout"),
        "{outcomes:?}"
    );
    assert_eq!(peer.requests().len(), 1, "one slot, one request in flight");
}

#[tokio::test]
async fn malformed_answers_and_refusals_are_failures() {
    for (answer, outcome) in [
        (json!("not a completion"), "malformed"),
        (json!({"choices": []}), "malformed"),
        (completion("{\"holds\": tru"), "malformed"),
        (
            completion("{\"holds\": \"yes\", \"evidence\": [], \"why\": \"\"}"),
            "malformed",
        ),
        (completion("{\"verdict\": true}"), "malformed"),
        (refusal("I can't help with that."), "refusal"),
    ] {
        let peer = HttpPeer::scripted(move |_| Reply::json(200, answer.clone())).await;
        let err = judge(&peer.url(), 5 * SECOND, 2)
            .judge(&key(2), &question(&closing()))
            .await
            .expect_err("unusable");
        assert_eq!(err.outcome(), outcome, "{err}");
    }
}

#[tokio::test]
async fn a_verdict_is_asked_once_per_revision_conversation_turn_and_handoff() {
    let peer = HttpPeer::scripted(|_| Reply::json(200, verdict(false, &[], "Not yet."))).await;
    let judge = judge(&peer.url(), 5 * SECOND, 2);
    let turns = closing();
    for _ in 0..3 {
        judge
            .judge(&key(2), &question(&turns))
            .await
            .expect("verdict");
    }
    assert_eq!(peer.requests().len(), 1, "asked once, remembered after");

    let mut revised = key(2);
    revised.revision = 8;
    judge
        .judge(&revised, &question(&turns))
        .await
        .expect("verdict");
    let mut other = key(2);
    other.handoff = "refund".into();
    judge
        .judge(&other, &question(&turns))
        .await
        .expect("verdict");
    assert_eq!(
        peer.requests().len(),
        3,
        "a new revision or handoff is a new question"
    );
}

#[tokio::test]
async fn failures_are_not_remembered() {
    let peer = HttpPeer::scripted(|_| Reply::json(500, json!({}))).await;
    let judge = judge(&peer.url(), 5 * SECOND, 2);
    for _ in 0..2 {
        judge
            .judge(&key(2), &question(&closing()))
            .await
            .expect_err("server error");
    }
    assert_eq!(peer.requests().len(), 2);
}
