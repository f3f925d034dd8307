//! `baton conversation get|list`: conversation state from the query API.

use std::process::ExitCode;

use baton_proto::v1::conversations_client::ConversationsClient;
use baton_proto::v1::{GetConversationRequest, ListConversationsRequest, Mode};

use crate::{Endpoints, render};

/// Conversation subcommands.
#[derive(clap::Subcommand)]
pub enum Command {
    /// State and transcript of one conversation.
    Get {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// Conversation id.
        #[arg(long)]
        conversation: String,
        /// Print JSON (`mode`, `transcript` of `{role, text}`, ...).
        #[arg(long)]
        json: bool,
    },
    /// A tenant's conversations.
    List {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// Only conversations in this mode (bot, handoff_pending, human, handed_off, closed).
        #[arg(long)]
        mode: Option<String>,
    },
}

/// Runs a conversation subcommand.
pub async fn run(endpoints: &Endpoints, command: Command) -> anyhow::Result<ExitCode> {
    let mut client = ConversationsClient::new(super::channel(&endpoints.grpc).await?);
    match command {
        Command::Get {
            tenant,
            conversation,
            json,
        } => {
            let found = client
                .get_conversation(GetConversationRequest {
                    tenant_id: tenant,
                    conversation_id: conversation,
                })
                .await
                .map_err(super::status)?
                .into_inner();
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&render::conversation_json(&found))?
                );
            } else {
                print!("{}", render::conversation_text(&found));
            }
        }
        Command::List { tenant, mode } => {
            let mode = match mode.as_deref() {
                None => Mode::Unspecified,
                Some(label) => Mode::from_label(label).ok_or_else(|| {
                    anyhow::anyhow!(
                        "unknown mode {label:?}: use bot, handoff_pending, human, handed_off or closed"
                    )
                })?,
            };
            let listed = client
                .list_conversations(ListConversationsRequest {
                    tenant_id: tenant,
                    mode: mode as i32,
                    limit: 0,
                })
                .await
                .map_err(super::status)?
                .into_inner();
            for c in listed.conversations {
                println!(
                    "{:<24} {:<16} {:>4} turns  {}",
                    c.conversation_id,
                    c.mode().label(),
                    c.turns,
                    c.customer_name
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
