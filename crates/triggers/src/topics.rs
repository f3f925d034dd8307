//! Topic triggers fire on the qualifying request or report, not on the topic being
//! mentioned: "I was charged twice, refund me" is a billing dispute, "where is my
//! invoice?" or "why did my bill go up?" is not; "delete all my data" is a privacy request,
//! "export my dashboard data" is not; "my account was hacked" is a security report, "how
//! do I set a PIN" is not.

use std::sync::LazyLock;

use regex::Regex;

use crate::stance;
use crate::text::{normalize, regex, sentences};

/// A family of requests or reports an instruction can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// A charge disputed: wrong amount, twice, not authorised, to be removed.
    ChargeDispute,
    /// Something wrong with a charge or a payment: a disputed charge, a payment that keeps
    /// failing, charged after cancelling.
    BillingProblem,
    /// Money back, or a credit.
    Refund,
    /// Erase personal data, or a copy of everything held.
    PrivacyRequest,
    /// Account taken over or misused, SIM swapped, number ported out, phone or card lost or
    /// stolen.
    AccountSecurity,
    /// Lawyers, lawsuits, legal action.
    Legal,
}

impl Topic {
    /// What it means, for operators.
    pub fn description(self) -> &'static str {
        match self {
            Topic::ChargeDispute => {
                "the customer disputes a charge (wrong amount, charged twice, not authorised, to be removed)"
            }
            Topic::BillingProblem => {
                "the customer reports something wrong with a charge or a payment (charged twice or wrongly, an unexpected charge, charged after cancelling, a payment that keeps failing); a question about a price, a receipt or where invoices are is not one"
            }
            Topic::Refund => "the customer asks for their money back or a credit",
            Topic::PrivacyRequest => {
                "the customer asks to delete their personal data or for a copy of it"
            }
            Topic::AccountSecurity => {
                "the customer reports their account taken over or misused (hacked, used by someone else, payments or orders they did not make), a scam or phishing that took their money, a SIM swap or port-out they did not allow, or a lost or stolen phone or card"
            }
            Topic::Legal => "the customer raises legal action (lawyer, lawsuit, court)",
        }
    }

    /// What the customer did, for the human agent who takes over.
    pub fn reason(self) -> &'static str {
        match self {
            Topic::ChargeDispute => "the customer disputes a charge",
            Topic::BillingProblem => "the customer reported a billing problem",
            Topic::Refund => "the customer asked for their money back",
            Topic::PrivacyRequest => "the customer asked about their personal data",
            Topic::AccountSecurity => "the customer reported their account misused",
            Topic::Legal => "the customer raised legal action",
        }
    }

    /// The pattern of a qualifying request or report.
    fn pattern(self) -> &'static Regex {
        match self {
            Topic::ChargeDispute => &CHARGE_DISPUTE,
            Topic::BillingProblem => &PAYMENT_PROBLEM,
            Topic::Refund => &REFUND,
            Topic::PrivacyRequest => &PRIVACY,
            Topic::AccountSecurity => &SECURITY,
            Topic::Legal => &LEGAL,
        }
    }

    /// The words of `text` that make it a qualifying request or report, if any.
    pub fn find(self, text: &str) -> Option<String> {
        let normalized = normalize(text);
        if NOT_ME.is_match(&normalized) || SOMEONE_ELSES.is_match(&normalized) {
            return None;
        }
        // Split once: a message may hold hundreds of candidates, each judged in its sentence.
        let sentences: Vec<&str> = sentences(&normalized).collect();
        // "my wife will sue me if I don't book it": the customer sued, in jest or not, is
        // no threat against us.
        static SUED_THEMSELVES: LazyLock<Regex> =
            LazyLock::new(|| regex(r"^\s*(me|us|him|her|them|myself)\b"));
        let threat_at_us = |m: &regex::Match<'_>| {
            self != Topic::Legal
                || !(m.as_str().ends_with("sue") || m.as_str().ends_with("suing"))
                || !SUED_THEMSELVES.is_match(&normalized[m.end()..])
        };
        if let Some(found) = self
            .pattern()
            .find_iter(&normalized)
            .take(CANDIDATES)
            .filter(threat_at_us)
            .find(|m| own_matter(&normalized, &sentences, m.range(), self))
        {
            return Some(found.as_str().trim().to_owned());
        }
        if self == Topic::BillingProblem {
            return Topic::ChargeDispute.find(text);
        }
        // A charge named in one sentence, and called wrong or asked to be removed in
        // another ("There's a fee for paper statements. I never asked for those, take it
        // off.").
        if self == Topic::ChargeDispute && CHARGE_NAMED.is_match(&normalized) {
            return REMOVAL_ASKED
                .find(&normalized)
                .map(|m| m.as_str().trim().to_owned());
        }
        None
    }
}

/// At most this many places a topic's words occur are judged per message: the work per
/// message stays bounded whatever a customer pastes.
const CANDIDATES: usize = 64;

/// Whether the words at `range` of `text` (normalized, split into `sentences`) are the
/// customer's own matter,
/// affirmed: not negated ("I don't want a refund"), not hypothetical ("if the engineer
/// doesn't come I'm taking this to the ombudsman"), not someone else's ([`stance`]). Asking
/// is left to the patterns: "can I get a refund?" is a request. A threat is conditional by
/// nature ("refund me by Friday or my lawyer will be in touch"): for legal action a
/// hypothetical does not rule it out. Asking why a charge is there disputes nothing.
fn own_matter(text: &str, sentences: &[&str], range: std::ops::Range<usize>, topic: Topic) -> bool {
    let hypothetical_rules_out = topic != Topic::Legal;
    let start_of = |s: &&str| s.as_ptr() as usize - text.as_ptr() as usize;
    // The sentences are in order: the last one starting at or before the match holds it.
    let after = sentences.partition_point(|s| start_of(s) <= range.start);
    let Some(sentence) = after
        .checked_sub(1)
        .map(|i| sentences[i])
        .filter(|s| range.start <= start_of(s) + s.len())
    else {
        return true;
    };
    let start = sentence.as_ptr() as usize - text.as_ptr() as usize;
    let end = range.end.min(start + sentence.len());
    let st = stance::at(sentence, range.start - start..end - start);
    // For legal action (`!hypothetical_rules_out`), a question about the legal route
    // ("could I take him to the small claims court? how would that work") threatens
    // nothing.
    static ASKS_WHETHER: LazyLock<Regex> =
        LazyLock::new(|| regex(r"^\W*(could|can|should|would|do|will|may|might) (i|we)\b[^.!]*\?"));
    let clause = &sentence[..range.start.saturating_sub(start).min(sentence.len())]
        .rfind(',')
        .map_or(sentence, |comma| &sentence[comma + 1..]);
    // For a dispute, asking why a charge is there ("why are there two payments from you
    // this week?") disputes nothing yet (rule 6).
    let asks_why = matches!(topic, Topic::ChargeDispute | Topic::BillingProblem)
        && st.asks_how
        && !st.asks_to_act
        && sentence.trim_end().ends_with('?');
    let asks_about_it = asks_why
        || !hypothetical_rules_out
            && (st.asks_how && !st.asks_to_act || ASKS_WHETHER.is_match(clause));
    !(st.negated || st.reported || st.hypothetical && hypothetical_rules_out || asks_about_it)
}

/// Someone else's account or phone ("my friend's account got hacked"): not the customer's
/// own matter.
static SOMEONE_ELSES: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(friend|colleague|co-?worker|mum|mom|mother|dad|father|brother|sister|neighbou?r|cousin|boss)'?s (\w+ )?(account|phone|card|number|sim|email|profile)\b",
    )
});

/// Hypotheticals and policy questions are not reports.
static NOT_ME: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(what|how) (is|are|does|do) (your|the) (refund|return|cancellation|privacy|security) (policy|policies|process)\b|\bwhat happens if\b|\bhypothetically\b|^\s*if i\b|\b(do|would|will) i (get|receive|be entitled)\b|\b(am i|are we|would i be|would we be|is one|are passengers|are customers) (\w+ )?(entitled|eligible)\b",
    )
});

static CHARGE_DISPUTE: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"(\b(payment|charge|fee|direct debit|debit)s?|(£|\$|€)\d[\d.,]*) (has |have )?(come|gone|been taken|been charged|been debited|taken|charged|debited|went|came) (out )?(twice|two times|double)\b|",
        r"\b(card|account|bank)( \w+)? (got|was|has been|been|getting) (hit|charged|debited|billed) (\w+ ){0,2}(twice|two times|double|2x)\b|(£|\$|€)\s?\d[\d.,]* ?x ?2\b|\b(is|are|keeps?|'s) still (taking|charging|billing|debiting) (me|us|money|(£|\$|€)\s?\d)|",
        r"\b(charged|billed|invoiced|debited|taken|took|deducted|paid)( me| us)? (twice|two times|double|2x|three times|again|more than once|the wrong amount|too much|extra|incorrectly|wrongly|by mistake|for something)\b|\b(invoiced|billed|charged)( me| us)? (\w+ ){0,2}twice\b|\bfacturad\w* (\w+ ){0,2}(dos veces|doble)\b|\bfactura duplicada\b|\b(nos|me) han facturado dos veces\b|\b(took|taken|charged|billed|debited)( me| us)? (\S+ ){1,4}(twice|two times|2x|double)\b",
        r"|\b(charged|billed|invoiced)( me| us)? (£|\$|€)?\s?\d[\d.,]* for .{0,80}\b(already there|was there (before|already|when)|(was ?n'?t|wasn'?t|was not|were ?n'?t) (me|us|mine|ours|there)|i (did ?n'?t|did not|never)|we (did ?n'?t|did not|never))\b|\b(two|2|multiple|several|duplicate|identical) (direct )?(charges|payments|transactions|debits)\b|\bcharged (me )?(for )?(the same|one|a single) (order|item|purchase|thing) (twice|two times)\b",
        r"|\b(charg|bill)\w* (me |us )?for (a|an|the|my|our) \w+( \w+)? (i|we) (already )?(cancel+ed|returned|closed|never (ordered|used|received|got))\b",
        r"|\b(charge|fee|amount)s? (needs?|has|have|should|must) (to )?(come|be taken|be removed|be knocked|be refunded) off\b",
        // "a £95 minibar charge on my bill and I never opened the minibar".
        r"|\b(charge|fee|payment|transaction)s?\b.{0,80}\b(and|but|yet|though|when|even though|although) (i|we) (never|did ?n'?t|did not|have ?n'?t|have not) (\w+ )?(opened|open|used|use|ordered|order|had|have|took|take|touched|touch|stayed|stay|asked for|ask for|requested|request|booked|book|bought|buy|received|receive|got|get|watched|watch|made|make)\b",
        r"|\bdouble[- ]?(charged|charge|billed|billing|payment)\b|\bduplicate (charge|payment|transaction)\b|\bover ?charg\w*\b|\bover ?bill\w*\b",
        r"|\b(wrong|incorrect|unauthori[sz]ed|unexpected|unknown|fraudulent|bogus|mystery) (charge|amount|fee|payment|transaction|debit)s?\b",
        r"|\b(charge|fee|amount|bill|invoice|payment|reading|meter reading|usage|statement|overage|surcharge|total)s?('s| is| was| are| were| looks| seems)( (just|simply|totally|completely|clearly|obviously|definitely|also|way|all|estimated|made up|and))* (wrong|incorrect|not right|too high|a mistake|an error|impossible)\b",
        r"|\b(not what|more than|different (from|to)|higher than) (the |your )?(checkout|basket|website|site|app|quote|listing|booking page|total|price)( page)? (showed|said|displayed|quoted|stated|told)\b|\bshould (be|have been|only be|only have been) (£|\$|€)\s?\d[\d.,]*\b.{0,80}\b(charged|billed|taken|paid|debited)\b",
        r"|\b(need|want|like|get|have) (the|my|our|this|that) (\w+ )?(bill|invoice|statement|reading|charge)s? (corrected|fixed|amended|adjusted|re-?issued|put right)\b|\b(please )?fix (the|my|our|this|that) (bill|invoice|statement|charge)s?\b|\b(correct|amend|adjust|re-?issue|put right) (the|my|our|this|that) (\w+ )?(bill|invoice|statement)s?\b",
        r"|\b(charg|bill)\w*\b.{0,100}\b(after|since|when|and) (i|we) (had )?(already )?(moved out|moved house|left the (property|flat|house))\b",
        // "the teacher didn't show up and we were still charged $45".
        r"|\b(did ?n'?t |did not |never |no-?)(show|showed|turn|turned)( up)?\b.{0,80}\b(still|yet|anyway) (been |got |were |was )?(charged|billed|debited)\b",
        r"|\b(skipped|paused|cancell?ed)\b.{0,100}\b(but|yet|and|still) (you'?ve |you have |you |they'?ve |they |i'?ve been |i was |i got |we'?ve been |we were )?(still )?(charged|billed|debited|took|taken)\b",
        r"|\b(i|we) (didn'?t|did not|never|have not|haven'?t) (authori[sz]\w*|order\w*|sign\w* up for|agree\w* to|approv\w*|ma[dk]e|buy|bought|purchas\w*)( (this|that|these|the|any|it))?( \w+)? ?(charge|payment|transaction|purchase|order|subscription|renewal|upgrade)\b",
        // ("we didn't make it out in time" is no charge they did not make.)
        r"|\b(i|we) (didn'?t|did not|never|have not|haven'?t) (authori[sz]\w*|order\w*|sign\w* up for|agree\w* to|approv\w*|buy|bought|purchas\w*)( (this|that|these|the|any|it))?\b|\b(i|we) (didn'?t|did not|never) ma[dk]e (this|that|these|those)( ones?)?\s*([.!?,;]|$)",
        r"|\b(i'?m|i am|we'?re|we are|i|we)( will| 'll|'ll)? (contest\w*|disput\w*|challeng\w*|appeal\w*) (this|that|it|the (\w+ )?(charge|fee|bill|invoice|penalty|fine|amount))\b",
        r"|\b(i'?m|i am|we'?re|we are) (not|never) (paying|going to pay) (it|that|this|for (it|that|this|those|these|all (of )?(it|that|them)|\d+\w*( hours?| days?)?))\b|\b(won'?t|will not|refuse to) pay (it|that|this|for (it|that|this))\b",
        r"|\bdisput\w* (the |this |that |a |my |these |those |our )?([\w£$€.,-]+ )?(charge|payment|transaction|fee|bill|invoice|amount|debit|premium)s?\b|\b(open|file|rais|start|lodg)\w* a (dispute|chargeback)\b|\b(want|need|like|request|file|filing|open|opening|start|raise|initiate|do|doing|make|making|put in) (a |that |the )?chargeback\b|\bchargeback (please|now|for)\b|\b(remove|reverse|cancel|take off|waive) (this|the|that|these|those)( \w+)? (charge|fee|payment)s?\b",
        r"|\b(charged|billed|invoiced)( me| us)? (£|\$|€)?\d\S* for\b.{0,80}\b(but|when|though|yet) (she|he|they|we|i|it)( \w+)? (only|never|did ?n'?t|did not|wasn'?t|was not)\b",
        r"|\b(take|taken|remove|removed|knock|knocked) (that|it|this|them|those|the \w+)( \w+)? off (the|my|our|this) (invoice|bill|statement|account)\b|\b(that|it|this|them|those) (taken|removed|knocked|credited) off (the|my|our|this) (invoice|bill|statement|account)\b",
        r"|\b(charge|fee|amount|bill|invoice|payment)s? (you|they) (charged|billed|took|added|sent)( me| us)? (is|was|are|were) (wrong|incorrect|not right|a mistake|an error)\b|\b(zap[lł]aci[lł]\w*|pobra[lł]\w*|pobrano|obciazon\w*) (\S+ ){0,2}dwa razy\b|\bdwa razy (\S+ ){0,2}(zap[lł]aci[lł]\w*|pobra[lł]\w*|pobrano|obciazon\w*)",
        r"|\b(i'?m|i am|we'?re|we are) (not|never) (paying|going to pay)( for)? (the|this|that|an?) ?([a-z]+ )?(difference|extra|charge|amount|invoice|bill|fee|increase)\b|\b(won'?t|will not|refuse to) pay (the|this|that) ([a-z]+ )?(difference|extra|charge|amount|invoice|bill|fee|increase)\b|\b(invoice|bill|statement) (says|shows|is for) [^.!?]{0,40}\bbut (the|my|our) (quote|estimate|agreed price)\b",
        r"|\b(more|higher|over) than (i was|we were|i'?d been|we'?d been|(i|we) (was|were) (originally )?|what (i|we) (was|were) )quoted\b|\bquoted\b.{0,80}\b(invoice|bill|charged|billed)\b.{0,40}\d",
        r"|\b(two|2|three|3|double) (lots|sets|payments|debits|charges) of (£|\$|€)?\d|\b(charged|billed)( me| us)? (a |an )?(£|\$|€)?\d\S*( \w+){0,3} (fee|charge|surcharge)\b.{0,80}\b(but|when|though|yet|even though)\b",
        r"|\b(preleve|debite|facture|cobrad\w*|cobraron|abgebucht|berechnet|charged|billed|cobrou|took)\b.{0,40}\d.{0,60}\b(alors que|mais|whereas|but|when|pero|aber|mas|even though)\b.{0,60}\d",
        r"|\b(do ?n'?t|do not|can'?t) agree with (the|this|my|that|your) (bill|invoice|charge|amount|fee)\b",
        r"|\b(factur\w*|cobr\w*|rechnung|fatura\w*|cobranca|cargo)\b.{0,100}\b(pas d'accord|no estoy de acuerdo|nicht einverstanden|nao concordo|erreur|un error|ein fehler|um erro)\b|\b(pas d'accord|no estoy de acuerdo|nicht einverstanden|nao concordo)\b.{0,100}\b(factur\w*|cobr\w*|rechnung|fatura\w*|montant|importe|betrag|valor)\b|\b(annonce|devis|presupuesto|angebot|orcamento)\b.{0,80}\b(factur\w*|rechnung|fatura)\b.{0,30}\d",
        r"|\b(more|higher) than (i|we) (should|was supposed to|were supposed to|was meant to|were meant to|expected to) (have )?(paid|pay|be charged|be billed)\b|\bshould(n'?t| not) (have been|be) (charged|billed)\b|\b(not|never) (supposed to|meant to) (be )?(charged|billed)\b",
        r"|\bcobr\w* (dos veces|de mas|doble)\b|\bcargo (indebido|duplicado)\b|\bfactur\w* (deux fois|en double|a tort)\b|\b(preleve|debite)\w* (deux fois|en double)\b|\bdoppelt (abgebucht|berechnet)\b|\bzweimal (abgebucht|berechnet|belastet)\b|\b(abgebucht|berechnet)\b.{0,30}\bzweimal\b|\bzuruckbuchen\b|\bbuchen sie\b.{0,30}\bzuruck\b|\bcobrad\w* (duas vezes|a mais|em dobro)\b",
        r"|\b(cancel+ed|closed|paused|unsubscribed|ended)\b.{0,100}\b(still|again|yet|anyway) (been |being |got |get )?(charged|billed|debited|took|taken|take|taking)\b|\b(charged|billed|debited|took)( me| us)? (\w+ ){0,4}(after|even though|although|despite) (i |we )?(already )?(cancel+ed|closed|unsubscribed)\b"
    ))
});

/// Payments that fail, and charges after cancelling: billing problems that are not
/// disputes of an amount.
static PAYMENT_PROBLEM: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\b(payment|card|charge|transaction|renewal|top-?up|direct debit|debit)s? (for (the|my|our) [\w-]+ )?(keeps? |kept |is |was |has been |got |gets |still )?(failing|failed|fails|declin\w*|rejected|bouncing|bounced|not going through|won'?t go through|didn'?t go through|doesn'?t go through)\b",
        r"|(\b(payment|charge|direct debit|debit|subscription|membership|premium)s?|(£|\$|€)\d[\d.,]*) (has |have )?(come|gone|been taken|been charged|been debited|taken|charged|debited|went|came) (out )?(twice|two times|double)\b",
        r"|\b(\d|£|\$|€)[^.!?]{0,60}\bbut (i|we) (signed up|agreed|accepted|was (told|quoted|promised)|were (told|quoted|promised)|only (agreed|signed up))\b",
        r"|\b(can'?t|cannot|couldn'?t|unable to) (pay|make (a |the )?payment|renew|update (my )?(card|payment))\b",
        r"|\b(charged|billed|debited|paid)( me| us)? (\w+ )?(after|even though|although|despite|but) (i |we )?(already )?(cancel+ed|cancel+ing|closed|paused|unsubscribed|ended)\b",
        r"|\b(cancel+ed|closed|paused|unsubscribed)\b.{0,60}\b(still|again|yet) (been |being |got |get )?(charged|billed|debited|paying|took|taken|take|taking)\b",
        r"|\b(extra|additional|surprise|unexpected|strange|random|hidden) (charge|fee|payment|amount)s?\b|\bcharged (me )?(for|an?) (extra|additional)\b",
        r"|\bpago (rechazado|fallido)|\bcobr\w* (despues|aunque|tras)|\bpaiement (refuse|echoue)|\bzahlung (fehlgeschlagen|abgelehnt)|\bpagamento (recusado|falhou)"
    ))
});

static REFUND: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\b(want|need|would like|'d like|like|request|requesting|demand|expect|asking for|ask for|get|give me|issue|process|send me|owe me|entitled to|where is|waiting for|can i (get|have)|claim|claiming|apply for|applying for|file for|submit)( me)? (a |my |the |full |a full |partial |a partial |our |some )*((eu ?261|delay|cancellation|flight|travel|statutory) )?(refund\b|reimbursement\b|money back\b|compensation\b|goodwill payment\b|credit(\s*$|\s*[^\w\s]|\s+(for|back|on|to|please|pls|into|of|from|as|now|and|or|i|we|because|since|asap|today|instead|against)\b))",
        r"|\b(my|our|the|every|all (of )?(my|our|the)) (money|cent|penny|pennies|dollar) back\b|\bevery (cent|penny) back\b|\bwhere is my (money|refund)\b|\bstill no refund\b|\b(haven'?t|have not|hasn'?t|has not|never|didn'?t|did not) (got|gotten|received|had|seen|come) (the |my |our |that )?(£|\$|€)\s?\d[\d.,]*( \w+)? back\b|\b(haven'?t|have not|never|didn'?t|did not|still not|still haven'?t) (got|gotten|received|seen|had) (a |my |the |any |a single )?(refund|money|penny|cent|dime)( back)?\b|\b(nothing|no money|no refund|not a (penny|cent))( has| have|'s)? (yet )?(come|came|gone|been (paid|sent|credited|returned)) back\b|\b(deposit|hold|pre-?auth\w*)\b.{0,80}\b(still|never|not yet|hasn'?t been|has not been|wasn'?t|was not|haven'?t|have not|hasn'?t|has not|didn'?t|did not) (been )?(released|returned|refunded|unblocked|blocked|held|on hold|sitting|come back|on (my|our|the) (card|account|statement))\b|\b(deposit|hold|pre-?auth\w*)\b.{0,80}\b(still |is )?(not|is ?n'?t|has ?n'?t( been)?|never) (back|returned|released|refunded)\b|\b(caucao|deposito|fianza|caution|kaution|garantia)\b.{0,60}\b(nao (foi|me foi) devolvid\w*|ainda nao|no (me )?(ha|han) (sido )?devuelt\w*|sigue sin|pas (encore )?(ete )?(rendu|rembours)\w*|nicht (zuruck\w*|erstattet))|\b(want|need|expect|like|get) (some )?money off\b|\bmoney off (my|our|the|this) (\w+'?s? )?(bill|invoice)\b|\b(waiting|waited) (for|on) (a |my |the )?refund\b",
        r"|\b(like|want|need|expect) (the |a |my |it |that )?(full |remaining )?(\$?\d+ )?(credited|refunded|reimbursed)\b|\bcredit (it|that|me|the difference)\b|\bcredit this( (to|back|please|now)|\s*[.,!]|\s*$)",
        r"|\b(i|we) (want|need|expect|'d like|would like) (that|it|this|those|them) back\b|\b(want|need|expect) (the|my|our) (\w+ )?(fee|money|payment|deposit|charge|cash) back\b|\b(want|need|like|expect|get|have) (the|my|our|that) (full |whole |entire )?(£|\$|€)?\d[\d.,]*( \w+)? back\b|\bgive (it|that|them) back\b|\b(get|have|give (me|us)) (something|anything|some( of (it|that|our money|my money))?|part of (it|that|our money|my money)) back\b",
        r"|\b(want|need|like|expect|get|give me|send me|pay me) (back )?(the|my|our) (\w+ )?(difference|overpayment|extra|amount|payment)( \w+)? back\b|\b(want|need|like|expect) (the|my|our) (difference|overpayment) (back|refunded|returned)\b",
        r"|\b(get|be|been|being) (fully |partially )?(refunded|reimbursed|credited|compensated)\b|^\s*(a |the |full )?refund,? (please|pls|thanks)\b|\b(i'?ll|i will|i'?d) (take|prefer|like|go with|rather (have|get|take)) (the |a )?refund\b|\b(i'?d|i would) rather (have|get) (my|the|our) money back\b",
        r"|\b(needs?|has|have|should|must) to (go|come|be (paid|sent|put)) back (to|into|on) (me|us|my (account|card|bank))\b|\b(de)?volv\w* (el|mi) dinero\b|\brembours\w*\b|\b(geld|betrag) zuruck\b|\berstatt\w*\b|\breembols\w*\b|\breembolso\b|\bdevolu\w* (do|o) (meu )?dinheiro\b",
        r"|\b(get|getting|have|want|need|like) (my|our|the|a|that|this) (\S+ ){0,2}(fee|fees|deposit|payment|money|cash|credit|balance) back\b|\b(pay|send|transfer|give|put) (it|that|this|them|the (credit|balance|money)) back\b|\bput (the|my|our|that) (£|\$|€)?\d[\d.,]*( \w+)? back\b|\b(pay|send|transfer) (\w+ ){0,2}back to (me|us|my)\b",
        r"|\brefund (me|my|the|this|it|us|our|one|both|them|those|these|that)\b|\b(my|our|the) money back\b|\bgive (me|us) (my|our|the) money\b|\bcredit (to |on |back to )?(my|our) (account|bill|card)\b",
        r"|\b(reembols\w*|devolucion de(l)? dinero|devuelvan (mi|el) dinero|me devuelvan)\b|\b(rembours\w*)\b|\b(ruckerstatt\w*|erstatt\w*|geld zuruck)\b|\b(devolucao|(meu|o|nosso) dinheiro de volta|devolvam|reintegro|recuperer (mon|notre) argent)\b|\b(devolver|devolverem|devolvem|devolvam|devuelvan|devolverme|devolvernos) (me |nos )?(o |a |os |as |um |uma |el |la |los |las |mi |mis |meu |minha |um dos |uno de los )?(\w+ )?(dinheiro|pagamentos?|valor|cobrancas?|dinero|pagos?|importe|cargos?)\b",
        r"|\b(want|need|like|expect|get) (the |my |it |that |this )?([\w£$€.,]+ ){0,2}(credited|refunded|reimbursed)\b|\btake (it|that|this|them) off( (please|pls|now|my bill|the bill|my account|the invoice))?\s*[.!]*\s*$|\b(want|need|like|expect) (it|that|this|them|those) (taken|removed|knocked|wiped) off\b|\b(take|knock|get) (the|that|this) ((£|\$|€)?\d[\d.,]*|charges?|fees?|amount|cost)( [\w-]+)? off\b|\b(remove|reverse|waive|drop|scrap|wipe|cancel) (the|that|this|these|those|my) ([\w£$€.,'-]+ ){0,2}(charges?|fees?|amounts?)\b|\bhave (the|my|it|that|this|our) ([a-z0-9]+ ){0,2}(credited|refunded|reimbursed)\b",
        r"|\b(i|we)('d| would)? (want|need|expect|like|love) (to have |to get )?(that|it|this|those|them|the money|my money|our money) back\b|^\s*(want|need|like) (that|it|this|the money|my money) back\b",
        r"|\bzwrot\w*\b|\bcompensate (me|us)\b|\b(compensarnos|compensarme|compensar-nos|compensar-me|nous (indemniser|dedommager|rembourser)|me (indemniser|dedommager)|indemnizarnos|indemnizarme)\b|\b(uns|mich) (zu )?entschadigen\b|\bpay (me|us) back for\b|\b(can|could|may) (i|we) (get|have) (that|it|this|them|those|the money|my money|our money) back\b"
    ))
});

static PRIVACY: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\b(delet|eras|remov|wip|purg|destroy)\w*( all)?( of)? (my|our|all my|all our|all of my|all of our|all the|any|their|his|her|all his|all her|all of his|all of her) ?([\w']+ )?(data|information|info|details|records|account|profile)\b|\b(want|need|like) (all )?(of )?(my|our|his|her|their|the) ([\w']+ )?(data|information|info|details|records|account|profile) (removed|deleted|erased|wiped)\b",
        r"|\b(delet|eras|wip|purg)\w*\b.{0,60}\b(personal|private) (data|information|info|details)\b",
        r"|\b(deletion|erasure|removal) of (all )?(my |our |the )?(personal )?(data|information|account)\b",
        r"|\b(delete|erase|wipe|remove) (everything|all) (you'?ve got|you have|you hold|you store|you keep|you'?ve stored)( on| about)? (me|us)\b|\bgdpr\b|\bright to (be forgotten|erasure|access)\b|\b(gdpr|ccpa|dsar|data subject)( \w+)? (request|erasure|deletion|access)\b|\b(erasure|deletion) request\b",
        r"|\b(copy|export|download|report) of (all )?(the |my |our )?(personal )?(data|information|info) (you|that you|which you|your company|\w+) (hold|holds|have|has|store|stores|keep|keeps|collect|collects)\b|\bsubject access request\b|\b(making|make|submit\w*|mak\w*) a (sar|dsar)\b",
        r"|\bwhat (personal )?(data|information|info) (do )?you (hold|have|store|keep|collect) (on|about) (me|us)\b|\ball (the )?(personal )?(data|information) (you|that you) (hold|have|store) (on|about) (me|us)\b",
        r"|\b(losch|entfern)\w*\b.{0,60}\b(daten|konto)\b|\b(daten|konto)\b.{0,40}\b(loschen|entfernen)\b|\bsupprim\w*\b.{0,60}\b(donnees|informations personnelles|compte)\b|\b(borr|elimin)\w*\b.{0,60}\b(datos|cuenta)\b|\b(apag|exclu|elimin)\w*\b.{0,60}\b(dados|conta)\b",
        r"|\bkopie (aller|meiner|der) (\w+ )?daten\b|\bdsgvo\b|\bauskunft (uber|nach)\b|\bcopia de (todos )?(mis|los) datos\b|\bcopie de (toutes )?(mes|les) donnees\b|\bcopia (de todos os|dos) (meus )?dados\b|\brgpd\b",
        r"|\b(borrar|borren|eliminar|eliminen|suprimir) (\w+ ){0,2}(mis|todos mis) datos\b|\b(supprimer|supprimiez|effacer|effaciez) (\w+ ){0,2}(mes|toutes mes) (donnees|informations)\b|\b(meine|alle meine|meiner) (\w+ )?daten\b.{0,30}\b(loschen|geloscht|entfernen)\b|\b(loschen sie|losche|loschen) (meine|alle meine) daten\b|\b(apagar|apaguem|excluir|excluam|eliminar) (\w+ ){0,2}(meus|todos os meus) dados\b"
    ))
});

static SECURITY: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\b(account|email|profile|login|phone|number)( \w+)? (was |has been |got |is |been )?(hacked|compromised|taken over|broken into)\b|\b(i|we)( think| believe)?( i| we)?( was| were| have been| got| 've been| am| are)? hacked\b|\bsomeone (else )?(has |had |'s )?(hacked|logged into|got into|gotten into|accessed|is using|took over|taken over|changed the password)\b|\b(pretending|claiming|pretended|claimed) to be (from )?(you|your|us|the bank|support|\w+ support|\w+)\b.{0,80}\b(password|pin|card details|bank details|login details|security code|verification code|one-time code)\b|\b(email|e-mail|email address|phone number|device|login|address) on (the|my|our|his|her) account (that )?(i|we|he|she) (don'?t|do not|didn'?t|did not) recogni[sz]e\b",
        r"|\b(my |our |the )sim( card)? (was |has been |got |had been )(swap\w*|switched|changed|cloned|moved)\b|\bswapped (my|our) sim\b|\bsim (was )?swapped\b|\b(ported|port) (out|away|my number|our number)\b|\bnumber (was |has been |got )?(ported|transferred|stolen|hijacked)\b",
        r"|\b(someone|somebody|a stranger)('s| has| had)? (changed|reset|updated|altered) (the|my|our) ([\w-]+ )?(email|e-mail|password|phone number|number|details|login|address|contact details)\b|\b(someone|somebody|a stranger|(my|an) ex|(my|an) (ex|former)[\w-]* \w+)( else)?( \w+)? (logged|logging|got|gotten|getting|broke|breaking) (in|into|in to) (my|our) (\w+ )?account\b|\b(see|seeing|showing|shows|sent|got|received|can see) (\w+ ){0,2}(someone|somebody|another (patient|customer|person|user|member|client))( else)?'?s (\w+ ){0,2}(records?|x-?rays?|details|data|information|files?|results?|documents?|account|address|bookings?)\b|\b(phone|device|mobile|cell|handset|iphone|laptop|tablet|card|wallet|fob|key ?fob|key ?card|access card|badge|pass card|entry card|door card)( was| has been| got| is)? (lost|stolen|missing|nicked)\b|\b(lost|stole|stolen|nicked|pinched|snatched|swiped|took) (my|our) (phone|device|mobile|cell|handset|iphone|card|fob|key ?fob|key ?card|access card|badge|pass card|entry card|door card)\b|\b(i|we) lost (my|our|the) (phone|device|mobile|sim)\b",
        r"|\b(can'?t|cannot|couldn'?t) find (my|our) (phone|card|wallet|purse|credit card|debit card|fob|key ?fob|key ?card|access card|badge|pass card|entry card|door card)\b|\b(lost|misplaced|dropped) (my|our) (phone|card|wallet|purse|credit card|debit card|fob|key ?fob|key ?card|access card|badge|pass card|entry card|door card)\b|\b(left|forgot) (my|our) (phone|card|wallet|purse|fob|key ?fob|key ?card|access card|badge|pass card|entry card|door card)\b.{0,60}\b(can'?t|cannot|couldn'?t) find (it|them)\b",
        r"|\b(payment|charge|transaction|purchase|withdrawal|transfer)s? (that )?(i|we) (don'?t|do not|didn'?t|did not) (recogni[sz]e|make|authori[sz]e)\b|\bnever heard of\b.{0,60}\b(i|we) (didn'?t|did not|never) (make|authori[sz]e|do)\b",
        r"|\bsomeone (else )?(\w+ ){0,2}(ordered|bought|purchased|used|placed|spent|made|booked)\b.{0,70}\b(my|our) (saved |stored |bank |credit |debit )?(account|card|profile)\b|\b(account|card|order|orders|payment)\b.{0,60}\b(it|that|this) (wasn'?t|was not|weren'?t) (me|us)\b",
        r"|\b(order|orders|booking|bookings)s? (that )?(i|we) (didn'?t|did not|never) (make|made|place|placed|order)\b",
        // "40 instances that none of us launched", "has someone got hold of our key?".
        r"|\b(none of us|nobody (here|on (my|our) team|in (my|our) (team|company|office))|no ?one (here|on (my|our) team)|not one of us)( \w+){0,2} (launched|created|made|started|ordered|set up|added|authori[sz]ed|booked|bought|placed|sent|logged in)\b|\b(someone|somebody)( has|'s)? (got|gotten|getting) hold of (it|them|my|our|the)\b",
        r"|\b(orders?|bookings?|purchases?|charges?|payments?|transactions?)\b.{0,80}\b(that|which) (i|we) (\w+ )?(didn'?t|did not|never) (make|made|place|placed|order|ordered|book|booked|buy|bought|authori[sz]e|authori[sz]ed)\b",
        r"|\b(tickets?|bookings?|passes)\b.{0,120}\b(transferred|resold|sold)\b.{0,80}\b(i|we) (never|didn'?t|did not) (transfer\w*|sell|sold|resell|resold)\b",
        r"|\b(has|have|is) (someone|somebody|anyone)( else)? (been|got|gotten|getting|logged) (in|into|inside|on) (my|our) (\w+ )?account\b|\b(someone|somebody)( else)?('s| is| has been) (in|inside|into|using) (my|our) (\w+ )?account\b|\b(e-?mail|password|phone number|number|address)\b.{0,40}\b(i'?ve|ive|i have|we'?ve|we have) never (seen|heard of|used|set)\b|\b(someone|somebody)( else)?('s| has| have)? (been|got|gotten) (in|into|inside) (my|our) (\w+ )?account\b",
        r"|\b(password[- ]reset|reset|login|log-?in|verification|security|one-time|2fa|otp|sign-?in)( password)? (codes?|emails?|e-mails?|texts?|links?|messages?|requests?|notifications?)\b.{0,60}\b(i|we)('ve| have)? (never|didn'?t|did not|haven'?t|have not) (asked|ask|request|requested|wanted)\b",
        r"|\b(someone|somebody)( else)? (has |have )?(changed|cancell?ed|modified|moved|transferred) (my|our) (\w+ )?(booking|reservation|ticket|order)s?\b|\b(changed|cancell?ed|modified) (my|our) (\w+ )?(booking|reservation|ticket|order)s? without (me|us|my (permission|consent|knowledge)|asking)\b|\b(tickets?|bookings?|orders?)\b.{0,80}\b(i|we)('ve| have)? (didn'?t|did not|never) (buy|bought|book|booked|order|ordered|made)\b|\b(bookings?|tickets?|charges?|payments?|transactions?|orders?|purchases?)\b.{0,120}\b(didn'?t|did not|never) (make|made|place|placed|book|booked|buy|bought|order|ordered|authori[sz]e|authori[sz]ed) (them|those|these|any of (them|those|these))\b",
        // "there's a tablet in São Paulo logged in. I don't own a tablet".
        r"|\b(device|phone|tablet|laptop|computer|browser|login|session)s?\b.{0,60}\b(logged|signed) in\b.{0,60}\b(i|we) (don'?t|do not|never) (own|have|use|recogni[sz]e)\b|\b(device|phone|tablet|laptop|login|session|sign-?in)s? (that )?(i|we) (don'?t|do not) recogni[sz]e\b",
        // "my email on the account has been changed to something I don't recognise".
        r"|\b(e-?mail|password|phone number|number|address|details|pin)\b( \w+){0,4} (has been|have been|was|were|got|been) (changed|reset|updated|altered|swapped)\b.{0,60}\b((i|we)( \w+ly)? (don'?t|do not|didn'?t|did not|never|haven'?t|have not|hadn'?t|had not) (recogni[sz]e|do|did|done|ask|asked|request|requested|authori[sz]e|authori[sz]ed|change|changed)|without (me|us|my|our)|(not|wasn'?t|was not) (by )?(me|us))\b",
        r"|\b(payment|charge|transaction|purchase|debit|withdrawal)s?\b.{0,80}\b(i|we) (\w+ )?(didn'?t|did not|never|dont|don'?t) (make|made|authori[sz]e|authori[sz]ed|recogni[sz]e|buy|bought|order|ordered)\b",
        r"|\b(login|log-?in|sign-?in|signed in|logged in|inicio de sessao|inicio de sesion|connexion|anmeldung)\b.{0,100}\b(nao fui eu|no fui yo|ce n'etait pas moi|ce n'est pas moi|c'est pas moi|das war (ich )?nicht|war ich nicht|wasn'?t me|was not me|not me)\b",
        r"|\b(details|e-?mail( address)?|password|address|phone number|pin|bank details|payment details|direct debit)\b.{0,60}\b(changed|updated|altered|reset|switched)\b.{0,80}\b(i|we)( \w+ly)? (didn'?t|did not|never) (do|did|change|make|ask|request|authori[sz]e|agree)\b|\b(never|didn'?t|did not) (asked?|agreed?|authori[sz]ed?) to (switch|move|transfer|change|leave)\b|\b(someone|somebody)'?s (logged|got|been|hacked|accessed|using|changed)\b|\b(someone|somebody) (get|got|has|have|stole|taken|took) (hold of )?(my|our) (login|password|log-?in details|details|credentials)\b|\b(someone|somebody)( else)? (must|might|may|could|has) (have )?(got|gotten|logged|broken|been) (in|into)\b|\b(phone number|e-?mail( address)?|password|details|address|name)\b.{0,60}\b(aren'?t|isn'?t|are not|is not|no longer) (mine|ours|my own)\b",
        r"|\b(quelqu'un|alguien|jemand|alguem) (s'est connecte|a accede|a utilise|accedio|entro|ha entrado|hat sich ([\w-]+ ){0,4}(eingeloggt|angemeldet)|hat ([\w-]+ ){0,3}zugegriffen|acessou|entrou)\b",
        r"|\b(handy|telefon|smartphone|geldborse|karte|telefono|movil|celular|telephone|portable|telemovel|telefone|carteira|cartera|portefeuille) (\S+ ){0,10}(gestohlen|verloren|geklaut|robado|perdido|vole|perdu|roubado)\b",
        r"|\b(e-?mail|mail|correo|sms|code|codigo|lien|enlace|link) (\w+ ){0,3}(reinitialisation|restablecimiento|zurucksetzen|redefinicao|recuperacion|verification|verificacion)\b.{0,80}\b(je n'ai rien demande|sans (l'avoir |rien )?demande|jamais demande|no (lo )?(he|hemos) (pedido|solicitado)|sin (haberlo )?(pedido|solicitado)|nicht angefordert|nie angefordert|nao (o )?(pedi|solicitei))\b",
        r"|\b(i think it was a scam|it was a scam|(been|got|was) scammed|fell for (a|the) scam|tricked into|conned|moved .{0,30}to a '?safe account|pretending to be (from )?(you|your|the bank))\b",
        r"|\b(i|we) (got|was|were|have been|'ve been) phished\b|\bphishing (link|site|email|page|text|sms)\b.{0,80}\b(my|our) (wallet|account|card|money|funds)\b|\b(my|our) ([\w-]+ )?(wallet|account|balance|pot|savings)( is| was| got| has been)? (now )?(empty|emptied|drained|wiped( out)?)\b|\b(rang|called|phoned|texted|messaged) (me|us) (saying|claiming|pretending) (they were|to be|they'?re) (from )?\b|\b(i|we) (didn'?t|did not|never) (make|made|authori[sz]e\w*|buy|bought|place|placed|order|ordered|book|booked) (any of )?(these|those|them)\b|\b(funds|money|balance|savings|coins|crypto|eth|btc|usdc|bitcoin)\b.{0,30}\b(just )?(vanished|disappeared|drained|stolen|gone missing)\b|\b(typed|entered|put|gave|shared|told|read out) (in )?((them|him|her|it|someone|the caller|the person|a caller) )?(my|our) (account |card )?(seed phrase|recovery phrase|password|pin|card details|login details|12 words|24 words)\b.{0,40}\b(into|on|to|with) (a|an|the|some|this|that)\b",
        r"|\b(someone|somebody|quelqu'un|alguien|jemand|alguem)( has| have|'s| a| ha| hat)? (chang|modifi|cambi|geander|mud|reset)\w* (my |the |l'|el |die |o |a |it\b)?(password|e-?mail|adresse|address|contrasena|passwort|senha|mot de passe|correo|pin|phone number|it\b)",
        r"|\b(policy|account|loan|card|contract|subscription|line)s? (was |were |has been |have been |got )?(taken out|opened|set up|applied for|registered) in my name\b|\bin my name (without|that i (didn'?t|never|did not))\b",
        r"|\bunauthori[sz]ed (access|login|log-?in|sign-?in|activity|transaction)\b|\b(suspicious|strange|unknown) (login|log-?in|sign-?in|activity)\b|\bwithout my (permission|consent|knowledge|authori[sz]ation)\b",
        r"|\b(me (hackearon|robaron)|cuenta hackeada|robaron (mi|el) (telefono|celular|movil))\b|\b(compte pirate|on m'a vole|telephone vole)\b|\b(konto gehackt|handy gestohlen|telefon gestohlen)\b|\b(conta hackeada|roubaram (meu|o) (celular|telefone))\b"
    ))
});

static CHARGE_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(fee|fees|charge|charged|surcharge|penalty|billed|invoiced|bill|invoice|premium|renewal|price (increase|rise)|increase|rise)\b|(£|\$|€)\s?\d[\d.,]* (for|on|is|was)\b",
    )
});
static REMOVAL_ASKED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(please |can you |could you |i want you to |i need you to )?(remove|waive|reverse|refund|drop|take off|take back|cancel) (it|that|this|them|the fee|the charge)\b|\btake (it|that|this|them) (off|back)\b|\b(that'?s|that is|this is|it'?s|it is|(that|this) (bit|part|line|item|figure|number|amount|one)('s| is| was)|(£|\$|€)\s?\d[\d.,]* (is|was)) (wrong|incorrect|not right|a mistake|an error)\b|\brecalculat\w*\b|\b(should ?n'?t|should not) (be (on|there|on there|on (my|the) (bill|invoice|statement))|apply( to (me|us))?)\b|\b(needs?|wants?) (taking|to be taken|removing|to be removed|knocking) off\b|\b(needs?|wants?) (removing|to be removed|cancell?ing|refunding)\b|\bshould (be|have been) (taken off|removed|waived)\b|\b(please )?(correct|fix|amend|adjust) (it|that|this|them)\b|\b(not|never) accepting (it|that|this|them)\b|\b(won'?t|will not|refuse to|do ?n'?t|do not|can'?t|cannot) accept (it|that|this|them)\b",
    )
});

/// Legal action raised or threatened: a lawyer being brought in, not a lawyer mentioned
/// ("my lawyer friend says…" is small talk).
static LEGAL: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\b(i|we)('m| am|'re| are|'ll| will| have|'ve| shall)? (\w+ ){0,2}(go\w*|tak\w*|took|refer\w*|escalat\w*|complain\w*|report\w*|contact\w*|writ\w*|rais\w*|bring\w*|fil\w*|lodg\w*) (\w+ ){0,6}(ombudsman|regulator|ofcom|ofgem|trading standards|consumer (protection|rights) (body|agency|office)|(\w+ )?(council|commission|authority) (about|over|for)\b|general (\w+ )?council|(\w+ )?(standards|regulatory|quality|medical|dental|nursing|care|licensing|licencing|contractors?|state) (council|commission|authority|board)|attorney general|consumer affairs|ftc|cfpb)\b|\b(beschwerde|reclamacion|queja|plainte|reclamacao|denuncia)( formal| officielle| oficial)? (\w+ ){0,2}(bei|ante|a|aupres d\w*|junto|na|en|contra) (der |dem |la |el |l'|o |a |da |du |des |do |del )?(\w+ )?(ofcom|ofgem|regulierungsbehorde|bundesnetzagentur|schlichtungsstelle|ombudsman|ombudsmann|regulateur|regulador|defensor|arcep|cnil|procon|anatel|verbraucherzentrale|aufsichtsbehorde|behorde|autorite|autoridad|organismo|mediateur)\b|\b(offizielle|formelle) beschwerde\b|\bombudsman (complaint|case|referral)\b|\bcomplain\w* (with|to) the (\w+ ){0,2}(ombudsman|regulator)\b|\b(contact\w*|call\w*|(speak|spoke|spoken|speaking) (to|with)|talk\w* (to|with)|get\w*|involv\w*|hir\w*|consult\w*|hear\w* from|hand\w* (this|it|the matter) (over )?to|forward\w* (this|it) to|pass\w* (this|it) (on )?to|go(ing)? to|refer\w* (this|it) to|tak\w* (this|it|you) to|instruct\w*|retain\w*) (my|our|a|an) (lawyer|attorney|solicitor|legal team|legal counsel)s?\b",
        r"|\b(i'?m|i am|we are|we'?re) (a |the )?(solicitors?|lawyers?|attorneys?|legal (counsel|representatives?))\b.{0,80}\b(acting (for|on behalf of)|on behalf of|representing|instructed by)\b|\b(my|our) (lawyer|attorney|solicitor|legal team|legal counsel)s? (will|'?ll|is going to|are going to|has been|have been|is already|are already|is now|are now|would|can|says this|advised|is drafting|is preparing|is writing|is sending|is handling|is looking into|has drafted|has sent|has written)\b|\bletter (before|of) (action|claim)\b|\b(lawyer|attorney|solicitor)s? (up|involved)\b",
        r"|\b(sue|suing|lawsuit|legal action|take (you|this|it|them) to court|see you in court|small claims|class action|legal proceedings|legal steps)\b",
        r"|\b(report|reporting|signale|signaler|denunciar|denunciarlos|melden) (\w+ ){0,2}(to|a|an|bei|ante) (la |the |die )?(dgccrf|consumer (protection|rights)|trading standards|ombudsman|regulator|bbb|better business bureau|authorit\w+|verbraucherzentrale|consumo|procon)\b|\bporter plainte\b|\bporte plainte\b|\bplainte contre\b|\bavocat\b|\banwalt\b|\babogado\b|\badvogado\b",
        r"|\b(mi abogado|demandar\w*|acciones legales|mon avocat|poursuites|action en justice|meinen anwalt|mein anwalt|rechtliche schritte|verklagen|meu advogado|processo judicial|processar voces)\b"
    ))
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifying_requests_fire_their_topic() {
        for (topic, text) in [
            (Topic::Refund, "the lesson was never held, I'd like it back"),
            (
                Topic::ChargeDispute,
                "I skipped next week in the app but you've charged me £49 for it anyway",
            ),
            (
                Topic::Refund,
                "they cancelled the session and we still haven't got the $340 back",
            ),
            (
                Topic::ChargeDispute,
                "there's a £12 movie charge on my room bill but we never watched anything",
            ),
            (
                Topic::Refund,
                "the $150 pre-authorisation is still on my card two weeks after checkout",
            ),
            (
                Topic::AccountSecurity,
                "my password was reset last night and it wasn't me",
            ),
            (
                Topic::AccountSecurity,
                "some guy snatched my phone outside the station",
            ),
            (
                Topic::AccountSecurity,
                "there's a laptop in Lisbon logged in to my account and I don't own a laptop",
            ),
            (
                Topic::Refund,
                "the $40 call-out fee is wrong, I want it taken off",
            ),
            (
                Topic::ChargeDispute,
                "that £20 late fee needs to come off, I paid on time",
            ),
            (
                Topic::Refund,
                "the offer was never applied, please put the £8 back on my account",
            ),
            (
                Topic::AccountSecurity,
                "three orders for laptops are on my account and I never placed them",
            ),
            (
                Topic::ChargeDispute,
                "2 tickets should be £60 all in. I've been charged £75, that's not what checkout showed me",
            ),
            (
                Topic::ChargeDispute,
                "you've charged us for 9 seats but we only have 5 users. please fix the invoice",
            ),
            (
                Topic::AccountSecurity,
                "there are two orders on my card from last night that I didn't make",
            ),
            (
                Topic::AccountSecurity,
                "the app says my tickets were transferred to someone called J. Pike. I never transferred anything",
            ),
            (
                Topic::Refund,
                "right, then I'd like the compensation for that please",
            ),
            (
                Topic::ChargeDispute,
                "I was charged £186 for the visit but the estimate I signed said £120",
            ),
            (
                Topic::AccountSecurity,
                "I typed my seed phrase into a 'wallet validation' form from an email, and now my wallet is empty",
            ),
            (
                Topic::AccountSecurity,
                "I connected my wallet to a fake page and 2.3 ETH just vanished",
            ),
            (
                Topic::AccountSecurity,
                "There are 3 bookings on my card statement for a route I've never done and didn't make them",
            ),
            (
                Topic::AccountSecurity,
                "someone cancelled my booking without asking me",
            ),
            (Topic::Refund, "I'd like the extra one refunded"),
            (
                Topic::ChargeDispute,
                "the bill is £420 but we agreed £380. I'm not paying the difference",
            ),
            (
                Topic::ChargeDispute,
                "I was charged twice for my March invoice",
            ),
            (
                Topic::ChargeDispute,
                "this charge is wrong, please remove it",
            ),
            (Topic::ChargeDispute, "I never authorized this payment"),
            (
                Topic::ChargeDispute,
                "you charged me $40 for a deep clean but we only booked a standard one",
            ),
            (Topic::ChargeDispute, "can you take that fee off my bill"),
            (
                Topic::ChargeDispute,
                "why are there two lots of £12 on my card",
            ),
            (
                Topic::Refund,
                "one of those payments needs to go back to me",
            ),
            (Topic::Refund, "can I get my fee back?"),
            (
                Topic::ChargeDispute,
                "on m'a prélevé 42 € alors que l'appli affichait 29 €",
            ),
            (
                Topic::Refund,
                "there's £40 credit on my account, can you pay it back",
            ),
            (
                Topic::AccountSecurity,
                "the bank details on my account were changed. I didn't do that!",
            ),
            (
                Topic::PrivacyRequest,
                "Bitte löscht mein Konto und meine Daten",
            ),
            (
                Topic::AccountSecurity,
                "quelqu'un s'est connecté à mon compte, ce n'est pas moi",
            ),
            (
                Topic::ChargeDispute,
                "the bill came to way more than we were quoted",
            ),
            (
                Topic::ChargeDispute,
                "la factura es de 90 euros y no estoy de acuerdo",
            ),
            (Topic::Refund, "I want my money back for order 1234"),
            (
                Topic::Refund,
                "I shouldnt be paying that, I want the £18 refunded",
            ),
            (
                Topic::Refund,
                "I have never texted a premium number in my life. Take it off please.",
            ),
            (Topic::Refund, "I PAID ON THE 14TH. Take the £30 off. NOW."),
            (Topic::Refund, "please waive the late payment fee"),
            (Topic::Refund, "can I get a refund?"),
            (
                Topic::AccountSecurity,
                "there are 12 servers on our account that none of us launched",
            ),
            (
                Topic::AccountSecurity,
                "that token only lives in our CI. has someone got hold of it??",
            ),
            (
                Topic::Refund,
                "you took the fee on both cards, refund one please",
            ),
            (Topic::Legal, "fix this today or I will sue you"),
            (
                Topic::ChargeDispute,
                "a few things 1) the page keeps crashing 2) where do I find my UTR 3) you charged me twice for the add-on, can one be refunded?",
            ),
            (
                Topic::AccountSecurity,
                "but I haven't submitted anything. someone else must have got in and done it",
            ),
            (
                Topic::AccountSecurity,
                "I got an email saying the email on my account had been changed. I haven't changed anything??",
            ),
            (
                Topic::AccountSecurity,
                "I've just logged in and the phone number and email on the account aren't mine any more",
            ),
            (
                Topic::Refund,
                "the tutor didn't show up for the lesson. Can we get that back please?",
            ),
            (
                Topic::ChargeDispute,
                "the cleaner didn't turn up and we were still charged $45",
            ),
            (
                Topic::AccountSecurity,
                "there's an order going to another city?? did someone get my login",
            ),
            (
                Topic::Legal,
                "if this isn't sorted by friday my solicitor will be in touch",
            ),
            (
                Topic::ChargeDispute,
                "the bill says 6 hours of cleaning but she left after 2. I'm not paying for 6, please correct it.",
            ),
            (
                Topic::ChargeDispute,
                "we never used that much data. the overage is wrong and we are not accepting it",
            ),
            (
                Topic::ChargeDispute,
                "there are two direct debits for May on my statement",
            ),
            (Topic::Refund, "can you compensate us for the missed train?"),
            (
                Topic::ChargeDispute,
                "the reading's obviously estimated and wrong, I need the bill corrected",
            ),
            (
                Topic::ChargeDispute,
                "you billed me for the flat from 14 Feb and we moved out on 1 Feb",
            ),
            (
                Topic::Refund,
                "we landed 5 hours late, I want to claim the EU261 compensation",
            ),
            (Topic::Refund, "honestly I'd rather have a refund"),
            (Topic::ChargeDispute, "zapłaciłem dwa razy za marzec"),
            (Topic::Refund, "proszę o zwrot jednej płatności"),
            (Topic::Refund, "¿Pueden compensarnos los billetes?"),
            (
                Topic::ChargeDispute,
                "the invoice has £450 for scaffolding but it was included. that needs taking off",
            ),
            (Topic::PrivacyRequest, "please delete all my personal data"),
            (
                Topic::PrivacyRequest,
                "I want a copy of all the data you hold about me",
            ),
            (Topic::AccountSecurity, "my account was hacked"),
            (
                Topic::AccountSecurity,
                "someone swapped my SIM without my permission",
            ),
            (Topic::AccountSecurity, "my phone was stolen last night"),
            (Topic::Legal, "I will take this to my lawyer"),
            (
                Topic::Legal,
                "refund me by friday or my solicitor will be in touch",
            ),
        ] {
            assert!(topic.find(text).is_some(), "{topic:?}: {text}");
        }
    }

    #[test]
    fn mentioning_a_topic_is_not_a_request() {
        for (topic, text) in [
            (Topic::Refund, "will we still get the tax credit this year?"),
            (
                Topic::ChargeDispute,
                "why are there two payments from you on my statement this week?",
            ),
            (
                Topic::ChargeDispute,
                "why was I charged £24.99 this month? I thought it was £9.99",
            ),
            (
                Topic::Legal,
                "lol my sister will sue me if I don't book the lake house again",
            ),
            (Topic::ChargeDispute, "where can I find my invoice?"),
            (
                Topic::ChargeDispute,
                "we didnt make it out of the room in time, bit gutted haha",
            ),
            (Topic::Refund, "where is the credit note button??"),
            (Topic::Refund, "can I get the credit card on file changed?"),
            (Topic::ChargeDispute, "why did my bill go up this month?"),
            (
                Topic::ChargeDispute,
                "how does a chargeback work, in general? how long does it take?",
            ),
            (
                Topic::ChargeDispute,
                "Having a dispute with my neighbour about a boundary wall",
            ),
            (Topic::Refund, "what is your refund policy?"),
            (
                Topic::PrivacyRequest,
                "how do I export my dashboard data to CSV?",
            ),
            (Topic::AccountSecurity, "how do I set a security PIN?"),
            (
                Topic::Refund,
                "I don't want a refund, just send the right size",
            ),
            (
                Topic::Legal,
                "my neighbour went to the ombudsman last year but i'd rather sort it with you",
            ),
        ] {
            assert_eq!(topic.find(text), None, "{topic:?}: {text}");
        }
    }

    #[test]
    fn other_wordings_of_reports() {
        for (topic, text) in [
            (
                Topic::AccountSecurity,
                "someone placed two orders on my account, it wasn't me",
            ),
            (
                Topic::AccountSecurity,
                "there's a transaction I didn't make on my statement",
            ),
            (
                Topic::PrivacyRequest,
                "please delete my daughter's account and everything on her",
            ),
            (Topic::Refund, "can I get refunded for the cracked one?"),
            (
                Topic::Refund,
                "we only used two of the five days, can we get something back for the rest?",
            ),
            (
                Topic::ChargeDispute,
                "I paid $90 for the class, that's $30 more than we should have paid",
            ),
            (
                Topic::ChargeDispute,
                "I was billed for three months but I only used one. That's not right.",
            ),
            (Topic::Legal, "I'll be contacting my solicitor about this"),
            (
                Topic::Legal,
                "refund me or you'll be hearing from my lawyer",
            ),
            (
                Topic::Legal,
                "if you won't cover the costs I'm handing this to my solicitor",
            ),
            (
                Topic::ChargeDispute,
                "looks like my card got hit twice for the same bouquet",
            ),
            (
                Topic::ChargeDispute,
                "£38.99 x2 on my statement this morning",
            ),
            (
                Topic::ChargeDispute,
                "the finance company is still taking £45 a month off me for it??",
            ),
            (
                Topic::AccountSecurity,
                "an email said the address on my account had been changed, which I definitely didn't do",
            ),
            (
                Topic::AccountSecurity,
                "Hallo, meine Karte wurde mir gestern Abend in einer Bar in Köln geklaut.",
            ),
            (
                Topic::AccountSecurity,
                "someone rang me saying they were from the fraud team and I read them the code. now my savings pot is empty!!!",
            ),
            (
                Topic::AccountSecurity,
                "there are three more of those from last night, €49.99 each. I didn't make any of these",
            ),
            (
                Topic::PrivacyRequest,
                "I don't want it linked, I want all of his data removed",
            ),
            (
                Topic::BillingProblem,
                "looking at my bank statement that £39 has gone out twice",
            ),
            (
                Topic::ChargeDispute,
                "ok but looking at my bank statement that £39 has gone out twice. please sort it",
            ),
            (
                Topic::BillingProblem,
                "Hi, my Care Plan direct debit has come out twice this month",
            ),
            (
                Topic::BillingProblem,
                "the amount taken this month was £27, but I signed up at £21.50 a month",
            ),
            (
                Topic::BillingProblem,
                "my payment for the plan keeps bouncing?? had 3 emails saying it failed",
            ),
            (
                Topic::Legal,
                "my solicitor is drafting a letter before action as we speak",
            ),
            (
                Topic::AccountSecurity,
                "now the account email is some gmail address ive never seen. someone is in my account",
            ),
            (
                Topic::ChargeDispute,
                "your own handler said it wouldn't count. so £455 is wrong, please recalculate it",
            ),
            (
                Topic::ChargeDispute,
                "YOU TOOK 640 EUROS TWICE FOR THE SAME HOTEL",
            ),
            (Topic::Refund, "je voudrais être remboursée svp"),
            (
                Topic::AccountSecurity,
                "someone ordered £120 of stuff to an address in leeds using my account",
            ),
            (
                Topic::ChargeDispute,
                "You've charged me €240 for a scratch that was already there. I'm contesting this.",
            ),
            (
                Topic::ChargeDispute,
                "You're charging me a £180 early termination fee. I'm not paying it.",
            ),
            (
                Topic::Refund,
                "returned the car on the 3rd and the 300 deposit is still sitting blocked on my card",
            ),
            (
                Topic::Refund,
                "It was cancelled on 1 April and nothing has come back to my card.",
            ),
            (
                Topic::AccountSecurity,
                "I've never booked Lisbon, has someone been in my account?",
            ),
            (
                Topic::AccountSecurity,
                "I keep getting password reset emails that I never asked for",
            ),
            (
                Topic::Legal,
                "Ich reiche heute eine offizielle Beschwerde bei Ofcom ein.",
            ),
            (
                Topic::Legal,
                "I'm reporting the practice to the General Dental Council over it.",
            ),
            (
                Topic::Legal,
                "J'ai déposé ce matin une plainte officielle auprès du médiateur maritime.",
            ),
            (
                Topic::Legal,
                "I'm a solicitor at Penrose & Vale, acting for Marrow Textiles Ltd.",
            ),
            (
                Topic::ChargeDispute,
                "you've invoiced us twice for shipment KES-4410",
            ),
            (
                Topic::Refund,
                "I'd like the £38 back please, order GW-560077.",
            ),
            (
                Topic::PrivacyRequest,
                "I'm making a subject access request for all the personal data you hold about me.",
            ),
            (
                Topic::AccountSecurity,
                "Ich glaube, jemand hat sich in unser Admin-Konto eingeloggt.",
            ),
            (
                Topic::AccountSecurity,
                "Mein Handy wurde gestern in der Straßenbahn gestohlen.",
            ),
            (
                Topic::AccountSecurity,
                "i think my ex logged into my account?? there are photos that aren't mine",
            ),
            (
                Topic::Legal,
                "I'm filing a complaint with the contractor licensing board today.",
            ),
            (
                Topic::AccountSecurity,
                "that's not my account. someone changed my payout details",
            ),
        ] {
            assert!(topic.find(text).is_some(), "{topic:?}: {text}");
        }
        for (topic, text) in [
            (
                Topic::Legal,
                "my brother is a lawyer and says it's fine, so how do I upgrade?",
            ),
            (
                Topic::AccountSecurity,
                "I don't recognise the merchant name on this payment, what is it?",
            ),
            (
                Topic::AccountSecurity,
                "how do i turn on two step login? my friend's account got hacked last week",
            ),
            (
                Topic::ChargeDispute,
                "I'm not paying attention to the app, just tell me the balance",
            ),
            (
                Topic::Refund,
                "how long does the deposit hold take to be released?",
            ),
            (
                Topic::Refund,
                "What's your policy if a sailing is cancelled? Am I legally entitled to compensation?",
            ),
            (
                Topic::Legal,
                "my mate reckons I should get a lawyer over how seasick I was lol",
            ),
            (
                Topic::Legal,
                "if my landlord never fixes the window, could I take him to the small claims court?",
            ),
        ] {
            assert_eq!(topic.find(text), None, "{topic:?}: {text}");
        }
    }
}
