//! The Chat Completions wire format, only the part Baton uses: a system and a user message
//! with `response_format: {type: json_schema, json_schema: {name, strict: true, schema}}`,
//! and the first choice's `message.content` (or `message.refusal`) of the answer.
//!
//! Optional fields are left out rather than sent as `null`: strict servers (and the
//! official description, whose 3.0-style `nullable` a JSON Schema validator ignores) refuse
//! nulls that the API documents as optional.

use serde::{Deserialize, Serialize};

use crate::LlmError;
use crate::client::Prompt;

/// A request body.
#[derive(Debug, Serialize)]
pub struct ChatRequest<'a> {
    model: &'a str,
    messages: [Message<'a>; 2],
    response_format: ResponseFormat<'a>,
}

#[derive(Debug, Serialize)]
struct Message<'a> {
    role: &'static str,
    content: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ResponseFormat<'a> {
    JsonSchema { json_schema: JsonSchema<'a> },
}

#[derive(Debug, Serialize)]
struct JsonSchema<'a> {
    name: &'a str,
    strict: bool,
    schema: &'a serde_json::Value,
}

impl<'a> ChatRequest<'a> {
    /// `prompt` for `model`.
    pub fn new(model: &'a str, prompt: &'a Prompt) -> Self {
        Self {
            model,
            messages: [
                Message {
                    role: "system",
                    content: &prompt.system,
                },
                Message {
                    role: "user",
                    content: &prompt.user,
                },
            ],
            response_format: ResponseFormat::JsonSchema {
                json_schema: JsonSchema {
                    name: prompt.output.name,
                    strict: true,
                    schema: &prompt.output.schema,
                },
            },
        }
    }
}

/// An answer body.
#[derive(Debug, Deserialize)]
pub struct ChatResponse {
    choices: Vec<Choice>,
}

#[derive(Debug, Deserialize)]
struct Choice {
    message: AssistantMessage,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Debug, Deserialize)]
struct AssistantMessage {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    refusal: Option<String>,
}

impl TryFrom<ChatResponse> for String {
    type Error = LlmError;

    /// The first choice's content: the structured answer as JSON text.
    fn try_from(response: ChatResponse) -> Result<String, LlmError> {
        let choice = response
            .choices
            .into_iter()
            .next()
            .ok_or(LlmError::Malformed("the answer has no choices"))?;
        if choice.message.refusal.is_some_and(|r| !r.is_empty()) {
            return Err(LlmError::Refusal);
        }
        // A cut-off answer is JSON that stops in the middle.
        if choice.finish_reason.as_deref() == Some("length") {
            return Err(LlmError::Malformed(
                "the answer was cut off at the token limit",
            ));
        }
        choice
            .message
            .content
            .filter(|content| !content.trim().is_empty())
            .ok_or(LlmError::Malformed("the answer has no content"))
    }
}
