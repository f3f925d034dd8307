//! The conversation service binary.

fn main() -> std::process::ExitCode {
    baton_runtime::main::<baton_conversation::ConversationService>()
}
