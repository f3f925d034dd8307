//! Baton as it runs in production: every service a separate OS process (some with several
//! replicas) on a real nats-server, with a real SMTP server process — for fault injection:
//! kill any of them mid-load and restart it.

use baton_bus::Bus;
use baton_proto::v1::PutAgentConfigRequest;
use baton_proto::v1::admin_client::AdminClient;
use baton_testkit::TestNats;
use baton_testkit::process::ServiceProcess;
use baton_testkit::smtp::SmtpServer;
use tempfile::TempDir;

/// The running fleet.
pub struct Fleet {
    /// The nats-server (kill and restart it on the same store).
    pub nats: TestNats,
    /// The SMTP server the email-sender delivers to.
    pub smtp: SmtpServer,
    /// The service processes, in start order.
    pub services: Vec<ServiceProcess>,
    /// A connection for the test itself.
    pub bus: Bus,
    grpc: String,
    _data: TempDir,
}

impl Fleet {
    /// Starts nats, SMTP and `replicas` of each service (`("conversation", 2)`, ...), with
    /// the router's dispatch timeout at `dispatch_timeout_secs`.
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
        let env = [
            ("BATON_NATS_URL", nats.url()),
            ("BATON_DATA_DIR", data.path().display().to_string()),
            ("BATON_SMTP_URL", smtp.url()),
            (
                "BATON_DISPATCH_TIMEOUT_SECS",
                dispatch_timeout_secs.to_string(),
            ),
            ("BATON_CONCURRENCY", "8".into()),
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
        AdminClient::connect(self.grpc.clone())
            .await
            .unwrap_or_else(|err| panic!("admin API: {err}"))
            .put_agent_config(PutAgentConfigRequest {
                yaml: yaml.into(),
                live: true,
            })
            .await
            .unwrap_or_else(|status| panic!("apply: {}", status.message()));
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
