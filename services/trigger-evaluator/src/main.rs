//! The trigger-evaluator service binary.

fn main() -> std::process::ExitCode {
    baton_runtime::main::<baton_trigger_evaluator::TriggerEvaluator>()
}
