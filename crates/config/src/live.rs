//! `BATON_REQUIRE_LIVE`: a production deployment never delivers a handoff as a dry run. A
//! connector without complete credentials for a helpdesk that a live configuration uses
//! refuses to start, and one missing them later (a configuration applied afterwards)
//! refuses each delivery, so the handoff takes its fallback instead of telling the
//! customer about a ticket that was only written to a file.

use std::collections::BTreeSet;

use baton_bus::Bus;
use baton_proto::v1::{AgentConfig, HandoffType};
use serde::{Deserialize, Serialize};

use crate::store::ConfigStore;

/// Whether dry runs are allowed.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct LiveSettings {
    /// Refuse to deliver without credentials (instead of writing a dry run to the outbox).
    /// `BATON_REQUIRE_LIVE`.
    pub require_live: bool,
}

/// Why a connector refuses to start.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// A live configuration uses a handoff type this connector has no credentials for.
    #[error(
        "BATON_REQUIRE_LIVE is set and the live configuration {tenant}/{agent} uses {kind} handoffs, but {missing} is not set"
    )]
    Unconfigured {
        /// The configuration's tenant.
        tenant: String,
        /// Its agent.
        agent: String,
        /// The handoff type.
        kind: &'static str,
        /// The settings that are missing.
        missing: &'static str,
    },
    /// The configurations could not be read.
    #[error("cannot read the agent configurations to check BATON_REQUIRE_LIVE")]
    Bus(#[from] baton_bus::Error),
}

/// The handoff types `config` can deliver through: its enabled handoffs (fallbacks are
/// handoffs of the same configuration).
pub fn types_used(config: &AgentConfig) -> BTreeSet<i32> {
    config
        .handoffs
        .iter()
        .filter(|handoff| handoff.enabled)
        .map(|handoff| handoff.r#type)
        .collect()
}

/// With `require_live`, refuses when a live configuration on `bus` uses a type of
/// `serves` (each type, with the settings missing for it when it has no credentials).
pub async fn check(
    bus: &Bus,
    settings: LiveSettings,
    serves: &[(HandoffType, Option<&'static str>)],
) -> Result<(), Refused> {
    if !settings.require_live || serves.iter().all(|(_, missing)| missing.is_none()) {
        return Ok(());
    }
    let configs = ConfigStore::open(bus).await?.list(None).await?;
    for config in configs.iter().filter(|config| config.live) {
        let used = types_used(config);
        for (kind, missing) in serves {
            if let Some(missing) = missing
                && used.contains(&(*kind as i32))
            {
                return Err(Refused::Unconfigured {
                    tenant: config.tenant_id.clone(),
                    agent: config.agent_id.clone(),
                    kind: kind.label(),
                    missing,
                });
            }
        }
    }
    Ok(())
}
