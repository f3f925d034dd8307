//! The model's settings, read like every other setting (defaults → file → `BATON_…`
//! environment; `BATON_LLM_API_KEY_FILE` reads the key from a file).

use std::time::Duration;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// Where the model is and how much of it Baton may use.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct LlmSettings {
    /// The API's base URL, with or without the trailing `/v1`
    /// (`https://api.openai.com`, `http://127.0.0.1:11434/v1`). Unset or empty: no model.
    /// `BATON_LLM_BASE_URL`.
    pub llm_base_url: Option<String>,
    /// Sent as `Authorization: Bearer`; unset or empty sends none (a local server).
    /// `BATON_LLM_API_KEY` (or `BATON_LLM_API_KEY_FILE`).
    #[serde(serialize_with = "baton_settings_catalogue::secret")]
    pub llm_api_key: Option<SecretString>,
    /// The model to ask; required with a base URL, since the API has no default.
    /// `BATON_LLM_MODEL`.
    pub llm_model: Option<String>,
    /// The longest one question may take, waiting for a free slot included (at most half
    /// of it): the caller falls back after it. `BATON_LLM_TIMEOUT_MS`.
    pub llm_timeout_ms: u64,
    /// Questions in flight at once per process; more wait (within the timeout).
    /// `BATON_LLM_MAX_CONCURRENCY`.
    pub llm_max_concurrency: usize,
}

impl Default for LlmSettings {
    fn default() -> Self {
        Self {
            llm_base_url: None,
            llm_api_key: None,
            llm_model: None,
            llm_timeout_ms: 5_000,
            llm_max_concurrency: 4,
        }
    }
}

impl LlmSettings {
    /// The base URL, when one is set (an empty value is no value: Kubernetes writes empty
    /// variables for optional Secret keys).
    pub fn base_url(&self) -> Option<&str> {
        self.llm_base_url
            .as_deref()
            .map(str::trim)
            .filter(|url| !url.is_empty())
    }

    /// The timeout of one question.
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.llm_timeout_ms.max(1))
    }
}
