//! Baton's services as separate OS processes, for fault tests and benchmarks: start a
//! service binary with its environment, wait until it reports ready, kill it with SIGKILL
//! as a crash would, restart it, and read its peak memory.
//!
//! Binaries are looked up in `BATON_BIN_DIR`, else in the cargo target directory of the
//! running test or benchmark (`make test` builds them first with `cargo build --bins`).
//!
//! Its own crate, not a test helper: `baton bench` runs the pipeline with it, and the
//! fault suite (`tests/e2e`) kills and restarts services with it.
//!
//! Failures panic with a message that says why: both callers stop at the first one.

#![allow(clippy::panic)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use baton_bus::server::{self, Signal};

/// How long a service may take to report ready (connect, provision, start consumers).
const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// A service process. Stopped when dropped.
pub struct ServiceProcess {
    name: String,
    binary: PathBuf,
    env: Vec<(String, String)>,
    http_port: u16,
    grpc_port: u16,
    child: Option<Child>,
    peak_rss_kib: u64,
    log: tempfile::NamedTempFile,
}

/// The directory holding the service binaries.
///
/// # Panics
/// When it cannot be found.
pub fn bin_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("BATON_BIN_DIR") {
        return PathBuf::from(dir);
    }
    // target/<profile>/deps/<test binary> → target/<profile>; target/<profile>/<binary> → same.
    let exe = std::env::current_exe().unwrap_or_else(|err| panic!("current_exe: {err}"));
    let mut dir = exe.parent().map(PathBuf::from).unwrap_or_default();
    if dir.ends_with("deps") {
        dir.pop();
    }
    dir
}

impl ServiceProcess {
    /// Starts `baton-<name>` with `env` (plus its own `BATON_HTTP_ADDR` and `BATON_GRPC_ADDR`
    /// on free ports) and
    /// waits until `/readyz` answers 200.
    ///
    /// # Panics
    /// When the binary is missing or the service is not ready in time.
    pub async fn start(name: &str, env: &[(&str, String)]) -> Self {
        let binary = bin_dir().join(format!("baton-{name}"));
        if !binary.exists() {
            panic!(
                "{} is not built: run `cargo build --workspace --bins` (make test does)",
                binary.display()
            );
        }
        let http_port = server::free_port().unwrap_or_else(|err| panic!("{err}"));
        let grpc_port = server::free_port().unwrap_or_else(|err| panic!("{err}"));
        let mut process = Self {
            name: name.to_owned(),
            binary,
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            http_port,
            grpc_port,
            child: None,
            peak_rss_kib: 0,
            log: tempfile::Builder::new()
                .prefix(&format!("baton-{name}-"))
                .suffix(".log")
                .tempfile()
                .unwrap_or_else(|err| panic!("cannot create a log file: {err}")),
        };
        process.spawn().await;
        process
    }

    async fn spawn(&mut self) {
        let mut command = Command::new(&self.binary);
        command
            .envs(self.env.iter().cloned())
            .env("BATON_HTTP_ADDR", format!("127.0.0.1:{}", self.http_port))
            .env("BATON_GRPC_ADDR", format!("127.0.0.1:{}", self.grpc_port))
            .env(
                "RUST_LOG",
                std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .stdin(Stdio::null())
            .stdout(
                std::fs::OpenOptions::new()
                    .append(true)
                    .open(self.log.path())
                    .map_or_else(|_| Stdio::null(), Stdio::from),
            )
            .stderr(Stdio::inherit());
        server::die_with_parent(&mut command);
        let child = command
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {}: {err}", self.binary.display()));
        self.child = Some(child);
        let url = format!("http://127.0.0.1:{}/readyz", self.http_port);
        // reqwest is built without a default crypto provider; ring is the workspace's.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::new();
        let deadline = tokio::time::Instant::now() + READY_TIMEOUT;
        loop {
            if let Ok(response) = client
                .get(&url)
                .timeout(Duration::from_secs(1))
                .send()
                .await
                && response.status().is_success()
            {
                return;
            }
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!(
                    "{} exited ({status}) before it was ready; its log:\n{}",
                    self.name,
                    self.log_tail()
                );
            }
            if tokio::time::Instant::now() >= deadline {
                panic!(
                    "{} was not ready within {READY_TIMEOUT:?}; its log:\n{}",
                    self.name,
                    self.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The last lines of its log (stdout: JSON lines), for failure messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.log.path()).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    /// The service's name (`conversation`, `handoff-router`, ...).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where its health, metrics and webhooks listen.
    pub fn http_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.http_port)
    }

    /// Where its gRPC API listens (services that have one).
    pub fn grpc_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.grpc_port)
    }

    /// Kills it with SIGKILL, as a crash or an OOM kill would.
    pub async fn kill(&mut self) {
        self.sample_rss();
        if let Some(child) = self.child.take() {
            server::signal_and_reap(child, Signal::SIGKILL, Duration::from_secs(10)).await;
        }
    }

    /// Stops it gracefully (SIGTERM: it drains what it started).
    pub async fn stop(&mut self) {
        self.sample_rss();
        if let Some(child) = self.child.take() {
            server::signal_and_reap(child, Signal::SIGTERM, Duration::from_secs(20)).await;
        }
    }

    /// Starts it again with the same environment and port.
    pub async fn restart(&mut self) {
        self.kill().await;
        self.spawn().await;
    }

    /// The largest resident set it reached so far, in MiB (Linux `VmHWM`).
    pub fn peak_rss_mib(&mut self) -> f64 {
        self.sample_rss();
        self.peak_rss_kib as f64 / 1024.0
    }

    fn sample_rss(&mut self) {
        let Some(child) = &self.child else { return };
        let Ok(status) = std::fs::read_to_string(format!("/proc/{}/status", child.id())) else {
            return;
        };
        let peak = status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| {
                value
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .unwrap_or(0);
        self.peak_rss_kib = self.peak_rss_kib.max(peak);
    }
}

impl Drop for ServiceProcess {
    fn drop(&mut self) {
        if let Some(child) = self.child.take() {
            server::stop_blocking(child);
        }
    }
}
