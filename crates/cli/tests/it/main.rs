//! The `baton` binary, driven as a person or a script would.

// Test helpers fail the test that calls them by panicking.
#![allow(clippy::panic)]

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use baton_testkit::eventually;

const BATON: &str = env!("CARGO_BIN_EXE_baton");
const WAIT: Duration = Duration::from_secs(60);

/// `baton run` as a child process; killed (and reaped) if the test fails midway.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    baton_bus::server::free_port().expect("free port")
}

fn baton(args: &[&str]) -> Output {
    Command::new(BATON).args(args).output().expect("run baton")
}

/// Processes whose command line mentions `needle` (our temporary data directory).
fn processes_mentioning(needle: &Path) -> Vec<String> {
    let needle = needle.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .expect("/proc")
        .filter_map(|entry| {
            let entry = entry.ok()?;
            entry.file_name().to_str()?.parse::<u32>().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            cmdline.contains(&needle).then_some(cmdline)
        })
        .collect()
}

#[tokio::test]
async fn run_send_query_and_shut_down_cleanly() {
    let data = tempfile::tempdir().expect("tempdir");
    let (nats_port, grpc_port, http_port) = (free_port(), free_port(), free_port());
    let nats = format!("nats://127.0.0.1:{nats_port}");
    let grpc = format!("http://127.0.0.1:{grpc_port}");
    let data_dir = data.path().to_string_lossy().into_owned();

    let child = Command::new(BATON)
        .args(["run", "--nats", &nats, "--data-dir", &data_dir])
        .args(["--grpc-addr", &format!("127.0.0.1:{grpc_port}")])
        .args(["--http-addr", &format!("127.0.0.1:{http_port}")])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn baton run");
    let mut running = Running(child);

    let ready_url = format!("http://127.0.0.1:{http_port}/readyz");
    eventually("baton run to be ready", WAIT, || {
        let url = ready_url.clone();
        async move {
            let response = baton_testkit::http().get(url).send().await.ok()?;
            response.status().is_success().then_some(())
        }
    })
    .await;
    assert!(
        !processes_mentioning(data.path())
            .iter()
            .all(|p| !p.contains("nats-server")),
        "with no NATS reachable, baton run starts its own nats-server"
    );

    let sent = baton(&[
        "--nats",
        &nats,
        "send",
        "--tenant",
        "acme",
        "--agent",
        "support",
        "--conversation",
        "c-1",
        "--user",
        "Where is my parcel?",
        "--name",
        "Ana",
    ]);
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );

    let value = eventually("the message in the conversation", WAIT, || async {
        let got = baton(&[
            "--grpc",
            &grpc,
            "conversation",
            "get",
            "--tenant",
            "acme",
            "--conversation",
            "c-1",
            "--json",
        ]);
        let value: serde_json::Value = serde_json::from_slice(&got.stdout).ok()?;
        value["transcript"]
            .as_array()
            .is_some_and(|t| !t.is_empty())
            .then_some(value)
    })
    .await;
    assert_eq!(value["mode"], "bot");
    assert_eq!(value["transcript"][0]["role"], "user");
    assert_eq!(value["transcript"][0]["text"], "Where is my parcel?");
    assert_eq!(value["customer"]["name"], "Ana");

    let pid = nix::unistd::Pid::from_raw(i32::try_from(running.0.id()).expect("pid"));
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).expect("SIGTERM");
    let status = eventually("baton run to exit", WAIT, || {
        let status = running.0.try_wait().expect("wait");
        async move { status }
    })
    .await;
    assert!(status.success(), "{status}");
    let left = processes_mentioning(data.path());
    assert!(left.is_empty(), "processes left behind: {left:?}");
}

#[test]
fn bad_input_gets_a_clear_error() {
    let output = baton(&[
        "--nats",
        "nats://127.0.0.1:1",
        "send",
        "--tenant",
        "ac.me",
        "--agent",
        "a",
        "--conversation",
        "c",
        "--user",
        "hi",
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("tenant_id"), "{stderr}");

    let output = baton(&[
        "send",
        "--tenant",
        "t",
        "--agent",
        "a",
        "--conversation",
        "c",
    ]);
    assert!(!output.status.success(), "a message is required");
}

#[test]
fn an_unreachable_grpc_api_says_what_to_do() {
    let port = free_port();
    let output = baton(&[
        "--grpc",
        &format!("http://127.0.0.1:{port}"),
        "conversation",
        "get",
        "--tenant",
        "t",
        "--conversation",
        "c",
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("baton run"), "{stderr}");
}
