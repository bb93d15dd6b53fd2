//! `textDocument/completion`: trace IDs where a reference is being typed, or a dialect's
//! citations (`features::completion`, `dialects::completion`, `dialects::cited_ids`).

use crate::features::completion;
use crate::lsp::backend::Backend;
use crate::lsp::convert;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn completion(
    backend: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let p = params.text_document_position;
    let Some(ctx) = backend.file(&p.text_document.uri).await else {
        return Ok(None);
    };
    let snap = ctx.snap.clone();
    let pos = ctx.pos(p.position, snap.encoding);
    let line = convert::line_of(&ctx.text, pos.line);
    let before = &line[..(pos.col as usize).min(line.len())];
    let item_layer = ctx.facts().and_then(|f| {
        f.definitions
            .iter()
            .rfind(|d| d.range.start.line <= pos.line)
            .and_then(|d| ctx.root().graph.layer_of(&d.id))
            .map(|l| l.name.clone())
    });
    // A Kiro citation (`Validates: Requirements 1.`) completes the feature's criteria.
    let line_start = crate::text::LineIndex::new(&ctx.text)
        .line_start(pos.line)
        .unwrap_or(0);
    let upto = (line_start + before.len()).min(ctx.text.len());
    let graph = &ctx.root().graph;
    let dialect = crate::dialects::completion::complete(graph, &ctx.rel, &ctx.text[..upto], before)
        .or_else(|| {
            crate::dialects::cited_ids::complete(graph, &ctx.rel, &ctx.text[..upto], before)
        });
    let (candidates, partial) = match dialect {
        Some(found) => found,
        None => {
            let candidates =
                completion::complete(&ctx.root().graph, before, item_layer.as_deref(), 200);
            (candidates, completion::context(before).1.len())
        }
    };
    if candidates.is_empty() {
        return Ok(None);
    }
    let start = crate::text::Pos {
        line: pos.line,
        col: pos.col - partial as u32,
    };
    let replace = convert::to_lsp_range(
        &ctx.text,
        crate::text::Range { start, end: pos },
        snap.encoding,
    );
    let items = candidates
        .into_iter()
        .map(|c| CompletionItem {
            label: c.id.clone(),
            detail: Some(c.title.clone()),
            label_details: Some(CompletionItemLabelDetails {
                detail: None,
                description: c.layer.clone(),
            }),
            kind: Some(CompletionItemKind::REFERENCE),
            sort_text: Some(format!("{}{:05}", c.rank, 0)),
            filter_text: Some(format!("{} {}", c.id, c.title)),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: replace,
                new_text: c.id,
            })),
            ..Default::default()
        })
        .enumerate()
        .map(|(i, mut item)| {
            item.sort_text = Some(format!("{i:05}"));
            item
        })
        .collect();
    Ok(Some(CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items,
    })))
}
