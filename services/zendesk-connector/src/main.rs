//! The zendesk-connector service binary.

fn main() -> std::process::ExitCode {
    baton_runtime::main::<baton_zendesk_connector::ZendeskConnector>()
}
