//! Why the model could not be set up or gave no usable answer. Messages carry statuses and
//! reasons, never what was asked or answered (customer text) nor the key; the HTTP error
//! behind one is its `source()`, for logs that print the cause chain.

use std::time::Duration;

/// Why the model could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// A base URL without a model name.
    #[error("BATON_LLM_BASE_URL is set but BATON_LLM_MODEL is not: the API has no default model")]
    NoModel,
    /// The base URL is not an http(s) URL.
    #[error("BATON_LLM_BASE_URL {url:?} is not an http or https URL")]
    BadUrl {
        /// The URL as given.
        url: String,
    },
    /// The HTTP client could not be built.
    #[error("cannot build the language-model HTTP client")]
    Client(#[source] reqwest::Error),
    /// Every slot stayed busy for half the timeout.
    #[error("no free slot within {0:?} (BATON_LLM_MAX_CONCURRENCY questions in flight)")]
    Busy(Duration),
    /// No answer within the timeout.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// The server could not be reached, or the connection broke.
    #[error("unreachable")]
    Unreachable(#[source] reqwest::Error),
    /// HTTP 429.
    #[error("rate limited (HTTP 429)")]
    RateLimited,
    /// HTTP 5xx.
    #[error("server error (HTTP {0})")]
    Server(u16),
    /// Any other non-success status (a bad key, an unknown model, a refused request).
    #[error("request refused (HTTP {0})")]
    Rejected(u16),
    /// The model declined to answer (`message.refusal`).
    #[error("the model refused to answer")]
    Refusal,
    /// The answer is not what was asked for.
    #[error("malformed answer: {0}")]
    Malformed(&'static str),
    /// The answer is well-formed but cannot be believed (evidence nobody wrote).
    #[error("answer discarded: {0}")]
    Unsupported(&'static str),
}

impl LlmError {
    /// A metric label for the failure: a fixed, small set.
    pub fn outcome(&self) -> &'static str {
        match self {
            LlmError::NoModel | LlmError::BadUrl { .. } | LlmError::Client(_) => "misconfigured",
            LlmError::Busy(_) => "busy",
            LlmError::Timeout(_) => "timeout",
            LlmError::Unreachable(_) => "unreachable",
            LlmError::RateLimited => "rate_limited",
            LlmError::Server(_) => "server_error",
            LlmError::Rejected(_) => "rejected",
            LlmError::Refusal => "refusal",
            LlmError::Malformed(_) => "malformed",
            LlmError::Unsupported(_) => "unsupported_evidence",
        }
    }
}
