//! `textDocument/inlayHint`: the title after each ID in code (annotations and comment
//! references) in the requested lines (`features::navigation::inlay_hints`).

use crate::features::navigation;
use crate::lsp::backend::Backend;
use crate::lsp::convert;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn inlay_hint(
    backend: &Backend,
    params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    let Some(ctx) = backend.file(&params.text_document.uri).await else {
        return Ok(None);
    };
    let snap = ctx.snap.clone();
    let Some(facts) = ctx.facts() else {
        return Ok(None);
    };
    let hints = navigation::inlay_hints(
        &ctx.root().graph,
        facts,
        params.range.start.line,
        params.range.end.line,
    )
    .into_iter()
    .map(|(pos, label)| InlayHint {
        position: convert::to_lsp_pos(&ctx.text, pos, snap.encoding),
        label: InlayHintLabel::String(label),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(false),
        padding_right: Some(true),
        data: None,
    })
    .collect();
    Ok(Some(hints))
}
