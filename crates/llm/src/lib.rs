//! Baton's language model, when one is configured: a client for the OpenAI-compatible Chat
//! Completions API (`POST {base}/v1/chat/completions`, structured output with a JSON
//! schema), which vLLM, Ollama, llama.cpp's server and hosted providers all speak, and the
//! trigger judge built on it.
//!
//! - [`LlmSettings`]: `BATON_LLM_BASE_URL`, `BATON_LLM_API_KEY`, `BATON_LLM_MODEL`, a
//!   timeout and a concurrency limit. Without a base URL there is no model, and every caller
//!   keeps its built-in behaviour.
//! - [`ChatClient`]: one structured question, one answer — bounded in time (waiting for a
//!   free slot included) and in concurrency; never retried, because every caller has a
//!   fallback that is faster than a retry.
//! - [`Judge`]: whether an operator's trigger instruction holds at the last turn of a
//!   conversation, with quoted evidence that is checked against the transcript.
//!
//! Customer text never appears in logs or errors, and the API key never leaves the
//! `Authorization` header.

mod client;
mod error;
pub mod judge;
mod settings;
mod wire;

pub use client::{ChatClient, OutputSchema, Prompt};
pub use error::LlmError;
pub use judge::{Judge, Question, Verdict, VerdictKey};
pub use settings::LlmSettings;
