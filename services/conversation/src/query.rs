//! The `baton.v1.Conversations` gRPC API: read a conversation, list a tenant's.

use baton_bus::kv::Store;
use baton_bus::subjects::{self, Bucket};
use baton_bus::{Bus, error_chain};
use baton_proto::ids;
use baton_proto::v1::conversations_server::{Conversations, ConversationsServer};
use baton_proto::v1::{
    Conversation, ConversationSummary, GetConversationRequest, ListConversationsRequest,
    ListConversationsResponse, Mode,
};
use tonic::{Request, Response, Status};

/// Default and largest page of a listing.
const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 1000;

/// Reads conversation state.
#[derive(Clone)]
pub struct ConversationQuery {
    conversations: Store<Conversation>,
}

impl ConversationQuery {
    /// A query API on `bus`.
    pub async fn new(bus: &Bus) -> Result<Self, baton_bus::Error> {
        Ok(Self {
            conversations: Store::open(bus, Bucket::Conversations).await?,
        })
    }

    /// The tonic service.
    pub fn into_server(self) -> ConversationsServer<Self> {
        ConversationsServer::new(self)
    }
}

fn invalid(err: baton_proto::Invalid) -> Status {
    Status::invalid_argument(err.to_string())
}

fn unavailable(err: &baton_bus::Error) -> Status {
    Status::unavailable(error_chain(err))
}

#[tonic::async_trait]
impl Conversations for ConversationQuery {
    async fn get_conversation(
        &self,
        request: Request<GetConversationRequest>,
    ) -> Result<Response<Conversation>, Status> {
        let request = request.into_inner();
        ids::check("tenant_id", &request.tenant_id).map_err(invalid)?;
        ids::check("conversation_id", &request.conversation_id).map_err(invalid)?;
        let key = subjects::key(&request.tenant_id, &request.conversation_id)
            .map_err(|err| unavailable(&err))?;
        match self.conversations.get(&key).await {
            Ok(Some(found)) => Ok(Response::new(found.value)),
            Ok(None) => Err(Status::not_found(format!(
                "no conversation {} for tenant {}",
                request.conversation_id, request.tenant_id
            ))),
            Err(err) => Err(unavailable(&err)),
        }
    }

    async fn list_conversations(
        &self,
        request: Request<ListConversationsRequest>,
    ) -> Result<Response<ListConversationsResponse>, Status> {
        let request = request.into_inner();
        ids::check("tenant_id", &request.tenant_id).map_err(invalid)?;
        let limit = match request.limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        } as usize;
        let keys = self
            .conversations
            .keys_with_prefix(&format!("{}.", request.tenant_id))
            .await
            .map_err(|err| unavailable(&err))?;
        let mut conversations = Vec::new();
        for key in keys {
            if conversations.len() >= limit {
                break;
            }
            let Some(found) = self
                .conversations
                .get(&key)
                .await
                .map_err(|err| unavailable(&err))?
            else {
                continue;
            };
            let conversation = found.value;
            if request.mode() != Mode::Unspecified && conversation.mode() != request.mode() {
                continue;
            }
            conversations.push(ConversationSummary {
                conversation_id: conversation.conversation_id,
                agent_id: conversation.agent_id,
                mode: conversation.mode,
                turns: u32::try_from(conversation.turns.len()).unwrap_or(u32::MAX),
                customer_name: conversation.customer.map(|c| c.name).unwrap_or_default(),
            });
        }
        Ok(Response::new(ListConversationsResponse { conversations }))
    }
}
