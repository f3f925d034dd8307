//! Preview and delivery read the same plan: for every handoff type, the requests (or
//! emails) Preview shows for a dispatch are the ones the connector writes to its dry-run
//! outbox when that dispatch arrives — in the same order, with the same bodies and headers,
//! Preview's `{placeholders}` standing where the dry run's ids are. A step Preview marks as
//! conditional may be absent (a dry run finds the Sunshine user, so it creates none).

#![allow(clippy::panic, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;

use baton_e2e::{Stack, StackSettings, WAIT};
use baton_proto::v1::{
    EmailRecipients, EmailSettings, HandoffDispatch, HandoffType, IntercomSettings,
    PlannedDelivery, SunshineSettings, TicketSettings, handoff, handoff_result,
};
use baton_testkit::TestNats;
use baton_testkit::handoffs::{dispatch_of, first_result, handoff_of, jane, publish_dispatch};
use serde_json::Value;

fn dispatch(kind: HandoffType, settings: handoff::Settings) -> HandoffDispatch {
    let record = format!("{}-1", kind.label().replace('_', "-"));
    dispatch_of(handoff_of(kind, settings), &record, &record, jane())
}

/// Delivers `dispatch` through the stack's connector in dry run and returns the outbox
/// files of `helpdesk`, oldest first, with the settings the stack ran with.
async fn deliver(dispatch: &HandoffDispatch, helpdesk: &str) -> (StackSettings, Vec<String>) {
    let nats = TestNats::start().await;
    let mut used = None;
    let stack = Stack::start(&nats, |settings| used = Some(settings.clone())).await;
    let settings = used.unwrap();
    let bus = nats.bus("test").await;
    publish_dispatch(&bus, dispatch, 0).await;
    let conversation = &dispatch.package.as_ref().unwrap().conversation_id;
    let outcome = first_result(&bus, "acme", conversation, WAIT).await;
    assert!(
        matches!(outcome, handoff_result::Outcome::Accepted(_)),
        "a dry run is accepted: {outcome:?}"
    );
    let outbox = settings.service.data_dir.join("outbox").join(helpdesk);
    let files = read_outbox(&outbox);
    stack.stop().await;
    (settings, files)
}

fn read_outbox(outbox: &Path) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(outbox)
        .unwrap_or_else(|err| panic!("{}: {err}", outbox.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect()
}

/// Preview's request with the dry run's ids in place of its placeholders, as the outbox
/// file would hold it.
fn as_sent(planned: &PlannedDelivery, ids: &[(&str, String)]) -> Value {
    let fill = |text: &str| {
        ids.iter().fold(text.to_owned(), |text, (placeholder, id)| {
            text.replace(placeholder, id)
        })
    };
    let body = if planned.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str::<Value>(&fill(&planned.body)).unwrap()
    };
    let headers: BTreeMap<&String, &String> = planned.headers.iter().collect();
    serde_json::json!({
        "method": planned.method,
        "url": fill(&planned.target),
        "headers": headers,
        "body": body,
    })
}

/// Every outbox request is Preview's next one; Preview's requests the dry run skipped are
/// conditional ones.
fn assert_same_plan(planned: &[PlannedDelivery], outbox: &[String], ids: &[(&str, String)]) {
    assert!(!outbox.is_empty(), "the dry run wrote nothing");
    let mut planned = planned.iter();
    for file in outbox {
        let sent: Value = serde_json::from_str(file).unwrap();
        loop {
            let next = planned
                .next()
                .unwrap_or_else(|| panic!("sent but not previewed: {sent:#}"));
            if as_sent(next, ids) == sent {
                break;
            }
            assert!(
                next.note.contains(" (when") || next.note.contains(" (unless"),
                "previewed but not sent, and not conditional: {next:#?}\nsent instead: {sent:#}"
            );
        }
    }
    let rest: Vec<_> = planned.collect();
    assert!(rest.is_empty(), "previewed but never sent: {rest:#?}");
}

#[tokio::test]
async fn intercom_preview_is_what_delivery_sends() {
    let dispatch = dispatch(
        HandoffType::Intercom,
        handoff::Settings::Intercom(IntercomSettings {
            team_id: "team-7".into(),
            admin_id: "admin-9".into(),
            tags: vec!["billing".into(), "vip".into()],
        }),
    );
    let (settings, outbox) = deliver(&dispatch, "intercom").await;
    let planned = baton_connectors::intercom::preview(&dispatch, &settings.intercom);
    let ids = [
        ("{admin_id}", "dry-run-admin".into()),
        ("{contact_id}", "dry-run-contact".into()),
        (
            "{conversation_id}",
            format!("dry-run-{}", dispatch.record_id),
        ),
        ("{tag_id}", "dry-run-tag".into()),
    ];
    assert_same_plan(&planned, &outbox, &ids);
}

#[tokio::test]
async fn sunshine_preview_is_what_delivery_sends() {
    let dispatch = dispatch(
        HandoffType::ZendeskSunshine,
        handoff::Settings::ZendeskSunshine(SunshineSettings::default()),
    );
    let (settings, outbox) = deliver(&dispatch, "sunshine").await;
    let planned = baton_connectors::zendesk::preview(&dispatch, &settings.zendesk);
    let ids = [
        ("{user_id}", "dry-run-user".into()),
        (
            "{conversation_id}",
            format!("dry-run-{}", dispatch.record_id),
        ),
        ("{message_id}", "dry-run-message".into()),
    ];
    assert_same_plan(&planned, &outbox, &ids);
}

#[tokio::test]
async fn ticket_preview_is_what_delivery_sends() {
    let dispatch = dispatch(
        HandoffType::ZendeskTicket,
        handoff::Settings::ZendeskTicket(TicketSettings {
            group_id: "360001234".into(),
            priority: "high".into(),
            tags: vec!["billing".into()],
        }),
    );
    let (settings, outbox) = deliver(&dispatch, "zendesk").await;
    let planned = baton_connectors::zendesk::preview(&dispatch, &settings.zendesk);
    assert_same_plan(&planned, &outbox, &[]);
}

#[tokio::test]
async fn email_preview_is_what_delivery_sends() {
    let dispatch = dispatch(
        HandoffType::Email,
        handoff::Settings::Email(EmailSettings {
            recipients: EmailRecipients::Both as i32,
            team_address: "support@acme.test".into(),
            from: String::new(),
        }),
    );
    let (settings, outbox) = deliver(&dispatch, "email").await;
    let planned = baton_connectors::email::preview(&dispatch, &settings.email);
    assert_eq!(planned.len(), outbox.len(), "{planned:#?}");
    // The outbox holds the emails as sent (MIME, in the order sent); Preview, what each says.
    // Both render through `baton_connectors::email::compose`: the envelope must agree.
    for email in &planned {
        let sent = outbox
            .iter()
            .find(|eml| eml.contains(&email.headers["Message-ID"]))
            .unwrap_or_else(|| panic!("previewed but not sent: {email:#?}"));
        for header in ["To", "Subject"] {
            let line = format!("{header}: {}", email.headers[header]);
            assert!(sent.contains(&line), "{line} not in {sent}");
        }
        // MIME quotes the display name: the address is what must agree.
        let from = &email.headers["From"];
        let address = &from[from.find('<').unwrap()..];
        assert!(
            sent.contains(&format!("From: \"Acme Support\" {address}")),
            "{from} not in {sent}"
        );
    }
}
