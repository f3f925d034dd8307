//! `baton eval --cases FILE [--judge rules|llm] [--json]`: replays labelled conversations
//! through the trigger engine offline (no NATS) and scores it: a readable table, or one JSON
//! object. `--judge llm` scores the language-model judge instead ([`llm`]).

mod llm;

use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `baton eval`.
#[derive(clap::Args)]
pub struct Args {
    /// Labelled cases, one JSON object per line; each names its configuration file,
    /// relative to this file.
    #[arg(long)]
    cases: PathBuf,
    /// Who decides: the compiled rules, or the language model of `BATON_LLM_BASE_URL`,
    /// `BATON_LLM_API_KEY`, `BATON_LLM_MODEL` for every handoff (the rules standing in
    /// where it fails, as in the trigger-evaluator).
    #[arg(long, value_enum, default_value_t = Judge::Rules)]
    judge: Judge,
    /// Print one JSON object (`cases`, `correct`, `accuracy`, `false_handoffs`,
    /// `missed_handoffs`, `wrong_handoff`, `early`, `late`, `per_case`, ...).
    #[arg(long)]
    json: bool,
}

/// Who decides whether a trigger holds.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Judge {
    /// The compiled rules.
    Rules,
    /// The language model.
    Llm,
}

/// Runs `baton eval`. The exit code is 0 whatever the score: scoring is a measurement,
/// not a check (the test suite holds the thresholds).
pub async fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let report = match args.judge {
        Judge::Rules => baton_triggers::eval::run(&args.cases)?,
        Judge::Llm => llm::run(&args.cases).await?,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}
