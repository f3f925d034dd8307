//! The gRPC API answers only the holder of the admin token, and is never exposed without one.

use baton_config::settings::{AdminCredentials, GrpcSettings};
use baton_proto::v1::GetConversationRequest;
use baton_proto::v1::conversations_client::ConversationsClient;
use baton_runtime::admin_auth::SendAdminToken;
use baton_testkit::TestNats;
use secrecy::SecretString;
use tonic::Code;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

use crate::*;

const TOKEN: &str = "test-admin-token";

fn credentials(token: Option<&str>) -> AdminCredentials {
    AdminCredentials {
        admin_token: token.map(SecretString::from),
    }
}

/// The code of a `GetConversation` call sent with `token` (Ok for a known conversation).
async fn get_with(app: &App, token: Option<&str>) -> Result<(), Code> {
    let channel = Channel::from_shared(format!("http://{}", app.grpc))
        .expect("url")
        .connect()
        .await
        .expect("connect");
    let sender = SendAdminToken::new(&credentials(token)).expect("sendable");
    let mut client = ConversationsClient::new(InterceptedService::new(channel, sender));
    client
        .get_conversation(GetConversationRequest {
            tenant_id: "acme".into(),
            conversation_id: "c-1".into(),
        })
        .await
        .map(drop)
        .map_err(|status| status.code())
}

#[tokio::test]
async fn only_the_right_admin_token_is_answered() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let grpc = GrpcSettings {
        // Not loopback: allowed because a token is set.
        grpc_addr: "0.0.0.0:0".parse().expect("addr"),
        credentials: credentials(Some(TOKEN)),
    };
    let mut app = spawn_app_with(&nats, &grpc).await.expect("serve");
    app.grpc.set_ip([127, 0, 0, 1].into());
    send(&bus, &user("c-1", "e-1", "hello")).await;
    with_turns(&bus, "c-1", 1).await;

    let without = get_with(&app, None).await;
    let wrong = get_with(&app, Some("not-the-token")).await;
    let right = get_with(&app, Some(TOKEN)).await;
    app.stop().await;

    assert_eq!(without, Err(Code::Unauthenticated));
    assert_eq!(wrong, Err(Code::Unauthenticated));
    assert_eq!(right, Ok(()));
}

#[tokio::test]
async fn a_non_loopback_address_without_a_token_is_refused_at_start() {
    let nats = TestNats::start().await;
    let grpc = GrpcSettings {
        grpc_addr: "0.0.0.0:0".parse().expect("addr"),
        credentials: credentials(None),
    };

    let refused = spawn_app_with(&nats, &grpc).await.err().expect("refused");

    assert!(
        matches!(refused, baton_runtime::Error::Unprotected(_)),
        "{refused}"
    );
    assert!(
        refused.to_string().contains("BATON_ADMIN_TOKEN"),
        "{refused}"
    );
}
