use super::*;
use crate::test_turns::user;
use crate::{Attributes, Topic};

fn kinds(instruction: &str) -> Vec<&'static str> {
    read(instruction)
        .conditions
        .iter()
        .map(Condition::kind)
        .collect()
}

/// Whether `reading` has a clause of `role` whose text contains `words`.
fn has_clause(reading: &Reading, role: Role, words: &str) -> bool {
    reading
        .clauses
        .iter()
        .any(|c| c.role == role && c.text.contains(words))
}

/// Asserts that `reading` has a clause of `role` whose text contains `words`, showing
/// every clause when it has none.
#[track_caller]
fn assert_clause(reading: &Reading, role: Role, words: &str) {
    assert!(has_clause(reading, role, words), "{:?}", reading.clauses);
}

fn accepted(instruction: &str) -> Reading {
    let reading = read(instruction);
    assert!(
        reading.problems.is_empty(),
        "{instruction}: {:?}",
        reading.problems
    );
    reading
}

#[test]
fn the_destination_is_not_a_condition() {
    assert_eq!(
        kinds(
            "Connect the customer with a live rep after 3 failed troubleshooting attempts on the same issue. An attempt has failed when the customer reports the fix didn't work, or when the assistant says it has no further solution."
        ),
        vec!["failed_attempts"]
    );
    assert_eq!(
        kinds(
            "Bring in a support engineer once the assistant has failed twice on the same problem."
        ),
        vec!["failed_attempts"]
    );
    let reading = accepted(
        "Most urgent of all, ahead of every other rule: get a human into the chat right away if a customer tells us that they, or anyone who ate the order, are having or have had an allergic reaction to food we delivered.",
    );
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::HumanRequest)),
        "{:?}",
        reading.conditions
    );
    assert!(reading.clauses.iter().any(|c| c.role == Role::Routing));
    assert!(reading.clauses.iter().any(|c| c.role == Role::Commentary));
}

#[test]
fn instructions_operators_write_are_understood() {
    for instruction in [
        "Hand off when the customer wants to close their account.",
        "Escalate when the customer reports that an order never arrived after two weeks.",
        "Create a ticket when the customer asks for a copy of their contract.",
        "Send the conversation to the partnerships team when a business asks about reselling our product.",
        "The customer asks for a written summary by email.",
    ] {
        let reading = accepted(instruction);
        assert!(
            reading
                .conditions
                .iter()
                .any(|c| matches!(c, Condition::Open(_))),
            "{instruction}: {:?}",
            reading.conditions
        );
    }
    assert_eq!(
        kinds("Escalate when the customer reports that an order never arrived after two weeks."),
        vec!["quantity", "topic"]
    );
    assert_eq!(
        kinds(
            "Send the conversation to the partnerships team when a business asks about reselling our product."
        ),
        vec!["who", "topic"]
    );
}

#[test]
fn qualifiers_are_kept_not_dropped() {
    let reading = accepted(
        "Route premium-plan customers to a person as soon as they ask anything about billing.",
    );
    assert!(
        matches!(reading.expr, Some(Expr::All(_))),
        "{:?}",
        reading.expr
    );
    assert_eq!(
        reading
            .conditions
            .iter()
            .map(Condition::kind)
            .collect::<Vec<_>>(),
        vec!["attribute", "topic"]
    );
    assert_eq!(
        kinds(
            "Customers on the family plan who report a billing problem go straight to our billing specialists."
        ),
        vec!["attribute", "topic"]
    );
    assert_eq!(
        kinds(
            "A school or company asking about group licences for more than 20 learners should become a ticket for the sales team."
        ),
        vec!["quantity", "who", "topic"]
    );
    assert_eq!(
        kinds(
            "Hand off when the customer explicitly asks to talk to a person, or is angry after the bot failed to help twice."
        ),
        vec!["human_request", "frustration", "failed_attempts"]
    );
    assert_eq!(
        kinds("Create a ticket when the customer reports a billing problem the bot cannot solve."),
        vec!["topic", "failed_attempts"]
    );
}

#[test]
fn a_sentence_that_rules_out_never_fires() {
    let reading = accepted(
        "Escalate suspected food poisoning after a meal we delivered. A customer who is merely annoyed about a late order is not a food poisoning case.",
    );
    assert_eq!(
        reading
            .conditions
            .iter()
            .map(Condition::kind)
            .collect::<Vec<_>>(),
        vec!["topic"]
    );
    assert_eq!(reading.exclusions.len(), 1);
    let reading = accepted(
        "Loop in the retention team when a subscriber wants to pause or cancel their subscription, but not when they only want to know how to cancel.",
    );
    assert!(matches!(
        reading.exclusions[..],
        [Exclusion::OnlyAsksHow(_)]
    ));
}

#[test]
fn a_person_inside_a_topic_is_not_a_request_for_one() {
    let reading = accepted(
        "Escalate when the customer says they were contacted by someone claiming to be us.",
    );
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::HumanRequest)),
        "{:?}",
        reading.conditions
    );
}

#[test]
fn what_cannot_be_represented_is_refused_with_the_clause() {
    for sends in [
        "Hand off when the customer sends us a photo of the damage.",
        "Hand off when the customer shares a screenshot.",
    ] {
        assert!(!read(sends).problems.is_empty(), "{sends}");
    }
    // Photos as a subject are a topic: someone using them without permission.
    accepted("Email legal when somebody says a listing uses their photos without permission.");
    let reading = read("Hand off when the customer uploads a photo of the damage.");
    assert!(
        reading.problems.iter().any(|p| p.contains("uploads")),
        "{:?}",
        reading.problems
    );
    let reading = read("Hand off when the customer asks.");
    assert!(!reading.problems.is_empty());
    assert!(reading.expr.is_none());
}

#[test]
fn facts_about_the_conversation() {
    assert_eq!(
        kinds(
            "Once a customer has sent more than 10 messages and their problem still isn't sorted, file a ticket so the care team can pick it up."
        ),
        vec!["length", "unresolved"]
    );
    assert_eq!(
        kinds(
            "If the customer ends up asking the same thing a third time, pass the chat to someone on the support crew."
        ),
        vec!["repeated_question"]
    );
    assert_eq!(
        kinds(
            "Our support staff speak English and Spanish only. If a learner writes to us in a language other than English or Spanish, send the conversation to the partner desk."
        ),
        vec!["language"]
    );
}

#[test]
fn a_pronoun_sent_somewhere_is_routing() {
    assert_eq!(
        kinds("Customer wants a human? Send them over to the help desk."),
        vec!["human_request"]
    );
}

#[test]
fn opening_hours_are_a_subject_not_a_clock() {
    let reading = accepted(
        "Email the manager when the assistant cannot answer a question about our shops or opening hours because it lacks the information.",
    );
    assert_eq!(
        reading
            .conditions
            .iter()
            .map(Condition::kind)
            .collect::<Vec<_>>(),
        vec!["out_of_scope"]
    );
    assert!(
        !read("Hand off when a customer writes outside our opening hours.")
            .problems
            .is_empty()
    );
}

#[test]
fn tries_that_left_it_unsolved_count_the_tries() {
    assert!(matches!(
        accepted("If the assistant has had three goes at one problem and it still isn't fixed, pass it on.")
            .conditions[..],
        [Condition::FailedAttempts(3)]
    ));
}

#[test]
fn what_only_widens_or_explains_names_no_condition() {
    // The elliptical alternative, the concession and the principle add no condition of
    // their own; the routing predicate is not a topic.
    let reading = accepted(
        "A client should never have to wait. If a client says they were injured at one of our stores, or that a child with them was, however minor, loop in the manager.",
    );
    assert!(
        reading.conditions.iter().all(|c| matches!(c,
            Condition::Open(t) if !t.concepts_of_kind(crate::lexicon::Kind::Event).is_empty())),
        "{:?}",
        reading.conditions
    );
    let reading = accepted(
        "Tenants who want to end their lease early need the lettings team, because the landlord decides.",
    );
    assert!(
        reading.conditions.iter().all(|c| matches!(c,
            Condition::Open(t) if !t.concepts_of_kind(crate::lexicon::Kind::Event).is_empty())),
        "{:?}",
        reading.conditions
    );
    assert!(reading.clauses.iter().any(|c| c.role == Role::Routing));
}

#[test]
fn an_example_place_keeps_the_happening() {
    let reading = accepted(
        "Escalate when a guest gets hurt at our hotel (in the pool, on the stairs, whatever it was).",
    );
    let fired = |text: &str| {
        reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Open(t) if t.find(text, &[]).is_some()))
    };
    assert!(fired("my son slipped on the stairs and sprained his ankle"));
    assert!(!fired("are the stairs near the lift?"));
    assert!(!fired("is the pool heated"));
}

#[test]
fn a_circumstance_alternative_keeps_the_happening_before_it() {
    let reading = accepted(
        "If anyone got hurt because of a ladder we sold, or while our fitter was installing it, get a person in.",
    );
    let fired = |text: &str| {
        reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Open(t) if t.find(text, &[]).is_some()))
    };
    assert!(fired(
        "your fitter was installing the loft ladder and fell and hurt his back"
    ));
    assert!(!fired("when is your fitter installing it?"));
}

#[test]
fn who_the_customers_are_is_not_an_example_of_the_condition() {
    let reading = accepted(
        "Trade customers (architects, builders and shopfitters with a trade account) who say our driver damaged their order go to the trade desk.",
    );
    assert!(
        !reading
            .clauses
            .iter()
            .any(|c| c.text.contains("architects") && c.role == Role::Condition),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn messages_and_still_no_resolution_is_length_and_unresolved() {
    assert_eq!(
        kinds(
            "Customers who have sent more than 5 messages and still don't have their problem resolved go to the care line."
        ),
        vec!["length", "unresolved"]
    );
}

#[test]
fn a_question_is_not_a_dispute() {
    let reading = accepted(
        "Open a billing ticket when the customer says an invoice is wrong. A customer asking why their price went up is asking a question, not disputing anything.",
    );
    assert_eq!(kinds_of(&reading), vec!["topic"]);
    assert!(reading.clauses.iter().any(|c| c.role == Role::Exclusion));
}

#[test]
fn talking_to_one_of_them_is_a_person() {
    assert_eq!(
        kinds(
            "Put the customer through to a broker when they ask to talk to one, or to anybody on the team."
        ),
        vec!["human_request"]
    );
}

fn kinds_of(reading: &Reading) -> Vec<&'static str> {
    reading.conditions.iter().map(Condition::kind).collect()
}

#[test]
fn an_elliptical_sentence_reads_the_principle_before_it() {
    assert_eq!(
        kinds("No guest should have to ask the same question twice. If one does, get a person."),
        vec!["repeated_question"]
    );
}

#[test]
fn with_the_attribute_read_the_relative_clause_is_the_condition() {
    let reading = accepted(
        "Customers we've marked as new (new_customer = true) who report a parcel that arrived damaged go to onboarding.",
    );
    assert_eq!(kinds_of(&reading), vec!["attribute", "topic"]);
    let business =
        accepted("Business account customers who want to close their account go to sales.");
    assert!(
        business
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Attribute(a) if a.value == "business")),
        "{:?}",
        business.conditions
    );
}

#[test]
fn steps_that_failed_are_counted_and_defined() {
    assert!(matches!(
        accepted("Pass to second-line support once three troubleshooting steps for the same fault have failed. A step has failed if the customer says it made no difference.")
            .conditions[..],
        [Condition::FailedAttempts(3)]
    ));
}

#[test]
fn rather_a_person_and_what_that_includes() {
    assert_eq!(
        kinds(
            "Bring in the team if the customer would rather deal with a person than with the assistant. That includes asking for somebody to phone them."
        ),
        vec!["human_request"]
    );
}

#[test]
fn labels_of_destinations_and_people_put_on_it_are_routing() {
    let reading = accepted(
        "Refunds desk ticket when the customer says their show was cancelled. Get a human on it immediately, they may be waiting outside.",
    );
    assert_eq!(
        kinds_of(&reading),
        vec!["topic"],
        "{:?}",
        reading.conditions
    );
    let attribute =
        accepted("Sellers (account type \"seller\") who say a payout is late go to payments.");
    assert!(
        attribute.conditions.iter().any(|c| matches!(
            c,
            Condition::Attribute(a) if a.key.as_deref() == Some("account_type") && a.value == "seller"
        )),
        "{:?}",
        attribute.conditions
    );
}

#[test]
fn an_alternative_with_its_own_word_and_a_negative_routing_sentence() {
    let reading = accepted(
        "Ticket it when the customer says their match was cancelled or postponed and they want a refund. Drinks belong to the bar, so don't ticket them.",
    );
    let postponed = reading.conditions.iter().any(|c| {
        matches!(c, Condition::Open(t) if t.find("the match on the 12th is postponed to june", &[]).is_some())
    });
    assert!(postponed, "{:?}", reading.conditions);
    assert!(reading.clauses.iter().any(|c| c.role == Role::Exclusion));
}

#[test]
fn a_listed_happening_next_to_built_in_families_is_kept() {
    let reading = accepted(
        "Open a ticket when the customer reports that a chair arrived damaged, asks for a refund, or says we charged the wrong amount.",
    );
    let damaged = reading.conditions.iter().any(|c| {
        matches!(c, Condition::Open(t) if t.find("the chair came today and one leg is cracked", &[]).is_some())
    });
    assert!(damaged, "{:?}", reading.conditions);
}

#[test]
fn what_should_not_be_sent_is_ruled_out() {
    for instruction in [
        "Escalate reports of a bike that broke during a ride. Complaints about the saddle height should not be escalated.",
        "Open a ticket when a member disputes a charge. Questions about our prices must not create a ticket.",
    ] {
        let reading = accepted(instruction);
        assert_eq!(reading.conditions.len(), 1, "{instruction}: {reading:?}");
        assert_eq!(reading.exclusions.len(), 1, "{instruction}: {reading:?}");
    }
    let reading = accepted(
        "Open a ticket when a member disputes a charge. Don't open one for price questions; the assistant can answer those itself.",
    );
    assert_eq!(reading.conditions.len(), 1, "{reading:?}");
}

#[test]
fn an_urgency_label_before_a_colon_is_commentary() {
    let reading =
        accepted("Critical: hand off at once if the customer says someone got into their account.");
    assert_eq!(kinds_of(&reading), vec!["topic"]);
    assert!(reading.clauses.iter().any(|c| c.role == Role::Commentary));
    assert!(
        reading
            .clauses
            .iter()
            .any(|c| c.role == Role::Condition && c.text.contains("someone got into")),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn fixes_that_fail_or_have_not_worked_count_as_attempts() {
    for instruction in [
        "If the bot's fixes fail twice for one issue, hand over.",
        "Bring in an engineer once two fixes for the same fault haven't worked.",
    ] {
        assert_eq!(kinds(instruction), vec!["failed_attempts"], "{instruction}");
    }
}

#[test]
fn each_thing_the_customer_does_after_a_comma_is_an_alternative() {
    let reading = accepted(
        "Email the claims desk when a driver alleges our mechanic scratched or dented their car, says they are suing us, or wants a written apology.",
    );
    // Legal action (built in), the damage and the apology (the operator's own words).
    assert!(
        reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Topic(crate::topics::Topic::Legal))),
        "{:?}",
        reading.conditions
    );
    assert!(
        reading
            .conditions
            .iter()
            .filter(|c| matches!(c, Condition::Open(_)))
            .count()
            >= 2,
        "{:?}",
        reading.conditions
    );
}

/// The values of the attribute `key` the reading restricts to, in order.
fn attribute_values<'a>(reading: &'a Reading, key: &str) -> Vec<&'a str> {
    reading
        .conditions
        .iter()
        .filter_map(|c| match c {
            Condition::Attribute(a) if a.key.as_deref() == Some(key) => Some(a.value.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn attributes_spelled_as_the_front_end_sends_them() {
    let reading = accepted(
        "Pass holders (plan is monthly_pass or annual_pass) who report a problem with a charge go to billing. Pay-as-you-go riders don't.",
    );
    assert_eq!(
        attribute_values(&reading, "plan"),
        ["monthly_pass", "annual_pass"]
    );
    assert!(
        !reading
            .clauses
            .iter()
            .any(|c| c.role == Role::Routing && c.text == "pass")
    );

    let reading = accepted(
        "Business customers only (segment = business): questions about their contract become a ticket.",
    );
    assert_eq!(attribute_values(&reading, "segment"), ["business"]);
    assert!(
        reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Open(_)))
    );
}

#[test]
fn any_key_with_a_colon_in_brackets_or_an_equals_sign_is_an_attribute() {
    let reading = accepted(
        "If a customer with (card: unlimited) asks the same question for the third time, get a human on it.",
    );
    assert_eq!(attribute_values(&reading, "card"), ["unlimited"]);
    let reading = accepted(
        "Members on (tier: dedicated_desk) or (tier: private_office) who ask to talk to someone go to their community manager.",
    );
    assert_eq!(
        attribute_values(&reading, "tier"),
        ["dedicated_desk", "private_office"]
    );
    let reading = accepted(
        "Only for users with role = tutor: when the assistant can't find an answer about their payouts, send it to Tutor Payments.",
    );
    assert_eq!(attribute_values(&reading, "role"), ["tutor"]);
    // A title before a colon is no attribute.
    let reading = accepted("Legal: any mention of a lawyer goes to Legal.");
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Attribute(_))),
        "{:?}",
        reading.conditions
    );
}

#[test]
fn where_the_conversation_goes_restricts_no_customer() {
    let reading = accepted("Customers who ask for a person go to the VIP desk.");
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Attribute(_))),
        "the VIP desk is a destination: {:?}",
        reading.conditions
    );
}

#[test]
fn customers_ruled_out_by_an_attribute_are_never_handed_off() {
    let reading = accepted(
        "Email the movers team when a customer is moving house. Not for customers in Wales (region is wales_north), a partner handles those.",
    );
    assert!(
        reading.conditions.iter().any(|c| matches!(c,
            Condition::Attribute(a) if a.negated && a.value == "wales_north")),
        "{:?}",
        reading.conditions
    );
    assert!(reading.exclusions.is_empty(), "{:?}", reading.exclusions);
}

#[test]
fn tiers_listed_together_and_customers_flagged_as_vip() {
    let tiers = accepted(
        "Send the chat to guest relations when members at Gold or Platinum tier complain about their room.",
    );
    assert_eq!(attribute_values(&tiers, "tier"), ["gold", "platinum"]);
    let vip = accepted(
        "Send the chat to guest relations when a guest we have flagged as a VIP complains about their room.",
    );
    assert!(
        !vip.conditions
            .iter()
            .any(|c| matches!(c, Condition::Attribute(a) if a.value == "a")),
        "{:?}",
        vip.conditions
    );
    assert!(!vip.summary.contains("flagged"), "{}", vip.summary);
}

#[test]
fn what_counts_as_a_failed_fix_defines_the_attempts_it_does_not_add_one() {
    let reading = accepted(
        "When two fixes for the same app problem haven't worked, move the chat to an agent. A fix hasn't worked if the customer says so or the assistant has nothing else to suggest.",
    );
    assert!(
        matches!(reading.conditions[..], [Condition::FailedAttempts(2)]),
        "{:?}",
        reading.conditions
    );
}

#[test]
fn staff_a_customer_may_ask_for_are_not_a_topic() {
    let reading = accepted(
        "Put the client through to the front desk if they want to speak to a person. That includes asking for a receptionist, a nurse or one of the vets.",
    );
    assert_eq!(kinds_of(&reading), vec!["human_request"]);
}

#[test]
fn a_no_answer_trigger_about_listed_subjects_keeps_them() {
    let listed = accepted(
        "Email the team when the assistant can't answer a question about our clinics, prices or opening times.",
    );
    let whole = accepted(
        "Email the team when the assistant can't answer a question about our products, orders or stores.",
    );
    let about = |reading: &Reading| match &reading.conditions[..] {
        [Condition::NoAnswer { about, .. }] => about.clone(),
        other => panic!("{other:?}"),
    };
    assert!(
        about(&listed).contains(&"clinic".to_owned()),
        "{:?}",
        about(&listed)
    );
    assert!(about(&whole).is_empty(), "{:?}", about(&whole));
}

#[test]
fn an_attribute_in_the_parenthesis_after_the_customers_is_kept() {
    let reading = accepted(
        "Fleet customers (segment = fleet) telling us something has gone wrong with their billing.",
    );
    assert_eq!(attribute_values(&reading, "segment"), ["fleet"]);
    // An equals sign in prose is not an attribute.
    assert_eq!(
        kinds("Same question from the customer three times = escalate."),
        vec!["repeated_question"]
    );
}

#[test]
fn an_arrow_points_from_the_condition_to_where_it_goes() {
    let reading = accepted("Customer reports a broken locker at the gym -> email facilities.");
    assert_eq!(kinds_of(&reading), vec!["topic"]);
    assert!(
        reading
            .clauses
            .iter()
            .any(|c| c.role == Role::Routing && c.text.contains("email facilities")),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn wanting_only_to_know_is_asking_not_requesting() {
    let reading = accepted(
        "Hand over to reservations when a guest wants to cancel a booking. If all they want is to know the cancellation policy or what cancelling would cost, the assistant can handle it.",
    );
    assert_eq!(reading.exclusions.len(), 2, "{:?}", reading.exclusions);
    assert!(
        reading
            .exclusions
            .iter()
            .all(|e| matches!(e, Exclusion::OnlyAsksHow(_))),
        "{:?}",
        reading.exclusions
    );
}

#[test]
fn every_language_the_detector_knows_can_be_named() {
    let reading = accepted(
        "Customers who write to us in Welsh have the right to be served in Welsh. Send them to the Welsh-language team.",
    );
    assert!(
        matches!(&reading.conditions[..], [Condition::Language { inside: true, languages }]
            if languages == &[whatlang::Lang::Cym]),
        "{:?}",
        reading.conditions
    );
}

/// The built-in topics a reading's conditions are, `None` for any other condition.
fn topics(reading: &Reading) -> Vec<Option<Topic>> {
    reading
        .conditions
        .iter()
        .map(|condition| match condition {
            Condition::Topic(topic) => Some(*topic),
            _ => None,
        })
        .collect()
}

#[test]
fn verbs_that_share_a_thing_are_not_happenings_of_their_own() {
    // "requests" is a plural noun here, not who the customer is; "delayed" shares the
    // sailing with "cancelled".
    let reading = accepted(
        "Refund or compensation requests for a sailing we cancelled or delayed, and any complaint that a booking was charged incorrectly.",
    );
    assert!(
        topics(&reading).iter().all(Option::is_some),
        "{:?}",
        reading.conditions
    );
    // Someone else "changed or cancelled their booking without them": account misuse,
    // not any change of a booking.
    let reading = accepted(
        "Urgent: someone else got into the passenger's account, or changed or cancelled their booking without them, or their card was used for tickets they didn't buy.",
    );
    let read = topics(&reading);
    assert!(
        !read.is_empty() && read.iter().all(|t| *t == Some(Topic::AccountSecurity)),
        "{:?}",
        reading.conditions
    );
}

#[test]
fn a_dispute_is_about_money_only_when_it_names_a_charge() {
    let reading = accepted("Says their lawyer is involved in a dispute with us.");
    assert!(
        !topics(&reading).contains(&Some(Topic::ChargeDispute)),
        "{:?}",
        reading.conditions
    );
    let reading = accepted("Disputes a finance or deposit charge.");
    assert!(
        topics(&reading).contains(&Some(Topic::ChargeDispute)),
        "{:?}",
        reading.conditions
    );
    let reading = accepted(
        "Makes a formal data-protection request (delete or hand over personal data under GDPR or CCPA).",
    );
    assert_eq!(topics(&reading), vec![Some(Topic::PrivacyRequest)]);
}

#[test]
fn questions_about_a_subject_rule_out_only_the_questions() {
    let reading = accepted(
        "An owner says their invoice is wrong or asks for their money back. Not for questions about prices, estimates or payment plans.",
    );
    assert_eq!(reading.exclusions.len(), 3, "{:?}", reading.exclusions);
    assert!(
        reading
            .exclusions
            .iter()
            .all(|e| matches!(e, Exclusion::OnlyAsksAbout(_))),
        "{:?}",
        reading.exclusions
    );
}

#[test]
fn sarcasm_listed_among_the_examples_counts_unless_said_not_to() {
    let listed = |instruction: &str| {
        accepted(instruction)
            .conditions
            .iter()
            .find_map(|c| match c {
                Condition::Frustration(listed) => Some(listed.sarcasm),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{instruction}: no frustration read"))
    };
    assert!(listed(
        "Passenger is clearly upset: swearing, all caps, sarcastic digs at the company."
    ));
    assert!(!listed(
        "The customer is obviously angry. Sarcasm on its own isn't enough."
    ));
}

#[test]
fn a_possessive_attribute_a_second_asking_and_a_ticket_for_an_office() {
    let reading = accepted(
        "If the visitor's membership is patron and they tell us something is wrong with their tickets, hand them to the members desk.",
    );
    assert!(
        reading.conditions.iter().any(|c| matches!(
            c,
            Condition::Attribute(a) if a.key.as_deref() == Some("membership") && a.value == "patron"
        )),
        "{:?}",
        reading.conditions
    );
    assert_eq!(
        kinds(
            "Nobody should have to ask us the same question twice. The second time a visitor asks it, a box office colleague takes over."
        ),
        vec!["repeated_question"]
    );
    let reading = accepted(
        "Lost property: a visitor left behind or lost a personal item while inside one of our buildings. Open a ticket for the security office.",
    );
    assert!(
        reading
            .clauses
            .iter()
            .any(|c| c.text.contains("security office") && c.role == Role::Routing),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn a_scam_is_account_misuse_and_a_parenthesis_names_the_segment() {
    let reading = accepted(
        "If a customer says they were scammed or phished, or that crypto left their wallet without them authorising it, bring in the fraud response team.",
    );
    let read = topics(&reading);
    assert!(
        !read.is_empty() && read.iter().all(|t| *t == Some(Topic::AccountSecurity)),
        "{:?}",
        reading.conditions
    );
    let reading = accepted(
        "For private clients only (segment is private): when they report that a deposit went wrong, pass them to their relationship team.",
    );
    assert!(
        reading.conditions.iter().any(|c| matches!(
            c,
            Condition::Attribute(a) if a.key.as_deref() == Some("segment") && a.value == "private"
        )),
        "{:?}",
        reading.conditions
    );
}

#[test]
fn labels_asides_and_who_gets_them_are_not_conditions() {
    // A label sentence, a handler who must join, a hedge inside an intent.
    let reading = accepted(
        "Emergency claims line. Whenever a customer tells us their home has just been damaged, a claims handler must join the conversation immediately.",
    );
    assert!(
        reading
            .clauses
            .iter()
            .any(|c| c.text.contains("emergency claims line") && c.role == Role::Routing),
        "{:?}",
        reading.clauses
    );
    assert!(
        !format!("{:?}", reading.conditions).contains("handler"),
        "{:?}",
        reading.conditions
    );
    let reading = accepted(
        "Retention wants every customer who asks to cancel their policy, except where the person is just asking about the cooling-off period.",
    );
    assert!(
        !format!("{:?}", reading.conditions).contains("retention"),
        "{:?}",
        reading.conditions
    );
    let reading =
        accepted("They say they're planning, or thinking about, moving their cover away from us.");
    assert!(
        !format!("{:?}", reading.conditions).contains("thinking"),
        "{:?}",
        reading.conditions
    );
}

#[test]
fn who_it_is_for_before_a_colon_and_listed_verbs_each_alone() {
    let reading = accepted(
        "Only for customers with policy_status = lapsed: any request to renew, restart or reinstate their cover goes to the renewals desk.",
    );
    assert!(
        reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Attribute(_))),
        "{:?}",
        reading.conditions
    );
    let opens = reading
        .conditions
        .iter()
        .filter(|c| matches!(c, Condition::Open(_)))
        .count();
    assert_eq!(
        opens, 3,
        "renew, restart, reinstate: {:?}",
        reading.conditions
    );
}

#[test]
fn labels_before_the_rule_never_swallow_it() {
    for instruction in [
        "Security, top priority: someone else got into the renter's account, or their saved card was used by somebody else.",
        "SAFETY - overrides everything: customer reports smoke, sparks or a burning smell.",
        "Top priority: someone else got into the renter's account.",
    ] {
        let reading = accepted(instruction);
        assert!(!reading.conditions.is_empty(), "{instruction}");
    }
    // "an inverter/battery that is hot": one thing said two ways, not "an inverter" alone.
    let reading =
        accepted("Customer reports sparks, or an inverter/battery that is hot to the touch.");
    assert!(
        !format!("{:?}", reading.conditions).contains("phrase: \"an inverter\""),
        "{:?}",
        reading.conditions
    );
}

#[test]
fn what_follows_an_arrow_is_where_it_goes() {
    let reading = accepted(
        "Buyer was refused entry at the venue or their ticket scanned as invalid -> live fan-protection agent",
    );
    assert!(
        reading
            .clauses
            .iter()
            .any(|c| c.role == Role::Routing && c.text == "live fan-protection agent"),
        "{:?}",
        reading.clauses
    );
    assert!(
        !reading.summary.contains("protection"),
        "{}",
        reading.summary
    );
}

#[test]
fn a_title_before_the_rule_is_not_its_condition() {
    let reading = accepted(
        "Claims appeals: open a ticket when the customer wants to appeal a declined claim, unless all they're asking is how the appeal process works.",
    );
    let title = reading
        .clauses
        .iter()
        .find(|c| c.text == "claims appeals")
        .expect("the title is a clause");
    assert_eq!(title.role, Role::Commentary);
    assert!(
        reading
            .clauses
            .iter()
            .any(|c| c.role == Role::Condition && c.text.contains("wants to appeal")),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn who_before_a_colon_restricts_what_follows() {
    let reading = accepted(
        "For policyholders with tier = gold: a problem with a claim payout goes to the priority claims team.",
    );
    assert_eq!(attribute_values(&reading, "tier"), ["gold"]);
    assert!(
        matches!(reading.expr, Some(Expr::All(_))),
        "the tier and the payout problem must both hold: {:?}",
        reading.expr
    );
}

#[test]
fn anything_other_than_the_languages_named() {
    let reading = accepted(
        "Language: customer writes in anything other than English or German -> multilingual desk",
    );
    assert!(
        matches!(
            &reading.conditions[..],
            [Condition::Language { inside: false, languages }]
                if languages == &[whatlang::Lang::Eng, whatlang::Lang::Deu]
        ),
        "{:?}",
        reading.conditions
    );
}

#[test]
fn a_sentence_that_leaves_things_alone_rules_them_out() {
    let reading = accepted(
        "Email the team when the assistant doesn't have the information to answer a question about what their home insurance covers. Other things the assistant can't help with -- car or travel insurance, mortgages -- are not ours, leave those alone.",
    );
    assert_eq!(kinds(&reading_instruction(&reading)), ["out_of_scope"]);
    assert!(!reading.exclusions.is_empty(), "{:?}", reading.clauses);
}

fn reading_instruction(reading: &Reading) -> String {
    reading
        .clauses
        .iter()
        .filter(|c| c.role == Role::Condition)
        .map(|c| c.text.clone())
        .collect::<Vec<_>>()
        .join(". ")
}

#[test]
fn examples_of_a_subject_widen_it() {
    let reading = accepted(
        "bot can't answer a payroll tax question (tax codes, National Insurance, statutory sick or paternity pay) => ticket for a payroll specialist",
    );
    let about = reading
        .conditions
        .iter()
        .find_map(|c| match c {
            Condition::NoAnswer { about, .. } => Some(about.clone()),
            _ => None,
        })
        .expect("a no-answer condition");
    assert!(about.contains(&crate::text::stem("paternity")), "{about:?}");
}

#[test]
fn a_subject_access_request_is_a_privacy_request() {
    let reading = accepted(
        "Legal & data protection: a subject access request, a request to erase someone's personal data, or a customer threatening to sue us.",
    );
    assert!(
        reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Topic(Topic::PrivacyRequest))),
        "{:?}",
        reading.conditions
    );
}

#[test]
fn what_they_are_not_is_ruled_out_and_the_rest_stays() {
    let reading = accepted(
        "Corporate or private events that are not weddings, with more than 150 guests -> sales team.",
    );
    assert!(!reading.exclusions.is_empty(), "{:?}", reading.clauses);
    assert!(
        reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Quantity { .. })),
        "{:?}",
        reading.conditions
    );
    assert!(
        !reading.summary.contains("\"weddings\""),
        "{}",
        reading.summary
    );
}

#[test]
fn who_it_is_for_then_the_rule() {
    let reading = accepted(
        "For customers paying in instalments (payment_plan is monthly), create a ticket for Finance when they report a problem with a payment.",
    );
    assert_eq!(attribute_values(&reading, "payment_plan"), ["monthly"]);
    assert!(
        matches!(reading.expr, Some(Expr::All(_))),
        "{:?}",
        reading.expr
    );
}

#[test]
fn asides_between_double_dashes_are_examples() {
    let reading = accepted(
        "Couples with a planner (planner_assigned = yes): when they want to change anything about their wedding day -- menu, guest numbers, timings -- send them to their planner.",
    );
    assert!(
        reading
            .clauses
            .iter()
            .any(|c| c.role == Role::Routing && c.text.contains("send them to their planner")),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn speakers_of_a_language_and_the_other_senses_of_attachments() {
    let reading = accepted("French or Italian speakers go to the Paris/Milan desk.");
    assert!(
        matches!(
            &reading.conditions[..],
            [Condition::Language { inside: true, .. }]
        ),
        "{:?}",
        reading.conditions
    );
    // The bumps bonded to teeth are called attachments: a thing one can report, not a
    // file sent.
    accepted(
        "If a customer says our aligners or attachments are hurting them (a cut to the gum, bleeding that won't stop) put a clinician in the chat right away.",
    );
}

#[test]
fn a_title_before_who_says_what() {
    let reading = accepted(
        "Hot lead: the couple says they've already been to one of our venues for a viewing and they want to reserve a date.",
    );
    assert!(
        reading
            .clauses
            .iter()
            .any(|c| c.text == "hot lead" && c.role == Role::Commentary),
        "{:?}",
        reading.clauses
    );
    assert!(
        matches!(reading.expr, Some(Expr::All(_))),
        "{:?}",
        reading.expr
    );
}

#[test]
fn having_happened_before_is_a_condition_not_dropped() {
    let reading = accepted(
        "Customer tells us items were missing from their box and also tells us this has happened to them before -> ticket for the warehouse lead.",
    );
    assert!(
        matches!(&reading.expr, Some(Expr::All(parts)) if parts.len() == 2),
        "{:?}",
        reading.expr
    );
}

#[test]
fn the_languages_we_work_in_are_no_condition() {
    for instruction in [
        "The helpdesk works in German and English. Fans who write in another language go to the partner desk.",
        "Chat is supported in English and French. Customer writing in any other language -> multilingual team.",
    ] {
        let reading = accepted(instruction);
        assert!(
            matches!(
                &reading.conditions[..],
                [Condition::Language { inside: false, languages }] if languages.len() == 2
            ),
            "{instruction}: {:?}",
            reading.conditions
        );
    }
}

#[test]
fn a_title_with_its_priority_before_a_colon_is_commentary_and_the_rule_follows() {
    let reading = accepted(
        "Possible fraud or account compromise, top priority: the customer says someone else got into their portal account.",
    );
    assert!(
        reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Topic(Topic::AccountSecurity))),
        "{:?}",
        reading.conditions
    );
}

#[test]
fn handing_to_a_named_team_is_where_it_goes() {
    let reading = accepted(
        "Assistant can't answer a question about park operations and says so. Hand to Guest Relations.",
    );
    assert_eq!(
        reading
            .conditions
            .iter()
            .map(Condition::kind)
            .collect::<Vec<_>>(),
        vec!["out_of_scope"]
    );
}

#[test]
fn labels_colons_in_brackets_and_where_it_goes_on_a_line_of_its_own() {
    let reading = accepted(
        "Deferral requests -> admissions officer.\nAn applicant holding an offer wants to defer their place.\nException: they're only asking what the deferral deadline is.",
    );
    assert!(
        !reading
            .clauses
            .iter()
            .any(|c| c.role == Role::Condition && c.text.contains("exception")),
        "{:?}",
        reading.clauses
    );
    assert!(!reading.exclusions.is_empty());
    let reading = accepted(
        "International applicants (applicant_type: international) with a problem with their study visa go to visa compliance.",
    );
    assert_eq!(
        attribute_values(&reading, "applicant_type"),
        ["international"]
    );
    let reading = accepted(
        "more than 8 messages from the fan\nand still not sorted\n-> email the shift lead",
    );
    assert!(
        reading
            .clauses
            .iter()
            .all(|c| c.role != Role::Condition || !c.text.contains("shift lead")),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn a_comparison_is_not_an_attribute_value() {
    let reading =
        read("Fee waiver requests from applicants whose household income is under £25,000 a year.");
    assert!(
        attribute_values(&reading, "household_income").is_empty(),
        "{:?}",
        reading.conditions
    );
}

#[test]
fn and_before_a_clause_of_its_own_joins_two_conditions() {
    let reading = accepted(
        "Wearable sync + lost history:\nthe member's watch has stopped syncing with Pulsefit\nAND workouts or streaks have disappeared from their history.",
    );
    assert!(
        matches!(&reading.expr, Some(Expr::All(parts)) if parts.len() == 2),
        "{:?}",
        reading.expr
    );
    assert!(
        !reading.summary.contains("\"and also workouts\"")
            && !reading.summary.contains("\"workouts\""),
        "{}",
        reading.summary
    );
}

#[test]
fn who_it_is_for_before_a_colon_then_where_it_goes_and_when() {
    let reading = accepted(
        "International applicants only (customer attribute applicant_type = international): raise a Visa Compliance ticket when they report a problem with their student visa, i.e. it was refused or it is stuck.",
    );
    let kinds = kinds_of(&reading);
    assert!(kinds.contains(&"attribute"), "{kinds:?}");
    assert!(
        reading.conditions.iter().any(
            |c| matches!(c, Condition::Open(topic) if topic.slots().iter().any(|s| s == "visa"))
        ),
        "a word the instruction also writes in lower case is no name: {:?}",
        reading.conditions
    );
}

#[test]
fn what_the_assistant_does_meanwhile_and_what_the_customer_tried_are_no_attempts() {
    let reading = accepted(
        "Accessibility desk: the customer needs wheelchair spaces for a particular event. Only once we know which event; until then the assistant keeps asking.",
    );
    let kinds = kinds_of(&reading);
    assert!(!kinds.contains(&"repeated_question"), "{kinds:?}");
    let reading = accepted(
        "Their watch isn't syncing workouts and they tell us they've already tried reconnecting it.",
    );
    let kinds = kinds_of(&reading);
    assert!(!kinds.contains(&"failed_attempts"), "{kinds:?}");
}

#[test]
fn a_title_before_a_rule_and_things_named_with_examples() {
    let reading = accepted(
        "Commercial sales lead: a business, farm or school asking for a quote for a system over 25 kW.",
    );
    let kinds = kinds_of(&reading);
    assert!(kinds.contains(&"quantity"), "{kinds:?}");
    assert!(
        !reading
            .clauses
            .iter()
            .any(|c| c.text == "commercial sales lead" && c.role == Role::Condition),
        "the title is no condition: {:?}",
        reading.clauses
    );
    // Kinds of a thing the rule names are no alternative of their own: "insulin" alone is
    // a mention.
    let reading = accepted(
        "Fridge medicines (insulin, pills) that reached the customer warm, with the ice packs melted, or after sitting outside.",
    );
    assert!(
        !reading.conditions.iter().any(|c| matches!(c,
            Condition::Open(t) if t.slots().len() == t.slots_of_kind(crate::lexicon::Kind::Thing))),
        "{:?}",
        reading.conditions
    );
    // "a payout that is late": the payout, not who the customer is.
    let reading = accepted(
        "For dealer accounts (account_type: dealer) only - a payout that is late, missing, or the wrong amount.",
    );
    let kinds = kinds_of(&reading);
    assert!(!kinds.contains(&"who"), "{kinds:?}");
}

#[test]
fn instructions_refused_before_that_say_something_checkable() {
    let kinds = |instruction: &str| kinds_of(&accepted(instruction));
    assert_eq!(
        kinds("Angry customer: swearing, typing in caps, sarcastic digs at our service."),
        vec!["frustration"]
    );
    assert_eq!(
        kinds("Human requested -> put them through to a banker."),
        vec!["human_request"]
    );
    assert_eq!(
        kinds("We support English and French. Anything else goes to the multilingual desk."),
        vec!["language"]
    );
    // Every part after "when both are true:" must hold; a gate that "wouldn't open", in
    // brackets, is an example, not a rule-out.
    let reading = accepted(
        "Live agent when both are true: the member says a wash didn't happen (the gate wouldn't open) and the member says they were charged for it.",
    );
    assert!(
        matches!(reading.expr, Some(Expr::All(_))),
        "{:?}",
        reading.expr
    );
    assert!(reading.exclusions.is_empty(), "{:?}", reading.exclusions);
    // A condition before a colon stays one.
    assert!(!kinds("If the customer says it is urgent: hand off to the duty team.").is_empty());
}

#[test]
fn what_the_assistant_is_told_to_do_and_how_staff_behaved_are_no_conditions_of_their_own() {
    let kinds = |instruction: &str| kinds_of(&accepted(instruction));
    assert_eq!(
        kinds(
            "Legal: any mention of a lawyer or suing us goes to the Legal team. Do not try to answer it yourself."
        ),
        vec!["topic"]
    );
    assert!(
        !kinds("Complaints about damaged furniture or a rude delivery crew: send an email to Customer Relations.")
            .contains(&"frustration")
    );
    let reading = accepted(
        "Car rental: accidents, breakdowns or a warning light on the dashboard -> Roadside Assistance team",
    );
    assert!(
        !reading
            .clauses
            .iter()
            .any(|c| c.text == "car rental" && c.role == Role::Condition),
        "{:?}",
        reading.clauses
    );
    assert!(
        !accepted(
            "Pet emergencies (poisoning, seizures) - transfer to the on-call vet nurse IMMEDIATELY."
        )
        .summary
        .contains("transfer"),
    );
}

#[test]
fn what_the_assistant_can_answer_is_ruled_out_not_a_condition() {
    for instruction in [
        "Open a ticket when an owner disputes a service charge. Owners who just want to know what the fees are can be answered by the assistant.",
        "Hand off when a guest wants to cancel their booking. Guests asking what the cancellation policy is can be handled by the bot.",
        "Open a reprint ticket when a customer reports that the prints they received are damaged. Exception: a typo they made themselves; the bot handles those.",
    ] {
        let reading = accepted(instruction);
        assert_eq!(reading.conditions.len(), 1, "{instruction}: {reading:?}");
        assert_eq!(reading.exclusions.len(), 1, "{instruction}: {reading:?}");
        let exclusion = reading.exclusions[0].describe();
        assert!(
            !exclusion.contains("bot") && !exclusion.contains("assistant"),
            "{instruction}: who answers is not what is ruled out: {exclusion}"
        );
    }
}

#[test]
fn a_sentence_naming_whom_the_handoff_is_for_restricts_every_condition() {
    let trigger = crate::compile(
        "Holiday home owners only (guest_type = owner). If an owner disputes a service charge, open a ticket for Owner Relations.",
    )
    .trigger;
    let dispute = [user(
        "I was charged twice for my service charge this month, please fix it.",
    )];
    let owner = Attributes::from([("guest_type".to_owned(), "owner".to_owned())]);
    let visitor = Attributes::from([("guest_type".to_owned(), "visitor".to_owned())]);
    assert!(trigger.evaluate(&dispute, &owner).is_some());
    assert!(trigger.evaluate(&dispute, &visitor).is_none());
    let hello = [user("Hi, what time does the pool open?")];
    assert!(
        trigger.evaluate(&hello, &owner).is_none(),
        "being an owner is no condition of its own"
    );
}

#[test]
fn sentences_saying_who_stays_with_the_bot_rule_out_and_fire_never() {
    for instruction in [
        "Members on (tier: dedicated_desk) who ask to talk to someone go to their community manager. Hot-desk members don't get this, the bot keeps helping them.",
        "Retention: if loyalty_tier = gold and the customer asks to cancel their subscription, hand to the retention team. Anyone else can just be given the self-serve cancel link.",
        "Emergency repair reported by a tenant (gas smell, flooding) → out-of-hours maintenance line. Routine repairs like a dripping tap get logged as normal, no handoff.",
        "Post-treatment complications → urgent callback from the on-duty dentist. This is for patients reporting pain or swelling after treatment with us. NOT routine bookings, NOT price questions like what whitening costs.",
    ] {
        let reading = accepted(instruction);
        let last = reading.clauses.last().map(|c| &c.role);
        // "Anyone else …" after an attribute: the attribute already rules them out.
        assert!(
            matches!(last, Some(&Role::Exclusion | &Role::Commentary)),
            "{instruction}: {:?}",
            reading.clauses
        );
    }
}

#[test]
fn trigger_fire_and_priority_ticket_say_what_to_do_not_what_happened() {
    for instruction in [
        "Trigger when the customer says their animal has reacted badly to a medication we dispensed.",
        "Fire when a player says their own account was banned by mistake.",
        "Priority ticket to Technical Support when the customer says the heating won't come on at all.",
    ] {
        let reading = accepted(instruction);
        assert!(
            reading.clauses.iter().any(|c| c.role == Role::Routing),
            "{instruction}: {:?}",
            reading.clauses
        );
        let topic = reading.clauses.iter().find(|c| c.role == Role::Condition);
        assert!(
            topic.is_some_and(|c| !c.text.contains("trigger")
                && !c.text.contains("fire")
                && !c.text.contains("ticket")),
            "{instruction}: {:?}",
            reading.clauses
        );
    }
}

#[test]
fn who_a_handoff_is_for_can_follow_the_arrow_or_this_is_for() {
    let reading = accepted(
        "Payroll problems → Payroll Escalations, but only for customers on plan = business or plan = enterprise.",
    );
    assert_eq!(
        attribute_values(&reading, "plan"),
        ["business", "enterprise"]
    );
    let reading = accepted(
        "Post-treatment complications → urgent callback. This is for patients reporting pain, swelling or bleeding after treatment with us.",
    );
    assert_clause(&reading, Role::Condition, "pain");
}

#[test]
fn a_team_named_where_it_goes_is_no_product_name() {
    // "Payroll Escalations" is a team: "payroll" still names the condition.
    let reading = accepted("Payroll problems → Payroll Escalations.");
    assert_eq!(kinds_of(&reading), vec!["topic"]);
    let reading = accepted("Send safety incidents to Trust & Safety.");
    assert_eq!(kinds_of(&reading), vec!["topic"]);
}

#[test]
fn a_failed_thing_the_customer_reports_is_no_failed_attempt() {
    assert_eq!(
        kinds("Customers who report a failed pay run go to payroll."),
        vec!["topic"]
    );
    assert_eq!(
        kinds("Hand off after two failed attempts."),
        vec!["failed_attempts"]
    );
    let instruction = "If a rider tells us they've crashed or been hurt while riding one of our bikes, or that a bike failed dangerously during a ride (the brakes gave out, the battery smoked), get the safety team in.";
    assert!(fires_on(
        instruction,
        "just came off one of your bikes, my wrist is really swollen"
    ));
    assert!(!fires_on(
        instruction,
        "My friend crashed on her own bike yesterday and wants to try you. Do your bikes come with helmets?"
    ));
    let kinds = kinds(instruction);
    assert!(!kinds.contains(&"failed_attempts"), "{kinds:?}");
    assert_eq!(
        kinds_of(&accepted(
            "Hand over when the assistant fails twice on the same problem."
        )),
        vec!["failed_attempts"]
    );
}

#[test]
fn one_asked_for_is_the_person_where_it_goes() {
    for instruction in [
        "Escalate to an agent when the passenger asks for one.",
        "Hand off to a person when the customer requests one.",
        "Hand off when the customer requests a person.",
    ] {
        assert_eq!(kinds(instruction), vec!["human_request"], "{instruction}");
    }
}

#[test]
fn a_plus_joins_conditions_and_equals_before_where_it_goes_is_an_arrow() {
    let reading = accepted(
        "Locked out + (department: Finance) or (department: Executive) = P1 ticket, skip troubleshooting.",
    );
    assert_eq!(
        attribute_values(&reading, "department"),
        ["finance", "executive"]
    );
    assert!(
        matches!(reading.expr, Some(Expr::All(_))),
        "both must hold: {:?}",
        reading.expr
    );
    // Prose after "=" is no attribute.
    let reading = accepted(
        "POSSIBLE EMERGENCY = PAGE THE ON-CALL VET IMMEDIATELY. Breathing trouble or a seizure.",
    );
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Attribute(_))),
        "{:?}",
        reading.conditions
    );
}

#[test]
fn after_an_arrow_a_colon_puts_the_rule_after_where_it_goes() {
    let reading = accepted(
        "Lockouts → live agent: the user is locked out right now (lock not responding, keypad rejecting their code).",
    );
    assert_clause(&reading, Role::Routing, "live agent");
}

#[test]
fn what_the_bot_does_itself_or_gives_everyone_else_is_ruled_out() {
    for instruction in [
        "Cancellations go to retention. Newer members: the bot processes the cancellation itself.",
        "Furious players go to the community manager; other players get the standard apology from the bot.",
    ] {
        let reading = accepted(instruction);
        assert_eq!(reading.conditions.len(), 1, "{instruction}: {reading:?}");
    }
}

#[test]
fn what_was_done_to_someone_or_where_it_goes_names_no_detector() {
    // "shouted at" is done to a child, not the customer's anger.
    let reading = accepted(
        "Hand over to a person when a parent raises a safeguarding worry about a nursery worker: a child hurt, left alone, shouted at or hit.",
    );
    assert!(
        !kinds_of(&reading).contains(&"frustration"),
        "{:?}",
        reading.conditions
    );
    // "goes to" is where it goes, not "two goes".
    assert!(
        !kinds("Payment difficulty goes to Financial Support: the customer says they can't pay.")
            .contains(&"failed_attempts")
    );
    // Who follows the usual policy is ruled out, not a condition.
    let reading = accepted(
        "Learners on an employer-paid licence (sponsor = employer) asking for a refund -> ticket to their L&D admin. Self-funded learners just follow the normal refund policy.",
    );
    assert!(
        matches!(reading.expr, Some(Expr::All(_))),
        "{:?}",
        reading.expr
    );
}

#[test]
fn a_number_the_front_end_sends_is_bounded_by_its_key() {
    let trigger = crate::compile(
        "Members with tenure_months of 6 or more who want to cancel their subscription go to retention.",
    )
    .trigger;
    let cancel = [user("Please cancel my subscription.")];
    let tenure = |months: &str| Attributes::from([("tenure_months".to_owned(), months.to_owned())]);
    assert!(trigger.evaluate(&cancel, &tenure("8")).is_some());
    assert!(trigger.evaluate(&cancel, &tenure("6")).is_some());
    assert!(trigger.evaluate(&cancel, &tenure("3")).is_none());
    assert!(trigger.evaluate(&cancel, &Attributes::new()).is_none());
    for (instruction, key) in [
        (
            "Customers with order_value over 500 who report damage go to claims.",
            "order_value",
        ),
        (
            "Customers aged 55 or over who want to take money out go to a specialist.",
            "age",
        ),
        (
            "Hand off when lifetime_value >= 1000 and the customer asks for a refund.",
            "lifetime_value",
        ),
    ] {
        let reading = accepted(instruction);
        assert_eq!(
            attribute_values(&reading, key).len(),
            1,
            "{instruction}: {reading:?}"
        );
        assert!(
            !kinds_of(&reading).contains(&"quantity"),
            "the number is the attribute's, not one the customer gives: {instruction}"
        );
    }
}

#[test]
fn callbacks_phone_calls_and_emails_are_where_it_goes() {
    for instruction in [
        "For customers on the homecare_plus plan, book an emergency engineer callback when they report no heating or no hot water.",
        "If a parent says their child was hurt in the water during a lesson, phone the head instructor.",
        "Anyone asking for a quote on 25 or more chairs, or for a full office fit-out, gets emailed over to B2B sales.",
    ] {
        let reading = accepted(instruction);
        assert!(
            !kinds_of(&reading).contains(&"human_request"),
            "{instruction}: {:?}",
            reading.conditions
        );
        assert!(
            reading
                .clauses
                .iter()
                .filter(|c| c.role == Role::Condition)
                .all(|c| !c.text.contains("phone")
                    && !c.text.contains("emailed")
                    && !c.text.contains("callback")),
            "{instruction}: {:?}",
            reading.clauses
        );
    }
}

#[test]
fn an_arrow_after_a_question_and_same_applies_to_belong_to_the_handoff() {
    let reading = accepted(
        "Ask for a human? -> send to the shop desk in Val Thorens. People asking whether they're talking to a bot don't count.",
    );
    assert_eq!(kinds_of(&reading), vec!["human_request"]);
    let reading = accepted(
        "Members asking for a real person go to the Member Services queue. Same applies to anyone who says they were charged after cancelling their pass.",
    );
    assert!(
        reading
            .clauses
            .iter()
            .all(|c| !c.text.starts_with("same applies")),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn what_the_operator_thinks_of_the_assistant_and_where_it_happened_are_no_conditions() {
    assert_eq!(
        kinds(
            "If the customer asks the same question three times, the assistant clearly isn't getting it. Pass the chat to box office staff."
        ),
        vec!["repeated_question"]
    );
    // A failure of the assistant's after the comma is a condition, and stays one.
    assert!(
        kinds("If the customer reports a fault, the assistant can't fix it.")
            .contains(&"failed_attempts")
    );
    let reading = accepted(
        "A parent tells us their child got hurt while in our care at one of our nurseries. This goes to the nursery manager.",
    );
    assert_clause(&reading, Role::Commentary, "in our care");
}

/// Whether `instruction`, compiled, fires on the single customer message `text`.
fn fires_on(instruction: &str, text: &str) -> bool {
    crate::compile(instruction)
        .trigger
        .evaluate(&[user(text)], &Attributes::new())
        .is_some()
}

/// Whether `instruction` fires when the customer asks `question` and the assistant answers
/// `reply` with no answer (`answered: false`).
fn fires_on_no_answer(instruction: &str, question: &str, reply: &str) -> bool {
    let turns = [user(question), crate::test_turns::agent(reply, Some(false))];
    crate::compile(instruction)
        .trigger
        .evaluate(&turns, &Attributes::new())
        .is_some()
}

#[test]
fn listed_happenings_are_alternatives_and_examples_describe_the_happening() {
    let nursery = "A parent tells us their child got hurt, became unwell or had an allergic reaction while in our care at one of our nurseries (a bump, a bite from another child, a fall in the garden).";
    accepted(nursery);
    // Each happening alone, said of the child by name: who it happened to is no word the
    // customer must repeat.
    assert!(fires_on(
        nursery,
        "Maya became really unwell after lunch today"
    ));
    assert!(fires_on(
        nursery,
        "Jack got hurt in the garden this morning"
    ));
    assert!(!fires_on(nursery, "what time is lunch served?"));
    // "a sudden drop in their hearing, pain in the ear, …": phrases listed by commas.
    let ears = "Bring in a clinician when a patient describes a sudden drop in their own hearing, pain in the ear or dizziness.";
    assert!(fires_on(
        ears,
        "I've had a sharp pain in the ear since this morning"
    ));
    // A circumstance after the comma belongs to the happening before it.
    let returns = accepted(
        "Buyer wants to send back a car they bought, under our 7-day money-back guarantee.",
    );
    assert_eq!(returns.conditions.len(), 1, "{:?}", returns.conditions);
}

#[test]
fn an_attribute_then_what_they_ask_keeps_both_and_the_list_is_examples() {
    let trigger = crate::compile(
        "Business accounts (account_type is business) asking for a quote for more equipment: cameras, sensors, keypads.",
    )
    .trigger;
    let business = Attributes::from([("account_type".to_owned(), "business".to_owned())]);
    let quote = [user(
        "could you quote us for more equipment for the warehouse?",
    )];
    assert!(trigger.evaluate(&quote, &business).is_some());
    assert!(trigger.evaluate(&quote, &Attributes::new()).is_none());
}

#[test]
fn the_customer_not_knowing_why_is_what_they_report() {
    let alarm = "Send to the monitoring centre when a customer reports an intruder at their property, or says their alarm is going off and they don't know why.";
    let reading = accepted(alarm);
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::NoAnswer { .. })),
        "{:?}",
        reading.conditions
    );
    assert!(fires_on(
        alarm,
        "my alarm's been going off for five minutes, no idea why"
    ));
    assert!(fires_on(
        alarm,
        "someone broke in through the back door last night"
    ));
}

#[test]
fn labelled_exceptions_and_not_this_rule_out() {
    let reading = accepted(
        "Send cancellations to the retention team: the member wants to end their membership. Exceptions, don't route these (the bot handles them): moving the membership to a different vehicle, and pausing the membership for a while.",
    );
    assert_clause(&reading, Role::Exclusion, "pausing the membership");
    let reading = accepted(
        "Bring in a clinician when a patient describes pain in the ear. A hearing aid that has gone quiet is a device problem, not this.",
    );
    assert_clause(&reading, Role::Exclusion, "gone quiet");
    let reading = accepted(
        "Buyer wants to send back a car they bought. Exclude chats where they only want to know how returns work (the deadline, the steps, the fees).",
    );
    assert_clause(&reading, Role::Exclusion, "how returns work");
    // How failures are counted, and which are usual, is no topic.
    assert_eq!(
        kinds(
            "Two fixes tried on the same problem and neither worked. Count per problem; door app, Wi-Fi and printers are the usual ones."
        ),
        vec!["failed_attempts"]
    );
}

#[test]
fn leaving_it_with_the_assistant_rules_out_and_saying_it_can_reassure_is_commentary() {
    let reading = accepted(
        "Subscriber wants to end their Fieldbox subscription. Leave it with the assistant when they only want to skip a week or change their delivery day.",
    );
    assert_clause(&reading, Role::Exclusion, "skip a week");
    let dental = "Bring in the clinical team if the customer describes severe or lasting pain or a cracked tooth. Do NOT hand off for mild soreness on a new tray; the assistant can reassure them about that.";
    let reading = accepted(dental);
    assert_clause(&reading, Role::Commentary, "reassure");
    assert_clause(&reading, Role::Exclusion, "mild soreness");
    // "severe or lasting pain": severe pain, not anything severe.
    assert!(fires_on(
        dental,
        "I've had severe pain in my jaw since last night"
    ));
    assert!(!fires_on(dental, "the delay is a severe inconvenience"));
    assert!(fires_on(dental, "one of my molars cracked"));
}

#[test]
fn what_was_not_done_is_said_in_the_customers_words_and_never_inverted() {
    let undisclosed =
        "Hand off when a buyer reports a mechanical fault that wasn't disclosed in the listing.";
    assert!(fires_on(
        undisclosed,
        "the gearbox has a mechanical fault and the listing said nothing about it"
    ));
    // Things listed before a qualifier share it: each is one the driver doesn't recognise.
    let unknown = "Urgent, straight to the security team:\n- vehicles, cards or parking sessions on the account that the driver doesn't recognise.";
    let reading = accepted(unknown);
    assert_clause(&reading, Role::Routing, "security team");
    assert!(fires_on(
        unknown,
        "there's a card on my account I don't recognise"
    ));
    assert!(!fires_on(
        unknown,
        "the barrier won't open. Kerbside recognised my plate on the way in."
    ));
    assert!(!fires_on(
        unknown,
        "how do I add a second card to my account?"
    ));
}

#[test]
fn an_assistant_that_cannot_help_has_no_answer_it_has_not_failed_a_fix() {
    // "can't help with their question" is the assistant saying it has no answer, on its
    // own turn; no fix of the assistant's was tried, so a customer's "still broken" after
    // one answered step is no reason to hand off.
    let stuck = "When the assistant has to tell the customer it doesn't have the information they're asking for, or can't help with their question, pass the chat to the contact centre.";
    let reading = accepted(stuck);
    assert!(
        reading
            .conditions
            .iter()
            .all(|c| matches!(c, Condition::NoAnswer { about, .. } if about.is_empty())),
        "{:?}",
        reading.conditions
    );
}

#[test]
fn whoever_tells_us_is_the_person_writing_not_a_word_to_find() {
    // "a viewer tells us …": the operator's name for the customer is no word the
    // customer writes ("the captions were missing" never says "viewer").
    let captions = "Put the accessibility team on it when a viewer tells us the captions were missing on a show.";
    assert!(fires_on(
        captions,
        "the captions were missing for the whole show last night"
    ));
    assert!(!fires_on(captions, "I'm a viewer, where is the schedule?"));
}

#[test]
fn who_tells_us_what_is_covered_anyway_and_how_to_reach_the_operator_are_no_conditions() {
    // "a teacher or school staff member reports that …": who tells us; their "or" joins
    // no alternatives. "heard or saw explicit material": each with the material.
    let explicit = "If a teacher or school staff member reports that students heard or saw explicit material through the app, bring in Trust & Safety.";
    assert!(fires_on(
        explicit,
        "my students heard explicit material in class today"
    ));
    assert!(!fires_on(
        explicit,
        "I heard you have a new playlist feature"
    ));
    assert!(!fires_on(explicit, "a teacher asked me about the app"));
    let licensing = accepted(
        "Route to the licensing team when a school wants to play our music at a concert with an audience of more than 200 people. Ordinary classroom use, and events of 200 people or fewer, are covered by the standard school licence and the assistant can just say so.",
    );
    assert_clause(&licensing, Role::Exclusion, "ordinary classroom use");
    let bride = accepted(
        "If the bride (or whoever is booking for her) wants to move the wedding date, message me (Priya) directly on WhatsApp. Don't forward trial booking questions, the assistant has all of that.",
    );
    assert_clause(&bride, Role::Routing, "whatsapp");
    assert_clause(&bride, Role::Exclusion, "trial booking");
    assert!(fires_on(
        "If the bride wants to move the wedding date, message me directly on WhatsApp.",
        "we need to move our wedding date to June please"
    ));
}

#[test]
fn the_assistant_unable_to_tell_is_no_answer_and_this_rule_doesnt_apply_rules_out() {
    let reading = accepted(
        "If the assistant admits it can't tell whether something is covered by the customer's policy, bring in an underwriting adviser. Coverage questions only: when the assistant can't answer about payments, this rule doesn't apply.",
    );
    assert_eq!(
        reading
            .conditions
            .iter()
            .filter(|c| matches!(c, Condition::NoAnswer { .. }))
            .count(),
        1,
        "{:?}",
        reading.conditions
    );
    assert_clause(&reading, Role::Exclusion, "doesn't apply");
}

#[test]
fn a_qualifier_after_where_it_goes_with_no_condition_is_no_condition() {
    let reading = read("Send everything to Billing, except refunds.");
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Topic(Topic::Refund))),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn background_about_a_policy_rules_nothing_out() {
    let reading = accepted(
        "Escalate when the customer reports water damage in their home. Our basic policy does not cover flood damage.",
    );
    assert!(reading.exclusions.is_empty(), "{:?}", reading.clauses);
}

#[test]
fn who_takes_over_before_if_or_when_is_where_it_goes() {
    for (instruction, says) in [
        (
            "Drop everything and get a venue specialist in if a couple tells us their venue has been double-booked.",
            "the barn has double-booked our venue for our date",
        ),
        (
            "Live agent if the glasses arrived damaged.",
            "my glasses arrived damaged, one arm snapped",
        ),
        (
            "The safety team takes over when a rider tells us they got hurt in a crash on one of our bikes.",
            "I got hurt in a crash on your bike this morning",
        ),
        (
            "Customers who want to move their wedding to a different date get their personal planner.",
            "we need to move our wedding to a different date",
        ),
        (
            "B2B leads for the corporate sales team: a company asking about passes for its staff.",
            "our company is asking about passes for its staff",
        ),
    ] {
        let reading = accepted(instruction);
        assert!(
            !reading
                .conditions
                .iter()
                .any(|c| matches!(c, Condition::HumanRequest)),
            "{instruction}: {:?}",
            reading.clauses
        );
        assert!(
            reading.clauses.iter().any(|c| c.role == Role::Routing),
            "{instruction}: {:?}",
            reading.clauses
        );
        assert!(fires_on(instruction, says), "{instruction}: {says}");
        assert!(
            !fires_on(instruction, "can I talk to a person?"),
            "{instruction}"
        );
    }
}

#[test]
fn calling_off_a_booking_asks_for_no_call() {
    let instruction =
        "Send to the Bookings team when a couple wants to call off their venue booking altogether.";
    assert!(!kinds(instruction).contains(&"human_request"));
    assert!(fires_on(
        instruction,
        "we want to call off our venue booking, sadly"
    ));
}

#[test]
fn what_a_request_is_not_in_brackets_is_ruled_out() {
    let reading = accepted(
        "Live agent if the glasses arrived damaged and the customer wants a refund (not a replacement).",
    );
    assert_clause(&reading, Role::Exclusion, "not a replacement");
    let instruction = "Live agent if the customer wants a refund (not a replacement).";
    assert!(fires_on(instruction, "I want a refund please"));
    assert!(!fires_on(
        instruction,
        "can you send me a replacement? I want a refund otherwise"
    ));
}

#[test]
fn excludes_rules_out_and_a_wish_to_upload_is_said_in_words() {
    let reading = accepted(
        "Route to the optical team when a customer says the lenses we made don't match their prescription. Excludes customers who just want to upload or update a prescription for a new order.",
    );
    assert_clause(&reading, Role::Exclusion, "upload");
    assert!(!has_clause(&reading, Role::Condition, "excludes"));
}

#[test]
fn an_attribute_named_as_one_with_a_quoted_value_and_what_they_ask() {
    let instruction = "For Vantage Vision members (insurer attribute is \"Vantage Vision\") who ask for help getting reimbursed by their insurer for an order, transfer to Insurance Support.";
    let reading = accepted(instruction);
    assert!(
        reading.conditions.iter().any(|c| matches!(
            c,
            Condition::Attribute(a) if a.key.as_deref() == Some("insurer") && a.value == "vantage vision"
        )),
        "{:?}",
        reading.conditions
    );
    assert!(
        reading.conditions.len() > 1,
        "what they ask is kept: {:?}",
        reading.clauses
    );
}

#[test]
fn items_under_both_are_true_must_all_hold() {
    let instruction = "Hand to a live agent when both are true:\n- the rider says the bike won't lock, and\n- the rider says the ride is still running.";
    accepted(instruction);
    assert!(!fires_on(instruction, "the bike won't lock"));
    assert!(fires_on(
        instruction,
        "the bike won't lock and the ride is still running"
    ));
}

#[test]
fn a_time_after_or_is_the_happening_before_it_at_another_time() {
    let instruction = "Open a ticket when the customer says they were charged for a week they skipped or after they cancelled.";
    accepted(instruction);
    assert!(!fires_on(instruction, "I cancelled my plan yesterday"));
    assert!(fires_on(
        instruction,
        "I cancelled last month and you still charged me again"
    ));
}

#[test]
fn examples_in_brackets_describe_the_alternative_they_are_written_in() {
    let instruction = "Open a ticket when a customer wants a refund for a box (missing, spoiled or damaged ingredients), or says they were charged after they cancelled.";
    accepted(instruction);
    assert!(!fires_on(instruction, "the peppers in my box were spoiled"));
    assert!(fires_on(
        instruction,
        "I want a refund, the peppers were spoiled"
    ));
}

#[test]
fn a_number_of_their_people_and_what_is_asked_for_it() {
    let reading = accepted(
        "A company, university or other organisation asking about passes for more than 50 of their people.",
    );
    assert!(
        reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Quantity { at_least: 51, .. }))
    );
    let reading =
        accepted("Exclusive-use enquiries for more than 150 guests go to the events desk.");
    assert!(
        !has_clause(&reading, Role::Condition, "enquiries for"),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn kinds_of_message_listed_with_and_are_alternatives() {
    let instruction = "Finance ticket: requests to refund the application fee, and reports of being charged twice for an application.";
    accepted(instruction);
    assert!(fires_on(
        instruction,
        "my card was charged twice for the application fee"
    ));
    assert!(fires_on(
        instruction,
        "can I have the application fee refunded please?"
    ));
}

#[test]
fn what_the_bot_is_left_with_is_no_condition() {
    let instruction = "If the assistant says it can't answer a question about a course or deadlines, open a ticket. Anything else the bot can't answer (accommodation, parking) we leave alone.";
    let reading = accepted(instruction);
    assert!(
        !has_clause(&reading, Role::Condition, "anything else"),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn what_a_rule_does_not_cover_and_who_else_handles_it_are_no_conditions() {
    let instruction = "If a renter tells us the car got damaged during their rental, get the Incident team onto the chat. This does NOT cover scratches or dents that were already on the car at pickup; the app's pickup-photo form handles those.";
    let reading = accepted(instruction);
    assert_clause(&reading, Role::Exclusion, "scratches");
    assert!(
        !has_clause(&reading, Role::Condition, "form handles"),
        "{:?}",
        reading.clauses
    );
    assert!(
        reading
            .clauses
            .iter()
            .all(|c| c.role != Role::Exclusion || !c.meaning.contains("does not cover")),
        "what is ruled out is the scratches: {:?}",
        reading.clauses
    );
}

#[test]
fn what_qualifies_the_condition_after_where_it_goes_stays_with_it() {
    let instruction =
        "Group enquiries go to the Events team, but only if they need more than 8 rooms.";
    accepted(instruction);
    assert!(!fires_on(
        instruction,
        "we'd like to book rooms for a group of 4"
    ));
    assert!(fires_on(
        instruction,
        "we need 12 rooms for our group in May"
    ));
    let refunds = "Refund requests for lesson packages go to Billing, except a refund for a single lesson the tutor didn't turn up to.";
    let reading = accepted(refunds);
    assert_clause(&reading, Role::Exclusion, "single lesson");
}

#[test]
fn a_rate_that_is_not_refundable_asks_for_no_refund() {
    let instruction = "If the guest wants to cancel a booking and tells us it was booked on a non-refundable rate, bring in Reservations; they can often move the dates instead.";
    let reading = accepted(instruction);
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Topic(Topic::Refund)))
    );
    assert!(!has_clause(&reading, Role::Condition, "instead"));
}

#[test]
fn what_alternatives_of_an_exclusion_share_qualifies_each() {
    let instruction = "If a renter tells us the car got damaged during their rental, get the Incident team onto the chat. This does NOT cover scratches or dents that were already on the car at pickup.";
    accepted(instruction);
    assert!(fires_on(
        instruction,
        "someone scratched and dented my car in the car park last night"
    ));
    assert!(!fires_on(
        instruction,
        "the scratches were already on the car at pickup"
    ));
}

#[test]
fn calling_off_a_booking_is_cancelling_it_in_any_words() {
    let instruction =
        "Send to the Bookings team when a couple wants to call off their venue booking altogether.";
    for says in [
        "we've split up, so please cancel our booking at The Orangery",
        "Hola, queremos cancelar nuestra reserva en la Finca Los Olivos.",
        "nous voulons annuler notre réservation",
    ] {
        assert!(fires_on(instruction, says), "{says}");
    }
    assert!(!fires_on(instruction, "what is your cancellation policy?"));
}

#[test]
fn an_exclusion_keeps_the_thing_that_sets_it_apart() {
    let instruction = "The safety team takes over when a rider tells us they got hurt in a crash or a fall on one of our bikes. The app crashing is not a crash.";
    accepted(instruction);
    assert!(fires_on(
        instruction,
        "I fell off one of your bikes and my wrist is really swollen"
    ));
    assert!(!fires_on(
        instruction,
        "the app keeps crashing when I try to unlock a bike"
    ));
    assert!(!fires_on(
        instruction,
        "crashed my own bike yesterday and hurt my shoulder"
    ));
}

#[test]
fn examples_in_two_brackets_each_describe_their_own_alternative() {
    let instruction = "Escalate when the customer wants a refund for a box (missing, spoiled), or says a courier was rude (shouted, swore).";
    let reading = accepted(instruction);
    assert!(
        reading
            .clauses
            .iter()
            .all(|c| !c.text.contains('\u{E000}') && !c.meaning.contains('\u{E000}')),
        "{:?}",
        reading.clauses
    );
    assert!(!fires_on(instruction, "the peppers were spoiled"));
    assert!(fires_on(
        instruction,
        "the courier swore at me on my doorstep"
    ));
}

#[test]
fn data_passed_on_without_consent_is_no_account_taken_over() {
    let reading = accepted(
        "Escalate when the customer says their information was shared with someone without their consent.",
    );
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Topic(Topic::AccountSecurity))),
        "{:?}",
        reading.clauses
    );
    assert!(
        kinds("Escalate when someone changed their booking without their permission.")
            .contains(&"topic")
    );
}

#[test]
fn what_the_assistant_may_not_do_and_what_it_knows_are_commentary() {
    let advice = accepted(
        "The assistant must not give tax advice. If a customer wants advice on which deductions they can claim, send them to an agent.",
    );
    assert_clause(&advice, Role::Commentary, "must not give tax advice");
    assert!(!fires_on(
        "The assistant must not give tax advice. If a customer wants advice on which deductions they can claim, send them to an agent.",
        "I'm taking legal action against my landlord, can you help me file the rent?"
    ));
    let scope = accepted(
        "The assistant only knows about bookings, vouchers and the app. When a customer needs help with a train ticket, pass them to a person.",
    );
    assert_clause(&scope, Role::Commentary, "only knows about bookings");
    assert!(!fires_on(
        "The assistant only knows about bookings, vouchers and the app. When a customer needs help with a train ticket, pass them to a person.",
        "my voucher code for the spa booking isn't being accepted in the app"
    ));
}

#[test]
fn do_not_do_this_when_rules_out() {
    let instruction = "If a visitor asks to talk to a real member of staff, connect them to the front desk. Don't do this when they're only asking whether a guide is around.";
    let reading = accepted(instruction);
    assert_clause(&reading, Role::Exclusion, "only asking whether a guide");
    assert!(fires_on(instruction, "can I talk to a real person please"));
    assert!(!fires_on(
        instruction,
        "is a guide around at the north gate this afternoon?"
    ));
}

#[test]
fn a_tier_of_the_operators_naming_is_an_attribute() {
    let instruction =
        "For Lantern members, hand over when they ask us to move a booking to another day.";
    let reading = accepted(instruction);
    assert!(
        reading.conditions.iter().any(|c| matches!(
            c,
            Condition::Attribute(a) if a.key.is_none() && a.value == "lantern"
        )),
        "{:?}",
        reading.clauses
    );
    // People described, not a tier named: no attribute to hold.
    assert!(
        !read("For new members, hand over when they ask us to move a booking to another day.")
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Attribute(_)))
    );
}

#[test]
fn why_a_person_takes_it_is_no_part_of_the_condition() {
    let reading = accepted(
        "Hand over when they ask us to move an existing booking to another date or time, so staff can waive the change fee.",
    );
    assert!(
        reading.clauses.iter().all(|c| !c.meaning.contains("waive")),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn one_of_the_customers_party_is_who_it_happened_to() {
    let instruction =
        "Urgent: a customer tells us that someone in their group got hurt during a session.";
    accepted(instruction);
    assert!(fires_on(
        instruction,
        "my brother sprained his ankle on the climbing wall during our session yesterday"
    ));
}

#[test]
fn a_problem_still_not_fixed_is_the_condition_not_an_exclusion() {
    let reading = accepted(
        "Our service desk takes over once the assistant has tried three times to fix the same system problem (an inverter fault code, a battery that won't charge) and it still isn't fixed.",
    );
    assert_eq!(kinds_of(&reading), vec!["failed_attempts"]);
    let reading = accepted(
        "If a member ends up asking us the same question for the third time in one chat, something isn't landing; raise a ticket so the community team can follow up properly.",
    );
    assert_eq!(kinds_of(&reading), vec!["repeated_question"]);
}

#[test]
fn remarks_about_how_to_count_and_what_an_account_holds_are_commentary() {
    let instruction = "Take over after the assistant has failed three times on the same problem. Note that two misses on the inverter plus one on the app don't add up to three: those are different problems. Treatment photos and health details live in that account.";
    let reading = accepted(instruction);
    assert_eq!(kinds_of(&reading), vec!["failed_attempts"]);
}

#[test]
fn who_does_not_need_it_is_ruled_out() {
    let reading = accepted(
        "Email the project team when the assistant says it doesn't have the information about their own installation. General questions that have nothing to do with Sunhaven (tax advice, a system some other company installed, and so on) don't need this.",
    );
    assert_clause(&reading, Role::Exclusion, "general questions");
    let reading = accepted(
        "A business enquiring about a private office for a team of 15 or more people should become a ticket for enterprise sales. Freelancers and small teams are looked after in the chat.",
    );
    assert_clause(&reading, Role::Exclusion, "freelancers");
}

#[test]
fn the_team_that_should_handle_it_and_pull_in_are_where_it_goes() {
    let reading = accepted(
        "Our camp-liaison team should handle it when a parent needs a camp to accommodate their child's medical condition.",
    );
    assert_clause(&reading, Role::Routing, "camp-liaison team");
    assert!(
        reading
            .clauses
            .iter()
            .all(|c| c.role != Role::Condition || !c.text.contains("liaison")),
        "{:?}",
        reading.clauses
    );
    let reading = accepted(
        "If a member tells us that something in the space is dangerous right now, e.g. a smell of gas, pull in the on-duty community manager immediately.",
    );
    assert_clause(&reading, Role::Routing, "pull in");
}

#[test]
fn why_before_so_if_is_no_part_of_the_condition() {
    let instruction = "Members on the Resident plan pay for round-the-clock access, so if one of them reports that they can't get into the building, put them through to the building ops desk.";
    let reading = accepted(instruction);
    assert!(
        kinds_of(&reading).contains(&"attribute"),
        "{:?}",
        reading.clauses
    );
    assert!(
        reading.clauses.iter().all(|c| !c.meaning.contains("round")),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn a_question_about_something_rules_out_only_the_question() {
    let instruction = "Create a payments ticket when a buyer asks for a refund. A question about our fees, or about when payouts normally land, is not a ticket.";
    accepted(instruction);
    assert!(fires_on(
        instruction,
        "The show was cancelled. I want a refund for my 2 weekend passes."
    ));
    assert!(!fires_on(instruction, "what are your fees on a resale?"));
}

#[test]
fn what_a_miss_means_defines_the_count_and_adds_no_condition() {
    let reading = accepted(
        "When the assistant has missed twice on the same issue, meaning the member says the suggestion didn't help, or asks the same thing again, or the assistant says it can't find an answer, get a care specialist to take over.",
    );
    assert_eq!(kinds_of(&reading), vec!["failed_attempts"]);
}

#[test]
fn subjects_listed_after_a_no_answer_are_its_subjects() {
    let reading = accepted(
        "When the assistant tells a homeowner it doesn't have the information about their own installation, its permit, or our products and warranties, email the project team.",
    );
    assert_eq!(kinds_of(&reading), vec!["out_of_scope"]);
}

#[test]
fn done_without_their_say_so_is_not_what_they_did_themselves() {
    let instruction = "Hand off at once if a user reports that tickets were transferred or listed from their account without their say-so.";
    accepted(instruction);
    assert!(fires_on(
        instruction,
        "someone transferred my tickets to an email I don't know"
    ));
    assert!(!fires_on(
        instruction,
        "I transferred my tickets to my friend by mistake, can I get them back?"
    ));
    assert!(!fires_on(
        instruction,
        "my seats are listed as 'obstructed view' in the app, but that wasn't on the listing"
    ));
}

#[test]
fn an_offering_named_after_the_last_alternative_holds_for_each() {
    let instruction = "Escalate right away if a parent tells us their child was injured, went missing, or was mistreated at a camp they booked through us.";
    accepted(instruction);
    assert!(fires_on(
        instruction,
        "my son broke his arm at Eagle Peak camp yesterday, nobody called us"
    ));
    assert!(!fires_on(
        instruction,
        "she sprained her ankle at her school camp last week, not one of yours - can she still start on monday?"
    ));
}

#[test]
fn each_alternative_keeps_its_own_object() {
    let instruction = "Send the chat to member success when a member wants to end their membership or close their company's account with us. Leave it with the assistant when they're only moving to another location or switching to a different plan; that isn't leaving.";
    let reading = accepted(instruction);
    assert_clause(&reading, Role::Commentary, "that isn't leaving");
    assert!(fires_on(
        instruction,
        "Please terminate our membership effective 30 June."
    ));
    assert!(!fires_on(
        instruction,
        "please cancel my meeting room booking for tomorrow"
    ));
}

#[test]
fn what_is_the_assistants_job_is_ruled_out() {
    let reading = accepted(
        "Open a billing ticket when the customer contests a charge on their bill or asks us for money back. Explaining what a line on the bill means, or what a plan costs, is the assistant's job, not a ticket.",
    );
    assert_clause(&reading, Role::Exclusion, "what a line on the bill means");
    assert_eq!(kinds_of(&reading), vec!["topic", "topic"]);
}

#[test]
fn examples_of_the_problems_a_count_is_about_narrow_nothing() {
    let reading = accepted(
        "If the assistant has had two goes at the same problem and neither worked, move the customer to an adviser. Typical examples: not being able to log in to the policy portal, claim photos that won't upload, a payment page that keeps erroring.",
    );
    assert_eq!(kinds_of(&reading), vec!["failed_attempts"]);
    assert_clause(&reading, Role::Commentary, "typical examples");
}

#[test]
fn a_complaint_about_something_is_more_than_naming_it() {
    let instruction = "Open a ticket when an owner complains about the care or treatment their pet received at one of our clinics.";
    accepted(instruction);
    assert!(fires_on(
        instruction,
        "I'm really unhappy with the care Bella got at your Kirkstall clinic, nobody checked her stitches"
    ));
    assert!(!fires_on(
        instruction,
        "I'm on the care plan and my direct debit went out twice this month"
    ));
}

#[test]
fn why_something_happened_rules_out_only_the_question() {
    let instruction = "Raise a ticket when a customer says they've been charged the wrong premium or asks for premium to be refunded. (Why a renewal quote went up is a question the assistant can explain.)";
    accepted(instruction);
    assert!(!fires_on(
        instruction,
        "Why has my renewal quote gone up from £310 to £455??"
    ));
    assert!(fires_on(
        instruction,
        "you've charged me £612 but the quote I accepted said £498. I want the difference back"
    ));
}

#[test]
fn an_example_in_words_of_its_own_is_what_happened() {
    let instruction = "If a member reports that they can't get into the building or their office (key card rejected, door code not working, locked out), put them through to the building ops desk.";
    accepted(instruction);
    assert!(fires_on(instruction, "I'm locked out of my office"));
    assert!(fires_on(
        instruction,
        "the app won't let me into the building"
    ));
    assert!(!fires_on(
        instruction,
        "can I book the big meeting room in the building for friday?"
    ));
}

#[test]
fn ways_of_saying_the_condition_before_add_nothing() {
    let reading = accepted(
        "Bring in our support staff when a learner asks to talk to an actual person. They may ask for \"support\", a \"real human\", an advisor, or say something like \"can somebody just email me back\"; any of those count.",
    );
    assert_eq!(kinds_of(&reading), vec!["human_request"]);
}

#[test]
fn locked_out_on_arrival_in_the_guests_words() {
    let instruction = "Route to a live agent when a guest says they can't get into the property and they say they are already there (at the door, in the driveway, parked outside).";
    accepted(instruction);
    assert!(fires_on(
        instruction,
        "We're standing outside Brook Barn and the key safe code you sent doesn't open it."
    ));
    assert!(!fires_on(
        instruction,
        "the code for the key safe at Holly Lodge isn't working, we arrive on friday"
    ));
}

#[test]
fn what_happened_elsewhere_or_in_jest_is_not_ours() {
    let injury = "If a member tells us they got hurt at one of our clubs, get the duty manager in.";
    assert!(!fires_on(
        injury,
        "I broke my ankle skiing in Austria. can I freeze my membership for 2 months?"
    ));
    let hazard = "If a guest reports a fire or a gas smell at the property, call the safety line.";
    assert!(!fires_on(
        hazard,
        "the hot tub is sooo hot it's basically on fire haha. how do I turn it down?"
    ));
    assert!(!fires_on(
        hazard,
        "the new cookies at the property are straight fire, where can I buy them?"
    ));
    assert!(fires_on(
        hazard,
        "there's a fire in the kitchen at the property"
    ));
    let damage =
        "Open a claim when a customer reports that something was broken or damaged during a visit.";
    assert!(!fires_on(
        damage,
        "Sam absolutely smashed it today, the garden has never looked this good"
    ));
    assert!(fires_on(
        damage,
        "your gardener smashed our greenhouse window during the visit"
    ));
    let accident = "If a renter tells us they have been in an accident while driving one of our cars, get the incident desk in.";
    assert!(!fires_on(
        accident,
        "your booking site is a total car crash lol"
    ));
    assert!(!fires_on(
        accident,
        "nearly had an accident on the way back, the brakes felt spongy"
    ));
    assert!(fires_on(
        accident,
        "I've had an accident on the M5 in your Corsa"
    ));
}

#[test]
fn a_list_of_things_with_a_serial_comma_shares_its_verb() {
    let instruction = "Get a pharmacist if a customer tells us their parcel contained the wrong cream, someone else's prescription, or the wrong strength (say 2% instead of 1%).";
    assert!(fires_on(instruction, "you sent me the wrong cream"));
    assert!(fires_on(
        instruction,
        "my parcel had someone else's prescription in it"
    ));
    assert!(!fires_on(
        instruction,
        "I put the cream on twice this morning instead of once, is that bad?"
    ));
}

#[test]
fn checking_an_answer_back_asks_for_nothing() {
    let instruction =
        "Members who want to cancel or close their membership go to the retention team.";
    assert!(!fires_on(instruction, "so closed from the 3rd?"));
    assert!(fires_on(
        instruction,
        "please close my membership from the 3rd"
    ));
}

#[test]
fn pausing_something_else_is_not_pausing_the_subscription() {
    let instruction = "Hand off when a learner wants to pause or cancel their subscription.";
    assert!(!fires_on(
        instruction,
        "I just want to pause the daily reminder notifications"
    ));
    assert!(fires_on(instruction, "can you pause it for two months?"));
    assert!(fires_on(instruction, "please pause my subscription"));
}

#[test]
fn eating_out_is_no_courier_eating_the_order() {
    let instruction =
        "Escalate when a customer says a courier behaved badly (was rude, ate some of the food).";
    assert!(!fires_on(
        instruction,
        "My daughter had a reaction at a restaurant last week (we ate in, it wasn't an order)."
    ));
    assert!(fires_on(
        instruction,
        "the courier ate half of my fries, I saw him"
    ));
}

#[test]
fn no_answer_to_a_question_the_rule_leaves_out_is_out_too() {
    let instruction = "When the assistant tells a homeowner it doesn't have the information they asked for about their own installation, its permit or utility interconnection status, or our products and warranties, email the project team so a person can follow up. General questions that have nothing to do with Sunhaven (tax advice, a system some other company installed, and so on) don't need this.";
    accepted(instruction);
    let asked = |question: &str| {
        fires_on_no_answer(instruction, question, "I'm sorry, I can't tell you that.")
    };
    assert!(!asked("I need some tax advice about my export payments"));
    assert!(asked("when was the permit for my installation filed?"));
}

#[test]
fn what_a_rule_concedes_before_but_is_ruled_out_and_the_rule_follows() {
    let reading = accepted(
        "Queues are long in August and some moaning is expected, but if a guest is clearly furious (shouting, swearing) get a person into the chat.",
    );
    assert_eq!(
        reading
            .conditions
            .iter()
            .map(Condition::kind)
            .collect::<Vec<_>>(),
        vec!["frustration"]
    );
    assert_clause(&reading, Role::Commentary, "queues are long");
    assert_clause(&reading, Role::Exclusion, "some moaning");
    assert!(reading.exclusions.is_empty(), "{:?}", reading.exclusions);
}

#[test]
fn whom_it_is_for_where_it_goes_then_when() {
    let instruction = "Members on the Gold tier get an advisor right away when they tell us their tutor didn't turn up for a lesson.";
    let reading = accepted(instruction);
    assert_clause(&reading, Role::Routing, "get an advisor right away");
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::HumanRequest)),
        "{:?}",
        reading.conditions
    );
    let gold: Attributes = [("tier".to_owned(), "gold".to_owned())].into();
    let fires = |text: &str| {
        crate::compile(instruction)
            .trigger
            .evaluate(&[user(text)], &gold)
            .is_some()
    };
    // The tutor said as a pronoun, or as nobody at all.
    assert!(fires(
        "it's 11 now and he never showed up, I've wasted my morning"
    ));
    assert!(fires("booked for 7am, nobody came and nobody called"));
    assert!(!fires("can I speak to an advisor about the Gold tier?"));
    assert!(!fires("my tutor is 5 minutes late, is he still coming?"));
}

#[test]
fn examples_of_a_counted_failure_add_no_warning_of_their_own() {
    let reading = accepted(
        "When the assistant has had three goes at the same printer problem and it still doesn't print (the customer tells us the step didn't help, or the assistant admits it has nothing left), bring in a technician.",
    );
    assert_eq!(
        reading
            .conditions
            .iter()
            .map(Condition::kind)
            .collect::<Vec<_>>(),
        vec!["failed_attempts"]
    );
    assert!(reading.notes.is_empty(), "{:?}", reading.notes);
}

#[test]
fn a_no_answer_rule_dropped_as_an_email_with_its_list_and_what_needs_none() {
    let reading = accepted(
        "Drop the venue team an email when the assistant tells a guest it doesn't have the information they asked for about one of our rooms, a menu we serve, or their booking. Questions that have nothing to do with us (parking in town, the weather) don't need an email.",
    );
    assert_clause(&reading, Role::Routing, "drop the venue team an email");
    assert_eq!(
        reading
            .conditions
            .iter()
            .map(Condition::kind)
            .collect::<Vec<_>>(),
        vec!["out_of_scope"]
    );
    assert_clause(&reading, Role::Exclusion, "nothing to do with us");
}

#[test]
fn what_a_third_party_does_or_what_the_assistant_declines_is_ruled_out_narrowly() {
    let clients = "Open a ticket when a user disputes a charge or asks for a refund. Users bill their own clients through Tallybook, and questions about those invoices (a client who hasn't paid, refunding a client) are not disputes with us.";
    assert!(fires_on(
        clients,
        "I've been charged twice for March, two payments of £36"
    ));
    assert!(fires_on(clients, "I want the difference refunded"));
    let advice = "Email the docs team when the assistant says it has no answer to a question about how Tallybook works. When it declines to give legal advice (which contract to use), that's expected and doesn't need an email.";
    let reading = accepted(advice);
    assert_clause(&reading, Role::Exclusion, "declines to give legal advice");
    let asked = |question: &str, reply: &str| fires_on_no_answer(advice, question, reply);
    assert!(!asked(
        "which contract should I use for a freelancer in Spain?",
        "I'm not able to give legal advice, so I can't say which contract fits."
    ));
    assert!(asked(
        "can I merge two customer records?",
        "I'm sorry, I couldn't find an answer to that."
    ));
}

#[test]
fn whoever_is_telling_us_is_the_writer_and_falling_ill_is_no_fall() {
    let instruction = "A parent or guardian telling us that a child was hurt, fell ill or was bullied while in our care goes to the safeguarding lead.";
    let reading = accepted(instruction);
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Who(_))),
        "{:?}",
        reading.clauses
    );
    assert!(fires_on(instruction, "my son got hurt at the club today"));
    assert!(fires_on(
        instruction,
        "she became ill at camp and nobody called me"
    ));
    assert!(fires_on(
        instruction,
        "two older boys keep picking on him at club"
    ));
    assert!(!fires_on(
        instruction,
        "can my son join the club next term?"
    ));
}

#[test]
fn wanting_to_book_a_counted_number_is_the_count_and_say_gives_examples() {
    let reading = accepted(
        "Business accounts who want to hire more than ten vans, say for a house move or a festival, go to the fleet desk.",
    );
    assert_eq!(
        reading
            .conditions
            .iter()
            .map(Condition::kind)
            .collect::<Vec<_>>(),
        vec!["attribute", "quantity"]
    );
    assert_clause(&reading, Role::Condition, "for a house move or a festival");
}

#[test]
fn places_listed_up_to_wherever_are_examples_of_where() {
    let reading = accepted(
        "Send roadside help when the driver says the van has broken down and they're stuck with it right now, at the roadside, in a car park, wherever.",
    );
    assert_clause(
        &reading,
        Role::Condition,
        "at the roadside, in a car park, wherever",
    );
    assert_clause(&reading, Role::Condition, "stuck with it right now");
}

#[test]
fn the_programme_named_names_its_account_and_a_request_after_a_comma_is_one() {
    let instruction =
        "Send in the loyalty team when a member wants to close their Skyward Points account.";
    assert!(fires_on(
        instruction,
        "honestly forget it, just close my Skyward membership altogether"
    ));
    assert!(fires_on(
        instruction,
        "Bonjour, je souhaite fermer mon compte Skyward Points. Merci."
    ));
    assert!(!fires_on(
        instruction,
        "perfect, closed the app and it works now"
    ));
    assert!(!fires_on(instruction, "how do I earn more Skyward points?"));
}

#[test]
fn a_no_answer_about_a_kind_of_thing_covers_its_forms() {
    let instruction = "Email the events team when the assistant tells a fan it doesn't have the information they asked for about one of our events or a venue we sell for.";
    let asked = |question: &str, reply: &str| fires_on_no_answer(instruction, question, reply);
    assert!(asked(
        "Is there a cloakroom at Riverside Arena?",
        "I'm sorry, I don't have any information about cloakrooms at Riverside Arena."
    ));
    assert!(asked(
        "does the sunday matinee have audio description?",
        "I don't have audio description details for that matinee."
    ));
    assert!(!asked(
        "what's the weather like in Leeds on Saturday?",
        "Sorry, I don't have weather information."
    ));
}

#[test]
fn what_we_did_against_them_is_ours_not_words_to_say() {
    let instruction =
        "Open a claims ticket when a customer contests a damage charge we've made against them.";
    assert!(fires_on(
        instruction,
        "the scratch was on the sheet when I collected the van, so I'm contesting this damage charge"
    ));
    assert!(!fires_on(
        instruction,
        "There's a scratch on the van. Can I pay the charge by card?"
    ));
    // The verb reaches a thing named after "or" without its article.
    let or_claim = "Open a claims ticket when a customer contests a damage charge or damage claim we've made against them.";
    assert!(!fires_on(
        or_claim,
        "there's a scratch on the rear bumper, can you note it so I'm not charged later?"
    ));
}

#[test]
fn questions_that_need_no_follow_up_are_out_and_so_is_declining_them() {
    let instruction = "If the assistant says it doesn't know the answer to a question about our recipes or deliveries, email the kitchen team. General fitness or nutrition questions that have nothing to do with Leafbox don't need a follow-up.";
    let reading = accepted(instruction);
    assert_clause(&reading, Role::Exclusion, "don't need a follow-up");
    let asked = |question: &str, reply: &str| fires_on_no_answer(instruction, question, reply);
    assert!(!asked(
        "how much protein should I eat a day?",
        "I'm not able to give personal nutrition advice, sorry."
    ));
    assert!(asked(
        "does the pesto in the gnocchi recipe contain nuts?",
        "I'm sorry, I don't have that information for the recipe."
    ));
}

#[test]
fn an_article_before_who_asks_is_not_part_of_the_word() {
    let reading = read("An agency asking about office space for at least 15 people goes to sales.");
    assert!(
        reading.clauses.iter().all(|c| !c.text.starts_with("n ")),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn reasons_after_whatever_the_reason_are_no_conditions() {
    let instruction = "Customers who want to cancel their membership early, whatever the reason (moving abroad, money is tight), go to the retention team.";
    let reading = accepted(instruction);
    assert!(
        !has_clause(&reading, Role::Condition, "moving abroad"),
        "{:?}",
        reading.clauses
    );
    assert!(fires_on(instruction, "please cancel my membership early"));
    assert!(!fires_on(
        instruction,
        "we're moving abroad next year, how do I update my address?"
    ));
}

#[test]
fn how_to_treat_it_and_what_not_to_wait_for_are_not_conditions() {
    let reading = accepted(
        "Treat it as urgent and get a manager on it when a customer says a courier threatened them. Don't wait to ask for an order number first; at that point they need a person more than answers.",
    );
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::HumanRequest)),
        "{:?}",
        reading.clauses
    );
    assert_clause(&reading, Role::Routing, "treat it as urgent");
    assert_clause(&reading, Role::Commentary, "don't wait to ask");
    assert_clause(&reading, Role::Commentary, "at that point");
}

#[test]
fn places_a_negated_condition_is_not_in_are_the_condition_said_again() {
    let reading = accepted(
        "Send it to claims when the customer says their refund hasn't reached them (not in their bank, not on their card).",
    );
    assert!(reading.exclusions.is_empty(), "{:?}", reading.clauses);
    assert_clause(&reading, Role::Commentary, "not in their bank");
}

#[test]
fn an_account_asked_about_is_not_the_customers_kind() {
    let reading =
        accepted("A shop asking about a business account should become a ticket for sales.");
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Attribute(_))),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn examples_of_who_the_customer_is_say_who_else_counts() {
    let instruction = "Make a ticket when a school (a tutoring centre, a holiday camp) asks about group bookings.";
    let reading = accepted(instruction);
    assert_clause(&reading, Role::Condition, "school");
    assert!(fires_on(
        instruction,
        "we run a tutoring centre and would like to make a group booking for 20 children"
    ));
    assert!(!fires_on(
        instruction,
        "we're a tutoring centre, are you open on sundays?"
    ));
    assert!(!fires_on(
        instruction,
        "can I make a group booking for my family?"
    ));
    // Examples of what happens are not examples of who.
    let reading = accepted(
        "Make a ticket when a company (for example after moving to new offices) asks about a new contract.",
    );
    assert!(
        reading
            .clauses
            .iter()
            .all(|c| !(c.meaning.contains("they are (or speak for)")
                && c.meaning.contains("moving"))),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn bigger_than_a_number_is_a_count_and_a_bill_on_fire_is_figurative() {
    let instruction =
        "Create a sales ticket when a business asks for a quote on a system bigger than 50 kW.";
    let reading = accepted(instruction);
    assert!(
        reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Quantity { at_least: 51, .. })),
        "{:?}",
        reading.clauses
    );
    let fire = "Get a person when a customer tells us a system we installed has caught fire.";
    assert!(fires_on(
        fire,
        "the battery you installed in our garage caught fire last night"
    ));
    assert!(!fires_on(
        fire,
        "our electric bill is on fire this summer lol"
    ));
}

#[test]
fn what_describes_a_person_or_a_failure_is_no_topic_of_its_own() {
    // "a claims adjuster" is one more person the customer may ask for; "both came to
    // nothing" says what failing is; "a question about our delivery slots" is what the
    // assistant had no answer to.
    let kinds_of = |instruction: &str| {
        let mut kinds = kinds(instruction);
        kinds.dedup();
        kinds
    };
    assert_eq!(
        kinds_of(
            "Escalate when the member wants a human - a claims adjuster, someone senior - or asks us to ring them."
        ),
        vec!["human_request"]
    );
    assert_eq!(
        kinds_of(
            "Hand it over once the assistant has had two goes at the same problem and both came to nothing."
        ),
        vec!["failed_attempts"]
    );
    let scoped = "Open a ticket when the assistant says it can't answer a question about our kitchens, worktops, delivery slots or fitting service.";
    assert!(!fires_on(
        scoped,
        "can I change my delivery slot to friday?"
    ));
    assert!(fires_on_no_answer(
        scoped,
        "do your oak worktops come pre-oiled?",
        "I'm sorry, I don't have that information."
    ));
}

#[test]
fn how_failures_are_counted_is_said_not_a_condition() {
    for sentence in [
        "Clarifying questions aren't tries, and failures on different problems don't add up.",
        "A clarifying question isn't a go.",
        "Different issues do not add up.",
    ] {
        let instruction =
            format!("Pass the chat on after three failed fixes for one problem. {sentence}");
        let reading = accepted(&instruction);
        assert_eq!(
            kinds(&instruction),
            vec!["failed_attempts"],
            "{:?}",
            reading.clauses
        );
        assert!(
            reading
                .conditions
                .iter()
                .all(|c| matches!(c, Condition::FailedAttempts(3))),
            "{:?}",
            reading.clauses
        );
        assert!(
            reading
                .clauses
                .iter()
                .any(|c| c.role == Role::Commentary
                    && c.meaning.starts_with("how failures are counted")),
            "{:?}",
            reading.clauses
        );
    }
}

#[test]
fn a_shared_agent_reaches_every_participle_and_a_removed_phrase_leaves_no_gap() {
    // "locked or unlocked by someone who shouldn't have access": each by someone else.
    let doors = "Urgent: a person takes over if the front door is locked or unlocked by someone who shouldn't have access, or a keycard or a phone with our app on it has been stolen.";
    accepted(doors);
    assert!(fires_on(
        doors,
        "someone unlocked our front door at 3am and it wasn't any of us"
    ));
    assert!(!fires_on(
        doors,
        "I unlocked the front door with the app but it beeped twice"
    ));
    assert!(fires_on(
        doors,
        "my phone was stolen on the bus, the one with your app"
    ));
    assert!(!fires_on(
        doors,
        "does the keycard work with the garage door too?"
    ));
}

#[test]
fn premiums_asked_back_and_money_pushed_back_on_are_the_billing_families() {
    let reading = accepted(
        "Billing ticket when the policyholder pushes back on money we took from them, or asks for premiums back. Why a renewal went up is not enough on its own.",
    );
    assert!(
        reading
            .conditions
            .iter()
            .all(|c| matches!(c, Condition::Topic(Topic::ChargeDispute | Topic::Refund))),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn a_support_tier_counts_nothing_and_a_wanted_human_before_a_colon_is_the_condition() {
    let tiers = accepted(
        "Escalate to tier 2 after three failed fixes on one issue. Clarifying questions aren't fixes.",
    );
    assert!(
        tiers
            .conditions
            .iter()
            .all(|c| matches!(c, Condition::FailedAttempts(3))),
        "{:?}",
        tiers.clauses
    );
    let human = accepted(
        "Customer wants a human: a support engineer, their account manager, someone to get on a call with them.",
    );
    assert_eq!(
        kinds(
            "Customer wants a human: a support engineer, their account manager, someone to get on a call with them."
        ),
        vec!["human_request"],
        "{:?}",
        human.clauses
    );
}

#[test]
fn only_for_an_attribute_restricts_and_who_reports_it_or_that_both_hold_are_no_topics() {
    let instruction = "Above everything else. Commission problems reported by drivers, meaning a commission payment that is missing or short. Only for users whose account role is driver.";
    let reading = accepted(instruction);
    assert_clause(&reading, Role::Commentary, "above everything else");
    let driver: Attributes = [("role".to_owned(), "driver".to_owned())].into();
    let trigger = crate::compile(instruction).trigger;
    let fires =
        |text: &str, attributes: &Attributes| trigger.evaluate(&[user(text)], attributes).is_some();
    assert!(fires("my commission payment for march is missing", &driver));
    // The attribute restricts every condition; saying who they are sets nothing.
    assert!(!fires(
        "i'm a driver, my commission payment for march is missing",
        &Attributes::new()
    ));
    // "reported by drivers" is who raises it, not a word the customer must say.
    assert!(!fires("hi, I'm a driver, where is the depot?", &driver));
    let both = accepted(
        "The booked cleaner never turned up and the customer was charged anyway. Route to a live agent once both of those are true.",
    );
    assert_clause(&both, Role::Commentary, "both of those are true");
    assert!(
        !both
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Open(t) if t.phrase.contains("true")))
    );
}

#[test]
fn charged_anyway_needs_no_anyway_and_money_out_of_the_account_is_a_charge() {
    let instruction = "The booked cleaner never turned up and the customer was charged for it anyway. Route to a live agent once both are true.";
    accepted(instruction);
    let turns = [
        user("our cleaner never showed up yesterday"),
        crate::test_turns::agent("Sorry! Has a payment been taken?", None),
        user("yes, £40 came out of my account this morning for it"),
    ];
    let decision = crate::compile(instruction)
        .trigger
        .evaluate(&turns, &Attributes::new());
    assert!(decision.is_some());
    assert!(!fires_on(
        instruction,
        "our cleaner never showed up yesterday"
    ));
}

#[test]
fn sentences_that_say_what_does_not_qualify_or_who_handles_it_fire_nothing() {
    let instruction = "A customer tells us an approved payroll run never reached their staff. Live agent immediately. General questions about how long direct deposit takes don't qualify. Questions about which forms we file are just questions. While the run is still pending, the assistant can walk them through cancelling it.";
    let reading = accepted(instruction);
    assert_clause(&reading, Role::Routing, "live agent immediately");
    assert!(
        reading
            .conditions
            .iter()
            .filter(|c| matches!(c, Condition::Open(_)))
            .all(|c| !matches!(c, Condition::Open(t) if t.phrase.contains("live") || t.phrase.contains("questions") || t.phrase.contains("walk"))),
        "{:?}",
        reading.clauses
    );
    assert!(!fires_on(instruction, "how long does direct deposit take?"));
    let leaving = "Email retention when a customer wants to cancel their account. Switching off a single add-on such as invoicing is not leaving.";
    assert_clause(
        &accepted(leaving),
        Role::Exclusion,
        "switching off a single add-on",
    );
}

#[test]
fn languages_listed_as_the_others_are_not_the_teams_and_a_tier_only_restricts() {
    let reading = accepted(
        "Our team works in English and French. A member who writes in any other language (Italian, German, whatever it is) goes to the multilingual queue. A wine name such as Rioja doesn't change what language someone is writing in.",
    );
    assert!(
        reading.conditions.iter().any(|c| matches!(
            c,
            Condition::Language { languages, inside: false } if languages.len() == 2
        )),
        "{:?}",
        reading.clauses
    );
    let instruction = "Gold tier only. When a member wants to skip an upcoming delivery, email the desk. Never for members on any other tier; they use the self-serve tools.";
    let reading = accepted(instruction);
    assert_clause(&reading, Role::Commentary, "they use the self-serve tools");
    let gold: Attributes = [("tier".to_owned(), "gold".to_owned())].into();
    let trigger = crate::compile(instruction).trigger;
    let skip = [user("please skip my upcoming delivery, we're away")];
    assert!(trigger.evaluate(&skip, &gold).is_some());
    assert!(trigger.evaluate(&skip, &Attributes::new()).is_none());
}

#[test]
fn an_age_is_no_alternative_and_a_delivery_that_could_not_be_made_never_arrived() {
    let instruction = "Hand over when the member says a parcel could not be delivered because nobody 18 or over was there to sign for it.";
    let reading = accepted(instruction);
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Quantity { .. })),
        "{:?}",
        reading.clauses
    );
    assert!(fires_on(
        instruction,
        "the courier couldn't deliver my parcel, it needs a signature and nobody was home"
    ));
}

#[test]
fn what_an_exclusion_names_as_an_example_is_ruled_out_too() {
    let instruction = "Email retention when a customer on any plan wants to cancel their account. Switching off a single add-on such as invoicing is not leaving.";
    let reading = accepted(instruction);
    assert_clause(&reading, Role::Exclusion, "such as invoicing");
    assert!(!fires_on(
        instruction,
        "please cancel the invoicing add-on on our account, we never use it"
    ));
    assert!(fires_on(
        instruction,
        "please cancel our account, we're moving to another provider"
    ));
}

#[test]
fn who_defined_in_brackets_by_an_attribute_restricts_and_its_name_is_no_word_to_say() {
    let instruction =
        "Quotes for trade accounts (customers whose account type is trade) go to the B2B desk.";
    let reading = accepted(instruction);
    assert!(
        reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Attribute(a) if a.value == "trade")),
        "{:?}",
        reading.clauses
    );
    let trigger = crate::compile(instruction).trigger;
    let trade: Attributes = [("account_type".to_owned(), "trade".to_owned())].into();
    let asks = [user("can you price up 30 sacks of compost for us?")];
    assert!(trigger.evaluate(&asks, &trade).is_some());
    assert!(trigger.evaluate(&asks, &Attributes::new()).is_none());
}

#[test]
fn what_goes_first_any_wording_and_whom_to_put_on_it_are_no_conditions() {
    let legal = accepted(
        "Legal goes first. Open a ticket for compliance when a guest threatens to take us to court.",
    );
    assert_eq!(
        kinds(
            "Legal goes first. Open a ticket for compliance when a guest threatens to take us to court."
        ),
        vec!["topic"],
        "{:?}",
        legal.clauses
    );
    let person = accepted(
        "Customer wants to talk to a human. Any phrasing, any language, a phone call included. Hand over.",
    );
    assert_clause(&person, Role::Commentary, "any phrasing");
    let security = accepted(
        "A customer tells us someone else has got into their account. Get trust and safety on it straight away.",
    );
    assert_clause(&security, Role::Routing, "trust and safety on it");
    let ran_out = accepted("File a ticket when the assistant says it has run out of answers.");
    assert!(
        ran_out
            .conditions
            .iter()
            .all(|c| matches!(c, Condition::NoAnswer { .. })),
        "{:?}",
        ran_out.clauses
    );
}

#[test]
fn sentences_that_say_what_is_not_this_one_or_that_both_halves_hold_fire_nothing() {
    let instruction = "Get a person if a driver is stuck inside one of our car parks because the barrier won't lift. If they already got out and are telling us about it afterwards, it's not this one. Someone asking what our liability is hasn't reported anything.";
    let reading = accepted(instruction);
    assert!(!fires_on(
        instruction,
        "I'm telling you about it afterwards: yesterday was awful"
    ));
    assert!(!fires_on(
        instruction,
        "what is your liability if my car gets scratched?"
    ));
    let both = accepted(
        "Raise a ticket when they got a parking fine and a paid session was running at the time. Both halves have to be there.",
    );
    assert_clause(&both, Role::Commentary, "both halves");
    let long = accepted(
        "Ticket it if the customer has sent more than five messages and still doesn't have what they came for.",
    );
    assert!(
        long.conditions
            .iter()
            .any(|c| matches!(c, Condition::Unresolved)),
        "{:?}",
        long.clauses
    );
    assert!(
        !long
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::NoAnswer { .. }))
    );
    assert_clause(
        &accepted(
            "Wholesale leads for the trade team. A business wanting to buy 10 bags a month or more.",
        ),
        Role::Routing,
        "wholesale leads",
    );
    assert_eq!(reading.problems.len(), 0);
}

#[test]
fn the_writer_in_any_of_their_roles_is_no_one_singled_out() {
    let instruction = "Hand over to a person whenever the student, parent or teacher asks for a human, an agent, or a phone call.";
    assert_eq!(kinds(instruction), vec!["human_request"]);
    assert!(fires_on(
        instruction,
        "can someone call me about my payout?"
    ));
}

#[test]
fn a_rule_out_with_its_reason_after_a_colon_and_bare_nouns_sharing_a_predicate() {
    let instruction = "A member who has had a collision while driving one of our cars needs a live agent now. Damage that was already on the car when they picked it up is not an accident: the photo check-in handles that.";
    let reading = accepted(instruction);
    assert_clause(&reading, Role::Commentary, "photo check-in");
    assert!(!fires_on(
        instruction,
        "the photo check-in handles that, right?"
    ));
    let pets = "Get a person if their dog, cat or other pet has eaten part of a plant they bought from us. Asking whether a plant is safe for pets is not this, and neither is a plant nibbled by slugs.";
    let reading = accepted(pets);
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Open(t) if t.phrase == "their dog, cat")),
        "{:?}",
        reading.clauses
    );
    assert!(!fires_on(
        pets,
        "my cat loves sitting in the sun by the window"
    ));
    assert!(fires_on(
        pets,
        "my cat has eaten part of the plant I bought from you last week"
    ));
    let trade = accepted(
        "Trade customers only (account type \"trade\": landscapers, garden designers). When one of them reports that stock turned up dead, open a ticket.",
    );
    assert!(
        !trade
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Open(t) if t.phrase.contains("landscapers"))),
        "{:?}",
        trade.clauses
    );
}

#[test]
fn what_a_title_means_after_the_routing_and_a_team_named_after_for_are_read_as_such() {
    let instruction = "Large orders go to sales for a quote, i.e. a customer who wants to order more than 50 plants in one go.";
    let reading = accepted(instruction);
    assert_clause(&reading, Role::Commentary, "large orders");
    assert!(fires_on(
        instruction,
        "we want to order 120 beech whips for a hedge, can you quote?"
    ));
    assert!(!fires_on(
        instruction,
        "we want to order 12 beech whips for a hedge"
    ));
    let business = "Members on a business membership only: if they tell us a trip charge is wrong, ticket it for the corporate accounts team.";
    let trigger = crate::compile(business).trigger;
    let member: Attributes = [("membership".to_owned(), "business".to_owned())].into();
    assert!(
        trigger
            .evaluate(
                &[user("trip 881 billed us for 6 hours, that charge is wrong")],
                &member
            )
            .is_some()
    );
}

#[test]
fn the_assistant_declining_what_the_rule_leaves_outside_our_offering_fires_nothing() {
    let instruction = "Open a ticket when the assistant says it doesn't have the answer to a question about our hosting platform. Not for questions about other vendors' products.";
    accepted(instruction);
    assert!(!fires_on_no_answer(
        instruction,
        "how do I set up health checks in AWS for my load balancer?",
        "I'm not able to help with that; it's an AWS product, so their documentation is the best place."
    ));
    assert!(fires_on_no_answer(
        instruction,
        "does your hosting platform support IPv6 on the load balancer?",
        "I'm sorry, I don't have information on IPv6 support."
    ));
}

#[test]
fn an_app_that_crashed_three_times_is_no_collision() {
    let instruction =
        "A member who has had a collision while driving one of our cars needs a live agent now.";
    assert!(!fires_on(
        instruction,
        "the app update is awful, it crashed 3 times while I was extending my booking"
    ));
    assert!(fires_on(
        instruction,
        "I've just had a collision at the lights in your car"
    ));
}

#[test]
fn why_then_so_never_rules_out_and_what_was_bought_elsewhere_or_is_over_is_not_ours_now() {
    let damage = "Vehicle damaged while it was parked in one of our car parks. We don't run the on-street bays, so never for damage that happened on a street. Before-you-buy questions like whether cars are insured are not reports.";
    let reading = accepted(damage);
    assert_clause(&reading, Role::Exclusion, "happened on a street");
    assert!(!fires_on(
        damage,
        "Before I buy a pass: are cars insured against damage while they're parked there?"
    ));
    let stolen = "Get a person when the customer's bike that they bought from us has been stolen.";
    assert!(!fires_on(
        stolen,
        "my bike got stolen from the shed, I bought it second hand off Facebook Marketplace"
    ));
    assert!(fires_on(
        stolen,
        "my bike got stolen last night, it's the one I bought from you"
    ));
    let trapped = "Get a person if a driver is stuck inside one of our car parks right now because the barrier won't lift.";
    assert!(!fires_on(
        trapped,
        "just flagging that yesterday the barrier at your car park wouldn't lift, eventually an attendant let me out"
    ));
}

#[test]
fn wanting_it_put_right_is_the_dispute_and_raising_it_for_an_advisor_is_routing() {
    let dispute = "Open a billing ticket when the customer says a bill or payment is wrong and wants it put right.";
    let reading = accepted(dispute);
    assert_clause(&reading, Role::Commentary, "put right");
    assert!(fires_on(
        dispute,
        "this £312 bill is wrong, there are two of us and we never used that much"
    ));
    let no_info = accepted(
        "The assistant says it doesn't have the information the customer asked for about their bill. Raise it so an advisor can follow up.",
    );
    assert_clause(&no_info, Role::Routing, "so an advisor");
    let hearsay = "Escalate when a customer threatens legal action against us.";
    assert!(!fires_on(
        hearsay,
        "my neighbour says she took you lot to the small claims court years ago, anyway how do I get a meter?"
    ));
}

#[test]
fn a_label_before_when_examples_after_where_it_goes_and_only_ours_counting() {
    let live = accepted(
        "Live agent, please, when the customer says the technician didn't turn up for their booked visit.",
    );
    assert_clause(&live, Role::Routing, "live agent");
    assert!(fires_on(
        "Live agent, please, when the customer says the technician didn't turn up for their booked visit.",
        "our technician never turned up for the booked visit today"
    ));
    let payouts = accepted(
        "Payout problems from our Pro sellers (seller_tier is pro) go to the Seller Success queue, e.g. a payout that never arrived.",
    );
    assert_clause(&payouts, Role::Routing, "seller success queue");
    let ours = accepted(
        "A buyer who has been turned away at the venue with a ticket needs a person immediately. Only tickets bought through us count.",
    );
    assert!(
        ours.conditions
            .iter()
            .all(|c| !matches!(c, Condition::Open(t) if t.phrase.contains("count"))),
        "{:?}",
        ours.clauses
    );
    let properties = accepted(
        "Send it to the trade desk when they want repairs booked at more than three separate properties in one go.",
    );
    assert!(
        properties
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Quantity { at_least: 4, unit } if unit != "separate")),
        "{:?}",
        properties.clauses
    );
}

#[test]
fn tickets_bought_off_a_stranger_a_near_miss_and_a_busy_week_are_not_the_topic() {
    let gate = "A buyer who has been turned away at the venue with a ticket bought through us needs a person immediately.";
    assert!(!fires_on(
        gate,
        "I bought two tickets off a guy on instagram and the venue just rejected them"
    ));
    assert!(!fires_on(
        gate,
        "lol the bouncer almost didn't let me in at the venue last night, but the tickets scanned fine"
    ));
    let flood = "Get a human in if water is pouring out of a machine onto the floor.";
    assert!(!fires_on(
        flood,
        "we're absolutely flooded with visitors this week, can you come monday?"
    ));
    assert!(fires_on(
        flood,
        "the washer is gushing water out of the door all over the kitchen floor"
    ));
}

#[test]
fn who_only_with_the_attribute_that_says_it_restricts_and_its_description_fires_nothing() {
    let instruction = "Trade accounts only, meaning account_type is \"trade\" (the cafes and restaurants we supply). When one of them wants to pause their standing order, raise a ticket.";
    let trigger = crate::compile(instruction).trigger;
    let trade: Attributes = [("account_type".to_owned(), "trade".to_owned())].into();
    let pause = [user("please pause our standing order for two weeks")];
    assert!(trigger.evaluate(&pause, &trade).is_some());
    assert!(trigger.evaluate(&pause, &Attributes::new()).is_none());
    let mention = [user(
        "we're one of the cafes you supply, what time do you deliver?",
    )];
    assert!(trigger.evaluate(&mention, &trade).is_none());
    let former = accepted(
        "Former tenants only (tenant_status on the account is \"former\"). If one of them disputes money we held back from their deposit, open a ticket.",
    );
    assert_eq!(attribute_values(&former, "tenant_status"), ["former"]);
    assert_clause(
        &accepted(
            "A student reports something broken in their room and they reported it more than a week ago. Both parts are needed.",
        ),
        Role::Commentary,
        "both parts are needed",
    );
}

#[test]
fn a_unit_before_or_more_is_a_count() {
    let reading =
        accepted("Hand off when a customer asks for a custom cake of three tiers or more.");
    assert!(
        reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Quantity { at_least: 3, unit } if unit == "tiers")),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn like_lists_examples_and_what_a_sentence_only_says_again_fires_nothing() {
    let refund = "Ticket it when the customer wants money back from us or says we charged them wrongly, like a double charge, a charge after they cancelled, or being billed for a plan they didn't pick. Never for their tax refund from HMRC; that is a tax question, not a billing one.";
    let reading = accepted(refund);
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Open(t) if t.phrase == "cancelled")),
        "{:?}",
        reading.clauses
    );
    assert!(!fires_on(
        refund,
        "when will I get my tax refund? HMRC normally pays in 5 weeks"
    ));
    let no_answer = accepted(
        "Hand off when the assistant admits it doesn't have the answer to a tax question, or says it can't advise on it. Only counts when the assistant itself says it has nothing.",
    );
    assert!(
        no_answer
            .conditions
            .iter()
            .all(|c| matches!(c, Condition::NoAnswer { .. })),
        "{:?}",
        no_answer.clauses
    );
    let person = accepted(
        "Someone wants a person. Could be \"a human\", \"the dockmaster\", a phone call or a ring-back.",
    );
    assert_eq!(
        kinds(
            "Someone wants a person. Could be \"a human\", \"the dockmaster\", a phone call or a ring-back."
        ),
        vec!["human_request"],
        "{:?}",
        person.clauses
    );
}

#[test]
fn writing_in_anything_else_after_the_languages_spoken_is_a_language_condition() {
    let reading = accepted(
        "Our office only speaks English and German. A customer writing in anything else goes to the translation partner desk.",
    );
    assert!(
        reading.conditions.iter().any(|c| matches!(
            c,
            Condition::Language { languages, inside: false } if languages.len() == 2
        )),
        "{:?}",
        reading.clauses
    );
}

#[test]
fn symptoms_for_days_asked_for_the_third_time_and_a_quoted_attribute_are_read_as_meant() {
    let hurt = accepted(
        "Page the duty manager whenever an owner tells us their dog got hurt while boarding with us: limping, vomiting, not eating for days, that sort of thing.",
    );
    assert!(
        !hurt
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Frustration(_))),
        "{:?}",
        hurt.clauses
    );
    assert_eq!(
        kinds(
            "If an owner asks how their pet is doing for the third time in the same chat, hand over to a kennel attendant."
        ),
        vec!["repeated_question"]
    );
    let plan = accepted(
        "Gold annual-plan customers (plan attribute \"gold\") who tell us their system is producing less since one of our cleans need a technician on the chat.",
    );
    assert_eq!(attribute_values(&plan, "plan"), ["gold"]);
    assert_clause(&plan, Role::Routing, "need a technician");
}

#[test]
fn what_is_not_asking_for_anyone_and_only_the_subject_named_fire_nothing() {
    let person = accepted(
        "Ring-back when the customer wants a person. A learner asking whether they are chatting to a bot isn't asking for anyone.",
    );
    assert_eq!(
        kinds(
            "Ring-back when the customer wants a person. A learner asking whether they are chatting to a bot isn't asking for anyone."
        ),
        vec!["human_request"],
        "{:?}",
        person.clauses
    );
    let test = accepted(
        "Hand off when the assistant says it doesn't know the answer to a question about the driving test itself. Only test questions.",
    );
    assert_clause(&test, Role::Commentary, "only test questions");
}

#[test]
fn who_reviews_the_assistant_is_no_language_to_fire_on_and_who_takes_over_is_routing() {
    let language = "The assistant is only reviewed in English and French. Route to the multilingual desk as soon as a visitor writes in anything else.";
    let reading = accepted(language);
    assert!(
        reading
            .conditions
            .iter()
            .all(|c| matches!(c, Condition::Language { inside: false, .. })),
        "{:?}",
        reading.clauses
    );
    assert!(!fires_on(
        language,
        "hi, what time does the museum open on sundays please?"
    ));
    let groups = accepted(
        "Group sales takes over when a school or a company wants to bring more than 15 people for a guided tour.",
    );
    assert_clause(&groups, Role::Routing, "group sales takes over");
    let benefits = "If the customer's tier attribute is patron or directors-circle and they tell us one of their member benefits didn't work for them, hand the chat over.";
    let reading = accepted(benefits);
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::FailedAttempts(_))),
        "{:?}",
        reading.clauses
    );
    assert_eq!(
        attribute_values(&reading, "tier"),
        ["patron", "directors-circle"]
    );
    let sellers = accepted(
        "Put bookstore partners through when they want a quote for a batch. Student and individual sellers never go here. Neither is a seller who only wants the book sent back.",
    );
    assert!(
        !sellers.conditions.iter().any(|c| matches!(c, Condition::Open(t) if t.phrase.contains("never") || t.phrase.contains("neither"))),
        "{:?}",
        sellers.clauses
    );
}

#[test]
fn an_event_cancelled_or_rescheduled_is_either_and_who_held_tickets_is_no_word_to_say() {
    let instruction = "Ticket for the events team when someone says an event they held tickets for was cancelled or rescheduled by us.";
    let reading = accepted(instruction);
    assert!(
        reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Open(t) if t.phrase.contains("rescheduled"))),
        "{:?}",
        reading.clauses
    );
    assert!(fires_on(
        instruction,
        "you rescheduled the concert I had tickets for to a date I can't make"
    ));
}

#[test]
fn a_team_working_in_two_languages_never_fires_on_them_and_a_resident_is_the_writer() {
    let instruction = "The community team works in English and French. A resident writing in any other language goes to our translation partner desk.";
    let reading = accepted(instruction);
    assert!(
        reading
            .conditions
            .iter()
            .all(|c| matches!(c, Condition::Language { inside: false, .. })),
        "{:?}",
        reading.clauses
    );
    assert!(!fires_on(
        instruction,
        "hi, the heating in my room isn't working, can someone look?"
    ));
    assert!(fires_on(
        instruction,
        "Hallo, die Heizung in meinem Zimmer funktioniert seit gestern nicht mehr."
    ));
    let groom = accepted(
        "Get the area manager when a dog got hurt while it was with us. It has to have happened at one of our salons.",
    );
    assert!(
        groom
            .conditions
            .iter()
            .all(|c| !matches!(c, Condition::Open(t) if t.phrase.contains("salons"))),
        "{:?}",
        groom.clauses
    );
}

#[test]
fn unhappy_with_a_thing_we_made_is_a_complaint_topic_not_anger() {
    let instruction =
        "Open a ticket for the grooming lead when an owner is unhappy with the cut itself.";
    let reading = accepted(instruction);
    assert!(
        !reading
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Frustration(_))),
        "{:?}",
        reading.clauses
    );
    assert!(!fires_on(
        instruction,
        "this is the third time I've called the shop today!!"
    ));
}

#[test]
fn who_only_said_again_by_an_attribute_and_what_is_not_wanting_to_leave_fire_nothing() {
    let instruction = "Garden Club members only. If someone on the Garden Club membership tells us their club billing has gone wrong, hand them to memberships.";
    accepted(instruction);
    let trigger = crate::compile(instruction).trigger;
    let member: Attributes = [("membership".to_owned(), "garden club".to_owned())].into();
    // Mentioning the pass is not its billing gone wrong, even for a member.
    assert!(
        trigger
            .evaluate(&[user("can I book my club visit for friday?")], &member)
            .is_none()
    );
    assert!(
        trigger
            .evaluate(
                &[user(
                    "my club billing has gone wrong, charged twice this month"
                )],
                &member
            )
            .is_some()
    );
    let leaving = accepted(
        "Corporate leases only (lease_type is corporate): when they want to move out early. Just asking what the notice period is isn't wanting to leave. Residents on a personal lease use the normal self-serve move-out flow.",
    );
    assert_clause(&leaving, Role::Exclusion, "isn't wanting to leave");
    assert_clause(&leaving, Role::Exclusion, "self-serve move-out flow");
}

#[test]
fn a_kind_of_case_said_not_to_be_what_the_rule_names_is_ruled_out() {
    // "-ing" here names the rule's subject, not a state still to change ("isn't working").
    let reading = accepted(
        "Any safeguarding concern goes to our lead at once. Complaints about lateness or homework on their own are not safeguarding.",
    );
    assert_eq!(reading.conditions.len(), 1, "{:?}", reading.conditions);
    assert!(!reading.summary.contains("lateness"), "{}", reading.summary);
}

#[test]
fn what_others_can_do_themselves_is_why_they_are_ruled_out() {
    let reading = accepted(
        "Platinum members (tier = platinum) asking for a different coach get their account manager. Basic members can change coaches in the app themselves, so never route them here.",
    );
    assert_clause(
        &reading,
        Role::Commentary,
        "basic members can change coaches",
    );
    assert!(!reading.summary.contains("basic"), "{}", reading.summary);
}

#[test]
fn work_of_ours_that_failed_is_a_topic_not_failed_attempts() {
    let reading = accepted(
        "Send it to the installer desk if the customer tells us an installation we already did has failed.",
    );
    assert!(
        !kinds_of(&reading).contains(&"failed_attempts"),
        "{}",
        reading.summary
    );
}

#[test]
fn two_people_joined_by_or_before_a_verb_of_telling_start_a_part() {
    let reading = accepted(
        "Hand over when the person booked is a toddler and the parent or carer tells us the toddler has a nut allergy or can't eat dairy.",
    );
    assert!(
        reading.summary.starts_with('(') && reading.summary.contains(") and ("),
        "{}",
        reading.summary
    );
    // "they also say their card or account was charged": the card was charged too.
    let reading = accepted(
        "Escalate when they say the event was cancelled and they also say their card or account was charged for it anyway.",
    );
    assert!(
        reading.summary.contains("\"their card was charged"),
        "{}",
        reading.summary
    );
}

#[test]
fn a_team_that_has_to_see_it_is_where_it_goes() {
    let reading = accepted(
        "Fraud review has to see it whenever a buyer tells us a listing they paid for is fake.",
    );
    assert_clause(&reading, Role::Routing, "fraud review has to see it");
    assert!(!reading.summary.contains("review"), "{}", reading.summary);
}

#[test]
fn an_attribute_in_words_with_a_colon_is_an_attribute() {
    let reading = accepted(
        "Only for sellers (account type: merchant) who say their transfer is missing. Silver members (loyalty tier: silver) who want to pause, skip or cancel a delivery they already booked get the front desk.",
    );
    assert!(
        reading.summary.contains("account_type is merchant")
            && reading.summary.contains("loyalty_tier is silver"),
        "{}",
        reading.summary
    );
    assert_clause(&reading, Role::Routing, "get the front desk");
    // Each verb of the list gets the thing after the last.
    assert!(
        reading
            .summary
            .contains("skip a delivery they already booked"),
        "{}",
        reading.summary
    );
}

#[test]
fn a_title_before_the_rule_is_not_a_condition() {
    let reading = accepted(
        "Late delivery with no notice. Open a ticket when the customer says their order never came and that nobody told them it would be late.",
    );
    assert_clause(&reading, Role::Commentary, "late delivery with no notice");
    assert!(
        !reading.summary.contains("\"late delivery with no notice\""),
        "{}",
        reading.summary
    );
    // The second thing they say keeps its "nobody".
    assert!(
        reading.summary.contains(") and (") && reading.summary.contains("\"nobody told them"),
        "{}",
        reading.summary
    );
}

#[test]
fn a_circumstance_after_the_last_alternative_is_each_ones() {
    let reading = accepted(
        "If a rider got hurt, or one of our horses got injured, during a lesson or a trail ride, get the yard manager in.",
    );
    assert!(
        reading.summary.contains("\"got hurt during a lesson")
            && reading.summary.contains("got injured during a trail ride"),
        "{}",
        reading.summary
    );
    // No alternative is the circumstance alone.
    assert!(
        !reading.summary.contains("\"a trail ride\""),
        "{}",
        reading.summary
    );
}

#[test]
fn what_never_fires_this_and_what_it_has_to_be_rule_out() {
    let reading = accepted(
        "Any threat of legal action goes to the lead. Asking what the guarantee covers, or what their rights are, is not a threat and never fires this.",
    );
    assert_eq!(kinds_of(&reading), vec!["topic"], "{}", reading.summary);
    assert_clause(&reading, Role::Exclusion, "never fires this");
    let reading = accepted(
        "Teams or schools booking for more than 10 people go to the groups desk. Three friends booking together isn't a group booking: it has to be an organisation.",
    );
    assert_clause(&reading, Role::Exclusion, "three friends booking together");
    assert!(
        !reading.summary.contains("\"three friends"),
        "{}",
        reading.summary
    );
}

#[test]
fn fixes_offered_that_all_failed_are_failed_attempts() {
    let reading = accepted(
        "If the bot has suggested three solutions for the same issue and all of them have failed, get a person.",
    );
    assert_eq!(
        kinds_of(&reading),
        vec!["failed_attempts"],
        "{}",
        reading.summary
    );
    assert!(reading.summary.contains("3 times"), "{}", reading.summary);
}

#[test]
fn a_verdict_after_a_colon_is_said_of_what_comes_before() {
    let reading = accepted(
        "Raise a ticket when a guest asks for their money back. Just asking what the refund policy is: not enough.",
    );
    assert_eq!(kinds_of(&reading), vec!["topic"], "{}", reading.summary);
    assert_clause(&reading, Role::Restriction, "refund policy");
}

#[test]
fn the_customer_or_someone_of_theirs_is_whoever_writes() {
    let reading = accepted(
        "Get the scheduling team when a patient or their carer asks us to stop booking a particular nurse.",
    );
    assert!(!kinds_of(&reading).contains(&"who"), "{}", reading.summary);
    assert!(
        !reading.summary.contains("carer asks"),
        "{}",
        reading.summary
    );
}

#[test]
fn whom_it_goes_to_is_routing_before_about_and_before_a_colon() {
    let reading = accepted("Email the events manager about enquiries to hire the whole venue.");
    assert_clause(&reading, Role::Routing, "email the events manager");
    assert!(!reading.summary.contains("manager"), "{}", reading.summary);
    let reading = accepted(
        "Anything where a horse got hurt while it was with us gets the yard manager straight away: a cut that bled, a limp or a swollen leg.",
    );
    assert_clause(
        &reading,
        Role::Routing,
        "gets the yard manager straight away",
    );
    assert!(!reading.summary.contains("manager"), "{}", reading.summary);
}

#[test]
fn asking_whether_it_is_a_bot_is_left_to_the_request_for_a_person() {
    let instruction =
        "The member wants a real person. Asking whether they're talking to a bot doesn't count.";
    let reading = accepted(instruction);
    assert!(reading.exclusions.is_empty(), "{:?}", reading.exclusions);
    assert!(fires_on(
        instruction,
        "hi can I talk to someone at the front desk?"
    ));
    assert!(!fires_on(instruction, "wait, am I talking to a bot?"));
}
