//! What the customer is told, in their language: the operator's text for the handoff when
//! configured (`messages:` in the agent configuration), else Baton's own, in English,
//! Spanish, French, German or Portuguese.

use baton_proto::v1::{Conversation, Handoff};

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

    fn default_text(self, language: &str) -> &'static str {
        match (self, language) {
            (Moment::Connecting, "es") => {
                "Te estoy pasando con nuestro equipo de soporte. Alguien te atenderá enseguida y no tendrás que repetir nada."
            }
            (Moment::Connecting, "fr") => {
                "Je vous mets en relation avec notre équipe d'assistance. Quelqu'un va vous répondre très vite, sans que vous ayez à tout répéter."
            }
            (Moment::Connecting, "de") => {
                "Ich verbinde Sie mit unserem Support-Team. Gleich ist jemand für Sie da – Sie müssen nichts wiederholen."
            }
            (Moment::Connecting, "pt") => {
                "Estou a transferir a conversa para a nossa equipa de suporte. Alguém vai atendê-lo em breve, sem precisar de repetir nada."
            }
            (Moment::Connecting, _) => {
                "I'm connecting you with our support team. Someone will be with you shortly, and you won't need to repeat anything."
            }
            (Moment::TicketCreated, "es") => {
                "He creado el ticket {ticket} para nuestro equipo de soporte, con toda nuestra conversación. Te responderán por correo electrónico."
            }
            (Moment::TicketCreated, "fr") => {
                "J'ai créé le ticket {ticket} pour notre équipe d'assistance, avec toute notre conversation. Elle vous répondra par e-mail."
            }
            (Moment::TicketCreated, "de") => {
                "Ich habe das Ticket {ticket} mit unserem ganzen Gespräch für unser Support-Team erstellt. Sie erhalten eine Antwort per E-Mail."
            }
            (Moment::TicketCreated, "pt") => {
                "Criei o pedido {ticket} para a nossa equipa de suporte, com toda a nossa conversa. Vão responder-lhe por e-mail."
            }
            (Moment::TicketCreated, _) => {
                "I've created ticket {ticket} for our support team with our whole conversation. They'll get back to you by email."
            }
            (Moment::EmailSent, "es") => {
                "He enviado un resumen de nuestra conversación a nuestro equipo de soporte. Te responderán por correo electrónico."
            }
            (Moment::EmailSent, "fr") => {
                "J'ai envoyé un résumé de notre conversation à notre équipe d'assistance. Elle vous répondra par e-mail."
            }
            (Moment::EmailSent, "de") => {
                "Ich habe eine Zusammenfassung unseres Gesprächs an unser Support-Team geschickt. Sie erhalten eine Antwort per E-Mail."
            }
            (Moment::EmailSent, "pt") => {
                "Enviei um resumo da nossa conversa à nossa equipa de suporte. Vão responder-lhe por e-mail."
            }
            (Moment::EmailSent, _) => {
                "I've sent a summary of our conversation to our support team. They'll get back to you by email."
            }
            (Moment::Unavailable, "es") => {
                "Lo siento, ahora mismo no consigo contactar con nuestro equipo de soporte. Sigo aquí para ayudarte; inténtalo de nuevo más tarde si necesitas a una persona."
            }
            (Moment::Unavailable, "fr") => {
                "Désolé, je n'arrive pas à joindre notre équipe d'assistance pour le moment. Je reste là pour vous aider ; réessayez plus tard si vous avez besoin d'une personne."
            }
            (Moment::Unavailable, "de") => {
                "Entschuldigung, ich erreiche unser Support-Team gerade nicht. Ich helfe Ihnen weiter gern; versuchen Sie es später noch einmal, wenn Sie einen Menschen brauchen."
            }
            (Moment::Unavailable, "pt") => {
                "Lamento, neste momento não consigo contactar a nossa equipa de suporte. Continuo aqui para ajudar; tente mais tarde se precisar de uma pessoa."
            }
            (Moment::Unavailable, _) => {
                "I'm sorry, I can't reach our support team right now. I'm still here to help, and you can ask again later if you need a person."
            }
        }
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
