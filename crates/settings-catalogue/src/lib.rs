//! What settings exist: every environment variable a settings type reads, its default and
//! whether it is a secret — taken from the type itself, so the table operators read
//! (`baton config settings`) and the start-up check of unknown variables cannot drift
//! from the code.
//!
//! A settings type derives `Serialize` next to `Deserialize`; serializing its `Default`
//! walks exactly the keys deserializing reads (flattened structs without a prefix, nested
//! ones under `<field>__`). Secrets cannot be serialized (`SecretString` refuses), so each
//! secret field says `#[serde(serialize_with = "baton_settings_catalogue::secret")]`: the
//! compiler enforces it, and the catalogue shows the field as a secret without its value.

mod record;

use serde::{Serialize, Serializer};

/// One setting: how it is set and what it is when not set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// The environment variable (`BATON_HTTP_RETRY__INITIAL`).
    pub variable: String,
    /// The value it has when not set; `None` when it is unset by default.
    pub default: Option<String>,
    /// Whether it is a credential: never printed, also readable from `<variable>_FILE`.
    pub secret: bool,
}

impl Setting {
    /// A setting read outside a settings type (by a library, from the process environment).
    pub fn plain(variable: &str, default: Option<&str>) -> Self {
        Self {
            variable: variable.to_owned(),
            default: default.map(str::to_owned),
            secret: false,
        }
    }
}

/// Why a type could not be described.
#[derive(Debug, thiserror::Error)]
#[error("cannot describe the settings: {0}")]
pub struct Error(String);

/// Every setting `T` reads from `BATON_…` variables, in field order.
pub fn describe<T: Serialize + Default>() -> Result<Vec<Setting>, Error> {
    record::settings(&T::default(), "BATON_")
}

/// `serialize_with` for a secret field: marks it as a secret and never writes its value.
pub fn secret<T, S: Serializer>(_value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(record::SECRET, &())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use secrecy::SecretString;
    use serde::Serialize;

    use super::*;

    #[derive(Serialize)]
    struct Retry {
        #[serde(serialize_with = "as_millis")]
        initial: Duration,
        jitter: f64,
    }

    fn as_millis<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u128(value.as_millis())
    }

    #[derive(Serialize)]
    struct Common {
        nats_url: String,
        #[serde(serialize_with = "secret")]
        nats_token: Option<SecretString>,
    }

    #[derive(Serialize)]
    struct Service {
        #[serde(flatten)]
        common: Common,
        http_retry: Retry,
        smtp_url: Option<String>,
        tls_required: bool,
    }

    impl Default for Service {
        fn default() -> Self {
            Self {
                common: Common {
                    nats_url: "nats://127.0.0.1:4222".into(),
                    nats_token: Some(SecretString::from("never shown".to_owned())),
                },
                http_retry: Retry {
                    initial: Duration::from_millis(500),
                    jitter: 0.2,
                },
                smtp_url: None,
                tls_required: false,
            }
        }
    }

    #[test]
    fn flattened_fields_have_no_prefix_and_nested_ones_a_double_underscore() {
        let settings = describe::<Service>().expect("describe");
        let row = |variable: &str, default: Option<&str>, secret| Setting {
            variable: variable.into(),
            default: default.map(str::to_owned),
            secret,
        };
        assert_eq!(
            settings,
            vec![
                row("BATON_NATS_URL", Some("nats://127.0.0.1:4222"), false),
                row("BATON_NATS_TOKEN", None, true),
                row("BATON_HTTP_RETRY__INITIAL", Some("500"), false),
                row("BATON_HTTP_RETRY__JITTER", Some("0.2"), false),
                row("BATON_SMTP_URL", None, false),
                row("BATON_TLS_REQUIRED", Some("false"), false),
            ]
        );
    }
}
