//! The email-sender against a real nats-server and a real SMTP server process.

#![allow(clippy::panic)]

use std::time::Duration;

use baton_bus::subjects::{self, Stream};
use baton_bus::{Bus, Publisher};
use baton_config::settings::ServiceSettings;
use baton_proto::v1::{
    Customer, EmailRecipients, EmailSettings, Handoff, HandoffDispatch, HandoffPackage,
    HandoffReason, HandoffResult, HandoffType, Role, Summary, Turn, handoff, handoff_result,
};
use baton_runtime::Context;
use baton_testkit::smtp::SmtpServer;
use baton_testkit::{TestNats, eventually, stored};
use tokio_util::sync::CancellationToken;

const WAIT: Duration = Duration::from_secs(30);

struct Running {
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    async fn start(nats: &TestNats, settings: baton_email_sender::Settings) -> Self {
        baton_testkit::init_tracing();
        let shutdown = CancellationToken::new();
        let context = Context::connect("email-test", &nats.settings(), shutdown.clone())
            .await
            .expect("connect");
        baton_email_sender::start(&context, &settings)
            .await
            .expect("start");
        let task = tokio::spawn(baton_testkit::service::finished_cleanly(context));
        Self { shutdown, task }
    }

    async fn stop(self) {
        self.shutdown.cancel();
        tokio::time::timeout(WAIT, self.task)
            .await
            .expect("stops")
            .expect("join");
    }
}

fn settings(data: &std::path::Path, smtp: Option<String>) -> baton_email_sender::Settings {
    baton_email_sender::Settings {
        service: ServiceSettings {
            data_dir: data.to_owned(),
            concurrency: 2,
            ..ServiceSettings::default()
        },
        smtp_url: smtp,
        smtp_timeout_secs: 2,
        default_from: Some("Acme Support <support@acme.test>".into()),
        ..Default::default()
    }
}

fn dispatch(record: &str) -> HandoffDispatch {
    HandoffDispatch {
        record_id: record.into(),
        attempt: 0,
        handoff: Some(Handoff {
            id: "mail".into(),
            r#type: HandoffType::Email as i32,
            enabled: true,
            settings: Some(handoff::Settings::Email(EmailSettings {
                recipients: EmailRecipients::Both as i32,
                team_address: "support@acme.test".into(),
                from: "assistant@acme.test".into(),
            })),
            ..Handoff::default()
        }),
        package: Some(HandoffPackage {
            record_id: record.into(),
            tenant_id: "acme".into(),
            agent_id: "support".into(),
            conversation_id: "c1".into(),
            customer: Some(Customer {
                name: "Dana Reyes".into(),
                email: "dana@customer.test".into(),
                ..Customer::default()
            }),
            transcript: vec![
                Turn {
                    role: Role::User as i32,
                    text: "My export fails with error 504.".into(),
                    ..Turn::default()
                },
                Turn {
                    role: Role::Agent as i32,
                    text: "Try a smaller date range.".into(),
                    ..Turn::default()
                },
                Turn {
                    role: Role::User as i32,
                    text: "Still failing, can I talk to a person?".into(),
                    ..Turn::default()
                },
            ],
            reason: Some(HandoffReason {
                text: "The customer asked for a person.".into(),
                ..HandoffReason::default()
            }),
            summary: Some(Summary {
                problem: "My export fails with error 504.".into(),
                text: "Problem: My export fails with error 504.\n".into(),
                ..Summary::default()
            }),
            built_at: None,
            omitted_turns: 0,
        }),
        dispatched_at: None,
    }
}

async fn publish(bus: &Bus, dispatch: &HandoffDispatch, msg_id: &str) {
    Publisher::new(bus.clone())
        .publish(
            subjects::handoff_dispatch(HandoffType::Email, "acme", "c1").expect("subject"),
            msg_id,
            dispatch,
        )
        .await
        .expect("publish");
}

async fn results(bus: &Bus) -> Vec<HandoffResult> {
    stored(bus, Stream::Handoffs, "baton.handoff.result.>")
        .await
        .iter()
        .map(|m| m.decode())
        .collect()
}

#[tokio::test]
async fn a_dispatch_emails_the_team_and_the_customer_once() {
    let nats = TestNats::start().await;
    let smtp = SmtpServer::start().await;
    let data = tempfile::tempdir().expect("tempdir");
    let running = Running::start(&nats, settings(data.path(), Some(smtp.url()))).await;
    let bus = nats.bus("test").await;

    publish(&bus, &dispatch("c1-1"), "d1").await;
    let accepted = eventually("an accepted result", WAIT, || async {
        results(&bus)
            .await
            .into_iter()
            .find(|r| matches!(r.outcome, Some(handoff_result::Outcome::Accepted(_))))
    })
    .await;
    let mails = smtp.messages();
    assert_eq!(
        mails.len(),
        2,
        "one email each for the team and the customer"
    );
    let team = mails
        .iter()
        .find(|m| m.recipients.iter().any(|r| r == "support@acme.test"))
        .expect("team mail");
    assert!(
        team.raw.contains("error 504")
            && team.raw.contains("Dana Reyes")
            && team.raw.contains("can I talk to a person"),
        "{}",
        team.raw
    );
    assert_eq!(
        team.header("Message-ID").as_deref(),
        Some("<c1-1.0.team@baton>")
    );
    assert!(
        mails
            .iter()
            .any(|m| m.recipients.iter().any(|r| r == "dana@customer.test"))
    );
    let Some(handoff_result::Outcome::Accepted(accepted)) = accepted.outcome else {
        unreachable!()
    };
    assert_eq!(accepted.external_ref, "<c1-1.0.team@baton>");
    assert!(
        !accepted.detail.contains('@'),
        "no addresses in results: {}",
        accepted.detail
    );

    // Delivered again (a redelivery, a republish): no second email, the result again.
    publish(&bus, &dispatch("c1-1"), "d1-again").await;
    // The republished result carries the same msg-id, so JetStream keeps one.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(smtp.messages().len(), 2, "no second email");
    running.stop().await;
}

#[tokio::test]
async fn smtp_down_is_retried_and_the_email_goes_out_once_it_is_back() {
    let nats = TestNats::start().await;
    let mut smtp = SmtpServer::start().await;
    smtp.stop().await;
    let data = tempfile::tempdir().expect("tempdir");
    let running = Running::start(&nats, settings(data.path(), Some(smtp.url()))).await;
    let bus = nats.bus("test").await;

    publish(&bus, &dispatch("c1-2"), "d2").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        results(&bus).await.is_empty(),
        "no result while the server is down: the dispatch is retried"
    );
    smtp.restart().await;
    eventually("the emails once the server is back", WAIT, || async {
        (smtp.messages().len() == 2).then_some(())
    })
    .await;
    eventually("an accepted result", WAIT, || async {
        (!results(&bus).await.is_empty()).then_some(())
    })
    .await;
    assert_eq!(smtp.messages().len(), 2);
    running.stop().await;
}

#[tokio::test]
async fn without_an_smtp_server_emails_are_written_to_the_outbox() {
    let nats = TestNats::start().await;
    let data = tempfile::tempdir().expect("tempdir");
    let running = Running::start(&nats, settings(data.path(), None)).await;
    let bus = nats.bus("test").await;

    publish(&bus, &dispatch("c1-3"), "d3").await;
    eventually("an accepted result", WAIT, || async {
        (!results(&bus).await.is_empty()).then_some(())
    })
    .await;
    let outbox = data.path().join("outbox/email");
    let files: Vec<_> = std::fs::read_dir(&outbox)
        .expect("outbox")
        .filter_map(Result::ok)
        .collect();
    assert_eq!(
        files
            .iter()
            .filter(|f| f.path().extension().is_some_and(|e| e == "eml"))
            .count(),
        2
    );
    running.stop().await;
}

#[tokio::test]
async fn a_customer_without_an_address_fails_over_to_the_fallback() {
    let nats = TestNats::start().await;
    let data = tempfile::tempdir().expect("tempdir");
    let running = Running::start(&nats, settings(data.path(), None)).await;
    let bus = nats.bus("test").await;
    let mut user_only = dispatch("c1-4");
    if let Some(handoff::Settings::Email(email)) =
        user_only.handoff.as_mut().and_then(|h| h.settings.as_mut())
    {
        email.recipients = EmailRecipients::User as i32;
    }
    if let Some(customer) = user_only.package.as_mut().and_then(|p| p.customer.as_mut()) {
        customer.email.clear();
    }
    publish(&bus, &user_only, "d4").await;
    let result = eventually("a failed result", WAIT, || async {
        results(&bus).await.into_iter().next()
    })
    .await;
    let Some(handoff_result::Outcome::Failed(failed)) = result.outcome else {
        panic!("{result:?}")
    };
    assert!(failed.reason.contains("email address is unknown"));
    running.stop().await;
}

#[tokio::test]
async fn a_customer_address_refused_after_the_team_was_emailed_is_noted_not_failed_over() {
    let nats = TestNats::start().await;
    let smtp = SmtpServer::start_refusing("dana@").await;
    let data = tempfile::tempdir().expect("tempdir");
    let running = Running::start(&nats, settings(data.path(), Some(smtp.url()))).await;
    let bus = nats.bus("test").await;

    publish(&bus, &dispatch("c1-5"), "d5").await;
    let result = eventually("a result", WAIT, || async {
        results(&bus).await.into_iter().next()
    })
    .await;

    // The team has the handoff: a fallback now would hand it to them a second time.
    let Some(handoff_result::Outcome::Accepted(accepted)) = result.outcome else {
        panic!("{result:?}")
    };
    assert!(
        accepted.detail.contains("customer email was not sent") && accepted.detail.contains("550"),
        "{}",
        accepted.detail
    );
    assert!(!accepted.detail.contains("dana@"), "{}", accepted.detail);
    let mails = smtp.messages();
    assert_eq!(mails.len(), 1, "the team's email only");
    assert!(mails[0].recipients.iter().any(|r| r == "support@acme.test"));
    running.stop().await;
}
