//! Text in and out of Intercom: the note a human agent reads first, the Copilot note, and
//! the plain text of an agent's HTML reply for the customer's chat.

use baton_proto::v1::{CopilotDraft, HandoffPackage, Role};

/// What the customer wrote that opens the Intercom conversation: their problem in their
/// own words (the summary's), else their last message.
pub fn opening_message(package: &HandoffPackage) -> String {
    let problem = package
        .summary
        .as_ref()
        .map(|s| s.problem.trim())
        .unwrap_or_default();
    if !problem.is_empty() {
        return problem.to_owned();
    }
    package
        .transcript
        .iter()
        .rev()
        .find(|turn| turn.role() == Role::User)
        .map(|turn| turn.text.clone())
        .unwrap_or_else(|| "The customer asked for help.".into())
}

/// The internal note for the team: why, the ten-second summary, and the whole conversation.
pub fn handoff_note(package: &HandoffPackage) -> String {
    let mut html = String::from("<p><b>Handed over by Baton</b></p>");
    if let Some(reason) = package.reason.as_ref().filter(|r| !r.text.is_empty()) {
        html.push_str(&format!("<p><b>Why:</b> {}</p>", escape(&reason.text)));
    }
    if let Some(summary) = package.summary.as_ref().filter(|s| !s.text.is_empty()) {
        html.push_str(&format!("<p><b>Summary:</b> {}</p>", escape(&summary.text)));
    }
    html.push_str("<p><b>Conversation so far:</b></p>");
    for turn in &package.transcript {
        let who = match turn.role() {
            Role::User => "Customer",
            Role::Agent => "AI agent",
            Role::HumanAgent => "Agent",
            Role::Unspecified => continue,
        };
        html.push_str(&format!("<p><b>{who}:</b> {}</p>", escape(&turn.text)));
    }
    html
}

/// The Copilot note: clearly a suggestion, with its sources; or that there is none.
pub fn draft_note(draft: &CopilotDraft) -> String {
    if draft.text.trim().is_empty() {
        return "<p><b>Copilot:</b> no confident suggestion for this message.</p>".into();
    }
    let mut html = format!(
        "<p><b>Suggested reply (Copilot, {:.0}% confident) — review before sending:</b></p><p>{}</p>",
        draft.confidence * 100.0,
        escape(&draft.text).replace('\n', "<br>")
    );
    if !draft.sources.is_empty() {
        let sources: Vec<String> = draft.sources.iter().map(|s| escape(&s.title)).collect();
        html.push_str(&format!("<p><i>Sources: {}</i></p>", sources.join(", ")));
    }
    html
}

/// Escapes text for an HTML note.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            other => out.push(other),
        }
    }
    out
}

/// The plain text of an Intercom HTML body (`<p>Hi</p><p>Line</p>` → "Hi\nLine"): tags
/// dropped, paragraphs and breaks as newlines, the common entities decoded.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = &rest[open..];
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        if tag.starts_with("br") || tag == "/p" || tag == "/div" || tag == "/li" {
            text.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let decoded = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use baton_proto::v1::{DraftSource, HandoffReason, Summary, Turn};

    fn turn(role: Role, text: &str) -> Turn {
        Turn {
            role: role as i32,
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_note_holds_reason_summary_and_every_turn_escaped() {
        let package = HandoffPackage {
            transcript: vec![
                turn(Role::User, "My card <1234> was charged twice"),
                turn(Role::Agent, "I can't see refunds"),
                turn(Role::User, "I want a person"),
            ],
            reason: Some(HandoffReason {
                text: "The customer asked for a person".into(),
                ..Default::default()
            }),
            summary: Some(Summary {
                text: "Double charge; wants a refund".into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let note = handoff_note(&package);
        assert!(note.contains("<b>Why:</b> The customer asked for a person"));
        assert!(note.contains("Double charge; wants a refund"));
        assert!(note.contains("<b>Customer:</b> My card &lt;1234&gt; was charged twice"));
        assert!(note.contains("<b>AI agent:</b> I can't see refunds"));
        assert!(note.find("charged twice") < note.find("I want a person"));
    }

    #[test]
    fn the_opening_message_is_the_problem_else_the_last_customer_words() {
        let mut package = HandoffPackage {
            transcript: vec![turn(Role::User, "first"), turn(Role::User, "last")],
            ..Default::default()
        };
        assert_eq!(opening_message(&package), "last");
        package.summary = Some(Summary {
            problem: "charged twice".into(),
            ..Default::default()
        });
        assert_eq!(opening_message(&package), "charged twice");
    }

    #[test]
    fn drafts_are_marked_as_suggestions_and_empty_ones_say_so() {
        let draft = CopilotDraft {
            text: "You can reset it in Settings.".into(),
            confidence: 0.82,
            sources: vec![DraftSource {
                title: "Resetting your password".into(),
                path: "kb/reset.md".into(),
            }],
            ..Default::default()
        };
        let note = draft_note(&draft);
        assert!(note.contains("Suggested reply (Copilot, 82% confident)"));
        assert!(note.contains("Sources: Resetting your password"));
        assert!(draft_note(&CopilotDraft::default()).contains("no confident suggestion"));
    }

    #[test]
    fn html_replies_become_plain_text() {
        assert_eq!(
            plain_text("<p>Hi Jane,</p><p>Refund issued &amp; on its way.<br>Tom</p>"),
            "Hi Jane,\nRefund issued & on its way.\nTom"
        );
        assert_eq!(plain_text("no markup"), "no markup");
        assert_eq!(plain_text("<p>1 &lt; 2</p>"), "1 < 2");
        assert_eq!(plain_text("broken <b"), "broken <b");
    }
}
