//! Machine-readable JSON: one object with a summary and every diagnostic, with 1-based
//! lines and character columns.

use super::{LineCol, Resolved, Sources};
use crate::diagnostics::{Diagnostic, Summary};
use serde::Serialize;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    /// The workspace root every `path` is relative to (found by `crate::root`, so it
    /// may lie above the path `check` was given).
    root: String,
    /// With `--base`: the revision compared with; `summary` counts the new findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    base: Option<Base<'a>>,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Base<'a> {
    rev: &'a str,
    new: usize,
    resolved: usize,
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
    /// With `--base`: `new` (introduced since the base) or `resolved` (fixed since).
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    #[serde(flatten)]
    position: LineCol,
    message: &'a str,
}

pub fn render(
    diags: &[Diagnostic],
    sources: &mut Sources,
    resolved: Option<&mut Resolved>,
) -> String {
    let tag = resolved.as_ref().map(|_| "new");
    let mut diagnostics: Vec<JsonDiagnostic> =
        diags.iter().map(|d| convert(d, sources, tag)).collect();
    let base = resolved.map(|r| {
        diagnostics.extend(
            r.diagnostics
                .iter()
                .map(|d| convert(d, r.sources, Some("resolved"))),
        );
        Base {
            rev: r.rev,
            new: diags.len(),
            resolved: r.diagnostics.len(),
        }
    });
    let report = Report {
        version: 1,
        tool: Tool {
            name: "throughline",
            version: env!("CARGO_PKG_VERSION"),
        },
        root: sources.root().to_string_lossy().into_owned(),
        base,
        summary: Summary::of(diags),
        diagnostics,
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

fn convert<'a>(
    d: &'a Diagnostic,
    sources: &mut Sources,
    baseline: Option<&'static str>,
) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
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
        baseline,
    }
}
