//! `baton config settings [--markdown]`: every setting a Baton process reads — its
//! variable, its default, whether it is a secret, which processes read it — built from
//! the settings types themselves (`baton_settings_catalogue`), so it cannot drift from the
//! code. `--markdown` prints the table `docs/OPERATIONS.md` carries; `make deploy-check`
//! fails when the two disagree.

use std::collections::BTreeMap;
use std::process::ExitCode;

use baton_settings_catalogue::{Setting, describe};
use clap::CommandFactory;

/// Shown instead of the list of every service.
const EVERY_SERVICE: &str = "every service";
/// The CLI itself.
const CLI: &str = "`baton`";

/// A setting and the processes that read it.
#[derive(Debug)]
pub struct Row {
    /// The setting.
    pub setting: Setting,
    /// Services, `baton`, "every process"… in the order first seen.
    pub read_by: Vec<&'static str>,
}

/// Prints the catalogue.
pub fn run(markdown: bool) -> anyhow::Result<ExitCode> {
    let rows = catalogue()?;
    print!(
        "{}",
        if markdown {
            to_markdown(&rows)
        } else {
            to_text(&rows)
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Every setting of every Baton process, sorted by variable.
pub fn catalogue() -> anyhow::Result<Vec<Row>> {
    let services = [
        (
            baton_conversation::SERVICE,
            describe::<baton_conversation::Settings>()?,
        ),
        (
            baton_trigger_evaluator::SERVICE,
            describe::<baton_trigger_evaluator::Settings>()?,
        ),
        (
            baton_handoff_router::SERVICE,
            describe::<baton_handoff_router::Settings>()?,
        ),
        (
            baton_intercom_connector::SERVICE,
            describe::<baton_intercom_connector::Settings>()?,
        ),
        (
            baton_zendesk_connector::SERVICE,
            describe::<baton_zendesk_connector::Settings>()?,
        ),
        (
            baton_email_sender::SERVICE,
            describe::<baton_email_sender::Settings>()?,
        ),
        (
            baton_copilot_drafter::SERVICE,
            describe::<baton_copilot_drafter::Settings>()?,
        ),
    ];
    let service_names = services.each_ref().map(|(name, _)| *name);
    let others = [
        ("every process", baton_telemetry::settings()),
        // `baton run` and the tests start a local nats-server.
        ("`baton run`, tests", baton_bus::server::settings()),
        (CLI, command_line_settings()),
        (CLI, describe::<baton_bus::BusSettings>()?),
        // Sent on every gRPC call.
        (CLI, describe::<baton_config::settings::AdminCredentials>()?),
        // `baton eval --judge llm`.
        (CLI, describe::<baton_llm::LlmSettings>()?),
    ];
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    for (reader, settings) in services.into_iter().chain(others) {
        for setting in settings {
            let row = rows.entry(setting.variable.clone()).or_insert_with(|| Row {
                setting: setting.clone(),
                read_by: Vec::new(),
            });
            anyhow::ensure!(
                row.setting == setting,
                "{} is read with different defaults by {} and {reader}",
                setting.variable,
                row.read_by.join(", ")
            );
            if !row.read_by.contains(&reader) {
                row.read_by.push(reader);
            }
        }
    }
    let mut rows: Vec<Row> = rows.into_values().collect();
    for row in &mut rows {
        if service_names.iter().all(|name| row.read_by.contains(name)) {
            row.read_by.retain(|reader| !service_names.contains(reader));
            row.read_by.insert(0, EVERY_SERVICE);
        }
    }
    Ok(rows)
}

/// The `env = …` arguments of the command line (`BATON_NATS_URL`, `BATON_GRPC_URL`).
fn command_line_settings() -> Vec<Setting> {
    fn visit(command: &clap::Command, out: &mut Vec<Setting>) {
        for argument in command.get_arguments() {
            if let Some(variable) = argument.get_env().and_then(|env| env.to_str()) {
                let default = argument.get_default_values().first();
                let default = default.map(|value| value.to_string_lossy());
                out.push(Setting::plain(variable, default.as_deref()));
            }
        }
        for subcommand in command.get_subcommands() {
            visit(subcommand, out);
        }
    }
    let mut out = Vec::new();
    visit(&crate::Cli::command(), &mut out);
    out
}

fn cells(row: &Row) -> [String; 4] {
    [
        format!("`{}`", row.setting.variable),
        row.setting
            .default
            .as_ref()
            .map_or_else(|| "unset".to_owned(), |value| format!("`{value}`")),
        if row.setting.secret { "yes" } else { "no" }.to_owned(),
        row.read_by.join(", "),
    ]
}

const HEADINGS: [&str; 4] = ["setting", "default", "secret", "read by"];

/// The table of `docs/OPERATIONS.md` (*Settings*), without its description column.
pub fn to_markdown(rows: &[Row]) -> String {
    let mut out = format!("| {} |\n|---|---|---|---|\n", HEADINGS.join(" | "));
    for row in rows {
        out.push_str(&format!("| {} |\n", cells(row).join(" | ")));
    }
    out
}

/// Aligned columns for a terminal.
fn to_text(rows: &[Row]) -> String {
    let table: Vec<[String; 4]> = rows.iter().map(cells).collect();
    let mut widths = HEADINGS.map(str::len);
    for line in &table {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.len());
        }
    }
    let mut out = String::new();
    for line in std::iter::once(HEADINGS.map(str::to_uppercase)).chain(table) {
        let padded: Vec<String> = line
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:width$}"))
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_is_known_to_the_start_up_check() {
        let rows = catalogue().expect("catalogue");
        let names: Vec<&str> = rows
            .iter()
            .map(|row| row.setting.variable.as_str())
            .collect();
        let known = baton_config::known::EVERY_SETTING;
        assert!(
            names == known,
            "crates/config/src/known.rs is stale; EVERY_SETTING must be:\n{names:#?}"
        );
    }

    #[test]
    fn the_table_shows_defaults_secrets_and_readers() {
        let table = to_markdown(&catalogue().expect("catalogue"));
        for line in [
            "| `BATON_NATS_URL` | `nats://127.0.0.1:4222` | no | every service, `baton` |",
            "| `BATON_HTTP_RETRY__INITIAL` | `500` | no | intercom-connector, zendesk-connector |",
            "| `BATON_INTERCOM_TOKEN` | unset | yes | intercom-connector |",
            "| `RUST_LOG` | `info` | no | every process |",
        ] {
            assert!(table.contains(line), "{line} missing from:\n{table}");
        }
    }
}
