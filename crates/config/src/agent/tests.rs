use super::*;

const FULL: &str = r#"
tenant_id: acme
agent_id: acme-support
knowledge: [kb/]
handoffs:
  - id: human-request
    type: intercom
    priority: 10
    trigger: >
      Hand off when the customer explicitly asks to talk to a person.
    intercom: {team_id: 123, admin_id: "456", tags: [baton]}
    fallback: [ticket]
    copilot: true
    business_hours:
      timezone: Europe/Madrid
      weekly: {mon: "09:00-17:00", tue: "09:00-13:00, 14:00-18:00"}
      holidays: [2026-12-25]
    redact: [cards, emails]
    messages:
      connecting: {en: "Connecting you now.", es: "Te estamos conectando."}
  - id: ticket
    type: zendesk_ticket
    trigger: Create a ticket after 3 failed attempts.
    zendesk_ticket: {group_id: 99, priority: high, tags: [bot]}
    fallback: [mail]
  - id: mail
    type: email
    trigger: Billing disputes.
    email: {recipients: both, team_address: support@acme.test, from: "Acme <noreply@acme.test>"}
"#;

fn problems(yaml: &str) -> Vec<Problem> {
    match parse(yaml) {
        Ok(_) => panic!("expected problems"),
        Err(err) => err.problems,
    }
}

fn only_problem(yaml: &str) -> Problem {
    let found = problems(yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    found.into_iter().next().expect("one")
}

#[test]
fn a_complete_configuration_converts_to_the_stored_form() {
    let validated = parse(FULL).expect("valid");
    let config = &validated.config;
    assert_eq!(
        (config.tenant_id.as_str(), config.agent_id.as_str()),
        ("acme", "acme-support")
    );
    assert!(!config.live, "nothing goes live by being stored");
    assert_eq!(config.handoffs.len(), 3);
    let human = &config.handoffs[0];
    assert_eq!(human.r#type(), HandoffType::Intercom);
    assert_eq!(human.priority, 10);
    assert!(human.enabled && human.copilot);
    assert_eq!(human.fallback, vec!["ticket"]);
    match &human.settings {
        Some(handoff::Settings::Intercom(s)) => {
            assert_eq!((s.team_id.as_str(), s.admin_id.as_str()), ("123", "456"));
        }
        other => panic!("{other:?}"),
    }
    let hours = human.business_hours.as_ref().expect("hours");
    assert_eq!(hours.weekly.len(), 3, "tue has two ranges");
    assert_eq!(
        human.messages["connecting"].by_locale["es"],
        "Te estamos conectando."
    );
    match &config.handoffs[2].settings {
        Some(handoff::Settings::Email(s)) => {
            assert_eq!(s.recipients(), EmailRecipients::Both);
            assert_eq!(s.team_address, "support@acme.test");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(config.source_yaml, FULL);
}

#[test]
fn unknown_keys_are_errors_with_their_line() {
    let yaml = "tenant_id: acme\nagent_id: a\nhandoffs:\n  - id: h\n    type: email\n    trigger: when the customer asks to talk to a person\n    colour: red\n";
    let problem = only_problem(yaml);
    assert_eq!(problem.line, 7);
    assert!(
        problem.message.contains("unknown field `colour`"),
        "{problem}"
    );
}

#[test]
fn an_unknown_type_names_the_valid_ones() {
    let yaml = "tenant_id: acme\nagent_id: a\nhandoffs:\n  - id: h\n    type: telegram\n    trigger: when the customer asks to talk to a person\n";
    let problem = only_problem(yaml);
    assert_eq!(problem.line, 5);
    assert!(problem.message.contains("zendesk_ticket"), "{problem}");
}

#[test]
fn duplicate_and_malformed_handoff_ids_are_reported_together() {
    let yaml = "tenant_id: acme\nagent_id: a\nhandoffs:\n  - id: h\n    type: email\n    trigger: when the customer asks to talk to a person\n  - id: h\n    type: email\n    trigger: after 3 failed attempts\n  - id: Bad_Id\n    type: email\n    trigger: billing disputes\n";
    let found = problems(yaml);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].line, 7);
    assert!(
        found[0].message.contains("already used at line 4"),
        "{}",
        found[0]
    );
    assert_eq!(found[1].line, 10);
}

#[test]
fn tenant_ids_that_would_change_subjects_are_rejected() {
    let problem = only_problem("tenant_id: acme.eu\nagent_id: a\nhandoffs: []\n");
    assert_eq!(problem.line, 1);
    assert!(problem.message.contains("tenant_id"), "{problem}");
}

#[test]
fn fallbacks_must_exist_be_enabled_and_not_loop() {
    let unknown = "tenant_id: t\nagent_id: a\nhandoffs:\n  - id: h\n    type: email\n    trigger: when the customer asks to talk to a person\n    fallback: [nope]\n";
    let problem = only_problem(unknown);
    assert_eq!(problem.line, 7);
    assert!(problem.message.contains("\"nope\""), "{problem}");

    let cycle = "tenant_id: t\nagent_id: a\nhandoffs:\n  - id: a\n    type: email\n    trigger: when the customer asks to talk to a person\n    fallback: [b]\n  - id: b\n    type: email\n    trigger: after 3 failed attempts\n    fallback: [a]\n";
    let problem = only_problem(cycle);
    assert!(problem.message.contains("a → b → a"), "{problem}");

    let disabled = "tenant_id: t\nagent_id: a\nhandoffs:\n  - id: a\n    type: email\n    trigger: when the customer asks to talk to a person\n    fallback: [b]\n  - id: b\n    type: email\n    enabled: false\n    trigger: after 3 failed attempts\n";
    assert!(only_problem(disabled).message.contains("disabled"));
}

#[test]
fn settings_must_match_the_type() {
    let yaml = "tenant_id: t\nagent_id: a\nhandoffs:\n  - id: h\n    type: intercom\n    trigger: when the customer asks to talk to a person\n    email: {recipients: user}\n";
    let problem = only_problem(yaml);
    assert_eq!(problem.line, 7);
    assert!(
        problem
            .message
            .contains("`email` settings on a handoff of type intercom"),
        "{problem}"
    );
}

#[test]
fn a_team_email_needs_a_team_address() {
    let yaml = "tenant_id: t\nagent_id: a\nhandoffs:\n  - id: h\n    type: email\n    trigger: when the customer asks to talk to a person\n    email: {recipients: team}\n";
    assert!(only_problem(yaml).message.contains("team_address"));
    let bad = "tenant_id: t\nagent_id: a\nhandoffs:\n  - id: h\n    type: email\n    trigger: when the customer asks to talk to a person\n    email: {recipients: user, from: not-an-address}\n";
    assert!(only_problem(bad).message.contains("not an email address"));
}

#[test]
fn copilot_needs_a_helpdesk() {
    let yaml = "tenant_id: t\nagent_id: a\nhandoffs:\n  - id: h\n    type: email\n    trigger: when the customer asks to talk to a person\n    copilot: true\n";
    assert_eq!(only_problem(yaml).line, 7);
}

#[test]
fn business_hours_are_checked_line_by_line() {
    let yaml = "tenant_id: t\nagent_id: a\nhandoffs:\n  - id: h\n    type: intercom\n    trigger: when the customer asks to talk to a person\n    business_hours:\n      timezone: Mars/Base\n      weekly: {funday: \"09:00-17:00\", mon: \"17:00-09:00\"}\n      holidays: [2026-13-01]\n";
    let found = problems(yaml);
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(
        found
            .iter()
            .any(|p| p.line == 8 && p.message.contains("Mars/Base"))
    );
    assert!(found.iter().any(|p| p.message.contains("funday")));
    assert!(
        found
            .iter()
            .any(|p| p.message.contains("closes before it opens"))
    );
    assert!(found.iter().any(|p| p.line == 10));
}

#[test]
fn missing_optional_settings_are_warnings_not_errors() {
    let yaml = "tenant_id: t\nagent_id: a\nhandoffs:\n  - id: h\n    type: intercom\n    trigger: when the customer asks to talk to a person\n  - id: m\n    type: email\n    trigger: after 3 failed attempts\n";
    let validated = parse(yaml).expect("valid");
    assert!(
        validated.warnings.iter().any(|w| w.contains("team_id")),
        "{:?}",
        validated.warnings
    );
    assert!(
        validated
            .warnings
            .iter()
            .any(|w| w.contains("customer only")),
        "{:?}",
        validated.warnings
    );
}

#[test]
fn a_configuration_without_enabled_handoffs_cannot_go_live() {
    let validated = parse("tenant_id: t\nagent_id: a\nhandoffs: []\n").expect("storable");
    let blocker = go_live_blocker(&validated.config).expect("blocked");
    assert!(blocker.contains("configure at least one handoff before going live"));
    assert!(
        validated
            .warnings
            .iter()
            .any(|w| w.contains("before going live"))
    );
    assert_eq!(go_live_blocker(&parse(FULL).expect("valid").config), None);
}

#[test]
fn invalid_yaml_is_reported_with_its_line() {
    let problem = only_problem("tenant_id: t\nagent_id: [unclosed\nhandoffs: []\n");
    assert!(problem.line >= 2, "{problem}");
}

#[test]
fn a_trigger_clause_that_cannot_be_represented_is_rejected_with_its_line_and_clause() {
    let yaml = "tenant_id: t\nagent_id: a\nhandoffs:\n  - id: h\n    type: email\n    trigger: when the customer asks to talk to a person\n  - id: v\n    type: email\n    trigger: when the customer uploads a photo of the damage\n";
    let found = problems(yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].line, 9);
    assert!(
        found[0].message.contains("cannot be represented") && found[0].message.contains("uploads"),
        "{}",
        found[0].message
    );

    let valid = parse(&yaml.replace(
        "when the customer uploads a photo of the damage",
        "Route VIP customers to a person when they ask anything about billing",
    ))
    .expect("valid");
    assert!(
        valid.triggers[0]
            .understood
            .iter()
            .any(|clause| clause.contains("asks for a person")),
        "{:?}",
        valid.triggers
    );
    let vip = &valid.triggers[1].understood;
    assert!(
        vip.iter().any(|c| c.contains("routing"))
            && vip.iter().any(|c| c.contains("vip"))
            && vip.iter().any(|c| c.contains("billing")),
        "{vip:?}"
    );
}

#[test]
fn the_agent_judge_applies_to_handoffs_that_name_none() {
    let yaml = "tenant_id: t\nagent_id: a\njudge: llm\nhandoffs:\n  - id: h\n    type: email\n    trigger: when the customer asks to talk to a person\n  - id: r\n    type: email\n    judge: rules\n    trigger: after 2 failed attempts\n";
    let judges: Vec<TriggerJudge> = parse(yaml)
        .expect("valid")
        .config
        .handoffs
        .iter()
        .map(Handoff::judge)
        .collect();
    assert_eq!(judges, [TriggerJudge::Llm, TriggerJudge::Rules]);

    let default = parse(&yaml.replace("judge: llm\n", "")).expect("valid");
    assert_eq!(default.config.handoffs[0].judge(), TriggerJudge::Rules);
    let problem = only_problem(&yaml.replace("judge: llm", "judge: gpt"));
    assert!(problem.message.contains("llm"), "{problem}");
}

#[test]
fn a_trigger_that_disagrees_with_its_own_examples_is_rejected_at_the_example() {
    let yaml = "tenant_id: t\nagent_id: a\nhandoffs:\n  - id: close\n    type: email\n    trigger: Hand off when the customer wants to close their account.\n    examples:\n      fires:\n        - please delete my account\n        - what time is it\n      holds:\n        - how do I close my account?\n        - I want to close my account\n";
    let found = problems(yaml);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].line, 10, "{found:?}");
    assert!(found[0].message.contains("what time is it"), "{found:?}");
    assert_eq!(found[1].line, 13, "{found:?}");
    assert!(found[1].message.contains("must not"), "{found:?}");
    let agreeing = yaml
        .replace("        - what time is it\n", "")
        .replace("        - I want to close my account\n", "");
    assert!(parse(&agreeing).is_ok(), "{:?}", parse(&agreeing).err());
}

#[test]
fn a_clause_the_rules_cannot_represent_is_left_to_an_llm_judge() {
    let yaml = "tenant_id: t\nagent_id: a\nhandoffs:\n  - id: h\n    type: email\n    judge: llm\n    trigger: when the customer uploads a photo of the damage\n";
    let valid = parse(yaml).expect("valid for a language-model judge");
    assert!(
        valid.triggers[0]
            .warnings
            .iter()
            .any(|w| w.contains("only the language model")),
        "{:?}",
        valid.triggers[0].warnings
    );
    assert!(parse(&yaml.replace("    judge: llm\n", "")).is_err());
}

#[test]
fn knowledge_paths_outside_the_knowledge_directory_or_not_markdown_are_refused() {
    let yaml = "tenant_id: acme\nagent_id: support\nknowledge:\n  - kb/\n  - /proc/self/environ\n  - ../other-tenant/faq.md\n  - exports/customers.csv\nhandoffs:\n  - id: mail\n    type: email\n    trigger: Billing disputes.\n    email: {recipients: team, team_address: support@acme.test}\n";
    let found = problems(yaml);
    let lines: Vec<u64> = found.iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![5, 6, 7], "{found:?}");
    assert!(found[0].message.contains("is absolute"), "{}", found[0]);
    assert!(found[1].message.contains("climbs out"), "{}", found[1]);
    assert!(
        found[2].message.contains("not a Markdown file"),
        "{}",
        found[2]
    );
}
