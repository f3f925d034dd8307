//! The language-model trigger judge: does an operator's instruction hold at the last turn
//! of a conversation, and which words show it?
//!
//! The model sees the instruction and the latest turns, redacted as they would be for
//! delivery ([`prompt`]); its answer is believed only if every quote is in the turn it
//! names ([`evidence`]). Verdicts are remembered per configuration revision, conversation,
//! turn and handoff ([`cache`]). Any failure — timeout, 429, 5xx, refusal, malformed or
//! unbelievable answer — is an error the caller answers with the rules' decision (and logs:
//! it knows what it fell back to); every question is counted in
//! `baton_llm_judge_total{outcome}`, [`LlmError::outcome`] for failures.

mod cache;
mod evidence;
mod prompt;

use std::sync::{Mutex, PoisonError};

use baton_proto::v1::{Evidence, Redaction, Turn};

use crate::{ChatClient, LlmError, LlmSettings};

/// The condition kind of the judge's evidence and matched condition.
pub const CONDITION: &str = "llm_judge";

/// Verdicts remembered per process: a few minutes of turns for a busy evaluator.
const CACHE_ENTRIES: usize = 4_096;

/// What the judge is asked.
#[derive(Debug, Clone, Copy)]
pub struct Question<'a> {
    /// The operator's trigger instruction.
    pub instruction: &'a str,
    /// The conversation so far; the last turn is the one judged. Evidence names turns by
    /// their index here.
    pub turns: &'a [Turn],
    /// What the handoff redacts before anything leaves Baton.
    pub redact: &'a [Redaction],
}

/// Which question a verdict answers: the same key is the same question.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VerdictKey {
    /// The tenant (conversation ids are unique only within it).
    pub tenant: String,
    /// The conversation.
    pub conversation: String,
    /// The agent configuration's revision (a new instruction is a new question).
    pub revision: u64,
    /// The turn judged, as the conversation numbers it.
    pub turn: u32,
    /// The handoff whose instruction is judged.
    pub handoff: String,
}

/// A believed answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Whether the instruction holds at the last turn.
    pub holds: bool,
    /// The quoted words, by turn (indices of [`Question::turns`]), condition [`CONDITION`].
    pub evidence: Vec<Evidence>,
    /// The model's one-sentence reason.
    pub why: String,
}

/// The judge.
pub struct Judge {
    client: ChatClient,
    cache: Mutex<cache::Cache>,
}

impl Judge {
    /// A judge asking through `client`.
    pub fn new(client: ChatClient) -> Self {
        Self {
            client,
            cache: Mutex::new(cache::Cache::new(CACHE_ENTRIES)),
        }
    }

    /// The judge `settings` describe; `None` without a model.
    pub fn from_settings(settings: &LlmSettings) -> Result<Option<Self>, LlmError> {
        Ok(ChatClient::from_settings(settings)?.map(Self::new))
    }

    /// The verdict on `question`, remembered under `key`.
    pub async fn judge(
        &self,
        key: &VerdictKey,
        question: &Question<'_>,
    ) -> Result<Verdict, LlmError> {
        if let Some(verdict) = self.cache().get(key) {
            count("cached");
            return Ok(verdict);
        }
        let result = self.ask(question).await;
        match &result {
            Ok(verdict) => {
                count(if verdict.holds { "holds" } else { "not_holds" });
                self.cache().insert(key.clone(), verdict.clone());
            }
            Err(err) => count(err.outcome()),
        }
        result
    }

    async fn ask(&self, question: &Question<'_>) -> Result<Verdict, LlmError> {
        let shown = prompt::show(question);
        let answer: evidence::Answer = self
            .client
            .ask(&prompt::prompt(question.instruction, &shown))
            .await?;
        evidence::check(answer, &shown)
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, cache::Cache> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn count(outcome: &'static str) {
    metrics::counter!("baton_llm_judge_total", "outcome" => outcome).increment(1);
}
