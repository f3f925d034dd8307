//! One module per command.

pub mod bench;
pub mod config;
pub mod conversation;
pub mod dlq;
pub mod erase;
pub mod eval;
pub mod handoffs;
pub mod preview;
pub mod run;
pub mod send;
pub mod settings;
pub mod tail;

use anyhow::Context as _;
use baton_bus::{Bus, BusSettings};
use baton_config::settings::AdminCredentials;
use baton_runtime::admin_auth::SendAdminToken;
use serde::de::DeserializeOwned;
use tonic::service::interceptor::InterceptedService;

/// Settings of type `S` read exactly as a service reads them (defaults, then the `BATON_…`
/// environment), with `overrides` (what the command line said) taking precedence.
pub fn settings<S: DeserializeOwned>(overrides: &[(&str, String)]) -> anyhow::Result<S> {
    let environment = std::env::vars().chain(
        overrides
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone())),
    );
    Ok(baton_config::settings::load_from(None, environment)?)
}

/// Connects to NATS at `nats` for a short-lived command. Authentication and TLS come from
/// the services' own `BATON_NATS_*` settings, so a command run in a pod (or with the same
/// environment) reaches the production NATS the way the services do.
pub async fn connect(nats: &str) -> anyhow::Result<Bus> {
    let settings: BusSettings = settings(&[("BATON_NATS_URL", nats.to_owned())])?;
    Bus::connect(&settings, "baton-cli").await.context(
        "is Baton running (`baton run`, or pass --nats URL), \
         and do BATON_NATS_CREDENTIALS, _USER/_PASSWORD, _TOKEN or _TLS_* match the server?",
    )
}

/// A gRPC channel to Baton that sends the admin token (`BATON_ADMIN_TOKEN` or
/// `BATON_ADMIN_TOKEN_FILE`, read as the services read it) on every call.
pub async fn channel(grpc: &str) -> anyhow::Result<AuthenticatedChannel> {
    let credentials: AdminCredentials = settings(&[])?;
    let token = SendAdminToken::new(&credentials)?;
    let channel = tonic::transport::Endpoint::from_shared(grpc.to_owned())
        .with_context(|| format!("invalid --grpc URL {grpc:?}"))?
        .connect()
        .await
        .with_context(|| {
            format!(
                "cannot reach Baton's gRPC API at {grpc}: is `baton run` up? (or pass --grpc URL)"
            )
        })?;
    Ok(InterceptedService::new(channel, token))
}

/// What [`channel`] gives the generated clients.
pub type AuthenticatedChannel = InterceptedService<tonic::transport::Channel, SendAdminToken>;

/// What the server said, without gRPC's framing: the message is written for operators.
pub fn status(status: tonic::Status) -> anyhow::Error {
    if status.code() == tonic::Code::Unauthenticated {
        return anyhow::anyhow!(
            "{}: set BATON_ADMIN_TOKEN (or BATON_ADMIN_TOKEN_FILE) to the token Baton was started with",
            status.message()
        );
    }
    anyhow::anyhow!("{}", status.message())
}

/// The text of `file`, or an error naming it.
pub fn read_file(file: &std::path::Path) -> anyhow::Result<String> {
    std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))
}
