//! A language model for tests: Chat Completions answer bodies for an [`HttpPeer`]
//! (`crate::peer::HttpPeer::scripted`) to send, and the contract every request body must
//! meet — `#/components/schemas/CreateChatCompletionRequest` of OpenAI's official
//! description, checked with a JSON Schema 2020-12 validator (Prism cannot: it answers 200
//! to that operation whatever the body).
//!
//! [`HttpPeer`]: crate::peer::HttpPeer

use std::path::PathBuf;
use std::sync::LazyLock;

use serde_json::{Value, json};

/// The official description, in `shared/specs` beside the repository (too large to copy
/// into `tests/contracts/specs` as the helpdesk descriptions are).
pub fn openai_spec() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/specs/openai-api.yaml")
}

/// A chat completion whose first choice says `content`.
pub fn completion(content: &str) -> Value {
    answer(
        json!({"role": "assistant", "content": content, "refusal": null}),
        "stop",
    )
}

/// A chat completion whose content is the judge's verdict.
pub fn verdict(holds: bool, evidence: &[(u32, &str)], why: &str) -> Value {
    let evidence: Vec<Value> = evidence
        .iter()
        .map(|(turn, quote)| json!({"turn": turn, "quote": quote}))
        .collect();
    completion(&json!({"holds": holds, "evidence": evidence, "why": why}).to_string())
}

/// A chat completion in which the model declines (`message.refusal`).
pub fn refusal(text: &str) -> Value {
    answer(
        json!({"role": "assistant", "content": null, "refusal": text}),
        "stop",
    )
}

fn answer(message: Value, finish_reason: &str) -> Value {
    json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_800_000_000,
        "model": "test-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": null}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
    })
}

/// What is wrong with `body` as a `CreateChatCompletionRequest`; empty when it is valid.
///
/// # Panics
/// When the description cannot be read or compiled: no request can be checked.
pub fn chat_request_violations(body: &Value) -> Vec<String> {
    CONTRACT
        .iter_errors(body)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

/// The base URI the description is registered under; any absolute URI would do.
const SPEC_URI: &str = "https://baton.invalid/openai-api.yaml";

/// The validator of `CreateChatCompletionRequest`.
///
/// An OpenAPI 3.1 document is not itself a JSON Schema: its schemas live under
/// `components/schemas` and refer to each other with `#/components/schemas/...` pointers
/// into the document. So the whole document is registered as one 2020-12 resource under
/// [`SPEC_URI`] and the validator is built for `{"$ref": "<SPEC_URI>#/components/schemas/
/// CreateChatCompletionRequest"}`: every `$ref` then resolves inside the document. OpenAPI's
/// own keywords (`discriminator`, `example`, `x-…`, 3.0-style `nullable`) are unknown to
/// 2020-12 and only annotate — so a `null` where the description says `nullable` is
/// refused, which Baton's client never sends.
static CONTRACT: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let path = openai_spec();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    // `seed` is bounded by ±9223372036854776000: the 64-bit limits as a JavaScript float
    // prints them, one past what a 64-bit integer (and so a JSON value here) holds. Read
    // them as the limits they mean.
    let text = text
        .replace("-9223372036854776000", &i64::MIN.to_string())
        .replace("9223372036854776000", &i64::MAX.to_string());
    let document: Value = serde_norway::from_str(&text)
        .unwrap_or_else(|err| panic!("{} is not YAML: {err}", path.display()));
    let registry = jsonschema::Registry::new()
        .add(
            SPEC_URI,
            jsonschema::Draft::Draft202012.create_resource(document),
        )
        .and_then(|registry| registry.prepare())
        .unwrap_or_else(|err| panic!("cannot register {}: {err}", path.display()));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_registry(&registry)
        .build(
            &json!({"$ref": format!("{SPEC_URI}#/components/schemas/CreateChatCompletionRequest")}),
        )
        .unwrap_or_else(|err| panic!("cannot compile CreateChatCompletionRequest: {err}"))
});
