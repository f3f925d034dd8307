//! The email-sender service binary.

fn main() -> std::process::ExitCode {
    baton_runtime::main::<baton_email_sender::EmailSender>()
}
