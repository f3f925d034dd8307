//! Helpdesk peers for connector tests, all on 127.0.0.1:
//!
//! - [`Prism`]: the Stoplight Prism mock generated from an official OpenAPI description
//!   (installed by `make deps` under `tests/contracts`); it answers 422 to any request
//!   that breaks the description;
//! - [`HttpPeer::proxy`]: a recording proxy in front of Prism, so a test can list every
//!   request the connector sent and the status the contract gave it;
//! - [`HttpPeer::scripted`]: a server of the test's own that answers as the test says
//!   (500s, 429 with `Retry-After`, hangs), for behaviour the contract cannot produce.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::response::Response;
use baton_bus::server::{die_with_parent, free_port, stop_blocking};
use tokio::task::JoinHandle;

/// The repository's root (tests run with the crate's directory as working directory).
fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The official description `name` (e.g. `intercom-api-2.14.yaml`), copied into
/// `tests/contracts/specs` from the upstream repositories.
pub fn spec(name: &str) -> PathBuf {
    repository_root().join("tests/contracts/specs").join(name)
}

/// A Prism mock server process. Killed when dropped (or when the test process dies).
pub struct Prism {
    child: Option<Child>,
    port: u16,
}

impl Prism {
    /// Serves `spec` on a free port; returns once it answers.
    ///
    /// # Panics
    /// When Prism is not installed (`make deps`) or does not listen within 60 s.
    pub async fn start(spec: &Path) -> Self {
        let prism = repository_root().join("tests/contracts/node_modules/.bin/prism");
        assert!(
            prism.exists(),
            "{} is missing: run `make deps` (npm ci in tests/contracts)",
            prism.display()
        );
        let port = free_port().unwrap_or_else(|err| panic!("{err}"));
        let log = std::env::temp_dir().join(format!("baton-prism-{port}.log"));
        let log_file = std::fs::File::create(&log)
            .unwrap_or_else(|err| panic!("cannot create {}: {err}", log.display()));
        let mut command = Command::new(&prism);
        command
            .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(Stdio::from(log_file.try_clone().unwrap_or_else(|err| {
                panic!("cannot share the Prism log: {err}")
            })))
            .stderr(Stdio::from(log_file));
        die_with_parent(&mut command);
        let child = command
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {}: {err}", prism.display()));
        let server = Self {
            child: Some(child),
            port,
        };
        let address = format!("127.0.0.1:{port}");
        for _ in 0..600 {
            if TcpStream::connect(&address).is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "Prism did not listen on {address} within 60 s; its log: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        if let Some(child) = self.child.take() {
            stop_blocking(child);
        }
    }
}

/// A request a peer received, and what it answered.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The method.
    pub method: String,
    /// The path and query.
    pub path: String,
    /// The headers (names in lower case).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The status answered (or being answered, after a scripted delay).
    pub status: u16,
    /// The body answered.
    pub answer: String,
    /// When it arrived.
    pub at: std::time::Instant,
}

impl Recorded {
    /// The value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// "POST /conversations".
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// What a scripted peer answers.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// JSON body.
    pub body: serde_json::Value,
    /// How long to wait before answering (a hang, when longer than the client's timeout).
    pub delay: Duration,
}

impl Reply {
    /// `status` with a JSON body.
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body,
            delay: Duration::ZERO,
        }
    }

    /// The same reply with a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The same reply, after `delay`.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Script = dyn Fn(&Recorded) -> Reply + Send + Sync;

enum Behaviour {
    Scripted(Box<Script>),
    Proxy {
        upstream: String,
        client: reqwest::Client,
    },
}

struct Shared {
    behaviour: Behaviour,
    requests: Mutex<Vec<Recorded>>,
}

/// An HTTP server on 127.0.0.1 that records every request. Stopped when dropped.
pub struct HttpPeer {
    port: u16,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl HttpPeer {
    /// A peer answering each request with `script(request)`.
    pub async fn scripted(script: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        Self::start(Behaviour::Scripted(Box::new(script))).await
    }

    /// A peer forwarding each request to `upstream` (a [`Prism`]) and recording its answer.
    pub async fn proxy(upstream: &str) -> Self {
        Self::start(Behaviour::Proxy {
            upstream: upstream.trim_end_matches('/').to_owned(),
            client: crate::http(),
        })
        .await
    }

    async fn start(behaviour: Behaviour) -> Self {
        let shared = Arc::new(Shared {
            behaviour,
            requests: Mutex::new(Vec::new()),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|err| panic!("cannot bind a peer port: {err}"));
        let port = listener
            .local_addr()
            .unwrap_or_else(|err| panic!("no local address: {err}"))
            .port();
        let app = axum::Router::new()
            .fallback(answer)
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { port, shared, task }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared
            .requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The requests whose method and path start with `line` ("POST /conversations").
    pub fn matching(&self, line: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.line().starts_with(line))
            .collect()
    }
}

impl Drop for HttpPeer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let method = request.method().to_string();
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let body = to_bytes(request.into_body(), 16 * 1024 * 1024)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let mut recorded = Recorded {
        method,
        path,
        headers,
        body,
        status: 0,
        answer: String::new(),
        at: std::time::Instant::now(),
    };
    let (reply_headers, delay) = match &shared.behaviour {
        Behaviour::Scripted(script) => {
            let reply = script(&recorded);
            recorded.status = reply.status;
            recorded.answer = reply.body.to_string();
            (reply.headers, reply.delay)
        }
        Behaviour::Proxy { upstream, client } => {
            let (status, answer) = forward(client, upstream, &recorded).await;
            recorded.status = status;
            recorded.answer = answer;
            (Vec::new(), Duration::ZERO)
        }
    };
    let (status, answer) = (recorded.status, recorded.answer.clone());
    // Recorded before any delay, so a request the client gives up on (a hang) is listed.
    shared
        .requests
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push(recorded);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let mut response = Response::builder()
        .status(status)
        .header("content-type", "application/json");
    for (name, value) in reply_headers {
        response = response.header(name, value);
    }
    response
        .body(Body::from(answer))
        .unwrap_or_else(|err| panic!("cannot build a reply: {err}"))
}

async fn forward(client: &reqwest::Client, upstream: &str, request: &Recorded) -> (u16, String) {
    let method = reqwest::Method::from_bytes(request.method.as_bytes())
        .unwrap_or_else(|err| panic!("bad method: {err}"));
    let mut builder = client
        .request(method, format!("{upstream}{}", request.path))
        .body(request.body.clone());
    for (name, value) in &request.headers {
        if name != "host" && name != "content-length" {
            builder = builder.header(name, value);
        }
    }
    match builder.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            (status, body)
        }
        Err(err) => (502, format!("\"proxy: {err}\"")),
    }
}
