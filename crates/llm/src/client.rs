//! The HTTP side of the model: URL, key, timeout, concurrency and the mapping of statuses
//! to [`LlmError`]. One call is one try: callers fall back instead of retrying, so a slow
//! or failing model costs a turn at most the timeout.

use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;

use crate::wire::{ChatRequest, ChatResponse};
use crate::{LlmError, LlmSettings};

/// What the answer must look like: a JSON schema (strict structured output, so every
/// object lists all its properties as required and forbids others) and its name.
#[derive(Debug, Clone)]
pub struct OutputSchema {
    /// `json_schema.name`: `[a-zA-Z0-9_-]{1,64}`.
    pub name: &'static str,
    /// `json_schema.schema`.
    pub schema: serde_json::Value,
}

/// One question: the task (system message), the material (user message), the answer's shape.
#[derive(Debug, Clone)]
pub struct Prompt {
    /// What the model is to do.
    pub system: String,
    /// What it is to do it on.
    pub user: String,
    /// The shape of the answer.
    pub output: OutputSchema,
}

/// A Chat Completions client.
#[derive(Clone)]
pub struct ChatClient {
    http: reqwest::Client,
    url: String,
    model: String,
    key: Option<SecretString>,
    timeout: Duration,
    slots: Arc<Semaphore>,
}

impl ChatClient {
    /// The client `settings` describe; `None` without a base URL.
    pub fn from_settings(settings: &LlmSettings) -> Result<Option<Self>, LlmError> {
        let Some(base) = settings.base_url() else {
            return Ok(None);
        };
        let model = settings
            .llm_model
            .as_deref()
            .map(str::trim)
            .filter(|model| !model.is_empty())
            .ok_or(LlmError::NoModel)?;
        let url = completions_url(base)?;
        // reqwest is built without a default crypto provider; ring is the workspace's.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let timeout = settings.timeout();
        let http = reqwest::Client::builder()
            .connect_timeout(timeout)
            .user_agent(concat!("baton/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(LlmError::Client)?;
        Ok(Some(Self {
            http,
            url,
            model: model.to_owned(),
            key: settings
                .llm_api_key
                .clone()
                .filter(|key| !key.expose_secret().trim().is_empty()),
            timeout,
            slots: Arc::new(Semaphore::new(settings.llm_max_concurrency.max(1))),
        }))
    }

    /// Asks `prompt` and reads the answer's content as `T`, within the timeout.
    ///
    /// Waiting for a slot may take half of it at most: a question that got a slot only at
    /// its deadline would hold it just to time out, so under overload every question would
    /// fail late instead of some failing early.
    pub async fn ask<T: DeserializeOwned>(&self, prompt: &Prompt) -> Result<T, LlmError> {
        let started = Instant::now();
        let wait = self.timeout / 2;
        let _slot = tokio::time::timeout(wait, self.slots.acquire())
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or(LlmError::Busy(wait))?;
        let left = self.timeout.saturating_sub(started.elapsed());
        let content = tokio::time::timeout(left, self.send(prompt))
            .await
            .map_err(|_| LlmError::Timeout(self.timeout))??;
        serde_json::from_str(&content)
            .map_err(|_| LlmError::Malformed("the content is not JSON of the requested shape"))
    }

    /// One POST; the answer's content.
    async fn send(&self, prompt: &Prompt) -> Result<String, LlmError> {
        let mut request = self
            .http
            .post(&self.url)
            .json(&ChatRequest::new(&self.model, prompt));
        if let Some(key) = &self.key {
            request = request.bearer_auth(key.expose_secret());
        }
        let response = request.send().await.map_err(LlmError::Unreachable)?;
        let status = response.status();
        if status.as_u16() == 429 {
            return Err(LlmError::RateLimited);
        }
        if status.is_server_error() {
            return Err(LlmError::Server(status.as_u16()));
        }
        if !status.is_success() {
            return Err(LlmError::Rejected(status.as_u16()));
        }
        let body = response.bytes().await.map_err(LlmError::Unreachable)?;
        let answer: ChatResponse = serde_json::from_slice(&body)
            .map_err(|_| LlmError::Malformed("the body is not a chat completion"))?;
        String::try_from(answer)
    }
}

/// `{base}/v1/chat/completions`, whether `base` ends in `/v1` or not.
fn completions_url(base: &str) -> Result<String, LlmError> {
    let bad = || LlmError::BadUrl {
        url: base.to_owned(),
    };
    let parsed = reqwest::Url::parse(base).map_err(|_| bad())?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(bad());
    }
    let base = base.trim_end_matches('/');
    let base = base.strip_suffix("/v1").unwrap_or(base);
    Ok(format!("{base}/v1/chat/completions"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_url_may_end_in_v1_or_not() {
        for base in [
            "http://127.0.0.1:8000",
            "http://127.0.0.1:8000/",
            "http://127.0.0.1:8000/v1",
            "http://127.0.0.1:8000/v1/",
        ] {
            assert_eq!(
                completions_url(base).expect("valid"),
                "http://127.0.0.1:8000/v1/chat/completions",
                "{base}"
            );
        }
        assert_eq!(
            completions_url("https://gateway.example/openai/v1").expect("valid"),
            "https://gateway.example/openai/v1/chat/completions"
        );
        assert!(completions_url("127.0.0.1:8000").is_err());
        assert!(completions_url("ftp://models.example").is_err());
    }

    #[test]
    fn no_base_url_is_no_client_and_a_base_url_needs_a_model() {
        let mut settings = LlmSettings {
            llm_base_url: Some("  ".into()),
            ..LlmSettings::default()
        };
        assert!(matches!(ChatClient::from_settings(&settings), Ok(None)));
        settings.llm_base_url = Some("http://127.0.0.1:8000".into());
        assert!(matches!(
            ChatClient::from_settings(&settings),
            Err(LlmError::NoModel)
        ));
        settings.llm_model = Some("small".into());
        settings.llm_api_key = Some(SecretString::from(String::new()));
        let client = ChatClient::from_settings(&settings)
            .expect("valid")
            .expect("configured");
        assert!(client.key.is_none(), "an empty key is no key");
    }
}
