//! `throughline lsp`: the language server over stdio, on tower-lsp-server.
//!
//! Notifications that change state are sent, in arrival order, to one writer thread
//! (`writer`), which publishes immutable snapshots (`world::Snapshot`); requests wait for
//! the snapshot that includes every change sent before them, then read it without locks.
//! Feature logic lives in `crate::features`; this module converts types and positions.

mod backend;
pub mod convert;
pub mod world;
pub mod writer;

pub use backend::Backend;
use tower_lsp_server::{LspService, Server};

/// Serves LSP on stdin/stdout until the client exits.
pub async fn serve_stdio() {
    let (service, socket) = LspService::new(Backend::new);
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
}
