//! The CLI reaches a NATS that requires authentication with the services' own
//! `BATON_NATS_*` settings, as on-call does from a pod.

use std::process::{Command, Output};

use baton_testkit::TestNats;

use super::BATON;

/// `baton --nats <server> ARGS` with exactly `environment` as its `BATON_NATS_*` settings.
fn baton_against(nats: &TestNats, environment: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(BATON);
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("BATON_NATS_")) {
        command.env_remove(name);
    }
    command
        .args(["--nats", &nats.url()])
        .args(args)
        .envs(environment.iter().copied())
        .output()
        .expect("run baton")
}

#[tokio::test]
async fn commands_authenticate_with_the_services_settings() {
    let nats = TestNats::start_requiring_password("baton", "s3cret").await;
    let bus = nats.bus("provisioning").await;
    let password_file = tempfile::NamedTempFile::new().expect("file");
    std::fs::write(password_file.path(), "s3cret\n").expect("write");
    let password_file = password_file.path().to_string_lossy().into_owned();

    let right = [
        ("BATON_NATS_USER", "baton"),
        ("BATON_NATS_PASSWORD", "s3cret"),
    ];
    let listed = baton_against(&nats, &right, &["dlq", "list"]);
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );

    let from_file = [
        ("BATON_NATS_USER", "baton"),
        ("BATON_NATS_PASSWORD_FILE", password_file.as_str()),
    ];
    let sent = baton_against(
        &nats,
        &from_file,
        &[
            "send",
            "--tenant",
            "t",
            "--agent",
            "a",
            "--conversation",
            "c",
            "--user",
            "hi",
        ],
    );
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    let stream = bus
        .jetstream()
        .get_stream("BATON_IN")
        .await
        .expect("stream");
    assert_eq!(
        stream.cached_info().state.messages,
        1,
        "the event was published"
    );

    let wrong = [
        ("BATON_NATS_USER", "baton"),
        ("BATON_NATS_PASSWORD", "guess"),
    ];
    for environment in [&wrong[..], &[]] {
        let refused = baton_against(&nats, environment, &["dlq", "list"]);
        assert!(!refused.status.success(), "{environment:?} must be refused");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.contains("BATON_NATS_"),
            "the error names the settings: {stderr}"
        );
    }
}
