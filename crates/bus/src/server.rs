//! Finding, checking and running a local `nats-server` with JetStream: the embedded default
//! of `baton run` and the real server of every test. The binary comes from
//! `BATON_NATS_SERVER`, else `PATH`, else `/usr/sbin`; it must be 2.10 or newer.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub use nix::sys::signal::Signal;
use nix::sys::signal::kill;
use nix::unistd::Pid;

use crate::Error;

const NOT_FOUND: &str = "nats-server 2.10+ not found: run `make deps` or pass --nats URL";

/// How long a server may take to say it is ready (JetStream recovers its store first).
const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// The variable naming the `nats-server` binary to use.
const BINARY_VARIABLE: &str = "BATON_NATS_SERVER";

/// The environment [`locate`] reads, for the settings catalogue.
pub fn settings() -> Vec<baton_settings_catalogue::Setting> {
    vec![baton_settings_catalogue::Setting::plain(
        BINARY_VARIABLE,
        None,
    )]
}

/// Finds a `nats-server` binary that is 2.10 or newer.
pub fn locate() -> Result<PathBuf, Error> {
    let candidates = std::env::var_os(BINARY_VARIABLE)
        .map(PathBuf::from)
        .into_iter()
        .chain(
            std::env::var_os("PATH")
                .map(|path| {
                    std::env::split_paths(&path)
                        .map(|dir| dir.join("nats-server"))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
        )
        .chain([PathBuf::from("/usr/sbin/nats-server")]);
    let mut too_old = None;
    for candidate in candidates.filter(|path| path.is_file()) {
        match version_of(&candidate) {
            Some(version) if crate::connect::version_at_least(&version, 2, 10) => {
                return Ok(candidate);
            }
            Some(version) => too_old = Some((candidate, version)),
            None => {}
        }
    }
    Err(Error::Server(match too_old {
        Some((path, version)) => format!(
            "{} is nats-server {version}; Baton needs 2.10 or newer: run `make deps` or pass --nats URL",
            path.display()
        ),
        None => NOT_FOUND.to_owned(),
    }))
}

/// The version a `nats-server` binary reports ("2.15.1"), if it runs.
pub fn version_of(binary: &Path) -> Option<String> {
    let output = Command::new(binary).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    // "nats-server: v2.15.1"
    let version = text.split_whitespace().last()?.trim_start_matches('v');
    Some(version.to_owned())
}

/// A free TCP port on 127.0.0.1 (free when asked; bind it soon).
pub fn free_port() -> Result<u16, Error> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|err| Error::Server(format!("no free port on 127.0.0.1: {err}")))
}

/// A `nats-server -js` child process on 127.0.0.1, storing under its own directory.
/// Stopped (SIGTERM, then SIGKILL) when dropped.
pub struct LocalServer {
    binary: PathBuf,
    port: u16,
    store_dir: PathBuf,
    extra_args: Vec<String>,
    child: Option<Child>,
}

impl LocalServer {
    /// Starts a server on `port` with its JetStream store and log under `store_dir`, and
    /// waits until it is ready.
    pub async fn start(binary: PathBuf, port: u16, store_dir: PathBuf) -> Result<Self, Error> {
        Self::start_with_args(binary, port, store_dir, Vec::new()).await
    }

    /// [`start`](Self::start), with more command-line options for the server (e.g.
    /// `--user`/`--pass`, so tests meet a server that requires authentication).
    pub async fn start_with_args(
        binary: PathBuf,
        port: u16,
        store_dir: PathBuf,
        extra_args: Vec<String>,
    ) -> Result<Self, Error> {
        let mut server = Self {
            binary,
            port,
            store_dir,
            extra_args,
            child: None,
        };
        server.spawn().await?;
        Ok(server)
    }

    /// The client URL.
    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The process id, while running.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// The server's log file.
    pub fn log_file(&self) -> PathBuf {
        self.store_dir.join("nats-server.log")
    }

    /// Stops the server gracefully (SIGTERM; SIGKILL after 10 s).
    pub async fn stop(&mut self) {
        self.signal_and_reap(Signal::SIGTERM, Duration::from_secs(10))
            .await;
    }

    /// Kills the server with SIGKILL, as a crash would.
    pub async fn kill(&mut self) {
        self.signal_and_reap(Signal::SIGKILL, Duration::from_secs(10))
            .await;
    }

    /// Starts the server again on the same port and store (after [`stop`](Self::stop) or
    /// [`kill`](Self::kill)).
    pub async fn restart(&mut self) -> Result<(), Error> {
        self.kill().await;
        self.spawn().await
    }

    async fn spawn(&mut self) -> Result<(), Error> {
        std::fs::create_dir_all(&self.store_dir).map_err(|err| {
            Error::Server(format!("cannot create {}: {err}", self.store_dir.display()))
        })?;
        let log = self.log_file();
        let log_offset = std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0);
        let mut command = Command::new(&self.binary);
        command
            .args(["-js", "-a", "127.0.0.1", "-p", &self.port.to_string()])
            .arg("-sd")
            .arg(&self.store_dir)
            .arg("-l")
            .arg(&log)
            .args(&self.extra_args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        die_with_parent(&mut command);
        let child = command.spawn().map_err(|err| {
            Error::Server(format!("cannot start {}: {err}", self.binary.display()))
        })?;
        self.child = Some(child);
        self.wait_ready(&log, log_offset).await
    }

    /// Waits for "Server is ready" in the log: JetStream is up then, not just the port.
    async fn wait_ready(&mut self, log: &Path, offset: u64) -> Result<(), Error> {
        let deadline = tokio::time::Instant::now() + READY_TIMEOUT;
        loop {
            let text = std::fs::read(log).unwrap_or_default();
            let start = usize::try_from(offset).unwrap_or(0).min(text.len());
            if String::from_utf8_lossy(&text[start..]).contains("Server is ready") {
                return Ok(());
            }
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                self.child = None;
                return Err(Error::Server(format!(
                    "nats-server exited ({status}) before it was ready; see {}",
                    log.display()
                )));
            }
            if tokio::time::Instant::now() >= deadline {
                self.kill().await;
                return Err(Error::Server(format!(
                    "nats-server was not ready within {READY_TIMEOUT:?}; see {}",
                    log.display()
                )));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn signal_and_reap(&mut self, signal: Signal, grace: Duration) {
        if let Some(child) = self.child.take() {
            signal_and_reap(child, signal, grace).await;
        }
    }
}

/// Sends `signal` to `child` and waits up to `grace` for it to exit, then kills it.
pub async fn signal_and_reap(mut child: Child, signal: Signal, grace: Duration) {
    if let Ok(pid) = i32::try_from(child.id()) {
        let _ = kill(Pid::from_raw(pid), signal);
    }
    let deadline = tokio::time::Instant::now() + grace;
    while tokio::time::Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Stops `child` without a runtime (destructors): SIGTERM, two seconds, SIGKILL.
pub fn stop_blocking(mut child: Child) {
    if let Ok(pid) = i32::try_from(child.id()) {
        let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
    }
    for _ in 0..200 {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Has the kernel kill the child when the thread that started it dies, so a server never
/// outlives a `baton run` or a test process that was killed outright (no destructor runs
/// then).
#[allow(unsafe_code)]
pub fn die_with_parent(command: &mut Command) {
    // SAFETY: the closure runs between fork and exec and only makes the prctl(2) system
    // call, which is async-signal-safe; it allocates nothing and takes no locks.
    unsafe {
        command.pre_exec(|| {
            nix::sys::prctl::set_pdeathsig(Signal::SIGKILL).map_err(std::io::Error::from)
        });
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        if let Some(child) = self.child.take() {
            stop_blocking(child);
        }
    }
}
