//! `baton dlq list|replay`: the messages no service could process, and sending them again
//! once the cause is fixed.

use std::process::ExitCode;

use baton_bus::dlq;

use crate::Endpoints;

/// Dead-letter subcommands.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Dead letters, oldest first: sequence, service, original subject, deliveries, reason.
    List {
        /// Only this service's (e.g. conversation, email-sender).
        #[arg(long)]
        service: Option<String>,
    },
    /// Publish dead letters again on their original subjects and remove them from the DLQ.
    Replay {
        /// The sequences to replay (from `baton dlq list`).
        #[arg(required_unless_present = "all")]
        sequences: Vec<u64>,
        /// Replay every dead letter (of `--service`, if given).
        #[arg(long, conflicts_with = "sequences")]
        all: bool,
        /// With `--all`: only this service's.
        #[arg(long, requires = "all")]
        service: Option<String>,
    },
}

/// Runs a dead-letter subcommand.
pub async fn run(endpoints: &Endpoints, command: Command) -> anyhow::Result<ExitCode> {
    let bus = super::connect(&endpoints.nats).await?;
    match command {
        Command::List { service } => {
            let letters = dlq::list(&bus, service.as_deref()).await?;
            if letters.is_empty() {
                eprintln!("no dead letters");
            }
            for listed in letters {
                let letter = &listed.letter;
                let cut = if letter.payload_bytes > 0 {
                    format!(
                        " [payload cut to {} of {} bytes: cannot be replayed]",
                        letter.payload.len(),
                        letter.payload_bytes
                    )
                } else {
                    String::new()
                };
                println!(
                    "{}\t{}\t{}\t{} deliveries\t{}{cut}",
                    listed.sequence,
                    letter.service,
                    letter.subject,
                    letter.deliveries,
                    letter.reason
                );
            }
        }
        Command::Replay {
            sequences,
            all,
            service,
        } => {
            let sequences = if all {
                dlq::list(&bus, service.as_deref())
                    .await?
                    .into_iter()
                    .map(|listed| listed.sequence)
                    .collect()
            } else {
                sequences
            };
            for sequence in sequences {
                let letter = dlq::replay(&bus, sequence).await?;
                println!("replayed {sequence} to {}", letter.subject);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
