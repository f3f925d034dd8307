//! `baton` sends `BATON_ADMIN_TOKEN` on every gRPC call, and `baton run` demands it when set.

use std::process::{Command, Output, Stdio};

use crate::{BATON, Running, free_port, ready};

const TOKEN: &str = "cli-test-token";

/// `baton --grpc <grpc> <args>` with `token` (or none) in its environment.
fn baton_with_token(grpc: &str, token: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(BATON);
    command
        .env_remove("BATON_ADMIN_TOKEN")
        .args(["--grpc", grpc])
        .args(args);
    if let Some(token) = token {
        command.env("BATON_ADMIN_TOKEN", token);
    }
    command.output().expect("run baton")
}

#[tokio::test]
async fn commands_send_the_admin_token_and_the_change_records_who_made_it() {
    let data = tempfile::tempdir().expect("tempdir");
    let (nats_port, grpc_port, http_port) = (free_port(), free_port(), free_port());
    let grpc = format!("http://127.0.0.1:{grpc_port}");
    let child = Command::new(BATON)
        .args(["run", "--nats", &format!("nats://127.0.0.1:{nats_port}")])
        .args(["--data-dir", &data.path().to_string_lossy()])
        .args(["--grpc-addr", &format!("127.0.0.1:{grpc_port}")])
        .args(["--http-addr", &format!("127.0.0.1:{http_port}")])
        .env("BATON_ADMIN_TOKEN", TOKEN)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn baton run");
    let _running = Running(child);
    ready(http_port).await;
    let config = data.path().join("acme.yaml");
    std::fs::write(
        &config,
        "tenant_id: acme\nagent_id: support\nhandoffs:\n  - id: person\n    type: email\n    trigger: Hand off when the customer asks to talk to a person.\n    email: {recipients: team, team_address: team@acme.test}\n",
    )
    .expect("config");
    let config = config.to_string_lossy().into_owned();

    let without = baton_with_token(&grpc, None, &["config", "apply", &config]);
    let wrong = baton_with_token(&grpc, Some("nope"), &["config", "apply", &config]);
    let right = baton_with_token(&grpc, Some(TOKEN), &["config", "apply", &config]);
    let history = baton_with_token(
        &grpc,
        Some(TOKEN),
        &[
            "config", "history", "--tenant", "acme", "--agent", "support",
        ],
    );

    assert!(!without.status.success());
    let refusal = String::from_utf8_lossy(&without.stderr);
    assert!(refusal.contains("BATON_ADMIN_TOKEN"), "{refusal}");
    assert!(!wrong.status.success());
    assert!(
        right.status.success(),
        "{}",
        String::from_utf8_lossy(&right.stderr)
    );
    let history = String::from_utf8_lossy(&history.stdout);
    assert_eq!(history.lines().count(), 1, "{history}");
    assert!(
        history.contains(" by admin\toff\t1 handoff(s)"),
        "{history}"
    );
}

#[test]
fn run_refuses_a_non_loopback_grpc_address_without_a_token() {
    let data = tempfile::tempdir().expect("tempdir");
    let refused = Command::new(BATON)
        .args(["run", "--data-dir", &data.path().to_string_lossy()])
        .args(["--nats", &format!("nats://127.0.0.1:{}", free_port())])
        .args(["--grpc-addr", &format!("0.0.0.0:{}", free_port())])
        .args(["--http-addr", &format!("127.0.0.1:{}", free_port())])
        .env_remove("BATON_ADMIN_TOKEN")
        .output()
        .expect("run baton");

    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("without an admin token") && stderr.contains("BATON_ADMIN_TOKEN"),
        "{stderr}"
    );
    assert!(
        !data.path().join("nats").exists(),
        "nothing is started before the refusal"
    );
}
