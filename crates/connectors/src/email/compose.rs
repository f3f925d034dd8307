//! What to send for a dispatch: who receives it (per the handoff's `recipients`), and the
//! rendered emails — a text and an HTML part from templates, a subject with the reason, and
//! a Message-ID derived from the handoff record, the attempt and the recipient, so a
//! redelivered dispatch names the same email.

use std::sync::LazyLock;

use baton_proto::v1::{EmailRecipients, HandoffDispatch, Role, handoff};
use minijinja::{Environment, context};
use serde::Serialize;

/// The templates, embedded: what the team and the customer read.
static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    // Names ending in .html are HTML-escaped: a customer's "<script>" is shown, not run.
    for (name, source) in [
        ("team.txt", include_str!("../../templates/email/team.txt")),
        ("team.html", include_str!("../../templates/email/team.html")),
        (
            "customer.txt",
            include_str!("../../templates/email/customer.txt"),
        ),
        (
            "customer.html",
            include_str!("../../templates/email/customer.html"),
        ),
    ] {
        if let Err(err) = env.add_template(name, source) {
            unreachable!("embedded template {name} is invalid: {err}");
        }
    }
    env
});

/// Who an email is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The support team.
    Team,
    /// The customer.
    Customer,
}

impl Audience {
    /// `team` or `customer`: part of the Message-ID and of the sent marker's key.
    pub fn label(self) -> &'static str {
        match self {
            Audience::Team => "team",
            Audience::Customer => "customer",
        }
    }
}

/// One email, ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Email {
    /// For whom.
    pub audience: Audience,
    /// From.
    pub from: String,
    /// To.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// `<record>.<attempt>.<audience>@baton`.
    pub message_id: String,
    /// The text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
}

/// Why a dispatch cannot be delivered by email at all (the router falls back).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Undeliverable {
    /// The handoff sends only to the customer, whose address is unknown.
    #[error("the customer's email address is unknown and this handoff emails only the customer")]
    NoCustomerAddress,
    /// The handoff sends only to the customer, whose address is not one.
    #[error("the customer's email address is not valid and this handoff emails only the customer")]
    InvalidCustomerAddress,
    /// The handoff sends to the team, without a team address.
    #[error("this handoff emails the team but has no team address")]
    NoTeamAddress,
    /// The dispatch is not an email handoff or carries no package.
    #[error("the dispatch carries no email handoff and package")]
    NotEmail,
    /// A template failed to render.
    #[error("cannot render the email: {0}")]
    Render(String),
}

/// The emails for `dispatch`, and a note for the result when the plan differs from the
/// configuration (both asked, customer address unknown).
pub fn compose(
    dispatch: &HandoffDispatch,
    default_from: &str,
) -> Result<(Vec<Email>, Option<String>), Undeliverable> {
    let (Some(handoff), Some(package)) = (&dispatch.handoff, &dispatch.package) else {
        return Err(Undeliverable::NotEmail);
    };
    let Some(handoff::Settings::Email(settings)) = &handoff.settings else {
        return Err(Undeliverable::NotEmail);
    };
    let customer = package.customer.clone().unwrap_or_default();
    let customer_address = customer.email.trim();
    let team_address = settings.team_address.trim();
    // Checked before anything is sent, as the transport will parse it: a refusal after the
    // team's email went out would fail the handoff with the team already told.
    let customer_problem = if customer_address.is_empty() {
        Some((Undeliverable::NoCustomerAddress, "unknown"))
    } else if customer_address
        .parse::<lettre::message::Mailbox>()
        .is_err()
    {
        Some((Undeliverable::InvalidCustomerAddress, "not valid"))
    } else {
        None
    };
    let (team, user, note) = match (settings.recipients(), customer_problem) {
        (EmailRecipients::User, Some((undeliverable, _))) => return Err(undeliverable),
        (EmailRecipients::User, None) => (false, true, None),
        (EmailRecipients::Both, Some((_, why))) => (
            true,
            false,
            Some(format!(
                "the customer's email address is {why}, so only the team was emailed: reply to them in the conversation"
            )),
        ),
        (EmailRecipients::Both, None) => (true, true, None),
        (EmailRecipients::Team | EmailRecipients::Unspecified, _) => (true, false, None),
    };
    if team && team_address.is_empty() {
        return Err(Undeliverable::NoTeamAddress);
    }
    let from = if settings.from.trim().is_empty() {
        default_from
    } else {
        settings.from.trim()
    };
    let reason = package.reason.clone().unwrap_or_default();
    let summary = package.summary.clone().unwrap_or_default();
    let transcript: Vec<Line> = package
        .transcript
        .iter()
        .map(|turn| Line {
            who: match turn.role() {
                Role::User => "customer",
                Role::Agent => "assistant",
                Role::HumanAgent => "agent",
                Role::Unspecified => "?",
            },
            text: turn.text.clone(),
        })
        .collect();
    let values = context! {
        reason => reason.text,
        summary => summary.text,
        problem => summary.problem,
        evidence => reason.evidence.iter().map(|e| format!("\"{}\" ({})", e.quote, e.condition)).collect::<Vec<_>>(),
        customer => context! { name => customer.name, email => customer.email, external_id => customer.external_id, locale => customer.locale },
        transcript => transcript,
        note => note.clone(),
        record => dispatch.record_id,
        attempt => dispatch.attempt,
        conversation => package.conversation_id,
    };
    let render = |name: &str| {
        TEMPLATES
            .get_template(name)
            .and_then(|template| template.render(&values))
            .map_err(|err| Undeliverable::Render(err.to_string()))
    };
    let message_id = |audience: Audience| {
        format!(
            "<{}.{}.{}@baton>",
            dispatch.record_id,
            dispatch.attempt,
            audience.label()
        )
    };
    let mut emails = Vec::new();
    if team {
        emails.push(Email {
            audience: Audience::Team,
            from: from.to_owned(),
            to: team_address.to_owned(),
            subject: subject("Handoff", &reason.text),
            message_id: message_id(Audience::Team),
            text: render("team.txt")?,
            html: render("team.html")?,
        });
    }
    if user {
        emails.push(Email {
            audience: Audience::Customer,
            from: from.to_owned(),
            to: customer_address.to_owned(),
            subject: "Your conversation is with our support team".into(),
            message_id: message_id(Audience::Customer),
            text: render("customer.txt")?,
            html: render("customer.html")?,
        });
    }
    Ok((emails, note))
}

#[derive(Serialize)]
struct Line {
    who: &'static str,
    text: String,
}

/// `<prefix>: <reason>`, on one line, at most about 120 characters.
fn subject(prefix: &str, reason: &str) -> String {
    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut subject = format!("{prefix}: {reason}");
    if subject.chars().count() > 120 {
        subject = subject.chars().take(117).collect::<String>() + "...";
    }
    subject
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::{
        Customer, EmailSettings, Handoff, HandoffPackage, HandoffReason, Summary, Turn,
    };

    use super::*;

    fn dispatch(recipients: EmailRecipients, customer_email: &str) -> HandoffDispatch {
        HandoffDispatch {
            record_id: "c1-1".into(),
            attempt: 0,
            handoff: Some(Handoff {
                id: "mail".into(),
                settings: Some(handoff::Settings::Email(EmailSettings {
                    recipients: recipients as i32,
                    team_address: "support@acme.test".into(),
                    from: String::new(),
                })),
                ..Handoff::default()
            }),
            package: Some(HandoffPackage {
                conversation_id: "c1".into(),
                customer: Some(Customer {
                    name: "Dana".into(),
                    email: customer_email.into(),
                    ..Customer::default()
                }),
                transcript: vec![Turn {
                    role: Role::User as i32,
                    text: "My export fails <b>every</b> time".into(),
                    ..Turn::default()
                }],
                reason: Some(HandoffReason {
                    text: "The customer asked for a person.".into(),
                    ..HandoffReason::default()
                }),
                summary: Some(Summary {
                    problem: "My export fails every time".into(),
                    text: "Problem: My export fails every time\n".into(),
                    ..Summary::default()
                }),
                ..HandoffPackage::default()
            }),
            dispatched_at: None,
        }
    }

    fn audiences(emails: &[Email]) -> Vec<Audience> {
        emails.iter().map(|e| e.audience).collect()
    }

    #[test]
    fn recipients_follow_the_configuration() {
        let (both, note) = compose(
            &dispatch(EmailRecipients::Both, "dana@x.test"),
            "baton@acme.test",
        )
        .expect("both");
        assert_eq!(audiences(&both), vec![Audience::Team, Audience::Customer]);
        assert_eq!(note, None);
        let (team, _) = compose(
            &dispatch(EmailRecipients::Team, "dana@x.test"),
            "baton@acme.test",
        )
        .expect("team");
        assert_eq!(audiences(&team), vec![Audience::Team]);
        let (user, _) = compose(
            &dispatch(EmailRecipients::User, "dana@x.test"),
            "baton@acme.test",
        )
        .expect("user");
        assert_eq!(audiences(&user), vec![Audience::Customer]);
        assert_eq!(user[0].to, "dana@x.test");
    }

    #[test]
    fn an_unknown_customer_address_falls_back_or_narrows() {
        assert_eq!(
            compose(&dispatch(EmailRecipients::User, ""), "b@a.test"),
            Err(Undeliverable::NoCustomerAddress)
        );
        let (emails, note) =
            compose(&dispatch(EmailRecipients::Both, ""), "b@a.test").expect("team only");
        assert_eq!(audiences(&emails), vec![Audience::Team]);
        assert!(note.is_some_and(|n| n.contains("only the team")));
        assert!(
            emails[0].text.contains("only the team"),
            "the team is told too"
        );
    }

    #[test]
    fn an_invalid_customer_address_is_found_before_anything_is_sent() {
        assert_eq!(
            compose(&dispatch(EmailRecipients::User, "jane@"), "b@a.test"),
            Err(Undeliverable::InvalidCustomerAddress)
        );
        let (emails, note) = compose(
            &dispatch(EmailRecipients::Both, "not an address"),
            "b@a.test",
        )
        .expect("team only");
        assert_eq!(audiences(&emails), vec![Audience::Team]);
        assert!(note.is_some_and(|n| n.contains("not valid")));
    }

    #[test]
    fn the_team_email_has_everything_and_html_is_escaped() {
        let (emails, _) =
            compose(&dispatch(EmailRecipients::Team, "dana@x.test"), "b@a.test").expect("team");
        let team = &emails[0];
        assert_eq!(team.subject, "Handoff: The customer asked for a person.");
        assert_eq!(team.message_id, "<c1-1.0.team@baton>");
        for part in [&team.text, &team.html] {
            assert!(part.contains("Dana"), "{part}");
            assert!(part.contains("dana@x.test"));
            assert!(part.contains("The customer asked for a person."));
        }
        assert!(
            team.text
                .contains("[customer] My export fails <b>every</b> time")
        );
        assert!(
            team.html.contains("&lt;b&gt;every&lt;&#x2f;b&gt;")
                || team.html.contains("&lt;b&gt;every&lt;/b&gt;"),
            "{}",
            team.html
        );
    }
}

#[cfg(test)]
mod unicode {
    use baton_testkit::unicode::{bounded, customer_text};
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(bounded())]

        #[test]
        fn any_reason_makes_a_subject(prefix in customer_text(), reason in customer_text()) {
            prop_assert!(subject(&prefix, &reason).chars().count() <= 120);
        }
    }
}
