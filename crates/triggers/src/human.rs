//! Whether a customer asks for a human now, in the languages of a support desk (English,
//! Spanish, French, German, Portuguese): "can I talk to a person", "can someone call me",
//! "is there a real person there", "quiero hablar con un agente", "rappelez-moi", or "yes"
//! to the assistant's offer of a person.
//!
//! Not a request: asking whether one is talking to a bot, a negation ("no need for a
//! human", "just the link"), someone else's suggestion ("my friend said to ask for a
//! manager"), a wish that depends on something that has not happened ("if it's not here
//! tomorrow I'll want to talk to someone"), or a role ("I'm the account manager").

use std::sync::LazyLock;

use regex::Regex;

use crate::text::{clauses, normalize, regex};

/// Who a customer may ask for.
const PERSON: &str = r"(a |an |some |the |your |my |our |one of your |someone from (the |your )?)?(real |actual |live |human |physical |proper |flesh and blood )?(person|people|human( being)?|humans|someone|somebody|some one|somone|sombody|someon|some1|anyone|anybody|agent|rep|representative|operator|supervisor|manager|account manager|staff( member)?|team member|support engineer|engineer|specialist|[a-z]+ (specialist|engineer|expert|technician|nurse|handler|advisor|adviser|officer)|whoever (\w+ )?(does|handles|deals with|is in charge of|looks after|runs|manages|organi[sz]es|is responsible for)|advisor|adviser|consultant|customer (service|support|care)( rep| agent| person| team)?|support (team|person|staff)|someone (from|on) (the|your) team|human support|human agent|(your|the) team|(a |one )?member of (your|the) (staff|team))";

static ASKS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let person = PERSON;
    [
        // English
        format!(r"\b(talk|speak|chat|discuss)\w*( this)? (to|with) {person}\b"),
        format!(r"\b(get|have|give me|need|want|prefer|request|reach|contact|get (a )?hold of|get ahold of|connect me (to|with)|put me (through |thru )?(to|with)|transfer me to|pass me to|hand me (over )?to|bring in|escalate (this |me )?to) {person}\b"),
        format!(r"\b(is there|are there|any) {person}( (on|at|in|from|of) (your|the|this) \w+( \w+){{0,2}})?( there\b| around| available| (i|we) (can|could|might)| to (talk|speak|chat|help)| (who|that) (can|could|will|would|is able|are able|knows?|handles?|deals?|does|do|speaks?|works?))"),
        format!(r"\b(deal|work|go) (with|through) {person}\b"),
        format!(r"\b(get|find|bring) me {person}\b"),
        format!(r"\b(get|be) (put|passed|transferred|connected|sent) (through |thru |over |across )?(to|with) {person}\b"),
        format!(r"\b(put|get|be put|be) (me |us )?in (touch|contact) with {person}\b"),
        // Asking to speak with any role of the operator's ("one of your tutors", "a
        // pharmacist"): the assistant is not someone one speaks with.
        r"\b((can|could|may|might) (i|we)|(i|we) (want|need|would like|'d like|wish)|(i|we)'?d (like|love|prefer)|let me|is it possible to|is there a way to|any way (i|we) can) (to )?(speak|talk|chat) (directly |in person )?(to|with) (one of (your|the) |a |an |your |the )(\w+ )?(\w+)\b".to_owned(),
        // "can I speak to my property manager": the person the operator gave them.
        r"\b(speak|talk|chat) (directly )?(to|with) (my|our) ([\w-]+ )?(manager|adviser|advisor|agent|rep|representative|coordinator|planner|broker|consultant|caseworker|contact|landlord|officer)\b".to_owned(),
        r"\b(get|have|receive|arrange|book|schedule|set up|request) (a |an )?(quick |short |brief |phone |call ?back )?(call|phone call|callback|ring)( back)? from\b|\b(can|could) (i|we) (get|have|arrange|book) a (quick |short |phone )?(call|callback|call back)\b".to_owned(),
        format!(r"\b{person} (please|pls|now)\b"),
        r"^\s*(human|agent|representative|operator|person|real person)( please| pls)?[.!?]*\s*$".to_owned(),
        r"\b(someone|somebody|anyone|you|your team|an agent|a person|a rep)( \w+){0,6} (call|calls|ring|phone|telephone) (me|us)\b".to_owned(),
        // "could I have a quick word with Priya, my claims handler?": only a person has words.
        r"\b((can|could|may) (i|we) (have|get|grab)|(i|we)'?d like|(i|we) would like) a (quick |brief |short )?word with\b".to_owned(),
        // "I'd rather someone from your network team just rang me": a wish, not a report
        // of a call.
        r"\b(rather|prefer|wish|'d like|would like|(easier|better|quicker|simpler|faster|helpful|great|good) if)( \w+){0,2} (someone|somebody|one of you|one of your \w+|your team|an agent|a person)( \w+){0,6} (called|rang|phoned) (me|us)\b".to_owned(),
        r"\b(someone|somebody|somone|sombody|a person|a human|your team|an agent|a rep|one of your \w+)( \w+){0,4} (email|e-mail|message|text|contact|write to|reach out to|get back to) (me|us)\b".to_owned(),
        // "I'd feel better hearing it from one of the nurses".
        r"\b(hear|hearing) (it |this |that )?(directly |straight )?from (one of (your|the) \w+|an? (real |actual )?(person|human|vet|nurse|doctor|expert|specialist|professional|engineer|technician)|someone|somebody|a member of)\b".to_owned(),
        r"\b(call|ring|phone) me( back| up| later| today| tomorrow| tonight| this| asap| now| when| about| so| after| before|\?|\.|!|,|$| please| at| on)".to_owned(),
        r"\bgive (me|us) a (quick |short |brief |phone )?(call|ring|bell|buzz|shout)\b|\b(a|the|for|request|requesting|arrange|book|schedule) call ?back\b|\bcall ?backs? (please|pls|asap|request)\b|^\W*call ?back\b|\b(someone|somebody|anyone|you|your team|please|pls) (\w+ ){0,3}call ?back\b|\b(get|hop|jump) on (a |the )?(quick |short |brief )?(call|phone)\b|\bon the phone with\b|\bschedule a call\b|\bset up a call\b".to_owned(),
        r"\b(transfer|escalate|forward) (me|this|my (case|chat|ticket|conversation))\b".to_owned(),
        r"\blet me (talk|speak) to\b|\bput me through\b".to_owned(),
        // A person named by what they would do: "can a real person call me", "one of your
        // people to walk us through it over the phone", "someone at the shop I could talk
        // this through with".
        r"\b(real|actual|live|human) (person|human|agent|people|being)\b.{0,30}\b(call|ring|phone|talk|speak|chat|help|look at|look into|check|sort|deal with|handle|review)\b".to_owned(),
        r"\b(one of your|someone from your|somebody from your|someone at|somebody at|anyone at|a member of your|one of the) (\w+ )?(people|team|staff|agents?|reps?|experts?|advisors?|advisers?|engineers?|technicians?|specialists?)?\b.{0,40}\b(call|ring|phone|walk (me|us) through|talk|speak|chat|sort (this|it|that) out|help (me|us)|look into (this|it)|deal with (this|it)|look (over|at) (my|our|this|it|the)|check (my|our|this|it|the)|go (over|through) (my|our|this|it|the))\b".to_owned(),
        r"\b(go|run|talk) (through|over) ([\w']+ ){1,8}with (one of you|one of your \w+|someone|somebody|a person|a human|a (real |actual )?(manager|supervisor|specialist|human being))\b".to_owned(),
        r"\b(talk|go) (this|it|things) through with\b|\b(walk|talk) (me|us) through (it|this|that)? ?(over|on) the phone\b".to_owned(),
        // Spanish
        r"\b(quiero|quisiera|necesito|puedo|podria|me gustaria|prefiero) (hablar|comunicarme) con (un|una|alguien de|algun|alguno de|la persona|el agente|el asesor)\b".to_owned(),
        r"\bhay (alguien|una persona|algun (agente|humano|asesor))( \S+){0,4} (con quien|que) (\S+ )?(pueda|puede|podria|pudiera) (hablar|atender\w*|ayudar\w*)\b".to_owned(),
        r"\b(tem|ha|existe) (alguem|uma pessoa|algum (atendente|funcionario))( \S+){0,4} (com quem|que) (eu )?(possa|pode|poderia|consiga) (falar|conversar|ajudar|atender)\b".to_owned(),
        r"\b(y a-t-il|il y a|est-ce qu'il y a) (quelqu'un|une personne|un conseiller)( \S+){0,4} (a qui|avec qui|qui) (je )?(peux|puisse|pourrais|pourrait|peut) (parler|m'aider|aider)\b|\bgibt es (jemanden|einen mitarbeiter|eine person)( \S+){0,4} (mit dem|der) (ich )?(sprechen|reden|helfen)\b".to_owned(),
        r"\b(me )?(puede|pueden|podria|podrian) atender(me)? (una persona|alguien|un humano|un agente)|\batender(me)? una persona\b".to_owned(),
        r"\b(hablar|comunicar|comunicarme|comunicarnos|conversar|contactar|pasar|transferir) con (una |un |alguien|algun)?\s*(persona|humano|agente|asesor|representante|supervisor|encargado|operador|alguien|ser humano|gerente)".to_owned(),
        r"\b(quiero|necesito|prefiero|pasame con|paseme con|me pasas con|me pasa con) (a )?(una |un )?(persona|humano|agente|asesor|representante|supervisor|operador|alguien de)".to_owned(),
        r"\b(me (pueden|puedes|podrian|podria|puede) (llamar|telefonear)|llamame|llamenme|que me llamen|devolver la llamada)\b".to_owned(),
        // French
        r"\b(je veux|je voudrais|j'aimerais|je souhaite|je prefererais|puis-je|est-ce que je peux|je peux) (parler|discuter) (a|avec) (un |une |quelqu'un|quelqu un|l'un de|l'une de)".to_owned(),
        r"\b(parler|discuter|echanger) (a|avec) (une |un |quelqu'un|quelqu un)?\s*(personne|humain|agent|conseiller|conseillere|responsable|operateur|quelqu'un|vrai|etre humain|superieur)".to_owned(),
        r"\b(je veux|je voudrais|j'aimerais|je prefere|passez-moi|mettez-moi en relation avec) (un |une |parler a )?(humain|personne|conseiller|agent|responsable|quelqu'un)".to_owned(),
        r"\bme (passer|transferer (a|vers)|mettre en relation avec) (un |une )?(conseiller|conseillere|humain|personne|agent|responsable|operateur|operatrice|vrai|quelqu'un)".to_owned(),
        r"\b(appelez-moi|rappelez-moi|me rappeler|m'appeler|me telephoner|pouvez-vous m'appeler|qu'on me rappelle|qu'on m'appelle|me rappelle)\b".to_owned(),
        // German
        r"\b(ich (will|mochte|muss|wurde gern|wurde gerne|hatte gern)|kann ich|konnte ich|darf ich)( bitte| gerne| gern)? mit (einem|einer|jemandem)\b.{0,40}\b(sprechen|reden|telefonieren)\b".to_owned(),
        r"\bmit (einem |einer |jemandem|einem echten |einer echten )?(menschen|mensch|person|mitarbeiter\w*|berater\w*|agenten|jemandem|vorgesetzten|kundenservice|support|techniker\w*|fachmann|fachleuten|spezialisten|experten|ingenieur\w*|kollegen|kollegin)( \w+){0,3} (sprechen|reden|verbinden|telefonieren)\b".to_owned(),
        r"\b(ich (will|mochte|brauche|hatte gern)|verbinden sie mich mit) (einen |eine |mit )?(menschen|mensch|person|mitarbeiter|berater|jemandem|echten)".to_owned(),
        r"\b(rufen sie mich (an|zuruck)|ruft mich (an|zuruck)|ruckruf|zuruckrufen|anrufen\?)".to_owned(),
        // Italian, Dutch, Polish: the commonest ways only.
        r"\b(parlare|parlo) con (una persona|un operatore|qualcuno|un consulente|un agente|un umano)|\b(mi (potete|puo|puoi) (chiamare|richiamare)|richiamatemi|chiamatemi)\b".to_owned(),
        r"\b(spreken|praten) met (een )?(medewerker|mens|persoon|iemand)|\b(kunt u|kan iemand) (mij )?(terug)?bellen\b".to_owned(),
        r"\b(porozmawiac|rozmawiac) z (konsultantem|czlowiekiem|kims|osoba|agentem|pracownikiem)|\bprosze o (kontakt|telefon)\b|\b(czy )?(ktos|ktokolwiek) (moze|mogłby|moglby|mogłaby|moglaby) (do )?mnie (za|od)dzwonic\b|\b(zadzwoncie|oddzwoncie|zadzwon|oddzwon) do mnie\b".to_owned(),
        r"\b(konnte|kann|wurde|konnten) (mich )?(bitte |vielleicht |mal |mich bitte )?(jemand|einer|eine) (\w+ ){0,3}(mich )?(an|zuruck)rufen\b".to_owned(),
        // Portuguese
        r"\b(quero|queria|gostaria de|preciso|posso|poderia) (falar|conversar) com (um|uma|alguem) ".to_owned(),
        r"\b(falar|conversar) com (uma |um |alguem|algum)?\s*(pessoa|humano|atendente|agente|assistente humano|representante|supervisor|gerente|alguem|ser humano)".to_owned(),
        r"\b(quero|preciso|prefiro|me passa para|me transfira para) (um |uma )?(atendente|pessoa|humano|agente|representante)".to_owned(),
        r"\b(me liguem|me ligue|ligar para mim|liguem-me|podem me ligar|pode me ligar|retornar a ligacao)\b".to_owned(),
    ]
    .iter()
    .map(|p| regex(p))
    .collect()
});

/// A negation or refusal in the same clause turns a request into its opposite.
static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(no need|don'?t need|do not need|doesn'?t need|not necessary|needn'?t|no (human|person|agent|call)s?\b|don'?t (want|wish|have) to (talk|speak|call)|don'?t (call|transfer|escalate|put me|pass me|connect me|send me|hand me)|do not (call|transfer|escalate|put me|pass me|connect me|send me|hand me)|rather not|without (a |an )?(human|person|agent|call)|not (looking|asking) (for|to)|no thanks|just the (link|article|info)|no necesito|no hace falta|sin (hablar|llamar)|pas besoin|inutile de|nicht notig|brauche (keinen|keine|nicht)|nao preciso|nao e necessario|sem (falar|ligar))",
    )
});

/// Asking what one is talking to is not asking for a person.
static BOT_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(am i|are we) (talking|chatting|speaking) (to|with) (a |an )?(bot|robot|machine|ai|human|real person|person)|\bare you (a |an )?(bot|robot|machine|ai|human|real|real person|person)\b|\bis this (a |an )?(bot|robot|human|real person)\b|\b(eres|es) (un )?(bot|robot|humano)\b|\bes-tu (un )?(robot|bot|humain)\b|\bbist du (ein )?(bot|roboter|mensch)\b|\bvoce e (um )?(robo|bot|humano)\b",
    )
});

/// Someone else's advice, reported.
static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(said|says|told me|suggested|recommended|advised)( me)?( that)?( i| we)?( should)? (to )?(ask|talk|speak|call|request|contact|get|escalate|demand)\b|\b(friend|colleague|co-?worker|someone|somebody|boss|wife|husband|partner|mum|mom|mother|dad|father|brother|sister|neighbou?r|driver|courier|people|he|she|they|the (guy|lady|man|woman|agent|driver|courier))\b[^.!?]{0,40}\b(said|says|suggested|told|tells|reckons|thinks|recommended|advised|mentioned)\b",
    )
});

/// A wish that depends on something that has not happened yet.
static CONDITIONAL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(if|unless|in case|otherwise|si|sinon|wenn|falls|se|caso)\b|\b(if|unless|in case) (it|this|that|the|my|i|you|nothing|he|she|they|we|someone|nobody|no one)\b.*\b(i'?ll|i will|i'?d|i would|then|we'?ll)\b|\b(i'?ll|i will|i'?d|i would)\b.*\b(if|unless) (it|this|that|the|my|nothing)\b",
    )
});

/// Asking whether someone there does something ("does the clinic have someone who sees
/// reptiles?"): a question about the offering, not a request for that person.
static AVAILABILITY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(do|does|did) (you|the|your|this|that|any|they)\b.{0,40}\bhave (a |an |any )?(someone|somebody|anyone|person|people|staff)( \w+)? (who|that)\b",
    )
});

/// One's own role, not a person asked for.
static OWN_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(i'?m|i am|as|being) (the |an |a |our )?(account manager|manager|agent|supervisor|representative|admin|administrator)\b",
    )
});

/// The assistant offering a person.
static OFFER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(connect|transfer|put|hand|pass) you (to|with|through|over|now|straight|directly)\b|\b(would you like|do you want|shall i|should i|want me to|i can|i could|happy to) .{0,40}\b((person|human|agent|specialist|team member|representative|colleague|engineer|technician|expert|adviser|advisor|nurse|supervisor|manager|consultant)s?|people|someone|staff|call you)\b|\b(would you like|do you want|shall i|should i|want me to) (me to )?(bring|get|loop|pull) (one|someone|somebody|them|a colleague) (in|involved)\b",
    )
});

/// Taking the assistant up on the offer.
static ACCEPT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(yes|yeah|yep|yup|sure|ok|okay|please|please do|yes please|go ahead|go on|go for it|do it|that would be great|si|oui|ja|sim|claro|por favor|bitte)\b|\b(the|a|your) (\w+ ){0,2}(person|human|agent|representative|team|desk|colleague|specialist) (option|please|pls|would be (great|good|better))\b|\b(connect|transfer) me\b|^\s*(the|a) (\w+ ){0,2}(person|human|agent|rep|representative|team|desk|colleague|specialist|advisor|adviser|nurse|engineer)( one)?\s*([,.!;:-]|$)",
    )
});

/// Who the assistant offered ("connect you with one of our nurses"): a reply naming them
/// takes the offer ("the nurse please").
static OFFERED_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(connect|transfer|put|hand|pass) you (to|with|through to|over to|on to) (one of our |one of the |a |an |our |the |your )?([a-z]{3,}(?: [a-z]{3,}){0,2})",
    )
});

/// An offer for later, not now ("I can connect you with our team if you ever need it").
static STANDING_OFFER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(if you ever|if you need|if needed|any ?time|whenever you|at any point|should you need)\b",
    )
});

/// Whether a reply names a person or a handover itself.
fn cues_a_person(reply: &str) -> bool {
    static PERSON_WORDS: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(person|human|agent|someone|somebody|team|specialist|representative|connect|transfer|call)\b",
        )
    });
    PERSON_WORDS.is_match(reply)
}

/// What one may ask to speak with that is not a person.
static NOT_A_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(speak|talk|chat) (directly |in person )?(to|with) (one of (your|the) |a |an |your |the )(\w+ )?(bot|chatbot|ai|assistant|robot|machine|app|system|computer|website|site|virtual assistant)s?\b",
    )
});

/// The words of `text` asking for a person now, if it does.
pub fn request(text: &str) -> Option<String> {
    let normalized = normalize(text);
    for clause in clauses(&normalized) {
        if NEGATED.is_match(clause)
            || BOT_QUESTION.is_match(clause)
            || REPORTED.is_match(clause)
            || CONDITIONAL.is_match(clause)
            || AVAILABILITY.is_match(clause)
        {
            continue;
        }
        for pattern in ASKS.iter() {
            if let Some(m) = pattern
                .find(clause)
                .filter(|m| !NOT_A_PERSON.is_match(m.as_str()))
            {
                if OWN_ROLE.is_match(clause)
                    && OWN_ROLE.find(clause).is_none_or(|r| r.end() <= m.end())
                {
                    continue;
                }
                return Some(m.as_str().trim().to_owned());
            }
        }
    }
    None
}

/// Whether `reply` accepts the person the assistant offered in `offer`.
pub fn accepts_offer(offer: &str, reply: &str) -> Option<String> {
    let offer = normalize(offer);
    let reply = normalize(reply);
    if !OFFER.is_match(&offer)
        || STANDING_OFFER.is_match(&offer)
        || NEGATED.is_match(&reply)
        || reply.trim_start().starts_with("no")
        // "ok, where do I switch the language?" moves on to something else.
        || reply.contains('?') && !cues_a_person(&reply)
    {
        return None;
    }
    ACCEPT
        .find(&reply)
        .map(|m| m.as_str().trim().to_owned())
        .or_else(|| picks_the_offered_role(&offer, &reply))
        .or_else(|| picks_the_person_by_place(&offer, &reply))
}

/// "the second one please" after "I can move them here, or I can connect you with
/// someone from our team": the choice, by its place among the two offered.
fn picks_the_person_by_place(offer: &str, reply: &str) -> Option<String> {
    static ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"^\W*(the )?(first|former|1st|second|latter|last|2nd)( one| option)?\b")
    });
    let picked = ORDINAL.captures(reply)?;
    let first = matches!(&picked[2], "first" | "former" | "1st");
    let or = offer.find(", or ").or_else(|| offer.find(" or "))?;
    let person = OFFER.find(offer)?;
    (first == (person.start() < or)).then(|| picked[0].trim().to_owned())
}

/// A short reply that names who was offered: "the nurse please", "nurse".
fn picks_the_offered_role(offer: &str, reply: &str) -> Option<String> {
    // "a member services colleague": any word of who was offered ("the colleague").
    let role = OFFERED_ROLE.captures(offer)?.get(4)?.as_str();
    let words: Vec<&str> = reply
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (words.len() <= 5
        && role
            .split(' ')
            .take_while(|w| {
                !matches!(
                    *w,
                    "and" | "who" | "now" | "for" | "can" | "will" | "that" | "right" | "straight"
                )
            })
            .any(|role| {
                let stem = role.strip_suffix('s').unwrap_or(role);
                words
                    .iter()
                    .any(|w| w.starts_with(stem) && w.len() <= stem.len() + 1)
            }))
    .then(|| reply.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_in_many_words_and_languages() {
        for text in [
            "I need to talk to an actual person about our workspace",
            "can I get someone on the phone?",
            "can someone call me",
            "hey can a real human look at my account? my streak reset to 0",
            "could I have a quick word with Priya, my claims handler?",
            "Would it be possible for somebody to telephone me instead? My number is on the policy.",
            "is there a real person there I can talk to?",
            "I'd like to speak with my account manager",
            "agent please",
            "Human.",
            "could someone from the team hop on a call",
            "can somone from your shop email me back about this",
            "honestly I'd rather hear it from a real person",
            "quiero hablar con una persona",
            "¿Me pueden llamar?",
            "je voudrais parler à un conseiller",
            "Rappelez-moi s'il vous plaît",
            "Ich möchte mit einem Menschen sprechen",
            "Kann ich mit einem Mitarbeiter sprechen?",
            "Quero falar com um atendente",
            "transfer me please",
            "any chance someone from the office could phone me tonight?",
            "posso parlare con una persona vera?",
            "Könnte mich jemand von Ihnen anrufen?",
            "can I get a payroll specialist on a call today?",
            "is there someone at the Portmoor office who could sort this out for me?",
            "can i get put thru to someone on reception pls",
            "Guten Tag, kann mich bitte jemand von Ihnen anrufen?",
            "is there a human on your side who does group bookings I could chat to?",
            "Tem alguém aí da bilheteira com quem eu possa falar?",
            "¿Hay alguien de la oficina con quien pueda hablar?",
            "Prefiero hablar con la persona, gracias.",
            "Hi, can I speak to my property manager Priya Shah please?",
            "honestly I'd rather someone from your network team just rang me",
            "for the boiler can I just talk to whoever handles installs",
            "can someone from your design team look over my file before it prints?",
            "Könnten Sie mich mit einer Technikerin verbinden?",
            "it'd be easier if somebody just rang me",
            "can i just talk to an actual loans officer please",
            "Pouvez-vous me passer une conseillère ?",
        ] {
            assert!(request(text).is_some(), "{text}");
        }
    }

    #[test]
    fn what_is_not_a_request() {
        for text in [
            "do you have anyone who speaks welsh at the depot?",
            "dont connect me to anyone, the signal is bad",
            "no need for a human, just send me the link",
            "I don't need to talk to anyone, thanks",
            "am I talking to a bot?",
            "are you a real person?",
            "my colleague suggested I ask for a manager",
            "if it's not here tomorrow I'll want to talk to someone",
            "I'm the account manager for our team, how do I add seats?",
            "a coworker told me the way to get an extension is to escalate to a manager, can you just do it?",
            "my mum reckons I'll only get the discount if I demand to speak to a manager",
            "if he's not here in 20 min i'll want a real person to sort this",
            "How do I invite a team member to my workspace?",
            "where can I see my account manager's name in settings?",
            "someone from your team called me yesterday about the parcel, where is it now?",
            "is there anyone who has had this issue before?",
        ] {
            assert_eq!(request(text), None, "{text}");
        }
    }

    #[test]
    fn yes_to_the_offered_person() {
        let offer = "I can't find that. Would you like me to connect you with a specialist?";
        assert!(accepts_offer(offer, "yes please").is_some());
        assert_eq!(accepts_offer(offer, "no thanks, I'll wait"), None);
        assert_eq!(accepts_offer("Here is the article.", "yes"), None);
        let choice = "I can share aftercare tips here, or I can connect you with one of our \
                      nurses. Which would you prefer?";
        assert!(accepts_offer(choice, "the nurse please").is_some());
        let colleague = "I can send you the price list, or connect you with a sales desk \
                         colleague to talk it through. Which would you like?";
        assert!(accepts_offer(colleague, "go on then, the colleague").is_some());
        assert!(
            accepts_offer(
                colleague,
                "the colleague, I want to go through the bulk rates properly"
            )
            .is_some()
        );
        assert_eq!(accepts_offer(colleague, "the price list"), None);
        let choice_of_two = "I can move them one at a time here, or I can connect you with someone from our team who can do it in bulk. Which would you prefer?";
        assert!(accepts_offer(choice_of_two, "the second one please").is_some());
        assert_eq!(accepts_offer(choice_of_two, "the first one"), None);
        let engineers = "Try restarting the router first. If you'd rather, I can also bring in one of our field engineers.";
        assert!(accepts_offer(engineers, "yes please, the engineer").is_some());
        let bring_in = "An engineer can book that for you. Would you like me to bring one in?";
        assert!(accepts_offer(bring_in, "yes please do").is_some());
        assert_eq!(accepts_offer(choice, "the tips are fine"), None);
        assert!(
            accepts_offer(
                "Shall I connect you now, or send you their number?",
                "yes connect me"
            )
            .is_some()
        );
        assert!(
            accepts_offer(
                "I can answer here, or put you through to our sales desk.",
                "the sales desk please"
            )
            .is_some()
        );
    }

    #[test]
    fn any_role_of_the_operator_and_other_wordings() {
        for text in [
            "Could I speak with one of your pharmacists about this prescription?",
            "I'd like to be put in touch with a member of your team",
            "can I get a call from someone tomorrow morning?",
            "Je voudrais parler à un membre du service client",
            "Kann ich bitte mit einem echten Menschen sprechen?",
            "Quero falar com uma pessoa da loja",
            "¿me puede atender una persona, por favor?",
            "can a real person call me about my oven",
            "I need to go over the quote for the kitchen with a manager, how do I get hold of one?",
            "Ich würde gern noch mit jemandem von Ihrem Team sprechen",
            "¿me pueden comunicar con un asesor?",
            "can I talk to my project coordinator though?",
            "it'd be easier if someone from your team could give me a buzz this afternoon",
            "would it be possible for one of your people to walk us through it over the phone?",
        ] {
            assert!(request(text).is_some(), "{text}");
        }
        for text in [
            "Can I talk to the assistant about my plan later?",
            "should I talk to a lawyer first?",
            "I'd like to speak to my own accountant before upgrading",
        ] {
            assert_eq!(request(text), None, "{text}");
        }
    }
}
