//! How a Baton service process runs, the same way for every service and for `baton run`:
//!
//! 1. [`Context::connect`]: connect to NATS and provision streams and buckets;
//! 2. a service's `start(&Context, …)` provisions its consumers, spawns its workers with
//!    [`Context::spawn_worker`] and its other background tasks with [`Context::supervise`]
//!    (both run under the [`supervisor`]: restarted when they stop, red in `/readyz`
//!    meanwhile), and returns its [`Parts`] (webhook routes, gRPC services);
//! 3. [`Context::serve`]: `/healthz`, `/readyz`, `/metrics` and the webhooks on one HTTP
//!    port, the gRPC services on another behind the admin token ([`admin_auth`]); both
//!    report the address they bound;
//! 4. on SIGTERM or Ctrl-C ([`shutdown_on_signals`]): stop pulling, finish in-flight
//!    messages, stop the servers, flush.
//!
//! [`main`] wraps all of it for a service binary, so each `main.rs` is one line; it also
//! names any `BATON_…` variable no setting reads ([`warn_about_unread_variables`]).

pub mod admin_auth;
pub mod supervisor;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use baton_bus::{Bus, BusSettings, Handler, WorkerSpec, worker};
use baton_config::settings::{GrpcSettings, ServiceSettings};
use baton_config::store::ConfigCache;
use baton_telemetry::health::{self, Readiness};
use clap::Parser;
use serde::de::DeserializeOwned;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::supervisor::{Ending, Supervisor};

/// Why a service could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// NATS could not be reached or set up.
    #[error(transparent)]
    Bus(#[from] baton_bus::Error),
    /// A service's own settings cannot be used (an SMTP URL, a directory).
    #[error(transparent)]
    Settings(Box<dyn std::error::Error + Send + Sync>),
    /// The gRPC APIs would be reachable from the network by anyone.
    #[error(transparent)]
    Unprotected(#[from] admin_auth::Unprotected),
    /// `BATON_REQUIRE_LIVE` and a live configuration needs credentials this connector lacks.
    #[error(transparent)]
    NotLive(#[from] baton_config::live::Refused),
    /// A server stopped before shutdown, so the process did (to be started again).
    #[error("{0}")]
    ServerStopped(String),
    /// A port could not be bound.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// A gRPC service waiting to be added to the process's server. Deferred, because tonic's
/// `Routes` cannot be merged once built, and `baton run` serves the services of several
/// crates on one port.
pub type GrpcService = Box<dyn FnOnce(tonic::service::Routes) -> tonic::service::Routes + Send>;

/// A [`GrpcService`] for `service` (a generated `…Server`).
pub fn grpc_service<S>(service: S) -> GrpcService
where
    S: tower::Service<http::Request<tonic::body::Body>, Error = std::convert::Infallible>
        + tonic::server::NamedService
        + Clone
        + Send
        + Sync
        + 'static,
    S::Response: axum::response::IntoResponse,
    S::Future: Send + 'static,
{
    Box::new(move |routes: tonic::service::Routes| routes.add_service(service))
}

/// What a started service contributes to the process's servers.
#[derive(Default)]
pub struct Parts {
    /// Extra HTTP routes (webhooks), merged with the health endpoints.
    pub http: axum::Router,
    /// gRPC services, if the service has any.
    pub grpc: Vec<GrpcService>,
}

impl Parts {
    /// Combines the parts of several services (for `baton run`).
    pub fn merge(mut self, other: Parts) -> Parts {
        self.grpc.extend(other.grpc);
        Parts {
            http: self.http.merge(other.http),
            grpc: self.grpc,
        }
    }
}

/// Where a process's servers ended up listening.
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    /// Health, metrics and webhooks.
    pub http: SocketAddr,
    /// gRPC, when served.
    pub grpc: Option<SocketAddr>,
}

/// A running process: its bus, its shutdown signal and its background work.
#[derive(Clone)]
pub struct Context {
    bus: Bus,
    shutdown: CancellationToken,
    tasks: TaskTracker,
    readiness: Readiness,
    supervisor: Supervisor,
}

impl Context {
    /// Connects as `name`, provisions streams and buckets, and readies `/readyz` checks.
    pub async fn connect(
        name: &str,
        settings: &BusSettings,
        shutdown: CancellationToken,
    ) -> Result<Self, Error> {
        let bus = Bus::connect(settings, name).await?;
        bus.provision().await?;
        Ok(Self::new(bus, shutdown))
    }

    /// A context on an already connected and provisioned bus.
    pub fn new(bus: Bus, shutdown: CancellationToken) -> Self {
        let readiness = Readiness::new();
        let ready_bus = bus.clone();
        readiness.add("nats", move || ready_bus.is_ready());
        let tasks = TaskTracker::new();
        let supervisor = Supervisor::new(tasks.clone(), shutdown.clone(), readiness.clone());
        Self {
            bus,
            shutdown,
            tasks,
            readiness,
            supervisor,
        }
    }

    /// The bus.
    pub fn bus(&self) -> &Bus {
        &self.bus
    }

    /// Cancelled when the process should stop.
    pub fn shutdown(&self) -> &CancellationToken {
        &self.shutdown
    }

    /// Readiness checks served at `/readyz`; services may add their own.
    pub fn readiness(&self) -> &Readiness {
        &self.readiness
    }

    /// Provisions the consumer of `spec` now (so a service is ready to receive from the
    /// moment it reports ready) and runs `handler` on it until shutdown, with the consumer's
    /// dead-letter watch and backlog gauges beside it, each supervised.
    pub async fn spawn_worker<H: Handler>(
        &self,
        spec: WorkerSpec,
        handler: H,
    ) -> Result<(), Error> {
        worker::provision_consumer(&self.bus, &spec).await?;
        let durable = spec.durable.clone();
        let handler = Arc::new(handler);
        let loop_spec = spec.clone();
        self.supervise_on_bus(format!("worker {durable}"), move |bus, shutdown| {
            worker::run(bus, loop_spec.clone(), handler.clone(), shutdown)
        });
        let watch_spec = spec.clone();
        self.supervise_on_bus(
            format!("dead-letter watch {durable}"),
            move |bus, shutdown| worker::watch_given_up(bus, watch_spec.clone(), shutdown),
        );
        self.supervise_on_bus(format!("backlog {durable}"), move |bus, shutdown| {
            worker::report_backlog(bus, spec.clone(), shutdown)
        });
        Ok(())
    }

    /// The agent configurations, kept current by a supervised watch (`config watch
    /// <owner>`, e.g. the service's name).
    pub async fn config_cache(&self, owner: &str) -> Result<ConfigCache, Error> {
        let cache = ConfigCache::open(&self.bus).await?;
        let watched = cache.clone();
        let shutdown = self.shutdown.clone();
        self.supervise(format!("config watch {owner}"), move || {
            watched.clone().watch(shutdown.clone())
        });
        Ok(cache)
    }

    /// Runs the task `start` makes until shutdown, restarting it whenever it stops (see
    /// [`supervisor`]); the task must return on [`Context::shutdown`].
    pub fn supervise<F, Fut>(&self, name: impl Into<String>, start: F)
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: Ending,
    {
        self.supervisor.supervise(name, start);
    }

    /// [`Context::supervise`] for a task made from the bus and the shutdown signal.
    fn supervise_on_bus<F, Fut>(&self, name: String, mut start: F)
    where
        F: FnMut(Bus, CancellationToken) -> Fut + Send + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: Ending,
    {
        let (bus, shutdown) = (self.bus.clone(), self.shutdown.clone());
        self.supervise(name, move || start(bus.clone(), shutdown.clone()));
    }

    /// Serves health, metrics and `parts.http` on `http_addr`, and `parts.grpc` as `grpc`
    /// says when both are given (refused off loopback without an admin token, see
    /// [`admin_auth`]). Port 0 picks a free port; the bound addresses are returned and
    /// logged.
    pub async fn serve(
        &self,
        http_addr: SocketAddr,
        grpc: Option<&GrpcSettings>,
        parts: Parts,
    ) -> Result<Bound, Error> {
        let grpc = grpc.filter(|_| !parts.grpc.is_empty());
        if let Some(grpc) = grpc {
            // Before any port is bound, so a refused service never answers on one.
            admin_auth::check_exposure(grpc)?;
        }
        let router = health::router(self.readiness.clone()).merge(parts.http);
        let (http, server) = health::serve(http_addr, router, self.shutdown.clone())
            .await
            .map_err(|source| Error::Bind {
                addr: http_addr,
                source,
            })?;
        self.supervisor.watch_server("HTTP server", async move {
            match server.await {
                Ok(served) => served.map_err(|err| baton_bus::error_chain(&err)),
                Err(join) => Err(join.to_string()),
            }
        });
        let grpc = match grpc {
            Some(grpc) => {
                let routes = parts
                    .grpc
                    .into_iter()
                    .fold(tonic::service::Routes::default(), |routes, add| add(routes));
                Some(self.serve_grpc(grpc, routes).await?)
            }
            None => None,
        };
        Ok(Bound { http, grpc })
    }

    async fn serve_grpc(
        &self,
        settings: &GrpcSettings,
        routes: tonic::service::Routes,
    ) -> Result<SocketAddr, Error> {
        let addr = settings.grpc_addr;
        let authentication = tonic::service::InterceptorLayer::new(
            admin_auth::RequireAdminToken::new(&settings.credentials),
        );
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Bind { addr, source })?;
        let bound = listener
            .local_addr()
            .map_err(|source| Error::Bind { addr, source })?;
        tracing::info!(%bound, "gRPC listening");
        let shutdown = self.shutdown.clone();
        self.supervisor.watch_server("gRPC server", async move {
            tonic::transport::Server::builder()
                .layer(authentication)
                .add_routes(routes)
                .serve_with_incoming_shutdown(
                    tonic::transport::server::TcpIncoming::from(listener),
                    shutdown.cancelled_owned(),
                )
                .await
                .map_err(|err| baton_bus::error_chain(&err))
        });
        Ok(bound)
    }

    /// Waits for shutdown, then for every worker and server to finish; an error when a
    /// server stopped the process.
    pub async fn finished(&self) -> Result<(), Error> {
        self.shutdown.cancelled().await;
        self.tasks.close();
        self.tasks.wait().await;
        self.bus.flush().await;
        match self.supervisor.stopped_by() {
            Some(reason) => Err(Error::ServerStopped(reason)),
            None => Ok(()),
        }
    }
}

/// What a Baton service is to the runtime: a name, settings, and how it starts on a
/// connected context. Connecting, serving, draining ([`run`]) and a binary's whole `main`
/// ([`main`]) are the same for every service, so they are written once, here.
pub trait Service {
    /// The service's name: consumers, DLQ subject, metrics label, logs.
    const NAME: &'static str;
    /// Its settings, as `baton_config::settings::load` reads them.
    type Settings: DeserializeOwned;
    /// The settings every service has, and the gRPC ones when it serves gRPC.
    fn common(settings: &Self::Settings) -> (&ServiceSettings, Option<&GrpcSettings>);
    /// Starts its workers on `context` and returns what it serves.
    fn start(
        context: &Context,
        settings: &Self::Settings,
    ) -> impl Future<Output = Result<Parts, Error>>;
}

/// Runs service `S` until `shutdown`: connect and provision, start it, serve its parts
/// (gRPC only when it has gRPC settings), then drain.
pub async fn run<S: Service>(
    settings: S::Settings,
    shutdown: CancellationToken,
) -> Result<(), Error> {
    let (service, grpc) = S::common(&settings);
    let context = Context::connect(S::NAME, &service.bus, shutdown).await?;
    let parts = S::start(&context, &settings).await?;
    context.serve(service.http_addr, grpc, parts).await?;
    context.finished().await?;
    Ok(())
}

/// A token cancelled on SIGTERM (Kubernetes stopping a pod) or Ctrl-C.
pub fn shutdown_on_signals() -> CancellationToken {
    let token = CancellationToken::new();
    let cancel = token.clone();
    tokio::spawn(async move {
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(err) => {
                    tracing::warn!(error = %err, "cannot listen for SIGTERM");
                    std::future::pending::<()>().await;
                }
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            () = terminate => {}
        }
        tracing::info!("shutting down: finishing messages in flight");
        cancel.cancel();
    });
    token
}

/// Warns about each `BATON_…` variable that no Baton setting reads: a misspelt name (a
/// secret's, say) is otherwise ignored without a word, and the service quietly runs on the
/// default. Names only: a value may be a secret.
pub fn warn_about_unread_variables() {
    let names: Vec<String> = std::env::vars_os()
        .filter_map(|(name, _)| name.into_string().ok())
        .collect();
    for name in baton_config::known::unread(names.iter().map(String::as_str)) {
        tracing::warn!(
            variable = name,
            "{name} is set but no Baton setting has that name, so it is ignored: misspelt?"
        );
    }
}

/// Command line of every service binary.
#[derive(Parser)]
struct Cli {
    /// Settings file (YAML); `BATON_…` environment variables override it.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
}

/// The whole `main` of a service binary: telemetry, settings, signals, `run`, exit code.
pub fn main<S: Service>() -> ExitCode {
    let service = S::NAME;
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("{service}: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let _telemetry = match baton_telemetry::init(service) {
            Ok(guard) => guard,
            Err(err) => {
                eprintln!("{service}: cannot start telemetry: {err}");
                return ExitCode::FAILURE;
            }
        };
        let settings = match baton_config::settings::load::<S::Settings>(cli.settings.as_deref()) {
            Ok(settings) => settings,
            Err(err) => {
                tracing::error!(error = %baton_bus::error_chain(&err), "invalid settings");
                return ExitCode::FAILURE;
            }
        };
        warn_about_unread_variables();
        match run::<S>(settings, shutdown_on_signals()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                tracing::error!(error = %baton_bus::error_chain(&err), "{service} failed");
                ExitCode::FAILURE
            }
        }
    })
}
