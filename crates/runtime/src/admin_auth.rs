//! Who may call the gRPC APIs (admin and conversation queries): whoever presents the admin
//! token (`BATON_ADMIN_TOKEN`) as `authorization: Bearer <token>`. These APIs put live
//! configurations (where conversations go, what is redacted) and read every transcript, so
//! an API reachable from the network without a token is refused at start-up; on a loopback
//! address, where only the local machine can call, it is allowed with a warning (`baton
//! run` on a laptop).
//!
//! The server side is one interceptor for every gRPC service of the process
//! ([`RequireAdminToken`]); it tells handlers who called ([`Caller`]), so a change can be
//! recorded with its author. The client side ([`SendAdminToken`]) is what `baton` sends.

use std::net::SocketAddr;
use std::sync::Arc;

use baton_config::settings::{AdminCredentials, GrpcSettings};
use secrecy::{ExposeSecret, SecretString};
use tonic::metadata::{AsciiMetadataValue, MetadataValue};
use tonic::{Request, Status};

/// The header carrying the token.
const AUTHORIZATION: &str = "authorization";
/// Its scheme (RFC 6750).
const BEARER: &str = "Bearer ";

/// Why the gRPC APIs cannot be served as configured.
#[derive(Debug, thiserror::Error)]
#[error(
    "refusing to serve the gRPC APIs on {addr} without an admin token: anyone who reaches it \
     could change configurations and read transcripts. Set BATON_ADMIN_TOKEN (or \
     BATON_ADMIN_TOKEN_FILE), or listen on a loopback address (BATON_GRPC_ADDR=127.0.0.1:50051)"
)]
pub struct Unprotected {
    /// The address asked for.
    pub addr: SocketAddr,
}

/// Refuses a gRPC address outside loopback without a token. Pure, so a command can ask
/// before it starts anything (`baton run` starts a nats-server).
pub fn refuse_unprotected(settings: &GrpcSettings) -> Result<(), Unprotected> {
    let addr = settings.grpc_addr;
    match settings.credentials.admin_token {
        None if !addr.ip().is_loopback() => Err(Unprotected { addr }),
        _ => Ok(()),
    }
}

/// [`refuse_unprotected`], and a warning when the API answers anyone on loopback.
pub(crate) fn check_exposure(settings: &GrpcSettings) -> Result<(), Unprotected> {
    refuse_unprotected(settings)?;
    if settings.credentials.admin_token.is_none() {
        tracing::warn!(
            addr = %settings.grpc_addr,
            "the gRPC APIs answer without authentication (no BATON_ADMIN_TOKEN): fine on \
             loopback for local use, set a token anywhere else"
        );
    }
    Ok(())
}

/// Who made a gRPC call, as recorded with what they changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller(String);

impl Caller {
    /// The name recorded for the holder of the admin token.
    pub const ADMIN: &str = "admin";
    /// The name recorded when no token is configured (loopback only).
    pub const LOCAL: &str = "local";

    /// The caller of `request`: set by [`RequireAdminToken`] on every call it lets through.
    pub fn of<T>(request: &Request<T>) -> &str {
        request
            .extensions()
            .get::<Caller>()
            .map_or(Self::LOCAL, |caller| caller.0.as_str())
    }
}

/// The server's interceptor: a call without the admin token is `Unauthenticated`.
#[derive(Clone)]
pub struct RequireAdminToken {
    token: Option<Arc<SecretString>>,
}

impl RequireAdminToken {
    /// Demands `credentials`' token; without one, lets every call through as
    /// [`Caller::LOCAL`] (only reachable on loopback, see [`refuse_unprotected`]).
    pub fn new(credentials: &AdminCredentials) -> Self {
        Self {
            token: credentials.admin_token.clone().map(Arc::new),
        }
    }
}

impl tonic::service::Interceptor for RequireAdminToken {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        let caller = match &self.token {
            None => Caller::LOCAL,
            Some(token) => {
                let presented = request
                    .metadata()
                    .get(AUTHORIZATION)
                    .and_then(|value| value.to_str().ok())
                    .and_then(|value| value.strip_prefix(BEARER));
                match presented {
                    Some(presented) if baton_config::secret::matches(token, presented) => {
                        Caller::ADMIN
                    }
                    Some(_) => return Err(Status::unauthenticated("wrong admin token")),
                    None => {
                        return Err(Status::unauthenticated(
                            "admin token required: send `authorization: Bearer <token>` \
                             (the baton command sends BATON_ADMIN_TOKEN)",
                        ));
                    }
                }
            }
        };
        request.extensions_mut().insert(Caller(caller.to_owned()));
        Ok(request)
    }
}

/// A token that cannot travel in a header (a control character, a non-ASCII letter).
#[derive(Debug, thiserror::Error)]
#[error("BATON_ADMIN_TOKEN cannot be sent in a gRPC header: use printable ASCII only")]
pub struct UnsendableToken;

/// The client's interceptor: adds the admin token, when one is configured, to every call.
#[derive(Clone)]
pub struct SendAdminToken {
    header: Option<AsciiMetadataValue>,
}

impl SendAdminToken {
    /// Sends `credentials`' token (nothing when there is none).
    pub fn new(credentials: &AdminCredentials) -> Result<Self, UnsendableToken> {
        let header = match &credentials.admin_token {
            None => None,
            Some(token) => {
                let mut value: AsciiMetadataValue =
                    MetadataValue::try_from(format!("{BEARER}{}", token.expose_secret()))
                        .map_err(|_| UnsendableToken)?;
                // Kept out of logs and HPACK tables.
                value.set_sensitive(true);
                Some(value)
            }
        };
        Ok(Self { header })
    }
}

impl tonic::service::Interceptor for SendAdminToken {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        if let Some(header) = &self.header {
            request.metadata_mut().insert(AUTHORIZATION, header.clone());
        }
        Ok(request)
    }
}

#[cfg(test)]
mod tests {
    use tonic::Code;
    use tonic::service::Interceptor;

    use super::*;

    fn credentials(token: Option<&str>) -> AdminCredentials {
        AdminCredentials {
            admin_token: token.map(SecretString::from),
        }
    }

    fn grpc(addr: &str, token: Option<&str>) -> GrpcSettings {
        GrpcSettings {
            grpc_addr: addr.parse().expect("addr"),
            credentials: credentials(token),
        }
    }

    fn call_with(header: Option<&str>, token: Option<&str>) -> Result<String, Code> {
        let mut request = Request::new(());
        if let Some(header) = header {
            request
                .metadata_mut()
                .insert(AUTHORIZATION, header.parse().expect("header"));
        }
        RequireAdminToken::new(&credentials(token))
            .call(request)
            .map(|request| Caller::of(&request).to_owned())
            .map_err(|status| status.code())
    }

    #[test]
    fn only_the_right_bearer_token_gets_through() {
        let token = Some("s3cret");
        assert_eq!(call_with(None, token), Err(Code::Unauthenticated));
        assert_eq!(
            call_with(Some("Bearer nope"), token),
            Err(Code::Unauthenticated)
        );
        assert_eq!(call_with(Some("s3cret"), token), Err(Code::Unauthenticated));
        assert_eq!(call_with(Some("Bearer s3cret"), token), Ok("admin".into()));
    }

    #[test]
    fn without_a_token_configured_calls_are_local() {
        assert_eq!(call_with(None, None), Ok("local".into()));
    }

    #[test]
    fn the_client_sends_what_the_server_demands() {
        let mut request = Request::new(());
        request = SendAdminToken::new(&credentials(Some("s3cret")))
            .expect("sendable")
            .call(request)
            .expect("call");
        let sent = RequireAdminToken::new(&credentials(Some("s3cret")))
            .call(request)
            .expect("accepted");
        assert_eq!(Caller::of(&sent), Caller::ADMIN);
    }

    #[test]
    fn a_token_that_cannot_be_a_header_is_refused_up_front() {
        assert!(SendAdminToken::new(&credentials(Some("line\nbreak"))).is_err());
    }

    #[test]
    fn no_token_is_refused_off_loopback_and_allowed_on_it() {
        assert!(refuse_unprotected(&grpc("0.0.0.0:50051", None)).is_err());
        assert!(refuse_unprotected(&grpc("10.1.2.3:50051", None)).is_err());
        assert!(refuse_unprotected(&grpc("127.0.0.1:50051", None)).is_ok());
        assert!(refuse_unprotected(&grpc("[::1]:50051", None)).is_ok());
        assert!(refuse_unprotected(&grpc("0.0.0.0:50051", Some("t"))).is_ok());
    }
}
