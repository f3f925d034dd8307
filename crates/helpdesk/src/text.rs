//! What human agents read in any helpdesk: the handoff note (reason, summary, the whole
//! conversation) and Copilot's suggestions, written once for every connector.

use baton_proto::v1::{CopilotDraft, HandoffPackage, Role, Turn};

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

/// What a human agent reads first: why, the summary and the whole conversation, as
/// `(html, plain)` — helpdesks show the HTML (Intercom notes, Zendesk comments) and keep the
/// plain text for channels and search that cannot render it.
pub fn handoff_note(package: &HandoffPackage) -> (String, String) {
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

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
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
    use baton_proto::v1::DraftSource;

    #[test]
    fn the_note_holds_reason_summary_and_every_turn_in_html_and_plain_text() {
        let package = baton_testkit::handoffs::double_charge_package();
        let (html, plain) = handoff_note(&package);
        assert!(html.contains("<b>Why:</b> The customer asked for a person"));
        assert!(html.contains("<b>Customer:</b> My card &lt;1234&gt; was charged twice"));
        assert!(html.contains("<b>AI agent:</b> I can't see refunds"));
        assert!(plain.contains("Summary: Double charge; wants a refund"));
        assert!(plain.contains("Customer: My card <1234> was charged twice"));
        assert!(plain.find("charged twice") < plain.find("I want a person"));
    }

    #[test]
    fn drafts_are_marked_as_suggestions_and_empty_ones_say_so() {
        let draft = CopilotDraft {
            text: "You can <reset> it in Settings.".into(),
            confidence: 0.82,
            sources: vec![DraftSource {
                title: "Resetting your password".into(),
                path: "kb/reset.md".into(),
            }],
            ..Default::default()
        };
        let note = draft_note(&draft);
        assert!(note.contains("Suggested reply (Copilot, 82% confident)"));
        assert!(note.contains("&lt;reset&gt;"));
        assert!(note.contains("Sources: Resetting your password"));
        assert!(draft_note(&CopilotDraft::default()).contains("no confident suggestion"));
    }
}

#[cfg(test)]
mod unicode {
    use baton_proto::v1::CopilotDraft;
    use baton_testkit::unicode::{bounded, customer_texts, package_of};
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(bounded())]

        #[test]
        fn any_customer_text_becomes_a_note(texts in customer_texts()) {
            let (html, _plain) = handoff_note(&package_of(&texts));
            prop_assert!(!html.contains("<script"));
            let draft = CopilotDraft { text: texts.concat(), ..CopilotDraft::default() };
            let _ = draft_note(&draft);
        }
    }
}
