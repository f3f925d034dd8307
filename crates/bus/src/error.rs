//! The bus crate's error type.

/// What can go wrong talking to NATS.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server could not be reached or refused the connection.
    #[error("cannot connect to NATS at {url}")]
    Connect {
        /// The URL tried.
        url: String,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The server is too old for the JetStream KV API Baton uses.
    #[error(
        "nats-server {found} at {url} is too old: Baton needs 2.10 or newer (`make deps` installs one)"
    )]
    ServerTooOld {
        /// The version the server reported.
        found: String,
        /// Where it runs.
        url: String,
    },
    /// A stream, consumer or bucket could not be created or read.
    #[error("cannot provision {what}")]
    Provision {
        /// What was being provisioned.
        what: String,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A publish was not acknowledged by JetStream.
    #[error("publish to {subject} failed")]
    Publish {
        /// The subject.
        subject: String,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A KV read or write failed (not a lost compare-and-set race, which is retried).
    #[error("KV {operation} of {key} failed")]
    Kv {
        /// get, create, update, delete, ...
        operation: &'static str,
        /// The key.
        key: String,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A compare-and-set update kept losing races.
    #[error("KV update of {key} lost {attempts} compare-and-set races in a row")]
    Contended {
        /// The key.
        key: String,
        /// How many times it tried.
        attempts: u32,
    },
    /// A dead letter keeps only part of its payload, so it cannot be replayed.
    #[error(
        "dead letter #{sequence} keeps only {kept} of its {whole} payload bytes (it was too big \
         to store whole): it cannot be replayed; read its reason and have the sender publish again"
    )]
    Cut {
        /// Its sequence in `BATON_DLQ`.
        sequence: u64,
        /// The bytes kept.
        kept: usize,
        /// The payload's whole size.
        whole: u64,
    },
    /// A stored value could not be decoded.
    #[error("KV value of {key} is not a valid {type_name}")]
    Corrupt {
        /// The key.
        key: String,
        /// The protobuf type expected.
        type_name: &'static str,
        /// Why.
        #[source]
        source: prost::DecodeError,
    },
    /// An id or subject is invalid.
    #[error(transparent)]
    Invalid(#[from] baton_proto::Invalid),
    /// A local nats-server could not be found or started.
    #[error("{0}")]
    Server(String),
}

impl Error {
    /// A boxed source from any error.
    pub(crate) fn boxed(
        err: impl std::error::Error + Send + Sync + 'static,
    ) -> Box<dyn std::error::Error + Send + Sync> {
        Box::new(err)
    }
}
