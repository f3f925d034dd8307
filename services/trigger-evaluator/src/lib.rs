//! The trigger-evaluator service: decides, after every customer or AI-agent message in bot mode, whether a configured handoff should fire.
//!
//! It reads each agent's configuration from KV `baton_configs` (cached, refreshed by a watch),
//! compiles its trigger instructions once per revision, and publishes `HandoffRequested` when
//! one fires. A conversation whose agent has no live configuration is skipped.
//!
//! With a language model configured (`BATON_LLM_BASE_URL`, see `baton-llm`), handoffs that
//! say `judge: llm` are decided by the model on the turns the rules find plausible, the
//! rules standing in whenever the model fails ([`judged`]); without one, or for `judge:
//! rules` handoffs, the rules decide alone, exactly as before.

mod evaluate;
mod handler;
pub mod judged;
mod prefilter;
mod sessions;

use baton_bus::subjects::Stream;
use baton_bus::{Publisher, WorkerSpec};
use baton_config::policy::LoopGuard;
use baton_config::settings::{GrpcSettings, ServiceSettings};
use baton_llm::{Judge, LlmSettings};
use baton_runtime::{Context, Parts};
use serde::{Deserialize, Serialize};

/// The service's name: consumers, DLQ subject, metrics label.
pub const SERVICE: &str = "trigger-evaluator";

/// Settings of the service.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Settings {
    /// NATS, HTTP, concurrency.
    #[serde(flatten)]
    pub service: ServiceSettings,
    /// Loop protection (`BATON_HANDOFF_COOLDOWN_SECS`, `BATON_MAX_HANDOFFS_PER_CONVERSATION`);
    /// the router applies the same guard, this spares it requests it would refuse.
    #[serde(flatten)]
    pub guard: LoopGuard,
    /// The language model for `judge: llm` handoffs (`BATON_LLM_*`); none without a base URL.
    #[serde(flatten)]
    pub llm: LlmSettings,
}

/// The trigger-evaluator service, as the runtime runs it (`baton_runtime::run`, the binary's `main`).
pub struct TriggerEvaluator;

impl baton_runtime::Service for TriggerEvaluator {
    const NAME: &'static str = SERVICE;
    type Settings = Settings;
    fn common(settings: &Settings) -> (&ServiceSettings, Option<&GrpcSettings>) {
        (&settings.service, None)
    }
    async fn start(context: &Context, settings: &Settings) -> Result<Parts, baton_runtime::Error> {
        start(context, settings).await
    }
}

/// Starts the turn consumer on `context`.
pub async fn start(context: &Context, settings: &Settings) -> Result<Parts, baton_runtime::Error> {
    let bus = context.bus();
    let judge = Judge::from_settings(&settings.llm)
        .map_err(|err| baton_runtime::Error::Settings(Box::new(err)))?;
    if judge.is_some() {
        tracing::info!(
            model = settings.llm.llm_model.as_deref().unwrap_or_default(),
            "judge: llm handoffs are decided by the language model"
        );
    }
    let configs = context.config_cache(SERVICE).await?;
    let handler =
        handler::TurnHandler::new(configs, Publisher::new(bus.clone()), settings.guard, judge);
    let spec = settings.service.worker(WorkerSpec::new(
        SERVICE,
        "trigger-evaluator",
        Stream::Turns,
        vec!["baton.turn.>".into()],
    ));
    context.spawn_worker(spec, handler).await?;
    Ok(Parts::default())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use secrecy::ExposeSecret;

    use super::*;

    fn load(environment: &[(&str, &str)]) -> Settings {
        baton_config::settings::load_from(
            None,
            environment
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned())),
        )
        .expect("settings")
    }

    #[test]
    fn the_model_comes_from_the_environment_and_is_absent_by_default() {
        let mut key = tempfile::NamedTempFile::new().expect("file");
        writeln!(key, "sk-from-file").expect("write");
        let path = key.path().to_string_lossy().into_owned();
        let settings = load(&[
            ("BATON_LLM_BASE_URL", "http://127.0.0.1:11434/v1"),
            ("BATON_LLM_API_KEY_FILE", &path),
            ("BATON_LLM_MODEL", "qwen2.5:7b"),
            ("BATON_LLM_TIMEOUT_MS", "1500"),
            ("BATON_LLM_MAX_CONCURRENCY", "2"),
        ]);
        let llm = &settings.llm;
        assert_eq!(llm.base_url(), Some("http://127.0.0.1:11434/v1"));
        assert_eq!(llm.llm_model.as_deref(), Some("qwen2.5:7b"));
        assert_eq!(
            llm.llm_api_key
                .as_ref()
                .map(|k| k.expose_secret().to_owned()),
            Some("sk-from-file".to_owned())
        );
        assert_eq!((llm.llm_timeout_ms, llm.llm_max_concurrency), (1500, 2));
        assert!(
            !format!("{settings:?}").contains("sk-from-file"),
            "never printed"
        );

        for unset in [vec![], vec![("BATON_LLM_BASE_URL", "")]] {
            let settings = load(&unset);
            assert!(matches!(Judge::from_settings(&settings.llm), Ok(None)));
        }
    }
}
