//! The HTTP client every connector talks to its helpdesk with.
//!
//! One call ([`ApiClient::call`]) is one logical request: it is retried with exponential
//! backoff and jitter on 5xx, timeouts and connection failures, waits out a `429` as long as
//! the helpdesk asks (`Retry-After`, `X-RateLimit-Reset`) and gives up on any other 4xx at
//! once — retrying cannot fix a request the helpdesk refuses. Each try is a client span with
//! OpenTelemetry's `http.*` attributes and carries the trace context (`traceparent`) to the
//! helpdesk; latency and outcomes are counted per helpdesk, operation and status.
//!
//! Bodies hold customer data: they are never logged. Ids, routes and status codes are.
//!
//! Without credentials a client runs in dry-run: each request is written, exactly as it
//! would be sent (secrets left out), as a JSON file in the outbox directory, and answered
//! with the request's own [`ApiRequest::answers_dry_run`] body.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use baton_bus::retry::RetrySchedule;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tracing::{Instrument, field};

/// Whether a client talks to the helpdesk.
#[derive(Clone)]
pub enum Mode {
    /// Send requests, authenticated so.
    Live(Auth),
    /// Send nothing: write each request to a file in `outbox`.
    DryRun {
        /// The directory the requests are written to.
        outbox: PathBuf,
        /// The `Authorization` scheme a live client would use ("Bearer", "Basic"), shown
        /// (without the secret) in the files and in Preview.
        scheme: &'static str,
    },
    /// Credentials are missing and a dry run is not allowed (`BATON_REQUIRE_LIVE`): every
    /// call is refused, so a dispatch fails final and its fallback takes over.
    Unconfigured {
        /// The settings that are missing, as an operator sets them.
        missing: &'static str,
    },
}

/// How a connector authenticates.
#[derive(Clone)]
pub enum Auth {
    /// `Authorization: Bearer <token>` (Intercom).
    Bearer(SecretString),
    /// `Authorization: Basic` with a user and a secret (Zendesk API tokens, Sunshine keys).
    Basic {
        /// The user part (`agent@example.com/token`, a key id).
        user: String,
        /// The secret part.
        secret: SecretString,
    },
}

/// Timeouts and the retry budget of each call, shared by the connectors.
/// Environment: `BATON_HTTP_TIMEOUT_SECS`, `BATON_HTTP_RETRY_ATTEMPTS`,
/// `BATON_HTTP_RETRY__INITIAL` (ms), `BATON_HTTP_RETRY__MAX` (ms).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct HttpSettings {
    /// Seconds one try may take, connection included.
    pub http_timeout_secs: u64,
    /// Tries per call, the first included, before the call counts as failed.
    pub http_retry_attempts: u32,
    /// Delays between tries.
    pub http_retry: RetrySchedule,
    /// The longest `429` wait served inside one call; a longer one is handed back to the
    /// caller ([`CallError::RateLimited`]) so the message waits in the stream, not in memory.
    pub http_max_rate_limit_wait_secs: u64,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            http_timeout_secs: 10,
            http_retry_attempts: 4,
            http_retry: RetrySchedule {
                initial: Duration::from_millis(500),
                max: Duration::from_secs(8),
                jitter: 0.2,
            },
            http_max_rate_limit_wait_secs: 30,
        }
    }
}

/// One request to a helpdesk API.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiRequest {
    /// What it does, in a few words ("create conversation"): span names and metric labels.
    pub operation: &'static str,
    /// The method.
    pub method: Method,
    /// The path template ("/conversations/{id}/reply"): span names, bounded label values.
    pub route: &'static str,
    /// The concrete path, ids filled in, relative to the API's base URL.
    pub path: String,
    /// The JSON body, if any.
    pub body: Option<serde_json::Value>,
    /// Headers of this request only (an `Idempotency-Key`); never secrets.
    pub headers: Vec<(&'static str, String)>,
    /// What a dry-run client answers: the smallest success body the caller reads.
    pub dry_run_answer: serde_json::Value,
    /// Whether a try that failed without a clear "not done" (a timeout, a lost connection or
    /// answer, a 5xx other than 503) may be sent again: not for a create without an
    /// idempotency key, which may have happened anyway ([`CallError::Uncertain`]).
    pub retry_after_timeout: bool,
}

impl ApiRequest {
    /// A request without body or extra headers.
    pub fn new(operation: &'static str, method: Method, route: &'static str, path: String) -> Self {
        Self {
            operation,
            method,
            route,
            path,
            body: None,
            headers: Vec::new(),
            dry_run_answer: serde_json::Value::Null,
            retry_after_timeout: true,
        }
    }

    /// The same request, marked as creating something the helpdesk cannot deduplicate: a
    /// timeout, a lost connection or a 5xx other than 503 is reported as
    /// [`CallError::Uncertain`] instead of being tried again, so the caller looks for what
    /// the try may have created before creating it again.
    pub fn not_idempotent(mut self) -> Self {
        self.retry_after_timeout = false;
        self
    }

    /// The same request, answered with `answer` (a connector's typed answer) in dry-run.
    pub fn answers_dry_run(mut self, answer: &impl Serialize) -> Self {
        self.dry_run_answer = serde_json::to_value(answer).unwrap_or_default();
        self
    }

    /// The same request with `body`, a connector's typed request, as its JSON body.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        // The connectors' request types are plain structs of strings, numbers and maps,
        // which always serialize.
        self.body = Some(serde_json::to_value(body).unwrap_or_default());
        self
    }

    /// The same request with one more header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CallError {
    /// The helpdesk refused the request (4xx other than 429): retrying cannot help.
    #[error("{helpdesk} refused to {operation}: HTTP {status}{detail}")]
    Rejected {
        /// The helpdesk.
        helpdesk: &'static str,
        /// What was attempted.
        operation: &'static str,
        /// The status it answered.
        status: u16,
        /// The helpdesk's error codes (never its messages, which may quote customer data),
        /// prefixed with ": ", or empty.
        detail: String,
    },
    /// The helpdesk kept failing (5xx, timeouts, unreachable) for the whole retry budget.
    #[error("{helpdesk} could not {operation} after {attempts} tries: {last}")]
    Unavailable {
        /// The helpdesk.
        helpdesk: &'static str,
        /// What was attempted.
        operation: &'static str,
        /// Tries made.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// The helpdesk asks to wait longer than a call waits: try again after `retry_after`.
    #[error("{helpdesk} is rate limiting; retry in {}s", retry_after.as_secs())]
    RateLimited {
        /// The helpdesk.
        helpdesk: &'static str,
        /// How long it asked to wait.
        retry_after: Duration,
    },
    /// A create without an idempotency key got no clear answer: it may or may not have
    /// happened.
    #[error("{helpdesk} gave no clear answer to {operation}; it may have happened")]
    Uncertain {
        /// The helpdesk.
        helpdesk: &'static str,
        /// What was attempted.
        operation: &'static str,
    },
    /// Nothing can be sent: credentials are missing and dry runs are not allowed.
    #[error(
        "{helpdesk} is not configured ({missing} unset) and BATON_REQUIRE_LIVE forbids a dry run"
    )]
    Unconfigured {
        /// The helpdesk.
        helpdesk: &'static str,
        /// The settings that are missing.
        missing: &'static str,
    },
    /// The helpdesk answered success with a body that is not what its API describes.
    #[error("{helpdesk} answered {operation} with an unexpected body: {reason}")]
    UnexpectedResponse {
        /// The helpdesk.
        helpdesk: &'static str,
        /// What was attempted.
        operation: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

impl CallError {
    /// True when the request itself is refused: the handoff must take another path.
    pub fn is_rejection(&self) -> bool {
        matches!(
            self,
            CallError::Rejected { .. } | CallError::Unconfigured { .. }
        )
    }

    /// What a message without a fallback (a relayed message, a note) does after this
    /// failure: a refusal goes to the DLQ with its reason (retrying cannot fix it); anything
    /// else is redelivered, after the helpdesk's `Retry-After` when it gave one.
    pub fn retry_later(self) -> baton_bus::HandleError {
        match self {
            CallError::RateLimited { retry_after, .. } => {
                baton_bus::HandleError::transient_after(self, retry_after)
            }
            CallError::Rejected { .. } | CallError::Unconfigured { .. } => {
                baton_bus::HandleError::permanent(self.to_string())
            }
            other => baton_bus::HandleError::transient(other),
        }
    }
}

/// An authenticated client for one helpdesk API.
#[derive(Clone)]
pub struct ApiClient {
    helpdesk: &'static str,
    base_url: String,
    http: reqwest::Client,
    mode: Mode,
    dry_run_files: Arc<AtomicU64>,
    default_headers: Vec<(&'static str, String)>,
    settings: HttpSettings,
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the {helpdesk} HTTP client: {source}")]
pub struct ClientError {
    helpdesk: &'static str,
    #[source]
    source: reqwest::Error,
}

impl ApiClient {
    /// A client for `helpdesk` at `base_url` (no trailing slash needed).
    pub fn new(
        helpdesk: &'static str,
        base_url: &str,
        mode: Mode,
        default_headers: Vec<(&'static str, String)>,
        settings: HttpSettings,
    ) -> Result<Self, ClientError> {
        // reqwest is built without a default crypto provider; ring is the workspace's.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let timeout = Duration::from_secs(settings.http_timeout_secs.max(1));
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(concat!("baton/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|source| ClientError { helpdesk, source })?;
        Ok(Self {
            helpdesk,
            base_url: base_url.trim_end_matches('/').to_owned(),
            http,
            mode,
            dry_run_files: Arc::new(AtomicU64::new(0)),
            default_headers,
            settings,
        })
    }

    /// The helpdesk's name ("intercom").
    pub fn helpdesk(&self) -> &'static str {
        self.helpdesk
    }

    /// Whether requests are written to files instead of sent.
    pub fn is_dry_run(&self) -> bool {
        matches!(self.mode, Mode::DryRun { .. })
    }

    /// The settings this client lacks when it may neither send nor dry-run.
    pub fn missing(&self) -> Option<&'static str> {
        match self.mode {
            Mode::Unconfigured { missing } => Some(missing),
            Mode::Live(_) | Mode::DryRun { .. } => None,
        }
    }

    /// The full URL of `request`.
    pub fn url(&self, request: &ApiRequest) -> String {
        format!("{}{}", self.base_url, request.path)
    }

    /// The headers `request` is sent with, secrets left out: for dry-run files and Preview.
    pub fn visible_headers(&self, request: &ApiRequest) -> Vec<(String, String)> {
        let mut headers: Vec<(String, String)> = self
            .default_headers
            .iter()
            .chain(&request.headers)
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect();
        let scheme = match &self.mode {
            Mode::Live(Auth::Basic { .. }) => "Basic",
            Mode::Live(Auth::Bearer(_)) => "Bearer",
            Mode::DryRun { scheme, .. } => scheme,
            Mode::Unconfigured { .. } => "none",
        };
        headers.push(("Authorization".into(), format!("{scheme} <secret>")));
        if request.body.is_some() {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        headers
    }

    /// Sends `request`, retrying what may succeed later; returns the JSON body of the
    /// success (`Null` when it had none).
    pub async fn call(&self, request: &ApiRequest) -> Result<serde_json::Value, CallError> {
        let auth = match &self.mode {
            Mode::Live(auth) => auth,
            Mode::DryRun { outbox, .. } => return self.write_dry_run(outbox, request).await,
            Mode::Unconfigured { missing } => {
                return Err(CallError::Unconfigured {
                    helpdesk: self.helpdesk,
                    missing,
                });
            }
        };
        let attempts = self.settings.http_retry_attempts.max(1);
        let mut last = String::new();
        for attempt in 1..=attempts {
            if attempt > 1 {
                metrics::counter!("baton_helpdesk_retries_total", "helpdesk" => self.helpdesk, "operation" => request.operation).increment(1);
            }
            match self.try_once(request, auth, attempt).await {
                Outcome::Done(body) => return Ok(body),
                Outcome::Fatal(err) => return Err(err),
                Outcome::RateLimited(wait) => {
                    let longest = Duration::from_secs(self.settings.http_max_rate_limit_wait_secs);
                    if wait > longest || attempt == attempts {
                        return Err(CallError::RateLimited {
                            helpdesk: self.helpdesk,
                            retry_after: wait,
                        });
                    }
                    last = format!("rate limited for {}s", wait.as_secs());
                    tokio::time::sleep(
                        self.settings
                            .http_retry
                            .delay_honouring(attempt, Some(wait)),
                    )
                    .await;
                }
                // A create that cannot be deduplicated may have happened unless the helpdesk
                // said plainly it did not (503): it is looked for, not sent again.
                Outcome::Retry(failure)
                    if !request.retry_after_timeout && !failure.says_not_done() =>
                {
                    return Err(CallError::Uncertain {
                        helpdesk: self.helpdesk,
                        operation: request.operation,
                    });
                }
                Outcome::Retry(failure) => {
                    last = failure.to_string();
                    if attempt < attempts {
                        tokio::time::sleep(self.settings.http_retry.delay(attempt)).await;
                    }
                }
            }
        }
        Err(CallError::Unavailable {
            helpdesk: self.helpdesk,
            operation: request.operation,
            attempts,
            last,
        })
    }

    /// Writes `request` as `<outbox>/<unix ms>-<n>-<operation>.json` and answers it.
    async fn write_dry_run(
        &self,
        outbox: &std::path::Path,
        request: &ApiRequest,
    ) -> Result<serde_json::Value, CallError> {
        let n = self.dry_run_files.fetch_add(1, Ordering::Relaxed);
        let millis = jiff::Timestamp::now().as_millisecond();
        let name = format!(
            "{millis}-{n:06}-{}.json",
            request.operation.replace(' ', "-")
        );
        let file = serde_json::json!({
            "method": request.method.as_str(),
            "url": self.url(request),
            "headers": self.visible_headers(request).into_iter().collect::<std::collections::BTreeMap<_, _>>(),
            "body": request.body,
        });
        let unavailable = |err: std::io::Error| CallError::Unavailable {
            helpdesk: self.helpdesk,
            operation: request.operation,
            attempts: 1,
            last: format!(
                "cannot write the dry-run outbox {}: {err}",
                outbox.display()
            ),
        };
        tokio::fs::create_dir_all(outbox)
            .await
            .map_err(unavailable)?;
        let text = serde_json::to_vec_pretty(&file).unwrap_or_default();
        tokio::fs::write(outbox.join(&name), text)
            .await
            .map_err(unavailable)?;
        tracing::info!(helpdesk = self.helpdesk, operation = request.operation, file = %name, "dry run: request written, not sent");
        Ok(request.dry_run_answer.clone())
    }

    /// `request` as Preview shows it.
    pub fn planned(&self, request: &ApiRequest) -> baton_proto::v1::PlannedDelivery {
        baton_proto::v1::PlannedDelivery {
            kind: "http".into(),
            method: request.method.to_string(),
            target: self.url(request),
            headers: self.visible_headers(request).into_iter().collect(),
            body: request
                .body
                .as_ref()
                .and_then(|body| serde_json::to_string_pretty(body).ok())
                .unwrap_or_default(),
            note: request.operation.to_owned(),
            ..Default::default()
        }
    }

    async fn try_once(&self, request: &ApiRequest, auth: &Auth, attempt: u32) -> Outcome {
        let url = self.url(request);
        let span = tracing::info_span!(
            "http.client",
            otel.name = %format!("{} {}", request.method, request.route),
            otel.kind = "client",
            otel.status_code = field::Empty,
            http.request.method = %request.method,
            http.route = request.route,
            // The template, not `url.full`: concrete paths carry customer ids and emails
            // (Sunshine's `/users/{externalId}`), which traces must not keep.
            url.template = request.route,
            server.address = field::Empty,
            http.request.resend_count = attempt - 1,
            http.response.status_code = field::Empty,
            error.type = field::Empty,
            helpdesk = self.helpdesk,
        );
        if let Some(host) = reqwest::Url::parse(&url)
            .ok()
            .and_then(|parsed| parsed.host_str().map(str::to_owned))
        {
            span.record("server.address", host);
        }
        let started = Instant::now();
        let outcome = self
            .send(request, auth, &url)
            .instrument(span.clone())
            .await;
        let seconds = started.elapsed().as_secs_f64();
        let status_label = match &outcome {
            Ok(response) => response.status().as_u16().to_string(),
            Err(err) if err.is_timeout() => "timeout".into(),
            Err(_) => "unreachable".into(),
        };
        metrics::histogram!("baton_helpdesk_request_duration_seconds", "helpdesk" => self.helpdesk, "operation" => request.operation).record(seconds);
        metrics::counter!("baton_helpdesk_requests_total", "helpdesk" => self.helpdesk, "operation" => request.operation, "status" => status_label.clone()).increment(1);
        let response = match outcome {
            Ok(response) => response,
            Err(err) => {
                span.record("error.type", status_label.as_str());
                span.record("otel.status_code", "ERROR");
                tracing::warn!(parent: &span, helpdesk = self.helpdesk, operation = request.operation, attempt, error = %baton_bus::error_chain(&err), "helpdesk call failed");
                return Outcome::Retry(if err.is_timeout() {
                    Failure::Timeout
                } else {
                    Failure::Unreachable
                });
            }
        };
        let status = response.status();
        span.record("http.response.status_code", status.as_u16());
        if !status.is_success() {
            span.record("error.type", status.as_str());
            span.record("otel.status_code", "ERROR");
        }
        tracing::debug!(parent: &span, helpdesk = self.helpdesk, operation = request.operation, status = status.as_u16(), "helpdesk answered");
        let headers = response.headers().clone();
        // Like a failed send, a lost answer's error names the URL (and so the email in it).
        let body = match response.bytes().await.map_err(reqwest::Error::without_url) {
            Ok(body) => body,
            // The answer was lost on the way: as uncertain as no answer at all.
            Err(err) => {
                tracing::warn!(parent: &span, helpdesk = self.helpdesk, operation = request.operation, status = status.as_u16(), error = %baton_bus::error_chain(&err), "helpdesk answer not read");
                return Outcome::Retry(if err.is_timeout() {
                    Failure::Timeout
                } else {
                    Failure::Unreachable
                });
            }
        };
        match status {
            s if s.is_success() => Outcome::Done(if body.iter().all(u8::is_ascii_whitespace) {
                serde_json::Value::Null
            } else {
                match serde_json::from_slice(&body) {
                    Ok(json) => json,
                    Err(err) => {
                        return Outcome::Fatal(CallError::UnexpectedResponse {
                            helpdesk: self.helpdesk,
                            operation: request.operation,
                            reason: format!("not JSON: {err}"),
                        });
                    }
                }
            }),
            StatusCode::TOO_MANY_REQUESTS => {
                let wait = rate_limit_wait(&headers, jiff::Timestamp::now())
                    .unwrap_or(Duration::from_secs(1));
                tracing::warn!(parent: &span, helpdesk = self.helpdesk, operation = request.operation, wait_secs = wait.as_secs(), "helpdesk is rate limiting");
                Outcome::RateLimited(wait)
            }
            s if s.is_server_error() || s == StatusCode::REQUEST_TIMEOUT => {
                tracing::warn!(parent: &span, helpdesk = self.helpdesk, operation = request.operation, status = s.as_u16(), attempt, "helpdesk failed; will retry");
                Outcome::Retry(Failure::Status(s))
            }
            s => {
                let detail = error_codes(&body);
                tracing::warn!(parent: &span, helpdesk = self.helpdesk, operation = request.operation, status = s.as_u16(), codes = %detail, "helpdesk refused the request");
                Outcome::Fatal(CallError::Rejected {
                    helpdesk: self.helpdesk,
                    operation: request.operation,
                    status: s.as_u16(),
                    detail: if detail.is_empty() {
                        detail
                    } else {
                        format!(": {detail}")
                    },
                })
            }
        }
    }

    async fn send(
        &self,
        request: &ApiRequest,
        auth: &Auth,
        url: &str,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let mut headers = HeaderMap::new();
        for (name, value) in self.default_headers.iter().chain(&request.headers) {
            // Names are written as documented ("Intercom-Version"); `from_bytes` lowers them.
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.insert(name, value);
            }
        }
        baton_telemetry::propagation::inject_current_http(&mut headers);
        let mut builder = self
            .http
            .request(request.method.clone(), url)
            .headers(headers);
        builder = match auth {
            Auth::Bearer(token) => builder.bearer_auth(token.expose_secret()),
            Auth::Basic { user, secret } => builder.basic_auth(user, Some(secret.expose_secret())),
        };
        if let Some(body) = &request.body {
            builder = builder.json(body);
        }
        // reqwest's errors name the URL, whose path may carry a customer's email.
        builder.send().await.map_err(reqwest::Error::without_url)
    }
}

enum Outcome {
    Done(serde_json::Value),
    Retry(Failure),
    RateLimited(Duration),
    Fatal(CallError),
}

/// Why a try failed in a way a later one may not.
enum Failure {
    /// A 5xx or 408 answer.
    Status(StatusCode),
    /// No answer in time.
    Timeout,
    /// No connection, or the answer was lost.
    Unreachable,
}

impl Failure {
    /// Whether the helpdesk said plainly that it did nothing (503): a create that cannot be
    /// deduplicated may then be sent again.
    fn says_not_done(&self) -> bool {
        matches!(self, Failure::Status(StatusCode::SERVICE_UNAVAILABLE))
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Status(status) => write!(f, "HTTP {}", status.as_u16()),
            Failure::Timeout => f.write_str("timeout"),
            Failure::Unreachable => f.write_str("unreachable"),
        }
    }
}

/// How long a `429` asks to wait: `Retry-After` (seconds or an HTTP date), else
/// `X-RateLimit-Reset` (Intercom: the Unix time the window resets).
pub fn rate_limit_wait(headers: &HeaderMap, now: jiff::Timestamp) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(value) = text("retry-after") {
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        if let Ok(at) = jiff::fmt::rfc2822::parse(value) {
            return Some(until(at.timestamp(), now));
        }
    }
    let reset = text("x-ratelimit-reset")?.parse::<i64>().ok()?;
    Some(until(jiff::Timestamp::from_second(reset).ok()?, now))
}

fn until(at: jiff::Timestamp, now: jiff::Timestamp) -> Duration {
    let seconds = at.as_second().saturating_sub(now.as_second()).max(0);
    Duration::from_secs(seconds.unsigned_abs())
}

/// The error codes of a helpdesk's error body (Intercom `errors[].code`, Zendesk `error`,
/// Sunshine `errors[].code`), joined; never the messages, which can quote customer data.
fn error_codes(body: &[u8]) -> String {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) else {
        return String::new();
    };
    let mut codes: Vec<String> = json
        .get("errors")
        .and_then(|errors| errors.as_array())
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e.get("code").and_then(|c| c.as_str()).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if let Some(code) = json.get("error").and_then(|e| e.as_str()) {
        codes.push(code.to_owned());
    }
    codes.retain(|code| {
        code.len() <= 64
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    });
    codes.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    HeaderName::from_static(name),
                    HeaderValue::from_str(value).expect("header"),
                )
            })
            .collect()
    }

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let now: jiff::Timestamp = "2026-11-25T10:00:00Z".parse().expect("time");
        assert_eq!(
            rate_limit_wait(&headers(&[("retry-after", "7")]), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            rate_limit_wait(
                &headers(&[("retry-after", "Wed, 25 Nov 2026 10:00:12 GMT")]),
                now
            ),
            Some(Duration::from_secs(12))
        );
    }

    #[test]
    fn intercom_reset_header_is_a_unix_time_and_never_negative() {
        let now: jiff::Timestamp = "2026-11-25T10:00:00Z".parse().expect("time");
        let reset = now.as_second() + 9;
        assert_eq!(
            rate_limit_wait(&headers(&[("x-ratelimit-reset", &reset.to_string())]), now),
            Some(Duration::from_secs(9))
        );
        let past = now.as_second() - 30;
        assert_eq!(
            rate_limit_wait(&headers(&[("x-ratelimit-reset", &past.to_string())]), now),
            Some(Duration::ZERO)
        );
        assert_eq!(rate_limit_wait(&headers(&[]), now), None);
    }

    #[test]
    fn error_bodies_give_codes_but_never_messages() {
        let body = br#"{"type":"error.list","errors":[{"code":"parameter_invalid","message":"jane@example.com is not valid"}]}"#;
        assert_eq!(error_codes(body), "parameter_invalid");
        assert_eq!(
            error_codes(br#"{"error":"RecordInvalid","description":"Requester: Jane Doe"}"#),
            "RecordInvalid"
        );
        assert_eq!(error_codes(b"<html>oops</html>"), "");
        assert_eq!(
            error_codes(br#"{"error":"Jane Doe <jane@example.com> is wrong"}"#),
            ""
        );
    }

    /// Everything a test's log subscriber writes.
    #[derive(Clone, Default)]
    struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("log buffer").extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
        type Writer = Self;
        fn make_writer(&'a self) -> Self {
            self.clone()
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_failed_call_logs_the_route_template_never_the_path_with_an_email() {
        let logs = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(logs.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::DEBUG)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        // A port nobody listens on any more: the call fails at connect.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port");
        let client = ApiClient::new(
            "sunshine",
            &format!("http://{closed}"),
            Mode::Live(Auth::Bearer(SecretString::from("token"))),
            Vec::new(),
            HttpSettings {
                http_retry_attempts: 1,
                ..HttpSettings::default()
            },
        )
        .expect("client");
        let request = ApiRequest::new(
            "get user",
            Method::GET,
            "/v2/apps/{appId}/users/{externalId}",
            "/v2/apps/app/users/jane@example.com".into(),
        );

        let err = client.call(&request).await.expect_err("nobody listens");

        let text = String::from_utf8_lossy(&logs.0.lock().expect("log buffer")).into_owned();
        assert!(text.contains("helpdesk call failed"), "{text}");
        assert!(text.contains("/users/{externalId}"), "{text}");
        assert!(!text.contains("jane@example.com"), "{text}");
        assert!(!err.to_string().contains("jane@example.com"), "{err}");
    }
}
