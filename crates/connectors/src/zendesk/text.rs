//! What Zendesk agents read beyond the shared handoff note (`baton_helpdesk::text`): the
//! ticket's subject and the reason and summary carried with a live handoff; and the limits
//! Zendesk puts on text, applied in one place.

use baton_proto::v1::HandoffPackage;
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

/// The tag Agent Workspace puts on the ticket it opens for a live handoff, by which the
/// connector finds that ticket for Copilot's notes. A digest of tenant and record: Zendesk
/// lower-cases tags, and ids joined in clear could name another tenant's record
/// (`a` + `b_c-1` and `a_b` + `c-1`).
pub fn ticket_tag(tenant: &str, record_id: &str) -> String {
    use sha1::Digest;
    let digest = sha1::Sha1::digest(format!("{tenant}\0{record_id}").as_bytes());
    format!("baton_{}", hex::encode(digest))
}

/// What a live handoff passes with control (`passControl` metadata, a flat object of at
/// most 4 KB): the record, the reason and the summary, cut to fit; and, for Agent
/// Workspace, the tag its ticket gets (`dataCapture.systemField.tags`, Zendesk's
/// switchboard metadata for ticket fields).
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
        (
            "dataCapture.systemField.tags",
            ticket_tag(&package.tenant_id, record_id),
        ),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), Value::String(value)))
    .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn package() -> HandoffPackage {
        baton_testkit::handoffs::double_charge_package()
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
        assert_eq!(
            metadata["dataCapture.systemField.tags"],
            ticket_tag("Acme", "r-1")
        );
        assert_ne!(ticket_tag("Acme", "r-1"), ticket_tag("acme", "r-1"));
        assert_ne!(ticket_tag("a", "b_c-1"), ticket_tag("a_b", "c-1"));
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
}

#[cfg(test)]
mod unicode {
    use baton_testkit::unicode::{bounded, customer_text, customer_texts, package_of};
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(bounded())]

        #[test]
        fn any_customer_text_fits_zendesk(texts in customer_texts(), text in customer_text()) {
            let package = package_of(&texts);
            let _ = subject(&package);
            let _ = handoff_metadata(&package, "c-1-1");
            prop_assert_eq!(message_pieces(&text).concat(), text.clone());
            for max in [0, 1, 2, 3, 4, 5, 64] {
                prop_assert!(shorten(&text, max).len() <= max.max('…'.len_utf8()));
            }
        }
    }
}
