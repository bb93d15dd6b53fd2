//! `textDocument/diagnostic`: a document's diagnostics from the snapshot, for clients
//! that pull instead of receiving `publishDiagnostics`.

use crate::features::Texts;
use crate::lsp::backend::Backend;
use crate::lsp::context::{canonical, lsp_diagnostic};
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn diagnostic(
    backend: &Backend,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let empty = || {
        DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items: Vec::new(),
                },
            },
        ))
    };
    let Some(snap) = backend.snapshot().await else {
        return Ok(empty());
    };
    let Some(path) = canonical(&params.text_document.uri) else {
        return Ok(empty());
    };
    let Some((root, rel)) = snap.locate(&path) else {
        return Ok(empty());
    };
    let Some(diags) = root.diagnostics.get(&rel) else {
        return Ok(empty());
    };
    let text = snap
        .texts(&root.path)
        .text(&rel)
        .unwrap_or_else(|| Arc::from(""));
    let items = diags
        .iter()
        .map(|d| lsp_diagnostic(&snap, root, &text, d))
        .collect();
    Ok(DocumentDiagnosticReportResult::Report(
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        }),
    ))
}
