//! One module per command.

pub mod bench;
pub mod config;
pub mod conversation;
pub mod dlq;
pub mod eval;
pub mod handoffs;
pub mod preview;
pub mod run;
pub mod send;
pub mod tail;

use anyhow::Context as _;
use baton_bus::{Bus, BusSettings};

/// Connects to NATS for a short-lived command.
pub async fn connect(nats: &str) -> anyhow::Result<Bus> {
    Bus::connect(&BusSettings::local(nats), "baton-cli")
        .await
        .context("is Baton running? (`baton run`, or pass --nats URL)")
}

/// A gRPC channel to Baton.
pub async fn channel(grpc: &str) -> anyhow::Result<tonic::transport::Channel> {
    tonic::transport::Endpoint::from_shared(grpc.to_owned())
        .with_context(|| format!("invalid --grpc URL {grpc:?}"))?
        .connect()
        .await
        .with_context(|| {
            format!(
                "cannot reach Baton's gRPC API at {grpc}: is `baton run` up? (or pass --grpc URL)"
            )
        })
}

/// What the server said, without gRPC's framing: the message is written for operators.
pub fn status(status: tonic::Status) -> anyhow::Error {
    anyhow::anyhow!("{}", status.message())
}

/// The text of `file`, or an error naming it.
pub fn read_file(file: &std::path::Path) -> anyhow::Result<String> {
    std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))
}
