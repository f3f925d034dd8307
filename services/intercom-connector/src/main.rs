//! The intercom-connector service binary.

fn main() -> std::process::ExitCode {
    baton_runtime::main::<baton_intercom_connector::IntercomConnector>()
}
