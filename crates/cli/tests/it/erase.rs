//! `baton erase`, as a support team answering a right-to-erasure request runs it.

use std::process::{Command, Output};

use baton_bus::kv::Store;
use baton_bus::subjects::Bucket;
use baton_proto::v1::{Conversation, Customer};
use baton_testkit::TestNats;

use super::BATON;

fn erase(nats: &TestNats, args: &[&str]) -> Output {
    Command::new(BATON)
        .args(["--nats", &nats.url(), "erase"])
        .args(args)
        .output()
        .expect("run baton")
}

#[tokio::test]
async fn erase_prints_what_it_deleted_and_takes_the_outbox_files_naming_them() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let conversations: Store<Conversation> = Store::open(&bus, Bucket::Conversations)
        .await
        .expect("bucket");
    for id in ["c-1", "c-10"] {
        let conversation = Conversation {
            tenant_id: "acme".into(),
            conversation_id: id.into(),
            customer: Some(Customer {
                external_id: format!("user-{id}"),
                ..Customer::default()
            }),
            ..Conversation::default()
        };
        conversations
            .put(&format!("acme.{id}"), &conversation)
            .await
            .expect("put");
    }
    let data = tempfile::tempdir().expect("data dir");
    let outbox = data.path().join("outbox").join("email");
    std::fs::create_dir_all(&outbox).expect("outbox");
    std::fs::write(outbox.join("a.eml"), "Message-ID: <c-1-1.0.team@baton>\n").expect("write");
    std::fs::write(outbox.join("b.eml"), "Message-ID: <c-10-1.0.team@baton>\n").expect("write");
    let data_dir = data.path().to_string_lossy().into_owned();

    let out = erase(
        &nats,
        &[
            "--tenant",
            "acme",
            "--customer",
            "user-c-1",
            "--data-dir",
            &data_dir,
        ],
    );

    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("conversation acme/c-1\n"), "{stdout}");
    assert!(
        stdout.contains("deleted baton_conversations/acme.c-1\n"),
        "{stdout}"
    );
    assert!(stdout.contains("a.eml"), "{stdout}");
    assert!(!outbox.join("a.eml").exists());
    assert!(outbox.join("b.eml").exists(), "c-10 is someone else");
    assert!(
        conversations.get("acme.c-10").await.expect("get").is_some(),
        "{stdout}"
    );
}

#[tokio::test]
async fn erase_needs_a_conversation_or_a_customer_and_says_so() {
    let nats = TestNats::start().await;
    let out = erase(&nats, &["--tenant", "acme"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--conversation") && stderr.contains("--customer"),
        "{stderr}"
    );
}
