//! The chain rules: one small function per rule code, each over the graph. The CLI and
//! the language server call the same `check`.

mod api;
mod drift;
mod evidence;
mod governance;
mod tasks;
mod trackers;
mod typos;

use crate::catalog::{self, Severity};
use crate::config::Need;
use crate::diagnostics::{Diagnostic, Related};
use crate::facts::{AnnotationKind, DefKind, FileFacts};
use crate::graph::Graph;
use crate::ids::prefix_of;
use crate::text::Range;
use std::collections::HashMap;

/// Implements: REQ-CHAIN-RULES
/// Runs every enabled rule and returns the diagnostics in path/position order.
pub fn check(graph: &Graph) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut emit = |code: &'static str, d: Draft| {
        if let Some(severity) = graph.config.severity(code) {
            out.push(d.finish(code, severity));
        }
    };
    file_problems(graph, &mut emit);
    duplicate_ids(graph, &mut emit);
    unknown_refs(graph, &mut emit);
    chain_rules(graph, &mut emit);
    api::check(graph, &mut emit);
    drift::check(graph, &mut emit);
    tasks::check(graph, &mut emit);
    tasks::removals(graph, &mut emit);
    governance::check(graph, &mut emit);
    evidence::check(graph, &mut emit);
    trackers::check(graph, &mut emit);
    // Imported files are checked in their own repositories.
    if graph.files.iter().any(|f| f.origin.is_some()) {
        out.retain(|d| {
            graph
                .file_facts(&d.path)
                .is_none_or(|f| !crate::imports::is_imported(f))
        });
    }
    out.sort_by(|a, b| (a.path.as_str(), a.range, a.code).cmp(&(b.path.as_str(), b.range, b.code)));
    out
}

/// The rules that read test results, for a run whose other rules ran before the results
/// were attached (`evidence::apply`): the evidence rules, and the tracker rules (a closed
/// ticket over a failing requirement), whose findings the caller replaces.
pub fn evidence_findings(graph: &Graph) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut emit = |code: &'static str, d: Draft| {
        if let Some(severity) = graph.config.severity(code) {
            out.push(d.finish(code, severity));
        }
    };
    evidence::check(graph, &mut emit);
    trackers::check(graph, &mut emit);
    out
}

/// The codes `evidence_findings` computes again once results are attached.
pub const RECHECKED_WITH_EVIDENCE: &[&str] =
    &[catalog::CLOSED_UNVERIFIED, catalog::INVALID_TRACKER_EXPORT];

/// A diagnostic before its code and severity are known.
struct Draft {
    path: String,
    range: Range,
    message: String,
    help: Option<String>,
    related: Vec<Related>,
    suggestion: Option<String>,
}

impl Draft {
    fn new(file: &FileFacts, range: Range, message: String) -> Draft {
        Draft {
            path: file.path.clone(),
            range,
            message,
            help: None,
            related: Vec::new(),
            suggestion: None,
        }
    }

    /// A draft on a file that has no facts (`throughline.lock`).
    fn at(path: &str, range: Range, message: String) -> Draft {
        Draft {
            path: path.to_string(),
            range,
            message,
            help: None,
            related: Vec::new(),
            suggestion: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Draft {
        self.help = Some(help.into());
        self
    }

    fn related(mut self, file: &FileFacts, range: Range, message: impl Into<String>) -> Draft {
        self.related.push(Related {
            path: file.path.clone(),
            range,
            message: message.into(),
        });
        self
    }

    fn finish(self, code: &'static str, severity: Severity) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            path: self.path,
            range: self.range,
            message: self.message,
            help: self.help,
            related: self.related,
            suggestion: self.suggestion,
        }
    }
}

fn file_problems(graph: &Graph, emit: &mut impl FnMut(&'static str, Draft)) {
    for f in &graph.files {
        for p in &f.problems {
            let help = catalog::rule(p.code).map(|r| r.help).unwrap_or_default();
            emit(p.code, Draft::new(f, p.range, p.message.clone()).help(help));
        }
    }
}

fn duplicate_ids(graph: &Graph, emit: &mut impl FnMut(&'static str, Draft)) {
    let mut seen: HashMap<&str, (&FileFacts, Range)> = HashMap::new();
    // A pending change's new item is the duplicate of the current one, whatever the
    // paths' order (OpenSpec's `changes/` sorts before `specs/`).
    let mut defs: Vec<_> = graph.all_definitions().collect();
    defs.sort_by_key(|(f, _)| crate::dialects::is_pending_change(&graph.config, &f.path));
    for (f, d) in defs {
        // `METHOD /path` IDs of operations without an operationId may repeat across
        // contracts (two services with `GET /health`); only chosen IDs must be unique.
        if d.kind == (DefKind::Operation { synthetic: true }) {
            continue;
        }
        // OpenSpec scenarios are named, not cited: a repeated name is the requirement's
        // duplicate (reported once) or a copy of a scenario, never a broken link.
        if prefix_of(&d.id) == crate::dialects::OPENSPEC_SCENARIO {
            continue;
        }
        match seen.get(d.id.as_str()) {
            Some(&(first_file, first_range)) => emit(
                catalog::DUPLICATE_ID,
                Draft::new(
                    f,
                    d.range,
                    format!(
                        "`{}` is already defined at {}:{}",
                        d.id,
                        first_file.path,
                        first_range.start.line + 1
                    ),
                )
                .help("give this item a new ID")
                .related(first_file, first_range, "first definition"),
            ),
            None => {
                seen.insert(&d.id, (f, d.range));
            }
        }
    }
}

fn unknown_refs(graph: &Graph, emit: &mut impl FnMut(&'static str, Draft)) {
    let mut by_prefix: HashMap<&str, Vec<&str>> = HashMap::new();
    for id in graph.defined_ids() {
        by_prefix.entry(prefix_of(id)).or_default().push(id);
    }
    for ids in by_prefix.values_mut() {
        ids.sort_unstable();
    }
    // The suggestion depends only on the ID: found once, however often it is written.
    let typos: HashMap<&str, typos::Typos> = by_prefix
        .iter()
        .map(|(p, ids)| (*p, typos::Typos::new(ids)))
        .collect();
    let suggestion = |id: &str| typos.get(prefix_of(id)).and_then(|t| t.closest(id));
    let mut report = |f: &FileFacts, id: &str, c: Option<&str>, range: Range, what: &str| {
        if let Some(shown) = crate::dialects::display(id) {
            // Dialect IDs are written locally (`3.9`): no replacement text to offer.
            let draft = Draft::new(f, range, format!("{what}: {shown} is not defined"))
                .help("check the numbering in the feature's spec, or fix the citation");
            emit(catalog::UNKNOWN_REF, draft);
            return;
        }
        let mut draft = Draft::new(f, range, format!("{what} `{id}` is not defined"));
        match c {
            Some(c) => {
                draft = draft.help(format!("did you mean `{c}`?"));
                draft.suggestion = Some(c.to_string());
                if let Some((df, d)) = graph.definition(c) {
                    draft = draft.related(df, d.range, format!("`{c}` is defined"));
                }
            }
            None => draft = draft.help("define it in a Markdown heading, or fix the ID"),
        }
        emit(catalog::UNKNOWN_REF, draft);
    };
    // Resolve each distinct ID once, then report every occurrence of the undefined ones.
    for id in graph.undefined_targets() {
        if graph.is_defined(id) {
            continue;
        }
        let c = if crate::dialects::display(id).is_some() {
            None
        } else {
            suggestion(id)
        };
        for (f, l) in graph.links_to(id) {
            report(f, &l.to.id, c, l.to.range, "upstream link");
        }
        for (f, a) in graph.annotations_to(id) {
            let what = match a.kind {
                AnnotationKind::Implements => "implemented item",
                AnnotationKind::Verifies => "verified item",
            };
            report(f, &a.target.id, c, a.target.range, what);
        }
        for (f, r) in graph.references_to(id).filter(|(_, r)| !r.prose) {
            report(f, &r.occ.id, c, r.occ.range, "reference");
        }
    }
}

/// The defined ID closest to `id` (same prefix, a typo away), for "did you mean".
pub fn closest_defined<'g>(graph: &'g Graph, id: &str) -> Option<&'g str> {
    let candidates: Vec<&str> = graph
        .defined_ids()
        .filter(|c| prefix_of(c) == prefix_of(id))
        .collect();
    closest(id, &candidates)
}

/// The closest candidate, if it is close enough to be a typo.
fn closest<'a>(id: &str, candidates: &[&'a str]) -> Option<&'a str> {
    typos::Typos::new(candidates).closest(id)
}

/// `untraced`, `uncovered`, `missing-impl`, `missing-test`: what each layer requires.
fn chain_rules(graph: &Graph, emit: &mut impl FnMut(&'static str, Draft)) {
    let config = &graph.config;
    let mut checked: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let with_tasks = crate::dialects::features_with_tasks(graph.defined_ids());
    for (f, d) in graph.all_definitions() {
        // Duplicates are reported once, on the first definition.
        if !checked.insert(&d.id) {
            continue;
        }
        let Some(layer) = graph.layer_of(&d.id) else {
            continue;
        };
        let prefixes_of = |names: &[String]| -> Vec<&str> {
            names
                .iter()
                .filter_map(|n| config.layer_by_name(n))
                .map(|l| l.prefix.as_str())
                .collect()
        };

        if !layer.derives_from.is_empty() {
            let wanted = prefixes_of(&layer.derives_from);
            if !graph
                .links_from(&d.id)
                .any(|(_, l)| wanted.contains(&prefix_of(&l.to.id)))
            {
                let names = layer.derives_from.join(" or ");
                emit(
                    catalog::UNTRACED,
                    Draft::new(
                        f,
                        d.range,
                        format!(
                            "`{}` ({}) does not derive from any {names}",
                            d.id, layer.name
                        ),
                    )
                    .help(format!(
                        "add a line `Derives from: {}-…` to its body",
                        wanted.first().copied().unwrap_or("ID")
                    )),
                );
            }
        }

        if !layer.covered_by.is_empty() && crate::dialects::coverage_applies(&d.id, &with_tasks) {
            let wanted = prefixes_of(&layer.covered_by);
            // A task citing a whole Kiro requirement cites each of its criteria.
            let parent = crate::dialects::parent_of(&d.id);
            let covering = |id: &str| {
                graph
                    .links_to(id)
                    .any(|(_, l)| wanted.contains(&prefix_of(&l.from)))
            };
            if !covering(&d.id) && !parent.as_deref().is_some_and(covering) {
                let names = layer.covered_by.join(" or ");
                emit(
                    catalog::UNCOVERED,
                    Draft::new(
                        f,
                        d.range,
                        match crate::dialects::display(&d.id) {
                            Some(shown) => format!("no task cites {shown}"),
                            None => format!("no {names} derives from `{}` ({})", d.id, layer.name),
                        },
                    )
                    .help(format!(
                        "write a {names} item with `Derives from: {}`",
                        d.id
                    )),
                );
            }
        }

        // What the layer needs, and (as related information) the other kind of coverage.
        let needs = [
            (
                Need::Implementation,
                AnnotationKind::Implements,
                catalog::MISSING_IMPL,
                "no implementation",
                "annotate the implementing code with a comment `Implements:",
                AnnotationKind::Verifies,
                "verified by",
            ),
            (
                Need::Test,
                AnnotationKind::Verifies,
                catalog::MISSING_TEST,
                "no test",
                "annotate a test with a comment `Verifies:",
                AnnotationKind::Implements,
                "implemented by",
            ),
        ];
        for (need, kind, code, missing, help, other, other_label) in needs {
            if !layer.needs.contains(&need) || graph.has_coverage(&d.id, kind) {
                continue;
            }
            let mut draft = Draft::new(
                f,
                d.range,
                match crate::dialects::display(&d.id) {
                    Some(shown) => format!("{shown} has {missing}"),
                    None => format!("`{}` ({}) has {missing}", d.id, layer.name),
                },
            )
            .help(
                crate::dialects::marker_help(&d.id).unwrap_or_else(|| format!("{help} {}`", d.id)),
            );
            for (of, o) in graph.coverage(&d.id, other).iter().take(5) {
                draft = draft.related(
                    of,
                    o.target.range,
                    format!("{other_label} {}", o.symbol.describe()),
                );
            }
            emit(code, draft);
        }
    }
}

// Verifies: REQ-CHAIN-RULES
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_prefers_small_edits_within_limit() {
        let ids = ["REQ-PAY-1", "REQ-PAY-2", "REQ-REFUND-1"];
        assert_eq!(closest("REQ-PAY-11", &ids), Some("REQ-PAY-1"));
        assert_eq!(closest("REQ-PYA-2", &ids), Some("REQ-PAY-2"));
        assert_eq!(closest("REQ-SHIPPING-9", &ids), None);
    }
}
