//! What the MCP tools answer, as plain data over the engine: each answer is a
//! serialisable value (the tool's `structuredContent`, described by its `outputSchema`)
//! and a short text summary for clients that show text. Locations are workspace-relative
//! paths with 1-based lines. Nothing here knows the protocol.

use crate::diagnostics::Diagnostic;
use crate::drift::LockState;
use crate::facts::AnnotationKind;
use crate::graph::Graph;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// A tool's answer, or the message of a tool error (a bad argument, an unknown ID).
pub type Answer<T> = Result<(T, String), String>;

#[derive(Debug, Serialize, JsonSchema)]
pub struct Finding {
    pub code: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    pub message: String,
    pub path: String,
    /// 1-based.
    pub line: u32,
    /// The item the finding is about, when it is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

/// The ID a finding is about: the definition on its line, else the ID written at its range.
pub fn item_of(graph: &Graph, d: &Diagnostic) -> Option<String> {
    let f = graph.file_facts(&d.path)?;
    let line = d.range.start.line;
    if let Some(def) = f
        .definitions
        .iter()
        .find(|x| x.heading.start.line == line || x.range == d.range)
    {
        return Some(def.id.clone());
    }
    let at = |r: &crate::text::Range| *r == d.range;
    f.annotations
        .iter()
        .find(|a| at(&a.target.range))
        .map(|a| a.target.id.clone())
        .or_else(|| {
            f.links
                .iter()
                .find(|l| at(&l.to.range))
                .map(|l| l.to.id.clone())
        })
        .or_else(|| {
            f.references
                .iter()
                .find(|r| at(&r.occ.range))
                .map(|r| r.occ.id.clone())
        })
        .or_else(|| {
            f.tasks
                .iter()
                .find(|t| t.range.start.line == line)
                .map(|t| t.id.clone())
        })
}

pub fn finding(graph: &Graph, d: &Diagnostic) -> Finding {
    Finding {
        code: d.code.to_string(),
        severity: d.severity.label().to_string(),
        message: d.message.clone(),
        path: d.path.clone(),
        line: d.range.start.line + 1,
        item: item_of(graph, d),
    }
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Findings {
    pub findings: Vec<Finding>,
    /// How many matched, before `limit`.
    pub total: usize,
}

/// Filters for `findings`.
#[derive(Debug, Default)]
pub struct Filter<'a> {
    pub codes: Option<&'a [String]>,
    pub path: Option<&'a str>,
    pub item: Option<&'a str>,
    pub limit: usize,
}

/// Implements: REQ-MCP-SERVER
pub fn findings(graph: &Graph, all: &[Diagnostic], filter: &Filter) -> Answer<Findings> {
    if let Some(codes) = filter.codes {
        let known: Vec<&str> = crate::catalog::RULES.iter().map(|r| r.code).collect();
        if let Some(bad) = codes.iter().find(|c| !known.contains(&c.as_str())) {
            return Err(format!(
                "unknown rule code `{bad}`; the codes are: {}",
                known.join(", ")
            ));
        }
    }
    let prefix = filter
        .path
        .map(|p| p.trim_start_matches("./").trim_end_matches('/'));
    let matched: Vec<Finding> = all
        .iter()
        .filter(|d| filter.codes.is_none_or(|c| c.iter().any(|c| c == d.code)))
        .filter(|d| {
            prefix.is_none_or(|p| {
                p.is_empty()
                    || d.path == p
                    || d.path.strip_prefix(p).is_some_and(|r| r.starts_with('/'))
            })
        })
        .map(|d| finding(graph, d))
        .filter(|f| filter.item.is_none_or(|i| f.item.as_deref() == Some(i)))
        .collect();
    if let Some(id) = filter.item {
        if matched.is_empty() && !graph.is_defined(id) {
            return Err(unknown_item(graph, id));
        }
    }
    let total = matched.len();
    let shown: Vec<Finding> = matched.into_iter().take(filter.limit).collect();
    let mut text = match total {
        0 => "no findings".to_string(),
        1 => "1 finding".to_string(),
        n => format!("{n} findings"),
    };
    if shown.len() < total {
        text.push_str(&format!(" (showing {})", shown.len()));
    }
    for f in shown.iter().take(20) {
        text.push_str(&format!("\n{}:{} {} {}", f.path, f.line, f.code, f.message));
    }
    Ok((
        Findings {
            findings: shown,
            total,
        },
        text,
    ))
}

/// "no item `REQ-X`", with the closest defined ID when one is a typo away.
pub fn unknown_item(graph: &Graph, id: &str) -> String {
    match crate::rules::closest_defined(graph, id) {
        Some(c) => format!("no item `{id}` is defined; did you mean `{c}`?"),
        None => format!("no item `{id}` is defined (the `search` tool finds items by text)"),
    }
}

/// The IDs whose links a suspect touches, or an error for a lock that cannot be read.
pub fn suspect_ids(graph: &Graph) -> Result<HashSet<String>, String> {
    let Some(lock) = graph.lock.lock() else {
        return Err(match graph.lock.as_ref() {
            LockState::Broken(e) => e.to_string(),
            _ => "throughline.lock cannot be read".to_string(),
        });
    };
    let links = crate::drift::links::links(graph);
    let suspects = crate::drift::suspect::suspects(graph, lock, &links, false);
    Ok(crate::drift::status::suspect_items(&suspects)
        .into_iter()
        .map(str::to_string)
        .collect())
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Status {
    /// The roll-up per top-level item, as `throughline status --format json` prints it.
    pub items: Vec<crate::drift::status::ItemStatus>,
    /// How many findings `check` reports, by rule code.
    pub findings_by_code: BTreeMap<String, usize>,
    pub findings_total: usize,
}

/// Implements: REQ-MCP-SERVER
pub fn status(graph: &Graph, all: &[Diagnostic]) -> Answer<Status> {
    let suspect = suspect_ids(graph)?;
    let suspect: HashSet<&str> = suspect.iter().map(String::as_str).collect();
    let items = crate::drift::status::roadmap(graph, &suspect);
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    for d in all {
        *by_code.entry(d.code.to_string()).or_default() += 1;
    }
    let mut text = String::new();
    for i in &items {
        let name = if i.id.is_empty() {
            "(not under a top item)"
        } else {
            &i.id
        };
        text.push_str(&format!("{name}: {}\n", i.summary()));
    }
    let counts: Vec<String> = by_code.iter().map(|(c, n)| format!("{c} {n}")).collect();
    text.push_str(&match all.len() {
        0 => "no findings".to_string(),
        n => format!("{n} findings: {}", counts.join(", ")),
    });
    Ok((
        Status {
            items,
            findings_by_code: by_code,
            findings_total: all.len(),
        },
        text,
    ))
}

/// Whether an item is implemented, verified and free of suspect links.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ItemState {
    pub implemented: bool,
    pub verified: bool,
    pub suspect: bool,
}

pub fn state_of(graph: &Graph, id: &str, suspect: &HashSet<String>) -> ItemState {
    ItemState {
        implemented: graph.has_coverage(id, AnnotationKind::Implements),
        verified: graph.has_coverage(id, AnnotationKind::Verifies),
        suspect: suspect.contains(id),
    }
}
