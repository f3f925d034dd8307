//! The operator's YAML agent configuration: any text must give a configuration or a list of
//! problems with lines, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(yaml) = std::str::from_utf8(data) {
        if let Err(err) = baton_config::parse(yaml) {
            assert!(!err.problems.is_empty(), "an error names at least one problem");
        }
    }
});
