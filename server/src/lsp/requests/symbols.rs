//! `textDocument/documentSymbol` and `workspace/symbol`: the items of a file as an
//! outline, and items across the workspace by query (`features::outline`).

use crate::features::outline;
use crate::lsp::backend::Backend;
use crate::lsp::context::{location, TextCache};
use crate::lsp::convert::{self, Encoding};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn document_symbol(
    backend: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let Some(ctx) = backend.file(&params.text_document.uri).await else {
        return Ok(None);
    };
    let snap = ctx.snap.clone();
    let Some(facts) = ctx.facts() else {
        return Ok(None);
    };
    let items = outline::document_symbols(&ctx.root().graph, facts);
    fn convert_item(i: outline::OutlineItem, text: &str, enc: Encoding) -> DocumentSymbol {
        #[allow(deprecated)]
        DocumentSymbol {
            name: if i.title.is_empty() {
                i.id.clone()
            } else {
                format!("{}: {}", i.id, i.title)
            },
            detail: i.layer,
            kind: SymbolKind::KEY,
            tags: None,
            deprecated: None,
            range: convert::to_lsp_range(text, i.range, enc),
            selection_range: convert::to_lsp_range(text, i.selection, enc),
            children: Some(
                i.children
                    .into_iter()
                    .map(|c| convert_item(c, text, enc))
                    .collect(),
            ),
        }
    }
    let symbols = items
        .into_iter()
        .map(|i| convert_item(i, &ctx.text, snap.encoding))
        .collect();
    Ok(Some(DocumentSymbolResponse::Nested(symbols)))
}

pub async fn workspace_symbol(
    backend: &Backend,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let Some(snap) = backend.snapshot().await else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for root in &snap.roots {
        let mut cache = TextCache::default();
        for (id, title, layer, fr) in outline::workspace_symbols(&root.graph, &params.query, 500) {
            let Some(location) = location(&snap, root, &fr, &mut cache) else {
                continue;
            };
            #[allow(deprecated)]
            out.push(SymbolInformation {
                name: if title.is_empty() {
                    id
                } else {
                    format!("{id}: {title}")
                },
                kind: SymbolKind::KEY,
                tags: None,
                deprecated: None,
                location,
                container_name: layer,
            });
        }
    }
    Ok(Some(WorkspaceSymbolResponse::Flat(out)))
}
