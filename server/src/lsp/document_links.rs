//! `textDocument/documentLink`: tracker keys as links (`features::links`), converted to
//! LSP ranges in the negotiated encoding.

use super::convert::{self, Encoding};
use crate::facts::FileFacts;
use crate::graph::Graph;
use tower_lsp_server::ls_types::{DocumentLink, Uri};

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
