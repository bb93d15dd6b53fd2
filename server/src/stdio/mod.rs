//! A sanitising transport for JSON-RPC servers on stdio, shared by every stdio server.
//!
//! A client can send bytes that a framework's codec cannot decode; tower-lsp-server's
//! `FramedRead` stops for good after one such message, and the server goes deaf. So
//! nothing reaches a server framework unchecked: [`transport`] reads stdin with its own
//! framing ([`content_length`] for LSP, [`ndjson`] for line-delimited servers), repairs
//! lone surrogate escapes ([`repair`]), checks that each body is a JSON-RPC message
//! ([`jsonrpc_shape`]), answers the bad ones itself and forwards only good ones.
//!
//! Nothing here knows LSP: the framing and checks are protocol-neutral.

pub mod content_length;
pub mod jsonrpc_shape;
pub mod ndjson;
pub mod repair;
pub mod transport;

/// The largest message accepted by default: 64 MiB.
pub const DEFAULT_MAX_MESSAGE: usize = 64 << 20;

/// The environment variable that overrides [`DEFAULT_MAX_MESSAGE`], in bytes.
pub const MAX_MESSAGE_VAR: &str = "THROUGHLINE_MAX_MESSAGE";

/// What a framing decoder found in the byte stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// One message body, complete.
    Message(Vec<u8>),
    /// A message longer than the limit; its bytes are discarded as they arrive.
    TooLarge {
        declared: Option<usize>,
        limit: usize,
    },
    /// Bytes that are not framing; the decoder looks for the next frame.
    Garbage(&'static str),
}

/// A framing decoder that is fed bytes as they arrive, in chunks of any size. It never
/// holds more than the limit (plus a small header allowance) and looks at each byte once.
pub trait Decode: Send {
    /// Consumes `input`, appending what it completed to `events`.
    fn push(&mut self, input: &[u8], events: &mut Vec<Event>);
    /// The input ended: completes what can be completed, and says why the end came in
    /// the middle of something, if it did.
    fn finish(&mut self, events: &mut Vec<Event>) -> Option<&'static str>;
}

/// How messages are delimited on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `Content-Length: N\r\n\r\n` then N bytes (LSP).
    ContentLength,
    /// One message per line (e.g. MCP).
    Ndjson,
}

impl Framing {
    pub fn decoder(self, limit: usize) -> Box<dyn Decode> {
        match self {
            Framing::ContentLength => Box::new(content_length::Decoder::new(limit)),
            Framing::Ndjson => Box::new(ndjson::Decoder::new(limit)),
        }
    }

    /// `body` framed for the wire.
    pub fn frame(self, body: &[u8]) -> Vec<u8> {
        match self {
            Framing::ContentLength => content_length::frame(body),
            Framing::Ndjson => ndjson::frame(body),
        }
    }
}

/// Implements: REQ-LSP-FRAMING
/// The message size limit: `THROUGHLINE_MAX_MESSAGE` (bytes) when it is a positive
/// number, else 64 MiB. A bad value is logged, not fatal.
pub fn max_message_from_env() -> usize {
    match std::env::var(MAX_MESSAGE_VAR) {
        Ok(v) => parse_limit(&v).unwrap_or_else(|| {
            tracing::warn!("{MAX_MESSAGE_VAR}={v:?} is not a positive number of bytes; using {DEFAULT_MAX_MESSAGE}");
            DEFAULT_MAX_MESSAGE
        }),
        Err(_) => DEFAULT_MAX_MESSAGE,
    }
}

fn parse_limit(v: &str) -> Option<usize> {
    v.trim().parse::<usize>().ok().filter(|&n| n > 0)
}

#[cfg(test)]
// Verifies: REQ-LSP-FRAMING
mod tests {
    use super::*;

    #[test]
    fn the_default_limit_is_64_mib() {
        assert_eq!(DEFAULT_MAX_MESSAGE, 67_108_864);
    }

    #[test]
    fn limits_must_be_positive_numbers() {
        assert_eq!(parse_limit(" 4096 "), Some(4096));
        assert_eq!(parse_limit("0"), None);
        assert_eq!(parse_limit("-1"), None);
        assert_eq!(parse_limit("64MiB"), None);
    }
}
