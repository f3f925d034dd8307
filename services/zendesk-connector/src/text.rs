//! What Zendesk agents read: the ticket's subject and first comment (HTML and plain text),
//! the reason and summary carried with a live handoff, and Copilot's notes. Also the limits
//! Zendesk puts on text, applied in one place.

use baton_proto::v1::{CopilotDraft, HandoffPackage, Role, Turn};
use serde_json::Value;

/// Sunshine's longest text message (`textMessage.text`, `maxLength: 4096`).
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// The ticket subject: the reason in one line, short enough for a ticket view.
pub fn subject(package: &HandoffPackage) -> String {
    let reason = package
        .reason
        .as_ref()
        .map(|r| r.text.trim())
        .unwrap_or_default();
    if reason.is_empty() {
        return "Conversation handed over by Baton".into();
    }
    shorten(&reason.replace(['\r', '\n'], " "), 150)
}

/// Who wrote a turn, as an agent should read it; `None` for turns without an author.
pub fn author(turn: &Turn) -> Option<&str> {
    match turn.role() {
        Role::User => Some("Customer"),
        Role::Agent => Some("AI agent"),
        Role::HumanAgent if turn.author_name.is_empty() => Some("Agent"),
        Role::HumanAgent => Some(&turn.author_name),
        Role::Unspecified => None,
    }
}

/// The first comment of a ticket: why, the summary and the whole conversation, as
/// `(html_body, body)` — Zendesk shows the HTML, and keeps the plain text for channels and
/// search that cannot render it.
pub fn ticket_comment(package: &HandoffPackage) -> (String, String) {
    let mut html = String::from("<p><b>Handed over by Baton</b></p>");
    let mut plain = String::from("Handed over by Baton\n");
    let reason = package.reason.as_ref().map(|r| r.text.as_str());
    let summary = package.summary.as_ref().map(|s| s.text.as_str());
    for (label, text) in [("Why", reason), ("Summary", summary)] {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            html.push_str(&format!("<p><b>{label}:</b> {}</p>", escape(text)));
            plain.push_str(&format!("\n{label}: {text}\n"));
        }
    }
    html.push_str("<p><b>Conversation so far:</b></p>");
    plain.push_str("\nConversation so far:\n");
    for turn in &package.transcript {
        let Some(who) = author(turn) else { continue };
        html.push_str(&format!(
            "<p><b>{}:</b> {}</p>",
            escape(who),
            escape(&turn.text).replace('\n', "<br>")
        ));
        plain.push_str(&format!("{who}: {}\n", turn.text));
    }
    (html, plain)
}

/// What a live handoff passes with control (`passControl` metadata, a flat object of at
/// most 4 KB): the record, the reason and the summary, cut to fit.
pub fn handoff_metadata(
    package: &HandoffPackage,
    record_id: &str,
) -> serde_json::Map<String, Value> {
    let reason = package
        .reason
        .as_ref()
        .map(|r| r.text.as_str())
        .unwrap_or_default();
    let summary = package
        .summary
        .as_ref()
        .map(|s| s.text.as_str())
        .unwrap_or_default();
    [
        ("baton_record_id", record_id.to_owned()),
        ("baton_reason", shorten(reason, 500)),
        ("baton_summary", shorten(summary, 2_500)),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), Value::String(value)))
    .collect()
}

/// A Copilot note (HTML): clearly a suggestion for the agent to review, with its sources;
/// or that there is none, so the agent knows Copilot looked.
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
        let titles: Vec<String> = draft.sources.iter().map(|s| escape(&s.title)).collect();
        html.push_str(&format!("<p><i>Sources: {}</i></p>", titles.join(", ")));
    }
    html
}

/// `text` in pieces Sunshine accepts as messages, split on character boundaries; an empty
/// text gives no piece.
pub fn message_pieces(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(MAX_MESSAGE_CHARS)
        .map(|piece| piece.iter().collect())
        .collect()
}

/// At most `max_bytes` of `text`, cut on a character boundary, with "…" when cut.
fn shorten(text: &str, max_bytes: usize) -> String {
    if text.len() <= max_bytes {
        return text.to_owned();
    }
    let mut end = max_bytes.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// Escapes text for an HTML comment.
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

#[cfg(test)]
mod tests {
    use super::*;
    use baton_proto::v1::{DraftSource, HandoffReason, Summary};

    fn turn(role: Role, text: &str) -> Turn {
        Turn {
            role: role as i32,
            text: text.into(),
            ..Default::default()
        }
    }

    fn package() -> HandoffPackage {
        HandoffPackage {
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
        }
    }

    #[test]
    fn the_first_comment_holds_reason_summary_and_every_turn_in_html_and_plain_text() {
        let (html, plain) = ticket_comment(&package());
        assert!(html.contains("<b>Why:</b> The customer asked for a person"));
        assert!(html.contains("<b>Customer:</b> My card &lt;1234&gt; was charged twice"));
        assert!(html.contains("<b>AI agent:</b> I can't see refunds"));
        assert!(plain.contains("Summary: Double charge; wants a refund"));
        assert!(plain.contains("Customer: My card <1234> was charged twice"));
        assert!(plain.find("charged twice") < plain.find("I want a person"));
    }

    #[test]
    fn the_subject_is_the_reason_on_one_short_line() {
        assert_eq!(subject(&package()), "The customer asked for a person");
        assert_eq!(
            subject(&HandoffPackage::default()),
            "Conversation handed over by Baton"
        );
        let mut long = package();
        if let Some(reason) = long.reason.as_mut() {
            reason.text = "é\n".repeat(200);
        }
        let cut = subject(&long);
        assert!(
            cut.len() <= 150 && cut.ends_with('…') && !cut.contains('\n'),
            "{cut}"
        );
    }

    #[test]
    fn metadata_fits_sunshines_four_kilobytes() {
        let mut big = package();
        if let Some(summary) = big.summary.as_mut() {
            summary.text = "ü".repeat(5_000);
        }
        let metadata = handoff_metadata(&big, "r-1");
        assert!(Value::Object(metadata.clone()).to_string().len() < 4_096);
        assert_eq!(metadata["baton_reason"], "The customer asked for a person");
        assert_eq!(metadata["baton_record_id"], "r-1");
    }

    #[test]
    fn long_messages_are_split_where_sunshine_requires() {
        assert!(message_pieces("").is_empty());
        assert_eq!(message_pieces("hi"), vec!["hi".to_owned()]);
        let pieces = message_pieces(&"ß".repeat(MAX_MESSAGE_CHARS + 1));
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].chars().count(), MAX_MESSAGE_CHARS);
        assert_eq!(pieces[1], "ß");
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
}
