//! The copilot-drafter service: drafts suggested replies for human agents from the agent's knowledge base.
//!
//! It consumes `TurnRecorded` and, for each customer message in a conversation a human
//! handles with Copilot on (`active_handoff.copilot`), drafts a reply from the agent's
//! knowledge base (the Markdown files of the configuration's `knowledge` paths, indexed with
//! BM25 in memory) and publishes a `CopilotDraft` on
//! `baton.copilot.draft.<type>.<tenant>.<conversation>`; the connector posts it as an internal
//! note. When nothing in the knowledge base matches well enough the draft is empty
//! ("no confident suggestion"). Nothing is ever sent to the customer from here.
//!
//! The drafter is embedded and deterministic (no LLM).

pub mod draft;
mod handler;
pub mod index;
pub mod knowledge;
pub mod library;

use std::path::PathBuf;
use std::time::Duration;

use baton_bus::subjects::Stream;
use baton_bus::{Publisher, WorkerSpec};
use baton_config::settings::{GrpcSettings, ServiceSettings};
use baton_runtime::{Context, Parts};
use serde::{Deserialize, Serialize};

use crate::draft::{DEFAULT_MIN_CONFIDENCE, Drafter};
use crate::library::Library;

/// The service's name: consumers, DLQ subject, metrics label.
pub const SERVICE: &str = "copilot-drafter";

/// Settings of the service.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct Settings {
    /// NATS, HTTP, concurrency, data dir.
    #[serde(flatten)]
    pub service: ServiceSettings,
    /// Where relative `knowledge` paths of agent configurations are found
    /// (`BATON_KNOWLEDGE_DIR`; default: the data dir).
    pub knowledge_dir: Option<PathBuf>,
    /// Seconds between checks of the knowledge files for changes
    /// (`BATON_KNOWLEDGE_REFRESH_SECS`).
    pub knowledge_refresh_secs: u64,
    /// Below this confidence (0..1) no reply is drafted (`BATON_COPILOT_MIN_CONFIDENCE`).
    pub copilot_min_confidence: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            service: ServiceSettings::default(),
            knowledge_dir: None,
            knowledge_refresh_secs: 30,
            copilot_min_confidence: DEFAULT_MIN_CONFIDENCE,
        }
    }
}

impl Settings {
    /// Where relative knowledge paths are resolved.
    pub fn knowledge_root(&self) -> PathBuf {
        self.knowledge_dir
            .clone()
            .unwrap_or_else(|| self.service.data_dir.clone())
    }
}

/// The copilot-drafter service, as the runtime runs it (`baton_runtime::run`, the binary's `main`).
pub struct CopilotDrafter;

impl baton_runtime::Service for CopilotDrafter {
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
    let configs = context.config_cache(SERVICE).await?;
    let library = Library::new(
        settings.knowledge_root(),
        Duration::from_secs(settings.knowledge_refresh_secs),
    );
    let handler = handler::TurnHandler::new(
        configs,
        library,
        Drafter::new(settings.copilot_min_confidence),
        Publisher::new(bus.clone()),
    );
    let spec = settings.service.worker(WorkerSpec::new(
        SERVICE,
        "copilot-drafter",
        Stream::Turns,
        vec!["baton.turn.>".into()],
    ));
    context.spawn_worker(spec, handler).await?;
    Ok(Parts::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_come_from_the_environment_with_defaults() {
        let defaults: Settings =
            baton_config::settings::load_from(None, Vec::new()).expect("defaults");
        assert_eq!(defaults.knowledge_root(), PathBuf::from("./var"));
        assert_eq!(defaults.copilot_min_confidence, DEFAULT_MIN_CONFIDENCE);

        let environment = [
            ("BATON_DATA_DIR", "/srv/baton"),
            ("BATON_KNOWLEDGE_DIR", "/srv/knowledge"),
            ("BATON_KNOWLEDGE_REFRESH_SECS", "5"),
            ("BATON_COPILOT_MIN_CONFIDENCE", "0.5"),
        ]
        .map(|(name, value)| (name.to_owned(), value.to_owned()));
        let settings: Settings =
            baton_config::settings::load_from(None, environment).expect("settings");
        assert_eq!(settings.knowledge_root(), PathBuf::from("/srv/knowledge"));
        assert_eq!(settings.knowledge_refresh_secs, 5);
        assert_eq!(settings.copilot_min_confidence, 0.5);
        assert_eq!(settings.service.data_dir, PathBuf::from("/srv/baton"));
    }
}
