//! `textDocument/definition`: where the trace ID under the cursor is defined, and routes
//! to their operations and back (`features::navigation::definition`).

use crate::features::navigation;
use crate::lsp::backend::Backend;
use crate::lsp::context::{location, TextCache};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn goto_definition(
    backend: &Backend,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let p = params.text_document_position_params;
    let Some(ctx) = backend.file(&p.text_document.uri).await else {
        return Ok(None);
    };
    let snap = ctx.snap.clone();
    let Some(facts) = ctx.facts() else {
        return Ok(None);
    };
    let pos = ctx.pos(p.position, snap.encoding);
    let word = crate::features::api::word_at(&ctx.text, pos);
    let targets = navigation::definition(&ctx.root().graph, facts, pos, word);
    let mut cache = TextCache::default();
    let locations: Vec<Location> = targets
        .iter()
        .filter_map(|t| location(&snap, ctx.root(), t, &mut cache))
        .collect();
    Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
}
