//! The `baton` binary, driven as a person or a script would.

// Test helpers fail the test that calls them by panicking.
#![allow(clippy::panic)]

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use baton_testkit::eventually;

mod admin_token;
mod erase;
mod nats_auth;

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

/// Waits until the `baton run` serving HTTP on `http_port` says it is ready.
async fn ready(http_port: u16) {
    let ready_url = format!("http://127.0.0.1:{http_port}/readyz");
    eventually("baton run to be ready", WAIT, || {
        let url = ready_url.clone();
        async move {
            let response = baton_testkit::http().get(url).send().await.ok()?;
            response.status().is_success().then_some(())
        }
    })
    .await;
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

    ready(http_port).await;
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
        "--attribute",
        "plan=enterprise",
        "--attribute",
        "vip=true",
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
    assert_eq!(
        value["customer"]["attributes"],
        serde_json::json!({ "plan": "enterprise", "vip": "true" })
    );

    // The operator's path: apply a live configuration, a customer asks for a person, the
    // handoff is recorded and its email written to the outbox (no SMTP server configured).
    let config = data.path().join("acme.yaml");
    std::fs::write(
        &config,
        "tenant_id: acme\nagent_id: support\nhandoffs:\n  - id: person\n    type: email\n    trigger: Hand off when the customer asks to talk to a person.\n    email: {recipients: team, team_address: team@acme.test}\n",
    )
    .expect("config");
    let applied = baton(&[
        "--grpc",
        &grpc,
        "config",
        "apply",
        &config.to_string_lossy(),
        "--live",
    ]);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    assert!(String::from_utf8_lossy(&applied.stdout).contains("live"));
    let asked = baton(&[
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
        "Can I talk to a person please?",
    ]);
    assert!(
        asked.status.success(),
        "{}",
        String::from_utf8_lossy(&asked.stderr)
    );
    let listed = eventually("the accepted handoff", WAIT, || async {
        let out = baton(&["--grpc", &grpc, "handoffs", "list", "--tenant", "acme"]);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.contains("accepted").then_some(text)
    })
    .await;
    assert!(listed.contains("c-1-1\tc-1\tperson"), "{listed}");
    let outbox = data.path().join("outbox/email");
    let emails = std::fs::read_dir(&outbox).map(|d| d.count()).unwrap_or(0);
    assert_eq!(emails, 1, "one email written to {}", outbox.display());

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

    // Refused before anything is sent: NATS at port 1 is never reached.
    for (attribute, reason) in [
        ("plan", "expected KEY=VALUE"),
        ("=enterprise", "key before '=' is empty"),
        (
            "order value=12",
            "\"order value\" contains characters outside",
        ),
    ] {
        let output = baton(&[
            "--nats",
            "nats://127.0.0.1:1",
            "send",
            "--tenant",
            "t",
            "--agent",
            "a",
            "--conversation",
            "c",
            "--user",
            "hi",
            "--attribute",
            attribute,
        ]);
        assert!(!output.status.success(), "{attribute:?} must be refused");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(reason), "{attribute:?}: {stderr}");
    }
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

#[test]
fn config_validate_reports_each_problem_with_its_line() {
    let data = tempfile::tempdir().expect("tempdir");
    let file = data.path().join("bad.yaml");
    std::fs::write(
        &file,
        "tenant_id: acme\nagent_id: support\nhandoffs:\n  - id: person\n    type: email\n    trigger: Hand off when the customer asks to talk to a person.\n    fallback: [nowhere]\n    email: {recipients: team, team_address: team@acme.test}\n",
    )
    .expect("write");
    let out = baton(&["config", "validate", &file.to_string_lossy()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.yaml:7:") && stderr.contains("nowhere"),
        "{stderr}"
    );

    std::fs::write(
        &file,
        std::fs::read_to_string(&file)
            .expect("read")
            .replace("    fallback: [nowhere]\n", ""),
    )
    .expect("write");
    let out = baton(&["config", "validate", &file.to_string_lossy()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("understood: fires when the customer asks for a person")
    );
}

#[test]
fn eval_prints_the_contracted_json() {
    let data = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        data.path().join("acme.yaml"),
        "tenant_id: acme\nagent_id: support\nhandoffs:\n  - id: person\n    type: email\n    trigger: Hand off when the customer asks to talk to a person.\n",
    )
    .expect("config");
    std::fs::write(
        data.path().join("cases.jsonl"),
        concat!(
            r#"{"id":"a","config":"acme.yaml","turns":[{"role":"user","text":"hi"},{"role":"agent","text":"Hello!"},{"role":"user","text":"can I talk to a person?"}],"expect":{"handoff":"person","at_turn":2},"tags":["explicit-request"]}"#,
            "\n",
            r#"{"id":"b","config":"acme.yaml","turns":[{"role":"user","text":"no need for a human, just the link"}],"expect":{"handoff":null},"tags":["negation"]}"#,
            "\n"
        ),
    )
    .expect("cases");
    let out = baton(&[
        "eval",
        "--cases",
        &data.path().join("cases.jsonl").to_string_lossy(),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for key in [
        "cases",
        "correct",
        "accuracy",
        "false_handoffs",
        "missed_handoffs",
        "wrong_handoff",
        "early",
        "late",
        "per_case",
    ] {
        assert!(report.get(key).is_some(), "{key} in {report}");
    }
    assert_eq!(report["cases"], 2);
    assert_eq!(report["correct"], 2);
    assert_eq!(report["per_case"][0]["got_turn"], 2);
}

/// A cases file with one handoff only a reader of meaning can judge, and two cases.
fn closing_cases(dir: &Path) -> String {
    std::fs::write(
        dir.join("acme.yaml"),
        "tenant_id: acme\nagent_id: support\nhandoffs:\n  - id: closing\n    type: email\n    trigger: Hand off when the customer wants to close their account.\n    redact: [emails]\n",
    )
    .expect("config");
    std::fs::write(
        dir.join("cases.jsonl"),
        concat!(
            r#"{"id":"a","config":"acme.yaml","turns":[{"role":"user","text":"hi, I'm ana@example.com"},{"role":"agent","text":"Hello!"},{"role":"user","text":"please close my account"}],"expect":{"handoff":"closing","at_turn":2},"tags":["custom-topic"]}"#,
            "\n",
            r#"{"id":"b","config":"acme.yaml","turns":[{"role":"user","text":"what are your opening hours?"}],"expect":{"handoff":null},"tags":["none"]}"#,
            "\n"
        ),
    )
    .expect("cases");
    dir.join("cases.jsonl").to_string_lossy().into_owned()
}

/// `baton eval` with only the `BATON_LLM_*` variables of `llm` in its environment.
async fn eval_with(llm: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = tokio::process::Command::new(BATON);
    command.arg("eval").args(args);
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("BATON_LLM_")) {
        command.env_remove(name);
    }
    command.envs(llm.iter().copied());
    command.output().await.expect("run baton eval")
}

#[tokio::test]
async fn eval_with_the_llm_judge_needs_a_model() {
    let data = tempfile::tempdir().expect("tempdir");
    let cases = closing_cases(data.path());
    let out = eval_with(&[], &["--cases", &cases, "--judge", "llm"]).await;
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("BATON_LLM_BASE_URL"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eval_scores_the_llm_judge_in_the_same_report() {
    use baton_testkit::llm::{chat_request_violations, verdict};
    use baton_testkit::peer::{HttpPeer, Reply};

    let peer = HttpPeer::scripted(|request| {
        if request
            .json()
            .to_string()
            .contains("please close my account")
        {
            Reply::json(
                200,
                verdict(true, &[(2, "close my account")], "Wants to leave."),
            )
        } else {
            Reply::json(200, verdict(false, &[], "Nothing of the kind."))
        }
    })
    .await;
    let data = tempfile::tempdir().expect("tempdir");
    let cases = closing_cases(data.path());
    let url = peer.url();
    let llm = [
        ("BATON_LLM_BASE_URL", url.as_str()),
        ("BATON_LLM_MODEL", "test-model"),
    ];
    let out = eval_with(&llm, &["--cases", &cases, "--judge", "llm", "--json"]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");

    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rules: serde_json::Value =
        serde_json::from_slice(&eval_with(&[], &["--cases", &cases, "--json"]).await.stdout)
            .expect("json");
    let keys = |report: &serde_json::Value| -> Vec<String> {
        report
            .as_object()
            .expect("object")
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(keys(&report), keys(&rules), "the same report fields");
    assert_eq!(
        (&report["cases"], &report["correct"]),
        (&2.into(), &2.into())
    );
    assert_eq!(report["per_case"][0]["got_turn"], 2);
    assert_eq!(
        report["per_case"][0]["evidence"][0],
        "[2] llm_judge: close my account"
    );
    assert!(stderr.contains("holds 1"), "{stderr}");

    let requests = peer.requests();
    assert_eq!(requests.len(), 1, "only the plausible turn is asked about");
    let body = requests[0].json();
    assert_eq!(chat_request_violations(&body), Vec::<String>::new());
    assert!(!body.to_string().contains("ana@example.com"), "redacted");
}
