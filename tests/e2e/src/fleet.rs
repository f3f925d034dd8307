//! Baton as it runs in production: every service a separate OS process (some with several
//! replicas) on a real nats-server, with a real SMTP server process and, when the
//! intercom-connector runs, a fake Intercom — for fault injection: kill any of them mid-load
//! and restart it, or make Intercom fail.

use baton_bus::Bus;
use baton_process::ServiceProcess;
use baton_proto::v1::PutAgentConfigRequest;
use baton_proto::v1::admin_client::AdminClient;
use baton_testkit::TestNats;
use baton_testkit::smtp::SmtpServer;
use tempfile::TempDir;

use crate::intercom::FakeIntercom;
use crate::load::Delivered;

/// The client secret the fleet's Intercom webhooks are signed with.
pub const INTERCOM_SECRET: &str = "fleet-intercom-secret";

/// The admin token the fleet's router is started with (`BATON_ADMIN_TOKEN`).
pub const ADMIN_TOKEN: &str = "fleet-admin-token";

/// The running fleet.
pub struct Fleet {
    /// The nats-server (kill and restart it on the same store).
    pub nats: TestNats,
    /// The SMTP server the email-sender delivers to.
    pub smtp: SmtpServer,
    /// The Intercom the intercom-connector talks to, when it runs.
    pub intercom: Option<FakeIntercom>,
    /// The service processes, in start order.
    pub services: Vec<ServiceProcess>,
    /// A connection for the test itself.
    pub bus: Bus,
    grpc: String,
    _data: TempDir,
}

impl Fleet {
    /// Starts nats, SMTP, a fake Intercom when the intercom-connector is among them, and
    /// `replicas` of each service (`("conversation", 2)`, ...), with the router's dispatch
    /// timeout at `dispatch_timeout_secs`. Helpdesk calls time out after 1 s and are tried
    /// 3 times.
    ///
    /// # Panics
    /// When anything does not start.
    pub async fn start(replicas: &[(&str, usize)], dispatch_timeout_secs: u64) -> Fleet {
        baton_testkit::init_tracing();
        let nats = TestNats::start().await;
        let smtp = SmtpServer::start().await;
        let data = tempfile::Builder::new()
            .prefix("baton-fleet-")
            .tempdir()
            .unwrap_or_else(|err| panic!("data directory: {err}"));
        let intercom = if replicas
            .iter()
            .any(|(name, _)| *name == "intercom-connector")
        {
            Some(FakeIntercom::start().await)
        } else {
            None
        };
        let env = [
            (
                "BATON_INTERCOM_BASE_URL",
                intercom.as_ref().map(FakeIntercom::url).unwrap_or_default(),
            ),
            ("BATON_INTERCOM_TOKEN", "fleet-token".into()),
            ("BATON_INTERCOM_CLIENT_SECRET", INTERCOM_SECRET.into()),
            ("BATON_HTTP_TIMEOUT_SECS", "1".into()),
            ("BATON_HTTP_RETRY_ATTEMPTS", "3".into()),
            ("BATON_NATS_URL", nats.url()),
            ("BATON_DATA_DIR", data.path().display().to_string()),
            ("BATON_SMTP_URL", smtp.url()),
            // Required with SMTP: relays refuse the outbox placeholder sender.
            (
                "BATON_DEFAULT_FROM",
                "Fleet Support <support@fleet.example>".into(),
            ),
            (
                "BATON_DISPATCH_TIMEOUT_SECS",
                dispatch_timeout_secs.to_string(),
            ),
            ("BATON_CONCURRENCY", "8".into()),
            ("BATON_ADMIN_TOKEN", ADMIN_TOKEN.into()),
        ];
        let mut services = Vec::new();
        for (name, count) in replicas {
            for _ in 0..*count {
                services.push(ServiceProcess::start(name, &env).await);
            }
        }
        let bus = nats.bus("fleet-test").await;
        let grpc = services
            .iter()
            .find(|s| s.name() == "handoff-router")
            .map(ServiceProcess::grpc_url)
            .unwrap_or_else(|| panic!("a fleet needs the handoff-router"));
        Fleet {
            nats,
            smtp,
            intercom,
            services,
            bus,
            grpc,
            _data: data,
        }
    }

    /// Stores `yaml` through the router's admin API and switches it live.
    ///
    /// # Panics
    /// When the router refuses it.
    pub async fn apply(&self, yaml: &str) {
        self.put_config(yaml, Some(ADMIN_TOKEN))
            .await
            .unwrap_or_else(|status| panic!("apply: {}", status.message()));
    }

    /// Asks the router's admin API to store `yaml` live, presenting `token` (or none).
    ///
    /// # Panics
    /// When the API cannot be reached.
    pub async fn put_config(&self, yaml: &str, token: Option<&str>) -> Result<(), tonic::Status> {
        let mut request = tonic::Request::new(PutAgentConfigRequest {
            yaml: yaml.into(),
            live: true,
        });
        if let Some(token) = token {
            let value = format!("Bearer {token}")
                .parse()
                .unwrap_or_else(|err| panic!("token header: {err}"));
            request.metadata_mut().insert("authorization", value);
        }
        AdminClient::connect(self.grpc.clone())
            .await
            .unwrap_or_else(|err| panic!("admin API: {err}"))
            .put_agent_config(request)
            .await
            .map(drop)
    }

    /// What the peers have received so far.
    pub fn delivered(&self) -> Delivered {
        Delivered {
            mails: self.smtp.messages(),
            intercom_conversations: self
                .intercom
                .as_ref()
                .map(FakeIntercom::created)
                .unwrap_or_default(),
        }
    }

    /// The `replica`-th process of service `name`.
    ///
    /// # Panics
    /// When there is no such process.
    pub fn service(&mut self, name: &str, replica: usize) -> &mut ServiceProcess {
        self.services
            .iter_mut()
            .filter(|s| s.name() == name)
            .nth(replica)
            .unwrap_or_else(|| panic!("no replica {replica} of {name}"))
    }
}
