//! A delivery as data. A connector describes a handoff as a [`Plan`]: the requests it
//! sends, in order, each built from what earlier answers named ([`Known`]), with what its
//! own answer names for later steps, when it is skipped and whether it is recorded as done.
//! Delivery runs the plan ([`crate::deliver::run`]); Preview prints the same plan with
//! placeholders where the helpdesk's ids would be ([`Plan::preview`]), so what an operator
//! sees and what Baton sends cannot drift apart.

use std::collections::BTreeMap;

use baton_proto::v1::{HandoffType, PlannedDelivery};
use serde_json::Value;

use crate::{ApiClient, ApiRequest};

/// Something an answer names that later steps need.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    /// Who Baton acts as in the helpdesk (Intercom's app admin).
    Actor,
    /// The customer's contact (Intercom) or user (Sunshine); stored on the link.
    Contact,
    /// What kind of contact it is (Intercom: `user` or `lead`).
    ContactRole,
    /// The helpdesk object carrying the handoff (a conversation, a ticket); once known it is
    /// linked, and the handoff is in the helpdesk.
    Object,
    /// A tag, by its name.
    Tag(String),
    /// The first message of the conversation so far that the handoff posted; stored on the
    /// link.
    FirstMessage,
}

impl Slot {
    /// What Preview shows where the helpdesk's id would be.
    fn placeholder(&self) -> &'static str {
        match self {
            Slot::Actor => "{admin_id}",
            Slot::Contact => "{contact_id}",
            Slot::ContactRole => "{role}",
            Slot::Object => "{conversation_id}",
            Slot::Tag(_) => "{tag_id}",
            Slot::FirstMessage => "{message_id}",
        }
    }
}

/// What is known when a step is built: ids from earlier answers, or in Preview their
/// placeholders.
#[derive(Debug, Clone, Default)]
pub struct Known {
    values: BTreeMap<Slot, String>,
    /// Preview: unknown slots read as their placeholders (a plan's own names first).
    placeholders: Option<BTreeMap<Slot, &'static str>>,
}

impl Known {
    /// The value of `slot`: known, else its placeholder in Preview, else empty.
    pub fn get(&self, slot: &Slot) -> &str {
        if let Some(value) = self.values.get(slot) {
            return value;
        }
        match &self.placeholders {
            Some(names) => names
                .get(slot)
                .copied()
                .unwrap_or_else(|| slot.placeholder()),
            None => "",
        }
    }

    /// Whether `slot` has a value (placeholders do not count).
    pub fn contains(&self, slot: &Slot) -> bool {
        self.values.contains_key(slot)
    }

    /// Records `value` for `slot`.
    pub fn insert(&mut self, slot: Slot, value: impl Into<String>) {
        self.values.insert(slot, value.into());
    }
}

/// Builds a step's request from what is known by then.
pub type Build<'a> = Box<dyn Fn(&Known) -> ApiRequest + Send + Sync + 'a>;

/// Reads what an answer names: the slots it fills (none: nothing found).
pub type Read<'a> = Box<dyn Fn(&Value) -> Vec<(Slot, String)> + Send + Sync + 'a>;

/// When a step is not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unless {
    /// Always sent.
    Never,
    /// Skipped once the slot is known (found by an earlier step, or by an earlier try).
    Known(Slot),
    /// Skipped once a step of this name is recorded as done on the link.
    Done(String),
}

/// What a step's answer gives.
pub struct Gives<'a> {
    /// The slot the step is for.
    slot: Slot,
    /// How the answer is read.
    read: Read<'a>,
    /// Whether an answer without it is the helpdesk breaking its API (a create), or merely
    /// "none found" (a search).
    required: bool,
}

/// One request of a plan.
pub struct Step<'a> {
    pub(crate) request: Build<'a>,
    pub(crate) unless: Unless,
    pub(crate) gives: Option<Gives<'a>>,
    pub(crate) done_as: Option<String>,
    pub(crate) creates_object: bool,
    pub(crate) only_when_resuming: bool,
    pub(crate) not_found_is_404: bool,
    pub(crate) condition: &'static str,
}

impl<'a> Step<'a> {
    /// A step sending what `request` builds.
    pub fn new(request: impl Fn(&Known) -> ApiRequest + Send + Sync + 'a) -> Self {
        Self {
            request: Box::new(request),
            unless: Unless::Never,
            gives: None,
            done_as: None,
            creates_object: false,
            only_when_resuming: false,
            not_found_is_404: false,
            condition: "",
        }
    }

    /// Skipped once `slot` is known.
    pub fn unless_known(mut self, slot: Slot) -> Self {
        self.unless = Unless::Known(slot);
        self
    }

    /// Skipped once step `name` is recorded as done.
    pub fn unless_done(mut self, name: impl Into<String>) -> Self {
        self.unless = Unless::Done(name.into());
        self
    }

    /// Recorded as done under `name` on the link once the helpdesk accepted it, so a retry
    /// carries on after it.
    pub fn done_as(mut self, name: impl Into<String>) -> Self {
        self.done_as = Some(name.into());
        self
    }

    /// Its answer may name `slot` (a search: none found is fine).
    pub fn finds(
        mut self,
        slot: Slot,
        read: impl Fn(&Value) -> Vec<(Slot, String)> + Send + Sync + 'a,
    ) -> Self {
        self.gives = Some(Gives {
            slot,
            read: Box::new(read),
            required: false,
        });
        self
    }

    /// Its answer must name `slot` (a create).
    pub fn creates(
        mut self,
        slot: Slot,
        read: impl Fn(&Value) -> Vec<(Slot, String)> + Send + Sync + 'a,
    ) -> Self {
        self.creates_object = slot == Slot::Object;
        self.gives = Some(Gives {
            slot,
            read: Box::new(read),
            required: true,
        });
        self
    }

    /// Sent only when an earlier try was interrupted while creating the object: it looks for
    /// what that try may have created. Until it answers, the handoff is unfinished, never
    /// failed (a fallback would put the customer in a second place). Not shown in Preview.
    pub fn only_when_resuming(mut self) -> Self {
        self.only_when_resuming = true;
        self
    }

    /// A `404` answer means "none" (a lookup by id), not a refusal.
    pub fn not_found_is_404(mut self) -> Self {
        self.not_found_is_404 = true;
        self
    }

    /// Preview's note on when it is sent (" (when the customer has no user yet)").
    pub fn when(mut self, condition: &'static str) -> Self {
        self.condition = condition;
        self
    }
}

impl Gives<'_> {
    /// The slot the step is for.
    pub(crate) fn slot(&self) -> &Slot {
        &self.slot
    }

    /// What `answer` names.
    pub(crate) fn read(&self, answer: &Value) -> Vec<(Slot, String)> {
        (self.read)(answer)
    }

    /// Whether the answer must name the slot.
    pub(crate) fn required(&self) -> bool {
        self.required
    }
}

/// What a failure after the object exists does to the handoff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterObject {
    /// The customer is in the helpdesk: a falling back would put them in two places. The
    /// handoff is reported accepted at once, a step the helpdesk refuses is skipped and named
    /// in the result, and one it cannot do yet is retried by redelivery.
    Accept {
        /// What the object is, for the result ("Intercom conversation").
        object: &'static str,
        /// The steps after it, for the result ("its note, assignment and tags").
        remaining: &'static str,
    },
    /// Every step is part of the handoff: a failure fails it as before the object existed.
    Fail,
}

/// A handoff's requests, for delivery and Preview alike.
pub struct Plan<'a> {
    /// The handoff type it delivers.
    pub kind: HandoffType,
    /// What is known before the first step (a default contact role, the app's admin).
    pub known: Known,
    /// The requests, in order.
    pub steps: Vec<Step<'a>>,
    /// What a failure after the object exists does.
    pub after_object: AfterObject,
    /// Preview's names for slots where the helpdesk's own differ (`{user_id}`).
    placeholders: BTreeMap<Slot, &'static str>,
}

impl<'a> Plan<'a> {
    /// An empty plan for `kind`.
    pub fn new(kind: HandoffType, after_object: AfterObject) -> Self {
        Self {
            kind,
            known: Known::default(),
            steps: Vec::new(),
            after_object,
            placeholders: BTreeMap::new(),
        }
    }

    /// The same plan, showing `placeholder` in Preview where `slot`'s id would be.
    pub fn shows(mut self, slot: Slot, placeholder: &'static str) -> Self {
        self.placeholders.insert(slot, placeholder);
        self
    }

    /// One more step.
    pub fn then(mut self, step: Step<'a>) -> Self {
        self.steps.push(step);
        self
    }

    /// The requests a first delivery sends, as Preview shows them through `client`: every
    /// step but the lookups of an interrupted try, ids the helpdesk would give as
    /// placeholders, each noted with its condition and `mode` (sent, or written to the outbox).
    pub fn preview(
        &self,
        client: &ApiClient,
        handoff_id: &str,
        mode: &str,
    ) -> Vec<PlannedDelivery> {
        let known = Known {
            values: self.known.values.clone(),
            placeholders: Some(self.placeholders.clone()),
        };
        self.steps
            .iter()
            .filter(|step| !step.only_when_resuming)
            .map(|step| {
                let request = (step.request)(&known);
                PlannedDelivery {
                    handoff_id: handoff_id.to_owned(),
                    r#type: self.kind as i32,
                    note: format!("{}{}; {mode}", request.operation, step.condition),
                    ..client.planned(&request)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use http::Method;

    use super::*;
    use crate::{HttpSettings, Mode};

    fn request(operation: &'static str, path: String) -> ApiRequest {
        ApiRequest::new(operation, Method::POST, "/things/{id}", path)
    }

    fn dry_run_client() -> ApiClient {
        ApiClient::new(
            "test",
            "https://helpdesk.test",
            Mode::DryRun {
                outbox: std::env::temp_dir().join("baton-plan-test-unused"),
                scheme: "Bearer",
            },
            Vec::new(),
            HttpSettings::default(),
        )
        .expect("client")
    }

    #[test]
    fn preview_shows_placeholders_conditions_and_not_the_lookups_of_a_resumed_try() {
        let plan = Plan::new(HandoffType::Intercom, AfterObject::Fail)
            .shows(Slot::Contact, "{user_id}")
            .then(
                Step::new(|known| request("look", format!("/look/{}", known.get(&Slot::Contact))))
                    .only_when_resuming(),
            )
            .then(
                Step::new(|known| {
                    request("create", format!("/things/{}", known.get(&Slot::Contact)))
                })
                .when(" (unless it exists)"),
            )
            .then(Step::new(|known| {
                request(
                    "note",
                    format!("/things/{}/notes", known.get(&Slot::Object)),
                )
            }));

        let planned = plan.preview(&dry_run_client(), "live", "dry run");

        let shown: Vec<(&str, &str)> = planned
            .iter()
            .map(|p| (p.target.as_str(), p.note.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "https://helpdesk.test/things/{user_id}",
                    "create (unless it exists); dry run"
                ),
                (
                    "https://helpdesk.test/things/{conversation_id}/notes",
                    "note; dry run"
                ),
            ]
        );
        assert!(planned.iter().all(|p| p.handoff_id == "live"));
    }

    #[test]
    fn known_values_win_over_placeholders_and_are_empty_outside_preview() {
        let mut known = Known::default();
        assert_eq!(known.get(&Slot::Object), "");
        assert!(!known.contains(&Slot::Object));
        known.insert(Slot::Object, "c-1");
        assert_eq!(known.get(&Slot::Object), "c-1");
        let preview = Known {
            placeholders: Some(BTreeMap::new()),
            ..known
        };
        assert_eq!(preview.get(&Slot::Object), "c-1");
        assert_eq!(preview.get(&Slot::Tag("vip".into())), "{tag_id}");
    }
}
