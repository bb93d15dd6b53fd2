//! `textDocument/codeAction`: quick fixes and refactors from `features::actions` as
//! workspace edits, and "Mark as reviewed" actions that run `throughline.review`.

use super::commands::REVIEW;
use crate::facts::FileFacts;
use crate::features::{self, actions};
use crate::lsp::backend::Backend;
use crate::lsp::context::{lsp_diagnostic, workspace_edit};
use crate::lsp::convert;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn code_action(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let Some(ctx) = backend.file(&params.text_document.uri).await else {
        return Ok(None);
    };
    let snap = ctx.snap.clone();
    let range = crate::text::Range {
        start: ctx.pos(params.range.start, snap.encoding),
        end: ctx.pos(params.range.end, snap.encoding),
    };
    let empty = FileFacts::new(ctx.rel.clone(), crate::facts::SourceKind::Text, false);
    let facts = ctx.facts().unwrap_or(&empty);
    let diags = ctx
        .root()
        .diagnostics
        .get(&ctx.rel)
        .cloned()
        .unwrap_or_default();
    let target = code_target(&ctx.text, &ctx.rel, range.start);
    let texts = snap.texts(&ctx.root().path);
    let found = actions::code_actions(
        &ctx.root().graph,
        &texts,
        &ctx.root().path,
        facts,
        &diags,
        range,
        target.as_ref(),
    );
    // The diagnostic an action fixes, in LSP form.
    let fixed = |d: Option<&crate::diagnostics::Diagnostic>| {
        d.map(|d| vec![lsp_diagnostic(&snap, ctx.root(), &ctx.text, d)])
    };
    let root_uri = Uri::from_file_path(&ctx.root().path);
    let reviews = features::drift::review_actions(&ctx.root().graph, facts, &diags, range)
        .into_iter()
        .map(|a| {
            let diagnostics = fixed(a.fixes.as_ref());
            let argument = serde_json::json!({
                "root": root_uri,
                "selections": a.selections,
            });
            CodeActionOrCommand::CodeAction(CodeAction {
                title: a.title.clone(),
                kind: Some(if a.fixes.is_some() {
                    CodeActionKind::QUICKFIX
                } else {
                    CodeActionKind::SOURCE
                }),
                is_preferred: a.fixes.is_some().then_some(true),
                diagnostics,
                command: Some(Command {
                    title: a.title,
                    command: REVIEW.into(),
                    arguments: Some(vec![argument]),
                }),
                ..Default::default()
            })
        })
        .collect::<Vec<_>>();
    let out = found
        .into_iter()
        .map(|a| {
            let diagnostics = fixed(a.fixes.as_ref());
            CodeActionOrCommand::CodeAction(CodeAction {
                title: a.title.clone(),
                kind: Some(match a.kind {
                    actions::ActionKind::QuickFix => CodeActionKind::QUICKFIX,
                    actions::ActionKind::Refactor => CodeActionKind::REFACTOR,
                }),
                diagnostics,
                edit: Some(workspace_edit(
                    &snap,
                    ctx.root(),
                    &a.edits,
                    &a.create,
                    backend.caps().resource_ops,
                )),
                is_preferred: a.preferred.then_some(true),
                ..Default::default()
            })
        })
        .chain(reviews)
        .collect();
    Ok(Some(out))
}

/// The code definition enclosing the cursor in an open source file, for the annotation
/// refactor.
fn code_target(text: &str, rel: &str, pos: crate::text::Pos) -> Option<actions::CodeTarget> {
    let crate::workspace::FileKind::Code(lang) = crate::workspace::kind_for_path(rel) else {
        return None;
    };
    let index = crate::text::LineIndex::new(text);
    let offset = index.line_start(pos.line)? + pos.col as usize;
    let (start, name, _) = crate::sources::code::definition_at(text, lang, offset.min(text.len()))?;
    let line = index.pos(start).line;
    let line_text = convert::line_of(text, line);
    let indent: String = line_text
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let comment = if lang.name == "python" { "#" } else { "//" };
    Some(actions::CodeTarget {
        name,
        line,
        indent,
        comment,
    })
}
