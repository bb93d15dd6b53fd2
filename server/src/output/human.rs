//! rustc/ruff-style diagnostics: the source line, a marker under the problem, help text.
//! With `check --base`, the findings the change fixed follow the new ones under their
//! own heading, quoted from the base revision.

use super::{Resolved, Sources};
use crate::catalog::Severity;
use crate::diagnostics::{Diagnostic, Summary};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

pub fn render(
    diags: &[Diagnostic],
    sources: &mut Sources,
    color: bool,
    resolved: Option<&mut Resolved>,
) -> String {
    let mut out = render_list(diags, sources, color);
    if let Some(r) = resolved.filter(|r| !r.diagnostics.is_empty()) {
        let n = r.diagnostics.len();
        out.push_str(&format!(
            "Resolved since {}: {n} finding{} the change fixed\n\n",
            r.rev,
            if n == 1 { "" } else { "s" }
        ));
        out.push_str(&render_list(r.diagnostics, r.sources, color));
    }
    out
}

fn render_list(diags: &[Diagnostic], sources: &mut Sources, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
            Severity::Hint => Level::NOTE,
        };
        let line_no = d.range.start.line;
        let mut elements: Vec<Group> = Vec::new();
        let title = level.primary_title(d.message.as_str()).id(d.code);
        let group = match sources.line(&d.path, line_no).map(str::to_owned) {
            Some(line) => {
                let start = (d.range.start.col as usize).min(line.len());
                let end = if d.range.end.line == line_no {
                    (d.range.end.col as usize).min(line.len())
                } else {
                    line.len()
                };
                let end = end.max(start);
                let snippet = Snippet::source(line)
                    .line_start(line_no as usize + 1)
                    .path(d.path.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end));
                title.element(snippet)
            }
            None => title.element(Level::NOTE.message(format!("at {}:{}", d.path, line_no + 1))),
        };
        let mut group = group;
        for r in &d.related {
            group = group.element(Level::NOTE.message(format!(
                "{}: {}:{}",
                r.message,
                r.path,
                r.range.start.line + 1
            )));
        }
        if let Some(help) = &d.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        elements.push(group);
        out.push_str(&renderer.render(&elements));
        out.push_str("\n\n");
    }
    out
}

/// The closing summary line. With `base` (`check --base`: the revision and how many
/// findings the change fixed), it counts what the change introduced.
pub fn summary_line(
    summary: Summary,
    files: u64,
    with_ids: u64,
    base: Option<(&str, usize)>,
) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if let Some((rev, fixed)) = base {
        let new = summary.errors + summary.warnings + summary.infos;
        let mut parts = vec![
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
        ];
        if summary.infos > 0 {
            parts.push(plural(summary.infos, "note"));
        }
        let introduced = if new == 0 {
            format!("No new problems since {rev}")
        } else {
            format!("Introduced since {rev}: {}", parts.join(", "))
        };
        return format!(
            "{introduced}; {} resolved, in {files} files ({with_ids} with trace data).",
            fixed
        );
    }
    if summary.errors + summary.warnings + summary.infos == 0 {
        return format!("No problems found in {files} files ({with_ids} with trace data).");
    }
    let mut parts = vec![
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
    ];
    if summary.infos > 0 {
        parts.push(plural(summary.infos, "note"));
    }
    format!(
        "Found {} in {files} files ({with_ids} with trace data).",
        parts.join(", ")
    )
}
