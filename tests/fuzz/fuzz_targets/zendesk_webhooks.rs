//! Zendesk's webhooks: whatever arrives at `/webhooks/sunshine` or `/webhooks/zendesk` —
//! any key or signature, any body — is checked and parsed without a panic; only the exact
//! Sunshine key and only Zendesk's own signature pass; and every event that means something
//! names valid ids. The first line of the input is the header (the `X-API-Key`, or the
//! `X-Zendesk-Webhook-Signature`), the rest the body.
#![no_main]

use baton_helpdesk::webhook::{sign_zendesk, verify_shared_secret, verify_zendesk_signature};
use baton_zendesk_connector::sunshine::webhook::Event;
use baton_zendesk_connector::ticket::webhook::TicketSolved;
use libfuzzer_sys::fuzz_target;
use secrecy::SecretString;

const KEY: &str = "fuzz-webhook-key";
const TIMESTAMP: &str = "2026-11-25T10:00:00Z";

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let (header, body) = (&data[..split], data.get(split + 1..).unwrap_or_default());
    let secret = SecretString::from(KEY.to_owned());
    if let Ok(header) = std::str::from_utf8(header) {
        if verify_shared_secret(&secret, Some(header)).is_ok() {
            assert_eq!(header, KEY);
        }
        if verify_zendesk_signature(&secret, Some(TIMESTAMP), body, Some(header)).is_ok() {
            assert_eq!(header.trim(), sign_zendesk(KEY, TIMESTAMP, body));
        }
    }
    if let Ok(events) = Event::parse_all(body) {
        for meaning in events.iter().filter_map(Event::meaning) {
            assert!(baton_proto::ids::is_valid(&meaning.conversation));
            assert!(baton_proto::ids::is_valid(&meaning.event_id), "{}", meaning.event_id);
        }
    }
    if let Ok(Some(solved)) = TicketSolved::parse(body) {
        assert!(baton_proto::ids::is_valid(&solved.ticket));
    }
});
