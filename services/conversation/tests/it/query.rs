use baton_proto::v1::conversations_client::ConversationsClient;
use baton_proto::v1::{GetConversationRequest, ListConversationsRequest, Mode};
use baton_testkit::TestNats;

use crate::*;

async fn client(app: &App) -> ConversationsClient<tonic::transport::Channel> {
    ConversationsClient::connect(format!("http://{}", app.grpc))
        .await
        .expect("connect")
}

#[tokio::test]
async fn the_query_api_returns_state_and_transcript() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let app = spawn_app(&nats).await;
    send(&bus, &user("c-1", "e-1", "hello")).await;
    send(&bus, &user("c-2", "e-1", "hola")).await;
    with_turns(&bus, "c-1", 1).await;
    with_turns(&bus, "c-2", 1).await;

    let mut client = client(&app).await;
    let conversation = client
        .get_conversation(GetConversationRequest {
            tenant_id: "acme".into(),
            conversation_id: "c-1".into(),
        })
        .await
        .expect("get")
        .into_inner();
    let listed = client
        .list_conversations(ListConversationsRequest {
            tenant_id: "acme".into(),
            mode: Mode::Bot as i32,
            limit: 0,
        })
        .await
        .expect("list")
        .into_inner();
    let missing = client
        .get_conversation(GetConversationRequest {
            tenant_id: "acme".into(),
            conversation_id: "nope".into(),
        })
        .await
        .expect_err("not found");
    let invalid = client
        .get_conversation(GetConversationRequest {
            tenant_id: "acme".into(),
            conversation_id: "c.>".into(),
        })
        .await
        .expect_err("invalid");
    app.stop().await;

    assert_eq!(conversation.turns[0].text, "hello");
    assert_eq!(listed.conversations.len(), 2);
    assert_eq!(missing.code(), tonic::Code::NotFound);
    assert_eq!(invalid.code(), tonic::Code::InvalidArgument);
}
