//! `baton handoffs list|get`: what happened to handoffs, from the router's records.

use std::process::ExitCode;

use baton_proto::v1::admin_client::AdminClient;
use baton_proto::v1::{GetHandoffRequest, HandoffRecord, ListHandoffsRequest};

use crate::Endpoints;

/// Handoff subcommands.
#[derive(clap::Subcommand)]
pub enum Command {
    /// A tenant's handoffs, newest first.
    List {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// Only this conversation's.
        #[arg(long)]
        conversation: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// One handoff with every attempt.
    Get {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// Handoff record id (`<conversation>-<n>`).
        #[arg(long)]
        record: String,
    },
}

/// Runs a handoff subcommand.
pub async fn run(endpoints: &Endpoints, command: Command) -> anyhow::Result<ExitCode> {
    let mut client = AdminClient::new(super::channel(&endpoints.grpc).await?);
    match command {
        Command::List {
            tenant,
            conversation,
            limit,
        } => {
            let listed = client
                .list_handoffs(ListHandoffsRequest {
                    tenant_id: tenant,
                    conversation_id: conversation.unwrap_or_default(),
                    limit,
                })
                .await
                .map_err(super::status)?
                .into_inner();
            for record in &listed.handoffs {
                println!("{}", line(record));
            }
        }
        Command::Get { tenant, record } => {
            let record = client
                .get_handoff(GetHandoffRequest {
                    tenant_id: tenant,
                    record_id: record,
                })
                .await
                .map_err(super::status)?
                .into_inner();
            println!("{}", line(&record));
            if let Some(reason) = &record.reason {
                println!("  reason: {}", reason.text);
            }
            for attempt in &record.attempts {
                println!(
                    "  attempt {}: {} ({}) {}{}{}",
                    attempt.attempt,
                    attempt.handoff_id,
                    attempt.r#type().label(),
                    attempt.state().label(),
                    if attempt.external_ref.is_empty() {
                        String::new()
                    } else {
                        format!(" ref {}", attempt.external_ref)
                    },
                    if attempt.failure.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", attempt.failure)
                    },
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn line(record: &HandoffRecord) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}",
        record.id,
        record.conversation_id,
        record.handoff_id,
        record.state().label(),
        record.external_ref
    )
}
