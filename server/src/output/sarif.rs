//! SARIF 2.1.0: `ruleId` is the rule code, locations are relative to the workspace root
//! (`uriBaseId` `%SRCROOT%`) with 1-based lines and code-point columns.

use super::Sources;
use crate::catalog::{self, Severity};
use crate::diagnostics::Diagnostic;
use crate::text::Range;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
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

pub fn render(diags: &[Diagnostic], sources: &mut Sources) -> String {
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
    let results: Vec<SarifResult> = diags
        .iter()
        .map(|d| {
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
            if related.is_empty() {
                result.build()
            } else {
                result.related_locations(related).build()
            }
        })
        .collect();
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
