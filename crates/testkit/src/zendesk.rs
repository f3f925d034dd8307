//! Zendesk for the connector's and the end-to-end tests:
//!
//! - [`Support`]: a local Zendesk Support API. Zendesk publishes no description of it in
//!   this repository, so this server enforces, rule by rule, what Zendesk documents — each
//!   rule names its source — and answers the way Zendesk does. A test can queue failures
//!   (5xx, 429) ahead of the real answers;
//! - [`sunshine_event`], [`agent_message`]: Sunshine Conversations webhook requests shaped
//!   as Sunshine documents them (send them with the webhook's `X-API-Key`).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use crate::peer::{HttpPeer, Recorded, Reply};

/// The first ticket id handed out.
pub const FIRST_TICKET: u64 = 35_436;

#[derive(Default)]
struct State {
    /// The `Authorization` header every request must carry.
    authorization: String,
    /// Created tickets, in order; a ticket's id is `FIRST_TICKET` + its index.
    tickets: Vec<Value>,
    /// Idempotency keys seen: the request body and the ticket it created.
    keys: HashMap<String, (Value, u64)>,
    /// Internal notes, per ticket id.
    notes: Vec<(u64, Value)>,
    /// Answers to give before any rule is applied.
    queued: VecDeque<Reply>,
    /// Delays of the next real answers (an answer lost to the client's timeout).
    late: VecDeque<Duration>,
}

/// The Support API server.
pub struct Support {
    peer: HttpPeer,
    state: Arc<Mutex<State>>,
}

impl Support {
    /// Starts the server on a free 127.0.0.1 port; it accepts only requests carrying
    /// `authorization` (`Basic base64("{email}/token:{api_token}")`).
    pub async fn start(authorization: &str) -> Self {
        let state = Arc::new(Mutex::new(State {
            authorization: authorization.to_owned(),
            ..State::default()
        }));
        let shared = state.clone();
        let peer = HttpPeer::scripted(move |request| {
            let mut state = shared.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(reply) = state.queued.pop_front() {
                return reply;
            }
            let reply = answer(&mut state, request);
            match state.late.pop_front() {
                Some(delay) => reply.after(delay),
                None => reply,
            }
        })
        .await;
        Self { peer, state }
    }

    /// Its base URL (what `BATON_ZENDESK_BASE_URL` names).
    pub fn url(&self) -> String {
        self.peer.url()
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.peer.requests()
    }

    /// Answers the next requests with `replies`, in order, whatever they are.
    pub fn queue(&self, replies: impl IntoIterator<Item = Reply>) {
        self.lock().queued.extend(replies);
    }

    /// Applies the rules to the next request but answers only after `delay`.
    pub fn answer_late(&self, delay: Duration) {
        self.lock().late.push_back(delay);
    }

    /// The tickets created so far.
    pub fn tickets(&self) -> Vec<Value> {
        self.lock().tickets.clone()
    }

    /// A ticket Zendesk opened by itself (Agent Workspace, when a live conversation's
    /// control passed to it), carrying `tags`; returns its id.
    pub fn open_workspace_ticket(&self, tags: &[&str]) -> u64 {
        let mut state = self.lock();
        let id = FIRST_TICKET + state.tickets.len() as u64;
        state
            .tickets
            .push(json!({ "id": id, "tags": tags, "via": { "channel": "native_messaging" } }));
        id
    }

    /// The internal notes added so far, with their ticket ids.
    pub fn notes(&self) -> Vec<(u64, Value)> {
        self.lock().notes.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn error(status: u16, code: &str, description: &str) -> Reply {
    Reply::json(status, json!({ "error": code, "description": description }))
}

fn answer(state: &mut State, request: &Recorded) -> Reply {
    // API token authentication: `Authorization: Basic base64("{email}/token:{api_token}")`.
    // https://developer.zendesk.com/api-reference/introduction/security-and-auth/#api-token
    if request.header("authorization") != Some(state.authorization.as_str()) {
        return Reply::json(401, json!({ "error": "Couldn't authenticate you" }));
    }
    // "You must supply a Content-Type: application/json header in PUT, POST and DELETE
    // requests." https://developer.zendesk.com/api-reference/introduction/requests/
    if request.method != "GET"
        && !request
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/json"))
    {
        return error(
            415,
            "UnsupportedMediaType",
            "Content-Type must be application/json",
        );
    }
    let body = request.json();
    if request.method == "POST" && request.path == "/api/v2/tickets.json" {
        return create_ticket(state, request, body);
    }
    if request.method == "GET"
        && let Some(query) = request.path.strip_prefix("/api/v2/search.json?query=")
    {
        return search(state, query);
    }
    if request.method == "PUT"
        && let Some(id) = request
            .path
            .strip_prefix("/api/v2/tickets/")
            .and_then(|rest| rest.strip_suffix(".json"))
    {
        return update_ticket(state, id, body);
    }
    error(404, "InvalidEndpoint", "Not found")
}

/// Create Ticket: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket
fn create_ticket(state: &mut State, request: &Recorded, body: Value) -> Reply {
    // Idempotency: "provide a Idempotency-Key: {unique_key} header"; a repeated request with
    // the same key and the same payload gets the original response with
    // `x-idempotency-lookup: hit` (the first gets `miss`); the same key with a different
    // payload is refused with 400 `IdempotentRequestError`.
    // https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency
    let key = request.header("idempotency-key").map(str::to_owned);
    if let Some(key) = &key
        && let Some((original, id)) = state.keys.get(key)
    {
        if *original != body {
            return error(
                400,
                "IdempotentRequestError",
                "Request parameters don't match the original request's parameters",
            );
        }
        let ticket = state.tickets[ticket_index(*id)].clone();
        return Reply::json(201, json!({ "ticket": ticket }))
            .with_header("x-idempotency-lookup", "hit");
    }
    if let Err(reason) = check_ticket(&body) {
        return error(422, "RecordInvalid", &reason);
    }
    let id = FIRST_TICKET + state.tickets.len() as u64;
    let mut ticket = body["ticket"].clone();
    ticket["id"] = json!(id);
    ticket["url"] = json!(format!("https://acme.zendesk.com/api/v2/tickets/{id}.json"));
    state.tickets.push(ticket.clone());
    let reply = Reply::json(201, json!({ "ticket": ticket }));
    match key {
        Some(key) => {
            state.keys.insert(key, (body, id));
            reply.with_header("x-idempotency-lookup", "miss")
        }
        None => reply,
    }
}

/// Search, for the one query the connector sends: `type:ticket tags:<tag>`, URL-encoded.
/// https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/#list-search-results
fn search(state: &State, query: &str) -> Reply {
    let decoded = query.replace("%3A", ":").replace("%20", " ");
    let Some(tag) = decoded.strip_prefix("type:ticket tags:") else {
        return error(400, "InvalidSearch", "unsupported query");
    };
    let results: Vec<Value> = state
        .tickets
        .iter()
        .filter(|t| {
            t["tags"]
                .as_array()
                .is_some_and(|tags| tags.iter().any(|x| x == tag))
        })
        .map(|t| json!({ "id": t["id"], "result_type": "ticket", "tags": t["tags"] }))
        .collect();
    Reply::json(200, json!({ "count": results.len(), "results": results }))
}

fn ticket_index(id: u64) -> usize {
    usize::try_from(id - FIRST_TICKET).unwrap_or(usize::MAX)
}

/// The ticket object's documented types and values.
/// https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#json-format
fn check_ticket(body: &Value) -> Result<(), String> {
    let ticket = body
        .get("ticket")
        .and_then(Value::as_object)
        .ok_or("the body must be {\"ticket\": {...}}")?;
    // A new ticket needs its first comment, with `body` or `html_body`.
    let comment = ticket.get("comment").ok_or("comment is required")?;
    let has_text = |field: &str| {
        comment
            .get(field)
            .and_then(Value::as_str)
            .is_some_and(|t| !t.is_empty())
    };
    if !has_text("body") && !has_text("html_body") {
        return Err("comment needs body or html_body".into());
    }
    if comment.get("public").is_some_and(|p| !p.is_boolean()) {
        return Err("comment.public is a boolean".into());
    }
    for field in ["subject", "external_id"] {
        if ticket.get(field).is_some_and(|v| !v.is_string()) {
            return Err(format!("{field} is a string"));
        }
    }
    // "Allowed values are urgent, high, normal, or low."
    if let Some(priority) = ticket.get("priority")
        && !["urgent", "high", "normal", "low"].contains(&priority.as_str().unwrap_or_default())
    {
        return Err("priority must be urgent, high, normal or low".into());
    }
    if ticket.get("group_id").is_some_and(|g| !g.is_u64()) {
        return Err("group_id is an integer".into());
    }
    if let Some(tags) = ticket.get("tags")
        && !tags
            .as_array()
            .is_some_and(|t| t.iter().all(Value::is_string))
    {
        return Err("tags is an array of strings".into());
    }
    // A requester that is not yet a user is created from its name and email.
    // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#creating-a-ticket-with-a-new-requester
    if let Some(requester) = ticket.get("requester") {
        let email = requester
            .get("email")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !email.contains('@') || !requester.get("name").is_some_and(Value::is_string) {
            return Err("requester needs a name and an email".into());
        }
    }
    Ok(())
}

/// Update Ticket, adding a comment:
/// https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket
fn update_ticket(state: &mut State, id: &str, body: Value) -> Reply {
    let Some(id) = id
        .parse::<u64>()
        .ok()
        .filter(|id| ticket_index(*id) < state.tickets.len())
    else {
        return error(404, "RecordNotFound", "Not found");
    };
    let Some(comment) = body.pointer("/ticket/comment").cloned() else {
        return error(422, "RecordInvalid", "nothing to update");
    };
    state.notes.push((id, comment));
    let audit = 90_000 + state.notes.len() as u64;
    Reply::json(
        200,
        json!({ "ticket": state.tickets[ticket_index(id)], "audit": { "id": audit } }),
    )
}

/// A Sunshine webhook request with one event of `kind` (`conversation:message`,
/// `switchboard:releaseControl`, ...), created now, from app `app`.
/// https://docs.smooch.io/rest/#tag/Webhooks
pub fn sunshine_event(app: &str, id: &str, kind: &str, payload: Value) -> Value {
    json!({
        "app": { "id": app },
        "webhook": { "id": "5f4eaef81e3dcc117c7ba48a", "version": "v2" },
        "events": [{
            "id": id,
            "createdAt": jiff::Timestamp::now().to_string(),
            "type": kind,
            "payload": payload,
        }],
    })
}

/// An agent's message `text` in Agent Workspace, as Sunshine reports it.
pub fn agent_message(app: &str, conversation: &str, message_id: &str, text: &str) -> Value {
    sunshine_event(
        app,
        &format!("ev-{message_id}"),
        "conversation:message",
        json!({
            "conversation": { "id": conversation, "type": "personal" },
            "message": {
                "id": message_id,
                "received": "2026-01-05T10:00:00.000Z",
                "author": { "type": "business", "displayName": "Tom", "subtypes": ["agent"] },
                "content": { "type": "text", "text": text },
                "source": { "type": "zd:agentWorkspace" },
            },
        }),
    )
}
