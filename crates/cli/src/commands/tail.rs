//! `baton tail`: what Baton does, as it happens, in lines a person reads: messages to the
//! customer, instructions to the AI agent, handoffs requested, dispatched, accepted or
//! failed, alerts and dead letters.

use std::process::ExitCode;

use futures::StreamExt;

use crate::{Endpoints, render};

/// Flags of `baton tail`.
#[derive(clap::Args)]
pub struct Args {
    /// Only this tenant.
    #[arg(long)]
    tenant: Option<String>,
}

/// Prints events until Ctrl-C.
pub async fn run(endpoints: &Endpoints, args: Args) -> anyhow::Result<ExitCode> {
    if let Some(tenant) = &args.tenant {
        baton_proto::ids::check("tenant", tenant)?;
    }
    let bus = super::connect(&endpoints.nats).await?;
    let mut subscriptions = Vec::new();
    for subject in [
        "baton.out.>",
        "baton.handoff.>",
        "baton.alert.>",
        "baton.dlq.>",
    ] {
        subscriptions.push(bus.client().subscribe(subject).await?);
    }
    let mut messages = futures::stream::select_all(subscriptions);
    eprintln!(
        "tailing {} (Ctrl-C to stop)",
        args.tenant.as_deref().unwrap_or("every tenant")
    );
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => return Ok(ExitCode::SUCCESS),
            message = messages.next() => {
                let Some(message) = message else { return Ok(ExitCode::SUCCESS) };
                if let Some(line) = render::tail_line(&message.subject, &message.payload, args.tenant.as_deref()) {
                    println!("{line}");
                }
            }
        }
    }
}
