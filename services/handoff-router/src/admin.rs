//! The `baton.v1.Admin` gRPC API: store and inspect agent configurations, switch them live
//! (never without an enabled handoff), preview a conversation, read handoff records.

use std::time::SystemTime;

use baton_bus::kv::{Decision, Store};
use baton_bus::subjects;
use baton_bus::{Error as BusError, error_chain};
use baton_config::agent::go_live_blocker;
use baton_config::store::ConfigStore;
use baton_proto::ids;
use baton_proto::v1::admin_server::{Admin, AdminServer};
use baton_proto::v1::{
    AgentConfig, AgentRef, ConfigHistory, GetHandoffRequest, HandoffRecord,
    ListAgentConfigsRequest, ListAgentConfigsResponse, ListHandoffsRequest, ListHandoffsResponse,
    PreviewRequest, PreviewResponse, PutAgentConfigRequest, PutAgentConfigResponse, SetLiveRequest,
    TriggerUnderstanding,
};
use baton_runtime::admin_auth::Caller;
use tonic::{Request, Response, Status};

use crate::preview::Previewer;

/// Default and largest page of handoff records.
const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 500;

/// The admin API.
#[derive(Clone)]
pub struct AdminApi {
    configs: ConfigStore,
    records: Store<HandoffRecord>,
    previewer: Previewer,
}

impl AdminApi {
    /// The API over the configuration store and handoff records.
    pub fn new(configs: ConfigStore, records: Store<HandoffRecord>, previewer: Previewer) -> Self {
        Self {
            configs,
            records,
            previewer,
        }
    }

    /// The tonic service.
    pub fn into_server(self) -> AdminServer<Self> {
        AdminServer::new(self)
    }
}

fn unavailable(err: &BusError) -> Status {
    match err {
        BusError::Invalid(invalid) => Status::invalid_argument(invalid.to_string()),
        other => Status::unavailable(error_chain(other)),
    }
}

fn check(field: &'static str, value: &str) -> Result<(), Status> {
    ids::check(field, value).map_err(|invalid| Status::invalid_argument(invalid.to_string()))
}

/// Why storing or switching failed, before it is mapped to a status.
enum Refusal {
    NotFound,
    Blocked(String),
}

#[tonic::async_trait]
impl Admin for AdminApi {
    async fn put_agent_config(
        &self,
        request: Request<PutAgentConfigRequest>,
    ) -> Result<Response<PutAgentConfigResponse>, Status> {
        let actor = Caller::of(&request).to_owned();
        let request = request.into_inner();
        let validated = baton_config::parse(&request.yaml)
            .map_err(|err| Status::invalid_argument(format!("invalid configuration:\n{err}")))?;
        let mut config = validated.config;
        config.updated_at = Some(SystemTime::now().into());
        config.updated_by = actor;
        let (tenant, agent) = (config.tenant_id.clone(), config.agent_id.clone());
        let stored = self
            .configs
            .update(&tenant, &agent, |current| {
                let mut next = config.clone();
                // A live configuration stays live when it is updated.
                next.live = request.live || current.is_some_and(|c| c.live);
                if next.live
                    && let Some(blocker) = go_live_blocker(&next)
                {
                    return Decision::Keep(Err(Refusal::Blocked(blocker)));
                }
                Decision::Write(next.clone(), Ok(next))
            })
            .await
            .map_err(|err| unavailable(&err))?;
        let config = match stored {
            Ok(config) => config,
            Err(Refusal::Blocked(blocker)) => return Err(Status::failed_precondition(blocker)),
            Err(Refusal::NotFound) => return Err(Status::not_found("configuration not found")),
        };
        tracing::info!(%tenant, %agent, live = config.live, handoffs = config.handoffs.len(), by = %config.updated_by, "agent configuration stored");
        Ok(Response::new(PutAgentConfigResponse {
            config: Some(config),
            triggers: validated
                .triggers
                .into_iter()
                .map(|t| TriggerUnderstanding {
                    handoff_id: t.handoff_id,
                    understood: t.understood,
                    warnings: t.warnings,
                })
                .collect(),
            warnings: validated.warnings,
        }))
    }

    async fn get_agent_config(
        &self,
        request: Request<AgentRef>,
    ) -> Result<Response<AgentConfig>, Status> {
        let request = request.into_inner();
        check("tenant_id", &request.tenant_id)?;
        check("agent_id", &request.agent_id)?;
        match self
            .configs
            .get(&request.tenant_id, &request.agent_id)
            .await
        {
            Ok(Some(found)) => Ok(Response::new(found.value)),
            Ok(None) => Err(Status::not_found(format!(
                "no configuration for agent {} of tenant {}",
                request.agent_id, request.tenant_id
            ))),
            Err(err) => Err(unavailable(&err)),
        }
    }

    async fn list_agent_configs(
        &self,
        request: Request<ListAgentConfigsRequest>,
    ) -> Result<Response<ListAgentConfigsResponse>, Status> {
        let request = request.into_inner();
        let tenant = (!request.tenant_id.is_empty()).then_some(request.tenant_id.as_str());
        let configs = self
            .configs
            .list(tenant)
            .await
            .map_err(|err| unavailable(&err))?;
        Ok(Response::new(ListAgentConfigsResponse { configs }))
    }

    async fn set_live(
        &self,
        request: Request<SetLiveRequest>,
    ) -> Result<Response<AgentConfig>, Status> {
        let actor = Caller::of(&request).to_owned();
        let request = request.into_inner();
        let agent = request
            .agent
            .ok_or_else(|| Status::invalid_argument("agent is required"))?;
        check("tenant_id", &agent.tenant_id)?;
        check("agent_id", &agent.agent_id)?;
        let outcome = self
            .configs
            .update(&agent.tenant_id, &agent.agent_id, |current| {
                let Some(mut config) = current else {
                    return Decision::Keep(Err(Refusal::NotFound));
                };
                if request.live
                    && let Some(blocker) = go_live_blocker(&config)
                {
                    return Decision::Keep(Err(Refusal::Blocked(blocker)));
                }
                config.live = request.live;
                config.updated_at = Some(SystemTime::now().into());
                config.updated_by = actor.clone();
                Decision::Write(config.clone(), Ok(config))
            })
            .await
            .map_err(|err| unavailable(&err))?;
        match outcome {
            Ok(config) => {
                tracing::info!(tenant = %config.tenant_id, agent = %config.agent_id, live = config.live, by = %config.updated_by, "agent configuration switched");
                Ok(Response::new(config))
            }
            Err(Refusal::NotFound) => Err(Status::not_found(format!(
                "no configuration for agent {} of tenant {}: apply one first",
                agent.agent_id, agent.tenant_id
            ))),
            Err(Refusal::Blocked(blocker)) => Err(Status::failed_precondition(blocker)),
        }
    }

    async fn get_config_history(
        &self,
        request: Request<AgentRef>,
    ) -> Result<Response<ConfigHistory>, Status> {
        let request = request.into_inner();
        check("tenant_id", &request.tenant_id)?;
        check("agent_id", &request.agent_id)?;
        let revisions = self
            .configs
            .history(&request.tenant_id, &request.agent_id)
            .await
            .map_err(|err| unavailable(&err))?;
        if revisions.is_empty() {
            return Err(Status::not_found(format!(
                "no configuration for agent {} of tenant {}",
                request.agent_id, request.tenant_id
            )));
        }
        Ok(Response::new(ConfigHistory { revisions }))
    }

    async fn preview(
        &self,
        request: Request<PreviewRequest>,
    ) -> Result<Response<PreviewResponse>, Status> {
        self.previewer
            .preview(request.into_inner())
            .map(Response::new)
    }

    async fn get_handoff(
        &self,
        request: Request<GetHandoffRequest>,
    ) -> Result<Response<HandoffRecord>, Status> {
        let request = request.into_inner();
        let key = subjects::record_key(&request.tenant_id, &request.record_id)
            .map_err(|err| unavailable(&err))?;
        match self.records.get(&key).await {
            Ok(Some(found)) => Ok(Response::new(found.value)),
            Ok(None) => Err(Status::not_found(format!(
                "no handoff {}",
                request.record_id
            ))),
            Err(err) => Err(unavailable(&err)),
        }
    }

    async fn list_handoffs(
        &self,
        request: Request<ListHandoffsRequest>,
    ) -> Result<Response<ListHandoffsResponse>, Status> {
        let request = request.into_inner();
        check("tenant_id", &request.tenant_id)?;
        let limit = match request.limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        } as usize;
        let keys = if request.conversation_id.is_empty() {
            self.records
                .keys_with_prefix(&format!("{}.", request.tenant_id))
                .await
        } else {
            check("conversation_id", &request.conversation_id)?;
            self.records
                .record_keys(&request.tenant_id, &request.conversation_id)
                .await
        }
        .map_err(|err| unavailable(&err))?;
        let mut handoffs = Vec::with_capacity(keys.len());
        for key in keys {
            if let Some(found) = self
                .records
                .get(&key)
                .await
                .map_err(|err| unavailable(&err))?
            {
                handoffs.push(found.value);
            }
        }
        handoffs.sort_by_key(|record| {
            std::cmp::Reverse(
                record
                    .created_at
                    .map(|at| (at.seconds, at.nanos))
                    .unwrap_or_default(),
            )
        });
        handoffs.truncate(limit);
        Ok(Response::new(ListHandoffsResponse { handoffs }))
    }
}
