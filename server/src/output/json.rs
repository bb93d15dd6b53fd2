//! Machine-readable JSON: one object with a summary and every diagnostic, with 1-based
//! lines and character columns.

use super::{LineCol, Sources};
use crate::diagnostics::{Diagnostic, Summary};
use serde::Serialize;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    /// The workspace root every `path` is relative to (found by `crate::root`, so it
    /// may lie above the path `check` was given).
    root: String,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: &'a str,
    path: &'a str,
    #[serde(flatten)]
    position: LineCol,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    #[serde(flatten)]
    position: LineCol,
    message: &'a str,
}

pub fn render(diags: &[Diagnostic], sources: &mut Sources) -> String {
    let diagnostics = diags
        .iter()
        .map(|d| JsonDiagnostic {
            code: d.code,
            severity: d.severity.label(),
            path: &d.path,
            position: sources.line_col(&d.path, d.range),
            message: &d.message,
            help: d.help.as_deref(),
            suggestion: d.suggestion.as_deref(),
            related: d
                .related
                .iter()
                .map(|r| JsonRelated {
                    path: &r.path,
                    position: sources.line_col(&r.path, r.range),
                    message: &r.message,
                })
                .collect(),
        })
        .collect();
    let report = Report {
        version: 1,
        tool: Tool {
            name: "throughline",
            version: env!("CARGO_PKG_VERSION"),
        },
        root: sources.root().to_string_lossy().into_owned(),
        summary: Summary::of(diags),
        diagnostics,
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}
