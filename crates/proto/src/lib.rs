//! Baton's contracts: the protobuf messages on the bus and the gRPC services (`baton.v1`),
//! generated from `proto/baton/v1`, plus the id rules every subject and key relies on and
//! the rules of customer attributes.

mod address;
pub mod attributes;
pub mod ids;
mod labels;
mod mode;
mod state;
mod turn;
mod validate;

pub use address::Addressed;
pub use mode::Transition;
pub use state::{FIRST_TURNS_KEPT, MAX_TRANSCRIPT_BYTES, MAX_TURNS};
pub use validate::{Invalid, MAX_TEXT_BYTES, Validate};

/// The `baton.v1` package.
#[allow(missing_docs, clippy::all, clippy::pedantic)]
pub mod v1 {
    tonic::include_proto!("baton.v1");
}
