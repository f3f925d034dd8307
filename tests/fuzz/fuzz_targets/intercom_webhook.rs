//! Intercom webhooks: whatever arrives at `/webhooks/intercom` — any signature header, any
//! body — is verified and parsed without a panic; a body only passes verification under
//! the signature made with the secret; and a parsed notification yields events with
//! valid ids. The first line of the input is the `X-Hub-Signature` header, the rest the
//! body.
#![no_main]

use baton_helpdesk::webhook::{sign_hmac_sha1, verify_hmac_sha1};
use baton_intercom_connector::webhook::Notification;
use libfuzzer_sys::fuzz_target;
use secrecy::SecretString;

const SECRET: &str = "fuzz-secret";

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let (header, body) = (&data[..split], data.get(split + 1..).unwrap_or_default());
    let secret = SecretString::from(SECRET.to_owned());
    let header = std::str::from_utf8(header).ok();
    let expected = sign_hmac_sha1(SECRET, body);
    if let Some(header) = header
        && verify_hmac_sha1(&secret, body, Some(header)).is_ok()
    {
        assert!(header.trim().eq_ignore_ascii_case(&expected), "accepted {header:?}");
    }
    assert!(verify_hmac_sha1(&secret, body, Some(&expected)).is_ok());
    if let Ok(notification) = Notification::parse(body) {
        for (event_id, _) in notification.events("baton-bot") {
            assert!(baton_proto::ids::is_valid(&event_id), "event id {event_id:?}");
        }
    }
});
