//! Intercom for the fault suite: a scripted HTTP peer that answers as Intercom does and can
//! be switched, mid-load, to fail in the ways a helpdesk fails. It names the conversations
//! it creates `<label>-<n>`, so an audit can tell its own from another scenario's.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use baton_testkit::peer::{HttpPeer, Reply};
use serde_json::json;

/// How the fake Intercom behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Answers every call.
    Healthy,
    /// `500` to everything.
    ServerErrors,
    /// `429` with `Retry-After: 1` to everything.
    RateLimited,
    /// Answers nothing for 3 s (past the connectors' 1 s timeout in the fleet).
    Hanging,
}

#[derive(Default)]
struct State {
    behaviour: Option<Behaviour>,
    label: String,
    created: Vec<String>,
}

/// The fake Intercom.
pub struct FakeIntercom {
    peer: HttpPeer,
    state: Arc<Mutex<State>>,
}

impl FakeIntercom {
    /// A healthy fake on a free 127.0.0.1 port.
    pub async fn start() -> Self {
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let counter = Arc::new(AtomicUsize::new(0));
        let peer = HttpPeer::scripted(move |request| {
            let mut state = shared.lock().unwrap_or_else(|p| p.into_inner());
            match state.behaviour.unwrap_or(Behaviour::Healthy) {
                Behaviour::ServerErrors => {
                    return Reply::json(500, json!({ "type": "error.list" }));
                }
                Behaviour::RateLimited => {
                    return Reply::json(429, json!({ "type": "error.list" }))
                        .with_header("retry-after", "1");
                }
                Behaviour::Hanging => {
                    return Reply::json(200, json!({})).after(Duration::from_secs(3));
                }
                Behaviour::Healthy => {}
            }
            let ok = |body| Reply::json(200, body);
            match request.line().as_str() {
                "GET /me" => ok(json!({ "type": "admin", "id": "991267459" })),
                "POST /contacts/search" => ok(json!({ "type": "list", "data": [] })),
                "POST /contacts" => {
                    ok(json!({ "type": "contact", "id": "6762f0dd1bb69f9f2193bb83" }))
                }
                "POST /conversations" => {
                    let id = format!("{}-{}", state.label, counter.fetch_add(1, Ordering::SeqCst));
                    state.created.push(id.clone());
                    ok(json!({ "type": "user_message", "conversation_id": id }))
                }
                "POST /conversations/search" => ok(json!({ "conversations": [] })),
                _ => ok(json!({ "type": "conversation" })),
            }
        })
        .await;
        Self { peer, state }
    }

    /// Its base URL.
    pub fn url(&self) -> String {
        self.peer.url()
    }

    /// Behaves so from now on.
    pub fn behave(&self, behaviour: Behaviour) {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .behaviour = Some(behaviour);
    }

    /// Names the conversations it creates from now on `<label>-<n>`.
    pub fn label(&self, label: &str) {
        label.clone_into(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()).label);
    }

    /// The ids of every conversation it created.
    pub fn created(&self) -> Vec<String> {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .created
            .clone()
    }
}
