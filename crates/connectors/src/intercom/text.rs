//! Text in and out of Intercom: the customer's words that open the conversation, and the
//! plain text of an agent's HTML reply for the customer's chat. (The notes for the team are
//! `baton_helpdesk::text`'s.)

use baton_proto::v1::{HandoffPackage, Role};

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
    decode_entities(&text)
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with its HTML entities decoded: the named ones Intercom writes and every numeric
/// one (`&#39;`, `&#x27;`); anything else is left as written. One pass, so `&amp;lt;` is
/// `&lt;`, as the sender meant.
fn decode_entities(text: &str) -> String {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let entity = rest[1..]
            .find(';')
            .filter(|end| *end <= 10)
            .map(|end| &rest[1..=end]);
        let character = entity.and_then(|name| match name {
            "nbsp" => Some(' '),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "amp" => Some('&'),
            _ => {
                let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => name.strip_prefix('#').and_then(|dec| dec.parse().ok()),
                };
                code.and_then(char::from_u32)
            }
        });
        match (entity, character) {
            (Some(name), Some(character)) => {
                decoded.push(character);
                rest = &rest[name.len() + 2..];
            }
            _ => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

/// Whether Intercom's HTML `body` says `text`, word for word (Intercom wraps a plain
/// message in paragraphs and may reflow its whitespace).
pub fn same_words(body: &str, text: &str) -> bool {
    plain_text(body)
        .split_whitespace()
        .eq(text.split_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;
    use baton_proto::v1::{Summary, Turn};

    #[test]
    fn the_opening_message_is_the_problem_else_the_last_customer_words() {
        let mut package = HandoffPackage {
            transcript: vec![
                Turn::said(Role::User, "first"),
                Turn::said(Role::User, "last"),
            ],
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
    fn html_replies_become_plain_text() {
        assert_eq!(
            plain_text("<p>Hi Jane,</p><p>Refund issued &amp; on its way.<br>Tom</p>"),
            "Hi Jane,\nRefund issued & on its way.\nTom"
        );
        assert_eq!(plain_text("no markup"), "no markup");
        assert_eq!(plain_text("<p>1 &lt; 2</p>"), "1 < 2");
        assert_eq!(
            plain_text("<p>I&#x27;m charged &#39;twice&apos; &amp; more&#47;less</p>"),
            "I'm charged 'twice' & more/less"
        );
        assert_eq!(
            plain_text("R&D &unknown; a & b &#xZZ;"),
            "R&D &unknown; a & b &#xZZ;"
        );
        assert_eq!(plain_text("&amp;lt;"), "&lt;");
        assert_eq!(plain_text("broken <b"), "broken <b");
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
        fn any_customer_text_opens_a_conversation(texts in customer_texts()) {
            let _ = opening_message(&package_of(&texts));
        }

        #[test]
        fn any_reply_is_read_as_plain_text(html in customer_text()) {
            let _ = plain_text(&html);
            let _ = plain_text(&format!("<p>{html}</p><br>{html}<"));
        }
    }
}
