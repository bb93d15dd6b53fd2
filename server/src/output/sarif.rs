//! SARIF 2.1.0: `ruleId` is the rule code, locations are relative to the workspace root
//! (`uriBaseId` `%SRCROOT%`) with 1-based lines and code-point columns.

use super::{Resolved, Sources};
use crate::catalog::{self, Severity};
use crate::diagnostics::Diagnostic;
use crate::text::Range;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultKind, ResultLevel,
    Run, Sarif, Tool, ToolComponent,
};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info | Severity::Hint => ResultLevel::Note,
    }
}

fn location(sources: &mut Sources, path: &str, range: Range, message: Option<&str>) -> Location {
    let p = sources.line_col(path, range);
    let region = Region::builder()
        .start_line(p.line as i64)
        .start_column(p.column as i64)
        .end_line(p.end_line as i64)
        .end_column(p.end_column as i64)
        .build();
    let physical = PhysicalLocation::builder()
        .artifact_location(
            ArtifactLocation::builder()
                .uri(uri_encode(path))
                .uri_base_id("%SRCROOT%")
                .build(),
        )
        .region(region)
        .build();
    match message {
        Some(m) => Location::builder()
            .physical_location(physical)
            .message(Message::builder().text(m).build())
            .build(),
        None => Location::builder().physical_location(physical).build(),
    }
}

/// Relative URI reference: percent-encode what is not allowed in a path segment.
fn uri_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// With `resolved` (`check --base`), each result carries `baselineState`: `new` for the
/// findings the change introduced, `absent` for those it fixed (at their base position).
pub fn render(
    diags: &[Diagnostic],
    sources: &mut Sources,
    resolved: Option<&mut Resolved>,
) -> String {
    let rules: Vec<ReportingDescriptor> = catalog::RULES
        .iter()
        .map(|r| {
            ReportingDescriptor::builder()
                .id(r.code)
                .name(r.code)
                .short_description(MultiformatMessageString::builder().text(r.summary).build())
                .help(MultiformatMessageString::builder().text(r.help).build())
                .default_configuration(
                    ReportingConfiguration::builder()
                        .level(serde_json::json!(level(r.default_severity)))
                        .build(),
                )
                .build()
        })
        .collect();
    let tag = resolved.as_ref().map(|_| "new");
    let mut results: Vec<SarifResult> = diags.iter().map(|d| result(d, sources, tag)).collect();
    if let Some(r) = resolved {
        results.extend(
            r.diagnostics
                .iter()
                .map(|d| result(d, r.sources, Some("absent"))),
        );
    }
    let driver = ToolComponent::builder()
        .name("throughline")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    let sarif = Sarif::builder()
        .version(serde_json::json!("2.1.0"))
        .schema(SCHEMA)
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&sarif).unwrap_or_default() + "\n"
}

fn result(d: &Diagnostic, sources: &mut Sources, baseline: Option<&str>) -> SarifResult {
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push_str(&format!(" (help: {h})"));
    }
    let rule_index = catalog::RULES
        .iter()
        .position(|r| r.code == d.code)
        .unwrap_or(0) as i64;
    let related: Vec<Location> = d
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut l = location(sources, &r.path, r.range, Some(&r.message));
            l.id = Some(i as i64);
            l
        })
        .collect();
    let primary = location(sources, &d.path, d.range, None);
    let result = SarifResult::builder()
        .rule_id(d.code)
        .rule_index(rule_index)
        .level(level(d.severity))
        .message(Message::builder().text(text).build())
        .locations(vec![primary]);
    let mut result = if related.is_empty() {
        result.build()
    } else {
        result.related_locations(related).build()
    };
    result.baseline_state = baseline.map(|b| serde_json::json!(b));
    if baseline == Some("absent") {
        // A fixed finding is no failure any more: SARIF's `pass` kind, with level `none`
        // (the spec's pairing), so viewers that ignore `baselineState` raise no alert.
        result.kind = Some(ResultKind::Pass);
        result.level = Some(ResultLevel::None);
    }
    result
}
