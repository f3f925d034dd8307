//! `baton config validate|apply|get|history|list|live`: an operator's agent configurations;
//! `baton config settings`: the services' own settings.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use baton_proto::v1::admin_client::AdminClient;
use baton_proto::v1::{
    AgentConfig, AgentRef, ListAgentConfigsRequest, PutAgentConfigRequest, SetLiveRequest,
};

use crate::Endpoints;

/// Configuration subcommands.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Check a configuration file offline: every problem with its line, and what each
    /// trigger instruction was understood as. Exits 1 when the file is invalid.
    Validate {
        /// The agent configuration (YAML).
        file: PathBuf,
    },
    /// Store a configuration (validated again by the server).
    Apply {
        /// The agent configuration (YAML).
        file: PathBuf,
        /// Switch it live: handoffs fire on real conversations.
        #[arg(long)]
        live: bool,
    },
    /// Print a stored configuration as it was applied.
    Get {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// AI agent id.
        #[arg(long)]
        agent: String,
    },
    /// The stored revisions of a configuration, newest first: when, by whom, live or not.
    History {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// AI agent id.
        #[arg(long)]
        agent: String,
    },
    /// List stored configurations.
    List {
        /// Only this tenant's.
        #[arg(long)]
        tenant: Option<String>,
    },
    /// Switch a stored configuration live, or off with `--off`.
    Live {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// AI agent id.
        #[arg(long)]
        agent: String,
        /// Switch it off instead: triggers stop firing.
        #[arg(long)]
        off: bool,
    },
    /// Every setting (environment variable) a Baton process reads: default, whether it is
    /// a secret, which processes read it. Offline.
    Settings {
        /// As the Markdown table of docs/OPERATIONS.md.
        #[arg(long)]
        markdown: bool,
    },
}

/// Runs a configuration subcommand.
pub async fn run(endpoints: &Endpoints, command: Command) -> anyhow::Result<ExitCode> {
    if let Command::Validate { file } = &command {
        return Ok(validate(file, &super::read_file(file)?));
    }
    if let Command::Settings { markdown } = &command {
        return super::settings::run(*markdown);
    }
    let mut client = AdminClient::new(super::channel(&endpoints.grpc).await?);
    match command {
        Command::Validate { .. } | Command::Settings { .. } => unreachable!("handled above"),
        Command::Apply { file, live } => {
            let stored = client
                .put_agent_config(PutAgentConfigRequest {
                    yaml: super::read_file(&file)?,
                    live,
                })
                .await
                .map_err(super::status)?
                .into_inner();
            for trigger in &stored.triggers {
                print_understanding(&trigger.handoff_id, &trigger.understood, &trigger.warnings);
            }
            for warning in &stored.warnings {
                println!("warning: {warning}");
            }
            if let Some(config) = stored.config {
                println!(
                    "applied {}/{} with {} handoff(s); {}",
                    config.tenant_id,
                    config.agent_id,
                    config.handoffs.len(),
                    if config.live {
                        "live"
                    } else {
                        "not live (apply with --live, or `baton config live`)"
                    }
                );
            }
        }
        Command::Get { tenant, agent } => {
            let config = client
                .get_agent_config(AgentRef {
                    tenant_id: tenant,
                    agent_id: agent,
                })
                .await
                .map_err(super::status)?
                .into_inner();
            println!("# live: {}", config.live);
            println!("# updated: {}", updated(&config));
            print!("{}", config.source_yaml);
        }
        Command::History { tenant, agent } => {
            let history = client
                .get_config_history(AgentRef {
                    tenant_id: tenant,
                    agent_id: agent,
                })
                .await
                .map_err(super::status)?
                .into_inner();
            for config in history.revisions {
                println!(
                    "{}\t{}\t{} handoff(s)",
                    updated(&config),
                    if config.live { "live" } else { "off" },
                    config.handoffs.len()
                );
            }
        }
        Command::List { tenant } => {
            let listed = client
                .list_agent_configs(ListAgentConfigsRequest {
                    tenant_id: tenant.unwrap_or_default(),
                })
                .await
                .map_err(super::status)?
                .into_inner();
            for config in listed.configs {
                println!(
                    "{}\t{}\t{}\t{} handoff(s)",
                    config.tenant_id,
                    config.agent_id,
                    if config.live { "live" } else { "off" },
                    config.handoffs.len()
                );
            }
        }
        Command::Live { tenant, agent, off } => {
            let config = client
                .set_live(SetLiveRequest {
                    agent: Some(AgentRef {
                        tenant_id: tenant,
                        agent_id: agent,
                    }),
                    live: !off,
                })
                .await
                .map_err(super::status)?
                .into_inner();
            println!(
                "{}/{} is {}",
                config.tenant_id,
                config.agent_id,
                if config.live { "live" } else { "off" }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// When and by whom `config` was stored: `2026-12-01T12:00:00Z by admin`.
fn updated(config: &AgentConfig) -> String {
    let when = config
        .updated_at
        .as_ref()
        .and_then(|at| jiff::Timestamp::new(at.seconds, at.nanos).ok())
        .map_or_else(|| "unknown time".to_owned(), |at| at.to_string());
    // Revisions stored before authors were recorded have none.
    let by = if config.updated_by.is_empty() {
        "unknown"
    } else {
        &config.updated_by
    };
    format!("{when} by {by}")
}

/// Prints what the file means, or its problems; the exit code says which.
fn validate(file: &Path, yaml: &str) -> ExitCode {
    match baton_config::parse(yaml) {
        Ok(validated) => {
            for trigger in &validated.triggers {
                print_understanding(&trigger.handoff_id, &trigger.understood, &trigger.warnings);
            }
            for warning in &validated.warnings {
                println!("warning: {warning}");
            }
            println!(
                "{}: valid ({} handoff(s))",
                file.display(),
                validated.config.handoffs.len()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            for problem in &err.problems {
                eprintln!("{}:{}: {}", file.display(), problem.line, problem.message);
            }
            ExitCode::FAILURE
        }
    }
}

fn print_understanding(handoff: &str, understood: &[String], warnings: &[String]) {
    println!("handoff {handoff}:");
    for condition in understood {
        println!("  understood: {condition}");
    }
    for warning in warnings {
        println!("  warning: {warning}");
    }
}
