//! The Zendesk Support API requests the connector sends: built here and only here, so the
//! live path, dry-run and Preview send and show the same requests.

use baton_helpdesk::ApiRequest;
use baton_proto::v1::{HandoffPackage, TicketSettings};
use http::Method;

use super::ticket_wire::{
    Comment, GroupId, Requester, SearchAnswer, SearchResult, Ticket, TicketAnswer, TicketId,
    TicketRequest,
};

use super::text;

/// A new ticket for `package` (`POST /api/v2/tickets.json`): the reason as subject, the
/// summary and transcript as the first comment, the customer as requester, the
/// configured priority, group and tags, and the Baton conversation as `external_id`.
///
/// The first comment is private: it holds Baton's view of the customer (the reason, the
/// mood), meant for the team; the team answers the customer by email from the ticket.
///
/// `idempotency_key` makes a repeated request answer the ticket the first one created,
/// instead of opening a second one; the body must then be the same, so it is built from
/// the dispatch alone (no clock, no randomness).
pub fn create_ticket(
    package: &HandoffPackage,
    settings: &TicketSettings,
    idempotency_key: &str,
    dry_run_id: &str,
) -> ApiRequest {
    let (html_body, body) = baton_helpdesk::text::handoff_note(package);
    let customer = package.customer.as_ref();
    // Without an email Zendesk would make the API's agent the requester; with it, the
    // customer's user is found or created and receives the team's answers.
    let requester = customer.filter(|c| !c.email.is_empty()).map(|c| Requester {
        name: if c.name.is_empty() { &c.email } else { &c.name },
        email: &c.email,
    });
    let ticket = Ticket {
        subject: Some(text::subject(package)),
        comment: Comment {
            html_body: &html_body,
            body: Some(&body),
            public: false,
        },
        external_id: Some(&package.conversation_id),
        requester,
        priority: Some(settings.priority.as_str()).filter(|p| !p.is_empty()),
        group_id: Some(settings.group_id.as_str())
            .filter(|id| !id.is_empty())
            .map(GroupId::from),
        tags: Some(settings.tags.as_slice()).filter(|tags| !tags.is_empty()),
    };
    ApiRequest::new(
        "create ticket",
        Method::POST,
        "/api/v2/tickets.json",
        "/api/v2/tickets.json".into(),
    )
    .json(&TicketRequest { ticket })
    .header("Idempotency-Key", idempotency_key)
    .answers_dry_run(&ticket_answer(dry_run_id))
}

/// An internal note (a private comment, HTML) on ticket `ticket_id`.
pub fn add_internal_note(ticket_id: &str, html: &str) -> ApiRequest {
    ApiRequest::new(
        "add internal note",
        Method::PUT,
        "/api/v2/tickets/{ticket_id}.json",
        format!("/api/v2/tickets/{ticket_id}.json"),
    )
    .json(&TicketRequest {
        ticket: Ticket {
            comment: Comment {
                html_body: html,
                body: None,
                public: false,
            },
            ..Ticket::default()
        },
    })
    .answers_dry_run(&ticket_answer(ticket_id))
}

/// The tickets tagged `tag` (Search API; `tag` is a Zendesk tag, no spaces or quotes). Search
/// is indexed a little after a ticket is created, so a fresh ticket may not be found yet.
pub fn search_tickets_tagged(tag: &str) -> ApiRequest {
    ApiRequest::new(
        "search tickets",
        Method::GET,
        "/api/v2/search.json",
        format!("/api/v2/search.json?query=type%3Aticket%20tags%3A{tag}"),
    )
    .answers_dry_run(&SearchAnswer {
        results: vec![SearchResult {
            id: "dry-run-ticket".into(),
            result_type: "ticket".into(),
            tags: Vec::new(),
        }],
        count: 1,
    })
}

/// A dry run's answer naming ticket `id`.
fn ticket_answer(id: &str) -> TicketAnswer {
    TicketAnswer {
        ticket: TicketId { id: id.into() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use baton_proto::v1::Customer;
    use serde_json::json;

    fn package(customer: Customer) -> HandoffPackage {
        HandoffPackage {
            conversation_id: "c-1".into(),
            customer: Some(customer),
            ..Default::default()
        }
    }

    #[test]
    fn a_ticket_carries_requester_settings_and_the_conversation_id() {
        let settings = TicketSettings {
            group_id: "360001".into(),
            priority: "high".into(),
            tags: vec!["billing".into()],
        };
        let customer = Customer {
            name: "Jane Doe".into(),
            email: "jane@example.com".into(),
            ..Default::default()
        };
        let request = create_ticket(&package(customer), &settings, "key-1", "dry");
        let ticket = &request.body.as_ref().expect("body")["ticket"];
        assert_eq!(
            ticket["requester"],
            json!({ "name": "Jane Doe", "email": "jane@example.com" })
        );
        assert_eq!(ticket["group_id"], 360_001);
        assert_eq!(ticket["priority"], "high");
        assert_eq!(ticket["tags"], json!(["billing"]));
        assert_eq!(ticket["external_id"], "c-1");
        assert_eq!(ticket["comment"]["public"], false);
        assert_eq!(
            request.headers,
            vec![("Idempotency-Key", "key-1".to_owned())]
        );
    }

    #[test]
    fn unset_settings_and_an_unknown_email_are_left_out() {
        let request = create_ticket(
            &package(Customer::default()),
            &TicketSettings::default(),
            "key-1",
            "dry",
        );
        let ticket = &request.body.as_ref().expect("body")["ticket"];
        for absent in ["requester", "priority", "group_id", "tags"] {
            assert!(ticket.get(absent).is_none(), "{absent} in {ticket}");
        }
    }
}
