//! Which environment variables are Baton settings, so a process can name a `BATON_…`
//! variable that nothing reads — a misspelt secret name would otherwise mean a silent dry
//! run.
//!
//! The list covers every process, not just the one checking: the Deployments share one
//! ConfigMap, so a service legitimately sees the settings of the others. A service binary
//! links only its own settings types, so the list is written out here; `baton config
//! settings` builds the same list from the types themselves, and a test of the CLI fails
//! when the two differ.

/// Every environment variable some Baton process reads, sorted.
pub const EVERY_SETTING: &[&str] = &[
    "BATON_ADMIN_TOKEN",
    "BATON_CONCURRENCY",
    "BATON_COPILOT_MIN_CONFIDENCE",
    "BATON_DATA_DIR",
    "BATON_DEFAULT_FROM",
    "BATON_DISPATCH_TIMEOUT_SECS",
    "BATON_GRPC_ADDR",
    "BATON_GRPC_URL",
    "BATON_HANDLER_TIMEOUT_SECS",
    "BATON_HANDOFF_COOLDOWN_SECS",
    "BATON_HTTP_ADDR",
    "BATON_HTTP_MAX_RATE_LIMIT_WAIT_SECS",
    "BATON_HTTP_RETRY_ATTEMPTS",
    "BATON_HTTP_RETRY__INITIAL",
    "BATON_HTTP_RETRY__JITTER",
    "BATON_HTTP_RETRY__MAX",
    "BATON_HTTP_TIMEOUT_SECS",
    "BATON_INTERCOM_BASE_URL",
    "BATON_INTERCOM_CLIENT_SECRET",
    "BATON_INTERCOM_RELEASE_TAG",
    "BATON_INTERCOM_TENANT",
    "BATON_INTERCOM_TOKEN",
    "BATON_INTERCOM_VERSION",
    "BATON_INTERCOM_WEBHOOK_MAX_AGE_SECS",
    "BATON_KNOWLEDGE_DIR",
    "BATON_KNOWLEDGE_REFRESH_SECS",
    "BATON_LLM_API_KEY",
    "BATON_LLM_BASE_URL",
    "BATON_LLM_MAX_CONCURRENCY",
    "BATON_LLM_MODEL",
    "BATON_LLM_TIMEOUT_MS",
    "BATON_MAX_HANDOFFS_PER_CONVERSATION",
    "BATON_NATS_CREDENTIALS",
    "BATON_NATS_PASSWORD",
    "BATON_NATS_SERVER",
    "BATON_NATS_TLS_CA",
    "BATON_NATS_TLS_REQUIRED",
    "BATON_NATS_TOKEN",
    "BATON_NATS_URL",
    "BATON_NATS_USER",
    "BATON_REQUIRE_LIVE",
    "BATON_RETENTION_DAYS",
    "BATON_SMTP_PASSWORD",
    "BATON_SMTP_TIMEOUT_SECS",
    "BATON_SMTP_URL",
    "BATON_SMTP_USERNAME",
    "BATON_STREAM_MAX_BYTES",
    "BATON_STREAM_REPLICAS",
    "BATON_SUNSHINE_APP_ID",
    "BATON_SUNSHINE_BASE_URL",
    "BATON_SUNSHINE_KEY_ID",
    "BATON_SUNSHINE_KEY_SECRET",
    "BATON_SUNSHINE_TENANT",
    "BATON_SUNSHINE_WEBHOOK_MAX_AGE_SECS",
    "BATON_SUNSHINE_WEBHOOK_SECRET",
    "BATON_ZENDESK_API_TOKEN",
    "BATON_ZENDESK_BASE_URL",
    "BATON_ZENDESK_EMAIL",
    "BATON_ZENDESK_WEBHOOK_MAX_AGE_SECS",
    "BATON_ZENDESK_WEBHOOK_SECRET",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "RUST_LOG",
];

/// The `BATON_…` variables among `names` that no setting reads. `<NAME>_FILE` counts as a
/// setting when `<NAME>` is one (the loader reads any setting from a file).
pub fn unread<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let known = |name: &str| EVERY_SETTING.binary_search(&name).is_ok();
    names
        .into_iter()
        .filter(|name| name.starts_with("BATON_"))
        .filter(|name| !known(name) && !name.strip_suffix("_FILE").is_some_and(known))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_so_lookups_find_every_name() {
        assert!(EVERY_SETTING.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn misspelt_and_unknown_names_are_unread() {
        let names = [
            "BATON_INTERCOM_TOKEN",
            "BATON_INTERCOM_TOKEN_FILE",
            "BATON_INTERCOM_TOKN",
            "BATON_NOT_A_SETTING_FILE",
            "HOME",
        ];
        assert_eq!(
            unread(names),
            ["BATON_INTERCOM_TOKN", "BATON_NOT_A_SETTING_FILE"]
        );
    }
}
