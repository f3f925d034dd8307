//! The handoff-router service binary.

fn main() -> std::process::ExitCode {
    baton_runtime::main::<baton_handoff_router::HandoffRouter>()
}
