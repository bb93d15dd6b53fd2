//! `textDocument/prepareRename` and `textDocument/rename`: a trace ID renamed at its
//! definition and every reference (`features::rename`).

use crate::features::rename;
use crate::lsp::backend::Backend;
use crate::lsp::context::workspace_edit;
use crate::lsp::convert;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub async fn prepare_rename(
    backend: &Backend,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some(ctx) = backend.file(&params.text_document.uri).await else {
        return Ok(None);
    };
    let snap = ctx.snap.clone();
    let Some(facts) = ctx.facts() else {
        return Ok(None);
    };
    let Some((range, id)) = rename::prepare_rename(facts, ctx.pos(params.position, snap.encoding))
    else {
        return Ok(None);
    };
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: convert::to_lsp_range(&ctx.text, range, snap.encoding),
        placeholder: id,
    }))
}

pub async fn rename(backend: &Backend, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let p = params.text_document_position;
    let Some(ctx) = backend.file(&p.text_document.uri).await else {
        return Ok(None);
    };
    let snap = ctx.snap.clone();
    let Some(facts) = ctx.facts() else {
        return Ok(None);
    };
    let Some((_, old)) = rename::prepare_rename(facts, ctx.pos(p.position, snap.encoding)) else {
        return Err(Error::invalid_params("no trace ID at this position"));
    };
    match rename::rename(&ctx.root().graph, &old, &params.new_name) {
        Ok(edits) => Ok(Some(workspace_edit(
            &snap,
            ctx.root(),
            &edits,
            &[],
            backend.caps().resource_ops,
        ))),
        Err(msg) => Err(Error::invalid_params(msg)),
    }
}
