//! Sunshine Conversations webhooks: whatever arrives at `/webhooks/sunshine` — any
//! `X-API-Key`, any body — is checked and parsed without a panic; only the exact key
//! passes; and every event that means something for a conversation names a valid
//! conversation and event id. The first line of the input is the key, the rest the body.
#![no_main]

use baton_helpdesk::webhook::verify_shared_secret;
use baton_zendesk_connector::sunshine::webhook::Event;
use libfuzzer_sys::fuzz_target;
use secrecy::SecretString;

const KEY: &str = "fuzz-webhook-key";

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let (header, body) = (&data[..split], data.get(split + 1..).unwrap_or_default());
    let secret = SecretString::from(KEY.to_owned());
    if let Ok(header) = std::str::from_utf8(header)
        && verify_shared_secret(&secret, Some(header)).is_ok()
    {
        assert_eq!(header, KEY);
    }
    if let Ok(events) = Event::parse_all(body) {
        for meaning in events.iter().filter_map(Event::meaning) {
            assert!(baton_proto::ids::is_valid(&meaning.conversation));
            assert!(baton_proto::ids::is_valid(&meaning.event_id), "{}", meaning.event_id);
        }
    }
});
