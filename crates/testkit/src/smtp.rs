//! A real SMTP server process on 127.0.0.1: Python's aiosmtpd with its Maildir handler
//! (installed by `make deps`), optionally refusing some recipients. Every accepted message
//! lands in a file; the test reads them.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use baton_bus::server::free_port;
use tempfile::TempDir;
use tokio::process::{Child, Command};

/// A message the server accepted.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The envelope recipients (`RCPT TO`).
    pub recipients: Vec<String>,
    /// The message as received (headers and body, MIME encoded).
    pub raw: String,
}

impl Mail {
    /// The value of header `name` (first occurrence, unfolded).
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        let mut lines = self
            .raw
            .lines()
            .take_while(|line| !line.is_empty())
            .peekable();
        while let Some(line) = lines.next() {
            if line.to_ascii_lowercase().starts_with(&prefix) {
                let mut value = line[prefix.len()..].trim().to_owned();
                while let Some(next) = lines.peek().filter(|l| l.starts_with([' ', '\t'])) {
                    value.push(' ');
                    value.push_str(next.trim());
                    lines.next();
                }
                return Some(value);
            }
        }
        None
    }
}

/// An SMTP server process. Killed, and its Maildir removed, when dropped.
pub struct SmtpServer {
    child: Option<Child>,
    port: u16,
    maildir: TempDir,
    /// Recipients containing this are refused at `RCPT TO`, as real servers do (550,
    /// quoting the address back).
    refused: Option<String>,
}

/// aiosmtpd's Maildir handler, refusing some recipients.
const REFUSING_HANDLER: &str = r#"
from aiosmtpd.handlers import Mailbox

class RefusingMailbox(Mailbox):
    def __init__(self, maildir, refused):
        super().__init__(maildir)
        self.refused = refused

    @classmethod
    def from_cli(cls, parser, *args):
        return cls(args[0], args[1])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refused in address:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"
"#;

impl SmtpServer {
    /// Starts a server on a free port.
    ///
    /// # Panics
    /// When aiosmtpd is not installed (`make deps`) or does not listen within 20 s.
    pub async fn start() -> Self {
        Self::start_with(None).await
    }

    /// Starts a server that refuses every recipient containing `refused`.
    ///
    /// # Panics
    /// As [`SmtpServer::start`].
    pub async fn start_refusing(refused: &str) -> Self {
        Self::start_with(Some(refused.to_owned())).await
    }

    async fn start_with(refused: Option<String>) -> Self {
        let maildir = tempfile::Builder::new()
            .prefix("baton-smtp-")
            .tempdir()
            .unwrap_or_else(|err| panic!("cannot create a maildir: {err}"));
        std::fs::write(maildir.path().join("baton_refusing.py"), REFUSING_HANDLER)
            .unwrap_or_else(|err| panic!("cannot write the SMTP handler: {err}"));
        let port = free_port().unwrap_or_else(|err| panic!("{err}"));
        let mut server = Self {
            child: None,
            port,
            maildir,
            refused,
        };
        server.spawn().await;
        server
    }

    async fn spawn(&mut self) {
        let mut command = Command::new("python3");
        command
            .env("PYTHONPATH", self.maildir.path())
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port));
        match &self.refused {
            Some(refused) => command
                .args(["-c", "baton_refusing.RefusingMailbox"])
                .arg(self.maildir.path().join("mail"))
                .arg(refused),
            None => command
                .args(["-c", "aiosmtpd.handlers.Mailbox"])
                .arg(self.maildir.path().join("mail")),
        };
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|err| {
                panic!("cannot start python3 -m aiosmtpd (run `make deps`): {err}")
            });
        self.child = Some(child);
        let address = format!("127.0.0.1:{}", self.port);
        for _ in 0..200 {
            if TcpStream::connect(&address).is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "the SMTP server did not listen on {address} within 20 s (is aiosmtpd installed? `make deps`)"
        );
    }

    /// `smtp://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Stops the server: connections are refused until [`SmtpServer::restart`].
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }

    /// Starts it again on the same port, keeping the mail received so far.
    pub async fn restart(&mut self) {
        self.stop().await;
        self.spawn().await;
    }

    /// Every message accepted so far.
    pub fn messages(&self) -> Vec<Mail> {
        let mut mails = Vec::new();
        for folder in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(self.maildir.path().join("mail").join(folder))
            else {
                continue;
            };
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths {
                let raw = std::fs::read_to_string(&path)
                    .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
                let mail = Mail {
                    recipients: Vec::new(),
                    raw,
                };
                let recipients = mail
                    .header("X-RcptTo")
                    .map(|to| to.split(',').map(|r| r.trim().to_owned()).collect())
                    .unwrap_or_default();
                mails.push(Mail { recipients, ..mail });
            }
        }
        mails
    }
}
