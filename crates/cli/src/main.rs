//! `baton`: run every service in one process, send test events, inspect conversations, and
//! watch the bus. The commands and flags are a contract that outside scripts drive (see
//! docs/ARCHITECTURE.md, "Interfaces").

mod commands;
mod render;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Where Baton's servers are.
#[derive(clap::Args, Clone, Debug)]
pub struct Endpoints {
    /// NATS server URL.
    #[arg(
        long,
        env = "BATON_NATS_URL",
        default_value = "nats://127.0.0.1:4222",
        global = true
    )]
    pub nats: String,
    /// Baton's gRPC API (admin and conversation queries).
    #[arg(
        long,
        env = "BATON_GRPC_URL",
        default_value = "http://127.0.0.1:50051",
        global = true
    )]
    pub grpc: String,
}

#[derive(Parser)]
#[command(
    name = "baton",
    version,
    about = "Baton hands customer conversations from an AI agent to a human."
)]
struct Cli {
    #[command(flatten)]
    endpoints: Endpoints,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run every service in one process (starts a local nats-server when none is reachable).
    Run(commands::run::Args),
    /// Publish one conversation event.
    Send(commands::send::Args),
    /// Inspect conversations.
    #[command(subcommand)]
    Conversation(commands::conversation::Command),
    /// Print outbound messages and handoff events as they happen.
    Tail(commands::tail::Args),
    /// Validate, apply and switch live agent configurations.
    #[command(subcommand)]
    Config(commands::config::Command),
    /// Show what a configuration would do with a scripted conversation, sending nothing.
    Preview(commands::preview::Args),
    /// Inspect handoffs and their delivery attempts.
    #[command(subcommand)]
    Handoffs(commands::handoffs::Command),
    /// Measure throughput and latency against raw JetStream (build in release first).
    Bench(commands::bench::Args),
    /// Score the trigger engine on labelled conversations, offline.
    Eval(commands::eval::Args),
    /// List and replay messages no service could process.
    #[command(subcommand)]
    Dlq(commands::dlq::Command),
    /// Delete everything Baton holds about a conversation or a customer (right to erasure).
    Erase(commands::erase::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let endpoints = cli.endpoints;
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Run(args) => commands::run::run(&endpoints, args).await,
            Command::Send(args) => commands::send::run(&endpoints, args).await,
            Command::Conversation(command) => {
                commands::conversation::run(&endpoints, command).await
            }
            Command::Tail(args) => commands::tail::run(&endpoints, args).await,
            Command::Config(command) => commands::config::run(&endpoints, command).await,
            Command::Preview(args) => commands::preview::run(&endpoints, args).await,
            Command::Handoffs(command) => commands::handoffs::run(&endpoints, command).await,
            Command::Dlq(command) => commands::dlq::run(&endpoints, command).await,
            Command::Erase(args) => commands::erase::run(&endpoints, args).await,
            Command::Eval(args) => commands::eval::run(&args).await,
            Command::Bench(args) => commands::bench::run(args).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
