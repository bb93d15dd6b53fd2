//! `textDocument/references`: every place that cites the trace ID at the cursor
//! (`features::navigation::references`).

use crate::features::navigation;
use crate::lsp::backend::Backend;
use crate::lsp::context::{location, TextCache};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn references(
    backend: &Backend,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    let p = params.text_document_position;
    let Some(ctx) = backend.file(&p.text_document.uri).await else {
        return Ok(None);
    };
    let snap = ctx.snap.clone();
    let Some(facts) = ctx.facts() else {
        return Ok(None);
    };
    let pos = ctx.pos(p.position, snap.encoding);
    let found = navigation::references(
        &ctx.root().graph,
        facts,
        pos,
        params.context.include_declaration,
    );
    let mut cache = TextCache::default();
    Ok(Some(
        found
            .iter()
            .filter_map(|t| location(&snap, ctx.root(), t, &mut cache))
            .collect(),
    ))
}
