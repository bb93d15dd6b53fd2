//! Document links: each tracker key in a file, with its URL and a tooltip from its
//! export (protocol-free; `lsp::document_links` converts).

use crate::facts::FileFacts;
use crate::graph::Graph;
use crate::text::Range;

/// A link in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLink {
    pub range: Range,
    pub url: String,
    /// "PAY-12 · Done — Refunds" when the export knows the key, else "PAY-12 (jira)".
    pub tooltip: String,
}

/// Implements: REQ-TRACKER-LINKS
/// The tracker keys of one file as links.
pub fn document_links(graph: &Graph, facts: &FileFacts) -> Vec<DocLink> {
    facts
        .trackers
        .iter()
        .map(|m| {
            let tooltip = match crate::trackers::record(graph, m) {
                Some(r) if !r.title.is_empty() => {
                    format!("{} · {} — {}", m.key, r.status.name, r.title)
                }
                Some(r) => format!("{} · {}", m.key, r.status.name),
                None => format!("{} ({})", m.key, m.tracker),
            };
            DocLink {
                range: m.range,
                url: m.url.clone(),
                tooltip,
            }
        })
        .collect()
}
