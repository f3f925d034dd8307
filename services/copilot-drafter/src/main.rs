//! The copilot-drafter service binary.

fn main() -> std::process::ExitCode {
    baton_runtime::main::<baton_copilot_drafter::CopilotDrafter>()
}
