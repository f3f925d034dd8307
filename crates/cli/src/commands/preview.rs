//! `baton preview --config FILE --script FILE [--force HANDOFF]`: what Baton would do with a
//! configuration and a scripted conversation, computed by the router without touching any
//! live conversation, helpdesk or mailbox.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use baton_proto::v1::admin_client::AdminClient;
use baton_proto::v1::{Customer, PreviewRequest, PreviewResponse, Role, ScriptTurn};
use serde::Deserialize;

use crate::Endpoints;

/// Arguments of `baton preview`.
#[derive(clap::Args)]
pub struct Args {
    /// The agent configuration (YAML); it need not be applied.
    #[arg(long)]
    config: PathBuf,
    /// The conversation (YAML or JSON): `customer: {name, email, external_id, locale,
    /// attributes: {KEY: VALUE}}` and `turns: [{role: user|agent, text, answered?}]`.
    #[arg(long)]
    script: PathBuf,
    /// Trigger this handoff deliberately after the last turn.
    #[arg(long)]
    force: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Script {
    #[serde(default)]
    customer: Option<ScriptCustomer>,
    turns: Vec<ScriptLine>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct ScriptCustomer {
    name: String,
    email: String,
    external_id: String,
    locale: String,
    attributes: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptLine {
    role: String,
    text: String,
    #[serde(default)]
    answered: Option<bool>,
}

/// Parses a script file into the request's turns and customer.
fn script(file: &Path) -> anyhow::Result<(Vec<ScriptTurn>, Option<Customer>)> {
    let script: Script = serde_saphyr::from_str(&super::read_file(file)?)
        .map_err(|err| anyhow::anyhow!("{}: {err}", file.display()))?;
    let turns = script
        .turns
        .into_iter()
        .enumerate()
        .map(|(index, line)| {
            let role = match line.role.as_str() {
                "user" => Role::User,
                "agent" => Role::Agent,
                other => anyhow::bail!(
                    "{}: turn {index}: role {other:?} must be user or agent",
                    file.display()
                ),
            };
            Ok(ScriptTurn {
                role: role as i32,
                text: line.text,
                answered: line.answered,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let customer = script.customer.map(|c| Customer {
        name: c.name,
        email: c.email,
        external_id: c.external_id,
        locale: c.locale,
        attributes: c.attributes,
    });
    Ok((turns, customer))
}

/// Runs `baton preview`.
pub async fn run(endpoints: &Endpoints, args: Args) -> anyhow::Result<ExitCode> {
    let (turns, customer) = script(&args.script)?;
    let request = PreviewRequest {
        yaml: super::read_file(&args.config)?,
        turns: turns.clone(),
        force_handoff_id: args.force.unwrap_or_default(),
        customer,
    };
    let mut client = AdminClient::new(super::channel(&endpoints.grpc).await?);
    let response = client
        .preview(request)
        .await
        .map_err(super::status)?
        .into_inner();
    print!("{}", render(&turns, &response));
    Ok(ExitCode::SUCCESS)
}

/// The preview as a person reads it: each turn with the handoffs that fired on it, then
/// what would be delivered where.
fn render(turns: &[ScriptTurn], response: &PreviewResponse) -> String {
    let mut out = String::new();
    for step in &response.steps {
        if let Some(turn) = turns.get(step.turn_index as usize) {
            out.push_str(&format!(
                "[{}] {}: {}\n",
                step.turn_index,
                turn.role().label(),
                turn.text
            ));
        }
        for decision in step.decisions.iter().filter(|d| d.fired) {
            let what: Vec<&str> = decision
                .conditions
                .iter()
                .map(|c| c.description.as_str())
                .collect();
            out.push_str(&format!(
                "    fires {}: {}\n",
                decision.handoff_id,
                what.join("; ")
            ));
        }
    }
    if response.fired_handoff_id.is_empty() {
        out.push_str("\nno handoff fires\n");
    } else {
        out.push_str(&format!(
            "\n{} handoff {} after turn {}\n",
            if response.forced { "forced" } else { "fired" },
            response.fired_handoff_id,
            response.fired_at_turn
        ));
    }
    if let Some(summary) = response.package.as_ref().and_then(|p| p.summary.as_ref()) {
        out.push_str(&format!(
            "\nsummary for the human agent:\n{}\n",
            summary.text
        ));
    }
    if !response.customer_message.is_empty() {
        out.push_str(&format!(
            "\nthe customer is told: {}\n",
            response.customer_message
        ));
    }
    for delivery in &response.deliveries {
        out.push_str(&format!(
            "\n{} {} {} {}\n",
            delivery.handoff_id, delivery.kind, delivery.method, delivery.target
        ));
        if !delivery.note.is_empty() {
            out.push_str(&format!("  note: {}\n", delivery.note));
        }
        for line in delivery.body.lines().take(40) {
            out.push_str(&format!("  | {line}\n"));
        }
    }
    for warning in &response.warnings {
        out.push_str(&format!("warning: {warning}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_customer_carries_its_attributes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("script.yaml");
        std::fs::write(
            &file,
            "customer: {name: Ana, attributes: {plan: enterprise, vip: \"true\"}}\nturns:\n  - {role: user, text: hi}\n",
        )
        .expect("write");
        let (turns, customer) = script(&file).expect("script");
        let customer = customer.expect("customer");
        assert_eq!(turns.len(), 1);
        assert_eq!(customer.name, "Ana");
        assert_eq!(
            customer.attributes,
            BTreeMap::from([
                ("plan".to_owned(), "enterprise".to_owned()),
                ("vip".to_owned(), "true".to_owned()),
            ])
        );
    }
}
