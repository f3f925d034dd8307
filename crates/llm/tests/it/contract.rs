//! Every request body the client sends is a valid `CreateChatCompletionRequest` of the
//! official OpenAI description, and the check itself can fail.

use std::time::Duration;

use baton_proto::v1::{Role, Turn};
use baton_testkit::llm::{chat_request_violations, verdict};
use baton_testkit::peer::{HttpPeer, Reply};
use serde_json::json;

use super::{closing, judge, key, question};

#[test]
fn the_contract_accepts_structured_output_and_refuses_a_malformed_request() {
    let mut body = json!({
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "system", "content": "Answer in JSON."},
            {"role": "user", "content": "Is it raining?"}
        ],
        "response_format": {
            "type": "json_schema",
            "json_schema": {
                "name": "answer",
                "strict": true,
                "schema": {"type": "object", "properties": {"yes": {"type": "boolean"}}, "required": ["yes"], "additionalProperties": false}
            }
        }
    });
    assert_eq!(chat_request_violations(&body), Vec::<String>::new());

    body["messages"] = json!("oops");
    assert!(!chat_request_violations(&body).is_empty());
    body["messages"] = json!([{"role": "customer", "content": "hi"}]);
    assert!(!chat_request_violations(&body).is_empty(), "unknown role");
    body["messages"] = json!([{"role": "user", "content": "hi"}]);
    body["response_format"]["type"] = json!("yaml");
    assert!(!chat_request_violations(&body).is_empty(), "unknown format");
}

#[tokio::test]
async fn every_request_the_judge_sends_meets_the_contract() {
    let peer = HttpPeer::scripted(|_| Reply::json(200, verdict(false, &[], "Nothing yet."))).await;
    let judge = judge(&format!("{}/v1/", peer.url()), Duration::from_secs(5), 2);
    let mut long = closing();
    for n in 0..60 {
        let mut reply = Turn::said(
            Role::Agent,
            format!("Attempt {n}: try \"restarting\" → 🙂\n\tthen wait"),
        );
        reply.answered = Some(n % 2 == 0);
        long.push(reply);
        long.push(Turn::said(
            Role::User,
            "didn't work; card 4111 1111 1111 1111",
        ));
    }
    for (n, turns) in [&closing()[..1], &closing(), &long].into_iter().enumerate() {
        judge
            .judge(&key(u32::try_from(n).expect("few")), &question(turns))
            .await
            .expect("a verdict");
    }

    let requests = peer.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.line(), "POST /v1/chat/completions");
        assert_eq!(request.header("authorization"), Some("Bearer sk-test-key"));
        assert_eq!(request.header("content-type"), Some("application/json"));
        let body = request.json();
        assert_eq!(
            chat_request_violations(&body),
            Vec::<String>::new(),
            "{body:#}"
        );
        assert_eq!(body["response_format"]["json_schema"]["strict"], true);
        let sent = body.to_string();
        assert!(
            !sent.contains("ana@example.com"),
            "redacted as for delivery"
        );
    }
}
