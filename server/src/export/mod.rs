//! `throughline export`: the whole graph of a checked workspace as one JSON document
//! (`model`), for other tools and for other repositories' `[workspace] imports`.

pub mod model;
pub mod symbols;

use crate::check::Run;
use crate::diagnostics::Diagnostic;
use crate::drift::{links, status, suspect};
use crate::facts::{AnnotationKind, DefKind};
use crate::graph::Graph;
use crate::output::Sources;
use model::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub use symbols::resolve_all as resolve_symbols;

/// Builds the export of a checked workspace. `name` is the repository's name in other
/// workspaces; `revision` its commit, when known. Annotation symbols must have been
/// resolved (`resolve_symbols`) for them to be named.
/// Implements: REQ-EXPORT
pub fn build(
    run: &Run,
    root: &Path,
    name: String,
    revision: Option<String>,
    scope: Scope,
) -> Export {
    let graph = &run.graph;
    let states = LinkStates::new(graph);
    let mut sources = Sources::new(root);
    Export {
        format: FORMAT.to_string(),
        version: VERSION,
        generator: format!("throughline {}", env!("CARGO_PKG_VERSION")),
        generated_at: now(),
        repository: Repository { name, revision },
        layers: graph.config.layers.iter().map(layer).collect(),
        items: items(graph, &states, scope),
        annotations: annotations(graph, &states, scope),
        findings: findings(&run.diagnostics, &mut sources),
        trackers: trackers(graph),
        evidence: evidence(graph),
        status: status::roadmap(graph, &states.suspect_items()),
    }
}

/// Which files' items and annotations an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// This repository's own: what `throughline export` writes for others to import.
    Own,
    /// Imported ones too (under `@REPO/`): what the report shows.
    WithImports,
}

impl Scope {
    fn keeps(self, f: &crate::facts::FileFacts) -> bool {
        self == Scope::WithImports || f.origin.is_none()
    }
}

/// RFC 3339 in UTC, or the time `SOURCE_DATE_EPOCH` gives (reproducible builds).
fn now() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok());
    let ts = fixed.unwrap_or_else(jiff::Timestamp::now);
    ts.round(jiff::Unit::Second).unwrap_or(ts).to_string()
}

fn layer(l: &crate::config::LayerConfig) -> Layer {
    Layer {
        name: l.name.clone(),
        prefix: l.prefix.clone(),
        derives_from: l.derives_from.clone(),
        covered_by: l.covered_by.clone(),
        needs: l
            .needs
            .iter()
            .map(|n| match n {
                crate::config::Need::Implementation => "implementation".to_string(),
                crate::config::Need::Test => "test".to_string(),
            })
            .collect(),
    }
}

/// Every link's drift state, by (upstream, where the link is written).
struct LinkStates<'g> {
    by_site: HashMap<(&'g str, &'g str, u32, u32), LinkState>,
    suspects: Vec<suspect::Suspect<'g>>,
}

impl<'g> LinkStates<'g> {
    fn new(graph: &'g Graph) -> LinkStates<'g> {
        let all = links::links(graph);
        let lock = graph.lock.lock();
        let suspects = lock
            .map(|l| suspect::suspects(graph, l, &all, graph.transitive))
            .unwrap_or_default();
        let flagged: HashSet<(&str, &str, u32, u32)> = suspects
            .iter()
            .map(|s| site(s.link.upstream, s.link.path, s.link.range))
            .collect();
        let by_site = all
            .iter()
            .map(|l| {
                let key = site(l.upstream, l.path, l.range);
                let state = if flagged.contains(&key) {
                    LinkState::Suspect
                } else if lock.is_some_and(|lk| lk.get(l.upstream, &l.downstream).is_some()) {
                    LinkState::Reviewed
                } else {
                    LinkState::Unreviewed
                };
                (key, state)
            })
            .collect();
        LinkStates { by_site, suspects }
    }

    fn of(&self, upstream: &str, path: &str, range: crate::text::Range) -> LinkState {
        self.by_site
            .get(&site(upstream, path, range))
            .copied()
            .unwrap_or(LinkState::Unreviewed)
    }

    fn suspect_items(&self) -> HashSet<&'g str> {
        status::suspect_items(&self.suspects)
    }
}

fn site<'a>(up: &'a str, path: &'a str, r: crate::text::Range) -> (&'a str, &'a str, u32, u32) {
    (up, path, r.start.line, r.start.col)
}

fn items(graph: &Graph, states: &LinkStates, scope: Scope) -> Vec<Item> {
    // An export holds this repository's own items; imported ones are their repository's.
    graph
        .all_definitions()
        .filter(|(f, _)| scope.keeps(f))
        .map(|(f, d)| Item {
            id: d.id.clone(),
            title: d.title.clone(),
            layer: graph.layer_of(&d.id).map(|l| l.name.clone()),
            kind: match d.kind {
                DefKind::Heading => "heading",
                DefKind::Operation { .. } => "operation",
            }
            .to_string(),
            location: Location {
                path: f.path.clone(),
                line: d.heading.start.line + 1,
                end_line: None,
            },
            fingerprint: d.fingerprint.to_string(),
            text: d.content.clone(),
            derives_from: graph
                .links_from(&d.id)
                .filter(|(lf, _)| lf.path == f.path)
                .map(|(lf, l)| ItemLink {
                    id: l.to.id.clone(),
                    location: Location {
                        path: lf.path.clone(),
                        line: l.to.range.start.line + 1,
                        end_line: None,
                    },
                    state: states.of(&l.to.id, &lf.path, l.to.range),
                })
                .collect(),
        })
        .collect()
}

fn annotations(graph: &Graph, states: &LinkStates, scope: Scope) -> Vec<Annotation> {
    graph
        .all_annotations()
        .filter(|(f, _)| scope.keeps(f))
        .map(|(f, a)| Annotation {
            kind: match a.kind {
                AnnotationKind::Implements => "implements",
                AnnotationKind::Verifies => "verifies",
            }
            .to_string(),
            target: a.target.id.clone(),
            location: Location {
                path: f.path.clone(),
                line: a.target.range.start.line + 1,
                end_line: None,
            },
            symbol_kind: a.symbol.kind.label().to_string(),
            symbol: a.symbol.name.clone(),
            test: f.is_test_file || a.symbol.is_test,
            state: states.of(&a.target.id, &f.path, a.target.range),
            result: result(graph, f, a),
        })
        .collect()
}

fn findings(diags: &[Diagnostic], sources: &mut Sources) -> Vec<Finding> {
    diags
        .iter()
        .map(|d| {
            let at = sources.line_col(&d.path, d.range);
            Finding {
                code: d.code.to_string(),
                severity: d.severity.label().to_string(),
                location: Location {
                    path: d.path.clone(),
                    line: at.line,
                    end_line: Some(at.end_line),
                },
                column: at.column,
                message: d.message.clone(),
                help: d.help.clone(),
                related: d
                    .related
                    .iter()
                    .map(|r| Related {
                        location: Location {
                            path: r.path.clone(),
                            line: r.range.start.line + 1,
                            end_line: None,
                        },
                        message: r.message.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn result(
    graph: &Graph,
    f: &crate::facts::FileFacts,
    a: &crate::facts::Annotation,
) -> Option<TestResult> {
    let r = graph.evidence.result_of(f, a)?;
    let shown = r.first()?;
    Some(TestResult {
        outcome: r.outcome.label().to_string(),
        case: if shown.case.classname.is_empty() {
            shown.case.name.clone()
        } else {
            format!("{} {}", shown.case.classname, shown.case.name)
        },
        message: shown.case.message.clone(),
        duration: shown.case.duration,
        location: Location {
            path: shown.results_file.clone(),
            line: shown.case.line,
            end_line: None,
        },
        cases: r.cases.len(),
    })
}

fn evidence(graph: &Graph) -> Option<Evidence> {
    let ev = &graph.evidence;
    if !ev.given() {
        return None;
    }
    // Cases are counted by identity: the same case may run several annotations.
    let matched: std::collections::HashSet<*const crate::evidence::Case> = graph
        .all_annotations()
        .filter_map(|(f, a)| ev.result_of(f, a))
        .flat_map(|r| r.cases.into_iter().map(|c| c as *const _))
        .collect();
    Some(Evidence {
        files: ev.evidence.files.clone(),
        cases: ev.evidence.cases.len(),
        unmatched: ev.evidence.cases.len() - matched.len(),
    })
}

fn trackers(graph: &Graph) -> Vec<TrackerLink> {
    crate::trackers::refs(graph)
        .into_iter()
        .map(|r| TrackerLink {
            tracker: r.tracker,
            key: r.key,
            url: r.url,
            location: Location {
                path: r.path,
                line: r.range.start.line + 1,
                end_line: None,
            },
            items: r.items,
            category: r.status.as_ref().map(|s| {
                serde_json::to_value(s.category)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            }),
            status: r.status.map(|s| s.name),
            title: r.title,
        })
        .collect()
}
