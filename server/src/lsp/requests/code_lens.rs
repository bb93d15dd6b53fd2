//! `textDocument/codeLens`: link counts on each definition (`throughline.showReferences`)
//! and status roll-ups on items with requirements below them (`throughline.showTrace`).

use super::commands::{SHOW_REFERENCES, SHOW_TRACE};
use crate::features::{self, navigation};
use crate::lsp::backend::Backend;
use crate::lsp::context::{location, TextCache};
use crate::lsp::convert;
use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn code_lens(backend: &Backend, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let Some(ctx) = backend.file(&params.text_document.uri).await else {
        return Ok(None);
    };
    let snap = ctx.snap.clone();
    let Some(facts) = ctx.facts() else {
        return Ok(None);
    };
    let mut cache = TextCache::default();
    let status = features::drift::status_lenses(&ctx.root().graph, facts)
        .into_iter()
        .map(|(range, st)| CodeLens {
            range: convert::to_lsp_range(&ctx.text, range, snap.encoding),
            command: Some(Command {
                title: st.summary(),
                command: SHOW_TRACE.into(),
                arguments: Some(vec![Value::String(st.id.clone())]),
            }),
            data: None,
        })
        .collect::<Vec<_>>();
    let lenses = navigation::code_lenses(&ctx.root().graph, facts)
        .into_iter()
        .map(|(fr, title, _)| {
            let range = convert::to_lsp_range(&ctx.text, fr.range, snap.encoding);
            let id = facts
                .definitions
                .iter()
                .find(|d| d.range == fr.range)
                .map(|d| d.id.clone())
                .unwrap_or_default();
            let refs: Vec<Location> = navigation::references_of(&ctx.root().graph, &id, false)
                .iter()
                .filter_map(|r| location(&snap, ctx.root(), r, &mut cache))
                .collect();
            CodeLens {
                range,
                command: Some(Command {
                    title,
                    command: SHOW_REFERENCES.into(),
                    arguments: Some(vec![
                        serde_json::to_value(&params.text_document.uri).unwrap_or(Value::Null),
                        serde_json::to_value(range.start).unwrap_or(Value::Null),
                        serde_json::to_value(refs).unwrap_or(Value::Null),
                    ]),
                }),
                data: None,
            }
        })
        .chain(status)
        .collect();
    Ok(Some(lenses))
}
