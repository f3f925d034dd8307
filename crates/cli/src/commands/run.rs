//! `baton run`: every service in one process against one NATS, with the embedded defaults
//! (connectors without credentials in dry-run, emails to files under `<data-dir>/outbox`).
//! When no NATS answers at a local `--nats` URL, a nats-server child is started with its
//! store under `<data-dir>/nats`, and stopped with Baton.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use baton_bus::server::{self, LocalServer};
use baton_bus::{Bus, BusSettings};
use baton_config::settings::{GrpcSettings, ServiceSettings};
use baton_runtime::{Context, Parts, admin_auth};

use super::settings;
use crate::Endpoints;

/// Flags of `baton run`.
#[derive(clap::Args)]
pub struct Args {
    /// Where local state goes: the embedded nats-server's store, dry-run requests, emails.
    #[arg(long, default_value = "./var")]
    data_dir: PathBuf,
    /// gRPC API (admin and conversation queries). Off loopback it needs BATON_ADMIN_TOKEN.
    #[arg(long, default_value = "127.0.0.1:50051")]
    grpc_addr: SocketAddr,
    /// HTTP: /healthz, /readyz, /metrics and the webhooks under /webhooks/.
    #[arg(long, default_value = "127.0.0.1:8080")]
    http_addr: SocketAddr,
}

/// Runs Baton until Ctrl-C or SIGTERM.
pub async fn run(endpoints: &Endpoints, args: Args) -> anyhow::Result<ExitCode> {
    let _telemetry = baton_telemetry::init("baton")?;
    baton_runtime::warn_about_unread_variables();
    std::fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("cannot create {}", args.data_dir.display()))?;
    let shutdown = baton_runtime::shutdown_on_signals();
    let overrides = [
        ("BATON_NATS_URL", endpoints.nats.clone()),
        ("BATON_DATA_DIR", args.data_dir.display().to_string()),
    ];
    // The admin token from the environment, as the services read it; refused before a
    // nats-server is started for nothing.
    let grpc: GrpcSettings = settings(&[("BATON_GRPC_ADDR", args.grpc_addr.to_string())])?;
    admin_auth::refuse_unprotected(&grpc)?;
    let common: ServiceSettings = settings(&overrides)?;
    let (bus, mut local_server) = connect_or_start_nats(&common.bus, &args.data_dir).await?;
    bus.provision().await?;
    let context = Context::new(bus, shutdown);

    let parts = start_services(&context, &overrides).await?;
    let bound = context.serve(args.http_addr, Some(&grpc), parts).await?;
    tracing::info!(
        grpc = %bound.grpc.map(|a| a.to_string()).unwrap_or_default(),
        http = %bound.http,
        data_dir = %args.data_dir.display(),
        "Baton is running; Ctrl-C stops it"
    );
    let finished = context.finished().await;
    if let Some(server) = local_server.as_mut() {
        server.stop().await;
        tracing::info!("local nats-server stopped");
    }
    finished?;
    Ok(ExitCode::SUCCESS)
}

async fn start_services(context: &Context, overrides: &[(&str, String)]) -> anyhow::Result<Parts> {
    let mut parts = baton_conversation::start(context, &settings(overrides)?).await?;
    parts = parts.merge(baton_trigger_evaluator::start(context, &settings(overrides)?).await?);
    parts = parts.merge(baton_handoff_router::start(context, &settings(overrides)?).await?);
    parts = parts.merge(baton_intercom_connector::start(context, &settings(overrides)?).await?);
    parts = parts.merge(baton_zendesk_connector::start(context, &settings(overrides)?).await?);
    parts = parts.merge(baton_email_sender::start(context, &settings(overrides)?).await?);
    parts = parts.merge(baton_copilot_drafter::start(context, &settings(overrides)?).await?);
    Ok(parts)
}

/// Connects to NATS; when nothing answers at a local URL, starts a nats-server there.
async fn connect_or_start_nats(
    settings: &BusSettings,
    data_dir: &Path,
) -> anyhow::Result<(Bus, Option<LocalServer>)> {
    let refused = match Bus::connect(settings, "baton").await {
        Ok(bus) => return Ok((bus, None)),
        Err(err) => err,
    };
    let Some(port) = local_port(&settings.nats_url) else {
        return Err(refused.into());
    };
    let binary = server::locate()?;
    let store = data_dir.join("nats");
    let local = LocalServer::start(binary.clone(), port, store.clone()).await?;
    tracing::info!(
        url = %settings.nats_url,
        binary = %binary.display(),
        store = %store.display(),
        "no NATS was reachable, so Baton started a local nats-server with JetStream"
    );
    let bus = Bus::connect(settings, "baton").await?;
    Ok((bus, Some(local)))
}

/// The port of a `nats://127.0.0.1:PORT` or `nats://localhost:PORT` URL.
fn local_port(url: &str) -> Option<u16> {
    let authority = url.strip_prefix("nats://").unwrap_or(url);
    let (host, port) = authority.rsplit_once(':')?;
    matches!(host, "127.0.0.1" | "localhost")
        .then(|| port.trim_end_matches('/').parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::local_port;

    #[test]
    fn only_local_urls_get_an_embedded_server() {
        assert_eq!(local_port("nats://127.0.0.1:4222"), Some(4222));
        assert_eq!(local_port("nats://localhost:14222"), Some(14222));
        assert_eq!(local_port("nats://nats.prod:4222"), None);
        assert_eq!(local_port("nats://127.0.0.1"), None);
    }
}
