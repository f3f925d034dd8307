//! `baton eval --cases FILE [--json]`: replays labelled conversations through the trigger
//! engine offline (no NATS) and scores it: a readable table, or one JSON object.

use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `baton eval`.
#[derive(clap::Args)]
pub struct Args {
    /// Labelled cases, one JSON object per line; each names its configuration file,
    /// relative to this file.
    #[arg(long)]
    cases: PathBuf,
    /// Print one JSON object (`cases`, `correct`, `accuracy`, `false_handoffs`,
    /// `missed_handoffs`, `wrong_handoff`, `early`, `late`, `per_case`, ...).
    #[arg(long)]
    json: bool,
}

/// Runs `baton eval`. The exit code is 0 whatever the score: scoring is a measurement,
/// not a check (the test suite holds the thresholds).
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let report = baton_triggers::eval::run(&args.cases)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}
