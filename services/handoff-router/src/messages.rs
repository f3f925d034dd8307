//! What the customer is told, in their language: the operator's text for the handoff when
//! configured (`messages:` in the agent configuration), else Baton's own, in English,
//! Spanish, French, German or Portuguese.

use baton_proto::v1::{Conversation, Handoff};

/// Baton's own texts, one a line: `<moment key>\t<language>\t<text>`. Data, so that a
/// translator edits one table, not code.
const DEFAULT_TEXTS: &str = include_str!("default_messages.tsv");

/// The moments the customer hears from Baton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// A live handoff is starting.
    Connecting,
    /// A ticket was created; `{ticket}` is its number.
    TicketCreated,
    /// A summary email was sent.
    EmailSent,
    /// Every path failed; the AI agent carries on.
    Unavailable,
}

impl Moment {
    /// The configuration key (`messages.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Moment::Connecting => "connecting",
            Moment::TicketCreated => "ticket_created",
            Moment::EmailSent => "email_sent",
            Moment::Unavailable => "unavailable",
        }
    }

    /// Baton's own text for this moment in `language`, else in English.
    fn default_text(self, language: &str) -> &'static str {
        let texts = || {
            DEFAULT_TEXTS.lines().filter_map(move |line| {
                let mut fields = line.splitn(3, '\t');
                let (moment, lang, text) = (fields.next()?, fields.next()?, fields.next()?);
                (moment == self.key()).then_some((lang, text))
            })
        };
        texts()
            .find(|(lang, _)| *lang == language)
            .or_else(|| texts().find(|(lang, _)| *lang == "en"))
            .map_or("", |(_, text)| text)
    }
}

/// The text for `moment` in `locale` (a BCP 47 tag such as `es-MX`), with `{name}`
/// placeholders filled from `values`.
pub fn text(handoff: &Handoff, moment: Moment, locale: &str, values: &[(&str, &str)]) -> String {
    let language = locale
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let configured = handoff.messages.get(moment.key()).and_then(|texts| {
        texts
            .by_locale
            .get(locale)
            .or_else(|| texts.by_locale.get(&language))
            .cloned()
            .or_else(|| (!texts.default_text.is_empty()).then(|| texts.default_text.clone()))
    });
    let mut text = configured.unwrap_or_else(|| moment.default_text(&language).to_owned());
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// The customer's locale, when the AI agent's platform told us.
pub fn locale(conversation: &Conversation) -> String {
    conversation
        .customer
        .as_ref()
        .map(|c| c.locale.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::LocalizedText;

    use super::*;

    #[test]
    fn the_customer_hears_their_own_language() {
        let handoff = Handoff::default();
        assert!(text(&handoff, Moment::Connecting, "es-MX", &[]).starts_with("Te estoy pasando"));
        assert!(text(&handoff, Moment::Connecting, "", &[]).starts_with("I'm connecting you"));
        assert!(text(&handoff, Moment::Connecting, "ja", &[]).starts_with("I'm connecting you"));
    }

    #[test]
    fn every_moment_has_its_own_text_in_every_language() {
        let moments = [
            Moment::Connecting,
            Moment::TicketCreated,
            Moment::EmailSent,
            Moment::Unavailable,
        ];
        for moment in moments {
            let english = moment.default_text("en");
            assert!(!english.is_empty(), "{moment:?}");
            for language in ["es", "fr", "de", "pt"] {
                let text = moment.default_text(language);
                assert!(
                    !text.is_empty() && text != english,
                    "{moment:?} in {language}"
                );
            }
        }
    }

    #[test]
    fn the_operators_text_wins_and_placeholders_are_filled() {
        let mut handoff = Handoff::default();
        handoff.messages.insert(
            "ticket_created".into(),
            LocalizedText {
                by_locale: [("de".to_owned(), "Ticket {ticket} ist da.".to_owned())].into(),
                default_text: "Ticket {ticket} created.".into(),
            },
        );
        assert_eq!(
            text(
                &handoff,
                Moment::TicketCreated,
                "de-AT",
                &[("ticket", "#42")]
            ),
            "Ticket #42 ist da."
        );
        assert_eq!(
            text(&handoff, Moment::TicketCreated, "fr", &[("ticket", "#42")]),
            "Ticket #42 created."
        );
    }
}
