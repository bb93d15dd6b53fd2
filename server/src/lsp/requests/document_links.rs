//! `textDocument/documentLink`: tracker keys as links (`features::links`), converted to
//! LSP ranges in the negotiated encoding.

use crate::facts::FileFacts;
use crate::graph::Graph;
use crate::lsp::backend::Backend;
use crate::lsp::convert::{self, Encoding};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{DocumentLink, DocumentLinkParams, Uri};

pub async fn document_link(
    backend: &Backend,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    let Some(ctx) = backend.file(&params.text_document.uri).await else {
        return Ok(None);
    };
    let Some(facts) = ctx.facts() else {
        return Ok(Some(Vec::new()));
    };
    let enc = ctx.snap.encoding;
    let links = links(&ctx.root().graph, facts, &ctx.text, enc);
    Ok(Some(links))
}

/// Implements: REQ-TRACKER-LINKS
pub fn links(graph: &Graph, facts: &FileFacts, text: &str, enc: Encoding) -> Vec<DocumentLink> {
    crate::features::links::document_links(graph, facts)
        .into_iter()
        .filter_map(|l| {
            // A template can render something that is no URI (a key with a space in a
            // custom pattern); such a link is left out rather than sent broken.
            let target: Uri = l.url.parse().ok()?;
            Some(DocumentLink {
                range: convert::to_lsp_range(text, l.range, enc),
                target: Some(target),
                tooltip: Some(l.tooltip),
                data: None,
            })
        })
        .collect()
}
