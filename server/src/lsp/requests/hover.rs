//! `textDocument/hover`: Markdown for the ID under the cursor, or for the annotations on
//! the cursor's line (`features::hover`).

use crate::features::{self, hover};
use crate::lsp::backend::Backend;
use crate::lsp::context::FileCtx;
use crate::lsp::convert;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn hover(backend: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    let p = params.text_document_position_params;
    let Some(ctx) = backend.file(&p.text_document.uri).await else {
        return Ok(None);
    };
    // The hover lists the symbols below the items it is about: have them parsed.
    let ids: Vec<String> = match ctx.facts() {
        Some(facts) => {
            let pos = ctx.pos(p.position, ctx.snap.encoding);
            let mut ids = features::annotations_on_line(facts, pos.line);
            ids.extend(features::occurrence_at(facts, pos).map(|o| o.id));
            ids
        }
        None => Vec::new(),
    };
    let snap = backend.with_symbols(ctx.snap.clone(), &ids).await;
    let Some(ctx) = FileCtx::resolve(snap, &p.text_document.uri) else {
        return Ok(None);
    };
    let snap = ctx.snap.clone();
    let Some(facts) = ctx.facts() else {
        return Ok(None);
    };
    let texts = snap.texts(&ctx.root().path);
    let Some(info) = hover::hover(
        &ctx.root().graph,
        &texts,
        &ctx.root().path,
        facts,
        ctx.pos(p.position, snap.encoding),
    ) else {
        return Ok(None);
    };
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: info.markdown,
        }),
        range: info
            .range
            .map(|r| convert::to_lsp_range(&ctx.text, r, snap.encoding)),
    }))
}
