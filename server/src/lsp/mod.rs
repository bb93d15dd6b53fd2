//! `throughline lsp`: the language server over stdio, on tower-lsp-server.
//!
//! Notifications that change state are sent, in arrival order, to one writer thread
//! (`writer`), which publishes immutable snapshots (`world::Snapshot`); requests wait for
//! the snapshot that includes every change sent before them, then read it without locks.
//! Feature logic lives in `crate::features`; this module converts types and positions.
//! stdin reaches tower-lsp-server only through `crate::stdio`'s sanitising transport.
//!
//! Layout: mutations → writer → snapshot ← requests.
//! - `backend`: the `LanguageServer` table (one line per method) and the two ways in,
//!   `Backend::mutate` (to the writer) and `Backend::snapshot`/`file` (from it).
//! - `requests::sync` (and `throughline.review`): notifications as `writer::Mutation`s.
//! - `writer`: the one thread that applies mutations to the `world` and publishes
//!   snapshots and diagnostics.
//! - `world`: the roots' state and the immutable `Snapshot` requests read.
//! - `full_parse`: the fast-path facts made full (symbols, code fingerprints): on the
//!   writer when an answer needs them, else by the background parser (`writer::background`).
//! - `requests::*` (one module per request): read a snapshot, call `crate::features`,
//!   convert the result; they never see the writer.
//! - `context`: what the request modules share (`FileCtx`, `TextCache`, locations,
//!   workspace edits, diagnostics in LSP form); `convert`: positions, ranges and URIs.

mod backend;
mod context;
pub mod convert;
mod full_parse;
mod requests;
pub mod world;
pub mod writer;

pub use backend::Backend;
use serde_json::Value;
use tower_lsp_server::{LspService, Server};

use crate::stdio::{self, transport, Framing};

/// Implements: REQ-LSP-CORE, REQ-LSP-FRAMING
/// Serves LSP on stdin/stdout until the client exits or closes stdin.
pub async fn serve_stdio() {
    let options = transport::Options {
        framing: Framing::ContentLength,
        limit: stdio::max_message_from_env(),
        extra: tower_lsp_accepts,
    };
    let io = transport::start(std::io::stdin(), tokio::io::stdout(), options);
    let (service, socket) = LspService::new(Backend::new);
    Server::new(io.input, io.output, socket)
        .serve(service)
        .await;
    // Write out what is queued; the stdin thread may still be blocked in a read, which
    // ends with the process.
    let _ = io.finished.await;
}

/// What tower-lsp-server's decoder needs beyond JSON-RPC: its ids are `i64`, so `1.5`
/// or `2^63` would fail to decode there and stop its reader for good.
fn tower_lsp_accepts(message: &Value) -> Result<(), &'static str> {
    match message.get("id") {
        Some(Value::Number(n)) if n.as_i64().is_none() => {
            Err("\"id\" must be an integer between -2^63 and 2^63-1")
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
// Verifies: REQ-LSP-FRAMING
mod tests {
    use super::*;
    use crate::stdio::jsonrpc_shape;
    use tower_lsp_server::jsonrpc::{Request, Response};

    /// Every message the transport forwards decodes with tower-lsp-server's own types,
    /// which is what keeps its reader alive.
    #[test]
    fn forwarded_messages_decode_in_tower_lsp() {
        let samples = [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":"a","method":"shutdown","params":null}"#,
            r#"{"jsonrpc":"2.0","id":null,"method":"x"}"#,
            r#"{"jsonrpc":"2.0","method":"exit"}"#,
            r#"{"jsonrpc":"2.0","method":"n","params":[1,"\ud800"]}"#,
            r#"{"jsonrpc":"2.0","id":-9223372036854775808,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"m","data":[]}}"#,
            r#"{"jsonrpc":"2.0","id":null,"error":{"code":1,"message":""}}"#,
        ];
        for sample in samples {
            let valid = jsonrpc_shape::check(sample.as_bytes()).expect(sample);
            assert_eq!(tower_lsp_accepts(&valid.value), Ok(()), "{sample}");
            let text = std::str::from_utf8(&valid.body).unwrap();
            let decoded = match valid.kind {
                jsonrpc_shape::Kind::Response => serde_json::from_str::<Response>(text).is_ok(),
                _ => serde_json::from_str::<Request>(text).is_ok(),
            };
            assert!(decoded, "{sample}");
        }
    }

    #[test]
    fn ids_tower_lsp_cannot_hold_are_refused() {
        for id in ["1.5", "9223372036854775808", "1e3"] {
            let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"m"}}"#);
            let valid = jsonrpc_shape::check(body.as_bytes()).unwrap();
            assert!(tower_lsp_accepts(&valid.value).is_err(), "{id}");
            assert!(serde_json::from_str::<Request>(&body).is_err(), "{id}");
        }
    }
}
