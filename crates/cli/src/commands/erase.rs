//! `baton erase`: the right-to-erasure request every support team receives. Deletes
//! everything Baton holds about one conversation, or about one customer of a tenant, and
//! prints what it deleted.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use baton_bus::erase::{self, Whom};

use crate::Endpoints;

/// Flags of `baton erase`.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("whom").required(true).args(["conversation", "customer"])))]
pub struct Args {
    /// The tenant.
    #[arg(long)]
    tenant: String,
    /// One conversation, by id.
    #[arg(long)]
    conversation: Option<String>,
    /// Every conversation of this customer: their external id or email.
    #[arg(long)]
    customer: Option<String>,
    /// Also delete the dry-run outbox files that name those conversations (`baton run`'s
    /// `--data-dir`; requests and emails written instead of sent).
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

/// Runs `baton erase`.
pub async fn run(endpoints: &Endpoints, args: Args) -> anyhow::Result<ExitCode> {
    let bus = super::connect(&endpoints.nats).await?;
    let whom = match (&args.conversation, &args.customer) {
        (Some(conversation), _) => Whom::Conversation(conversation),
        (None, Some(customer)) => Whom::Customer(customer),
        (None, None) => anyhow::bail!("name --conversation or --customer"),
    };
    let erased = erase::erase(&bus, &args.tenant, whom).await?;
    if erased.conversations.is_empty() {
        println!("nothing held about them in tenant {}", args.tenant);
        return Ok(ExitCode::SUCCESS);
    }
    for conversation in &erased.conversations {
        println!("conversation {}/{conversation}", args.tenant);
    }
    for key in &erased.keys {
        println!("  deleted {key}");
    }
    println!(
        "  purged {} stream messages and {} dead letters",
        erased.messages, erased.dead_letters
    );
    if let Some(data_dir) = &args.data_dir {
        for file in erase_outbox(&data_dir.join("outbox"), &erased.conversations)? {
            println!("  deleted {}", file.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Deletes the files under `outbox` that name one of `conversations` (their id, or a
/// record id `<conversation>-<n>`, as a whole token).
fn erase_outbox(outbox: &Path, conversations: &[String]) -> anyhow::Result<Vec<PathBuf>> {
    let mut deleted = Vec::new();
    let mut folders = vec![outbox.to_owned()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if conversations.iter().any(|id| names(&text, id)) {
                std::fs::remove_file(&path)
                    .with_context(|| format!("cannot delete {}", path.display()))?;
                deleted.push(path);
            }
        }
    }
    deleted.sort();
    Ok(deleted)
}

/// Whether `text` has `conversation` as a token of its own, or followed by a record number:
/// ids are `[A-Za-z0-9_-]`, so any other character bounds them.
fn names(text: &str, conversation: &str) -> bool {
    let is_id = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    text.split(|c: char| !is_id(c)).any(|token| {
        token == conversation || baton_bus::subjects::is_record_of(token, conversation)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_names_a_conversation_by_its_id_or_a_record_never_by_a_longer_id() {
        assert!(names(r#"{"conversation_id": "c-7"}"#, "c-7"));
        assert!(names("Message-ID: <c-7-2.0.team@baton>", "c-7"));
        assert!(!names(r#"{"conversation_id": "c-70"}"#, "c-7"));
        assert!(!names("Message-ID: <c-7-b-1.0.team@baton>", "c-7"));
    }
}
