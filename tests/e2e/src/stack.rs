//! Baton's services in one process on a test nats-server, each through its own `start()`
//! with settings the test tunes (SMTP server, dispatch timeout, ...).

use std::net::SocketAddr;
use std::time::Duration;

use baton_config::settings::{GrpcSettings, ServiceSettings};
use baton_proto::v1::admin_client::AdminClient;
use baton_proto::v1::conversations_client::ConversationsClient;
use baton_runtime::Context;
use baton_testkit::TestNats;
use tempfile::TempDir;
use tokio_util::sync::CancellationToken;
use tonic::transport::Channel;

/// Generous bound for anything asynchronous to happen in an end-to-end test.
pub const WAIT: Duration = Duration::from_secs(60);

/// The settings of every service in the stack.
#[derive(Clone, Debug)]
pub struct StackSettings {
    /// Shared by every service: NATS, concurrency, data directory.
    pub service: ServiceSettings,
    /// The router (dispatch timeout, loop protection).
    pub router: baton_handoff_router::Settings,
    /// The email sender (SMTP server).
    pub email: baton_email_sender::Settings,
    /// The Intercom connector (base URL, token, webhook secret; dry run by default).
    pub intercom: baton_intercom_connector::Settings,
    /// The Zendesk connector (Sunshine and Support API; dry run by default).
    pub zendesk: baton_zendesk_connector::Settings,
    /// The Copilot drafter (where knowledge bases are found).
    pub copilot: baton_copilot_drafter::Settings,
}

/// A running stack. Stop it with [`Stack::stop`]; dropping it cancels everything too.
pub struct Stack {
    shutdown: CancellationToken,
    task: Option<tokio::task::JoinHandle<()>>,
    /// Where the admin and conversation gRPC APIs listen.
    pub grpc: SocketAddr,
    /// Where health, metrics and webhooks listen.
    pub http: SocketAddr,
    _data: TempDir,
}

impl Stack {
    /// Starts every service (conversation, trigger-evaluator, handoff-router, email-sender,
    /// intercom-connector, zendesk-connector, copilot-drafter) on `nats`, with `tune` applied to the defaults.
    ///
    /// # Panics
    /// When a service does not start.
    pub async fn start(nats: &TestNats, tune: impl FnOnce(&mut StackSettings)) -> Stack {
        baton_testkit::init_tracing();
        let data = tempfile::Builder::new()
            .prefix("baton-e2e-")
            .tempdir()
            .unwrap_or_else(|err| panic!("cannot create a data directory: {err}"));
        let service = ServiceSettings {
            bus: nats.settings(),
            concurrency: 4,
            data_dir: data.path().to_owned(),
            ..ServiceSettings::default()
        };
        let mut settings = StackSettings {
            router: baton_handoff_router::Settings {
                service: service.clone(),
                ..Default::default()
            },
            email: baton_email_sender::Settings {
                service: service.clone(),
                default_from: Some("Acme Support <support@acme.test>".into()),
                ..Default::default()
            },
            intercom: baton_intercom_connector::Settings {
                service: service.clone(),
                ..Default::default()
            },
            zendesk: baton_zendesk_connector::Settings {
                service: service.clone(),
                ..Default::default()
            },
            copilot: baton_copilot_drafter::Settings {
                service: service.clone(),
                ..Default::default()
            },
            service,
        };
        tune(&mut settings);

        let shutdown = CancellationToken::new();
        let context = Context::connect("baton-e2e", &nats.settings(), shutdown.clone())
            .await
            .unwrap_or_else(|err| panic!("connect: {err}"));
        let parts = baton_conversation::start(
            &context,
            &baton_conversation::Settings {
                service: settings.service.clone(),
                ..Default::default()
            },
        )
        .await
        .unwrap_or_else(|err| panic!("conversation: {err}"))
        .merge(
            baton_trigger_evaluator::start(
                &context,
                &baton_trigger_evaluator::Settings {
                    service: settings.service.clone(),
                    guard: settings.router.guard,
                    ..Default::default()
                },
            )
            .await
            .unwrap_or_else(|err| panic!("trigger-evaluator: {err}")),
        )
        .merge(
            baton_handoff_router::start(&context, &settings.router)
                .await
                .unwrap_or_else(|err| panic!("handoff-router: {err}")),
        )
        .merge(
            baton_email_sender::start(&context, &settings.email)
                .await
                .unwrap_or_else(|err| panic!("email-sender: {err}")),
        )
        .merge(
            baton_intercom_connector::start(&context, &settings.intercom)
                .await
                .unwrap_or_else(|err| panic!("intercom-connector: {err}")),
        )
        .merge(
            baton_zendesk_connector::start(&context, &settings.zendesk)
                .await
                .unwrap_or_else(|err| panic!("zendesk-connector: {err}")),
        )
        .merge(
            baton_copilot_drafter::start(&context, &settings.copilot)
                .await
                .unwrap_or_else(|err| panic!("copilot-drafter: {err}")),
        );
        let local = "127.0.0.1:0".parse().unwrap_or_else(|err| panic!("{err}"));
        // Loopback without an admin token, as `baton run` on a laptop.
        let grpc = GrpcSettings {
            grpc_addr: local,
            ..GrpcSettings::default()
        };
        let bound = context
            .serve(local, Some(&grpc), parts)
            .await
            .unwrap_or_else(|err| panic!("serve: {err}"));
        let task = tokio::spawn(baton_testkit::service::finished_cleanly(context));
        Stack {
            shutdown,
            task: Some(task),
            grpc: bound.grpc.unwrap_or_else(|| panic!("no gRPC address")),
            http: bound.http,
            _data: data,
        }
    }

    async fn channel(&self) -> Channel {
        Channel::from_shared(format!("http://{}", self.grpc))
            .unwrap_or_else(|err| panic!("{err}"))
            .connect()
            .await
            .unwrap_or_else(|err| panic!("cannot reach the gRPC API: {err}"))
    }

    /// A client of the admin API.
    pub async fn admin(&self) -> AdminClient<Channel> {
        AdminClient::new(self.channel().await)
    }

    /// Stores agent configuration `yaml` and switches it live.
    ///
    /// # Panics
    /// When the router refuses it.
    pub async fn apply(&self, yaml: &str) {
        self.admin()
            .await
            .put_agent_config(baton_proto::v1::PutAgentConfigRequest {
                yaml: yaml.to_owned(),
                live: true,
            })
            .await
            .unwrap_or_else(|status| panic!("apply: {}", status.message()));
    }

    /// A client of the conversation query API.
    pub async fn conversations(&self) -> ConversationsClient<Channel> {
        ConversationsClient::new(self.channel().await)
    }

    /// Stops every service and waits until they have.
    ///
    /// # Panics
    /// When they do not stop within [`WAIT`].
    pub async fn stop(mut self) {
        self.shutdown.cancel();
        if let Some(task) = self.task.take() {
            tokio::time::timeout(WAIT, task)
                .await
                .unwrap_or_else(|_| panic!("the stack did not stop within {WAIT:?}"))
                .unwrap_or_else(|err| panic!("join: {err}"));
        }
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}
