//! Tracker keys in the hover: on a key, its title, status and what it tracks; on an
//! item, the keys that track it.

use super::{record, Mention};
use crate::facts::FileFacts;
use crate::features::hover::HoverInfo;
use crate::graph::Graph;
use crate::text::Pos;

/// The mention under the cursor.
pub fn mention_at(facts: &FileFacts, pos: Pos) -> Option<&Mention> {
    facts
        .trackers
        .iter()
        .find(|m| m.range.start <= pos && pos <= m.range.end)
}

fn status_text(graph: &Graph, m: &Mention) -> String {
    match record(graph, m) {
        Some(r) => {
            let title = if r.title.is_empty() {
                String::new()
            } else {
                format!(" — {}", r.title)
            };
            format!("**{}**{title}\n\nStatus: **{}**", m.key, r.status.name)
        }
        None => format!("**{}**", m.key),
    }
}

/// Hover for a tracker key under the cursor.
/// Implements: REQ-TRACKER-STATUS
pub fn on_key(graph: &Graph, facts: &FileFacts, pos: Pos) -> Option<HoverInfo> {
    let m = mention_at(facts, pos)?;
    let mut md = status_text(graph, m);
    md.push_str(&format!("\n\n{} · [open]({})", m.tracker, m.url));
    if !m.items.is_empty() {
        let items: Vec<String> = m.items.iter().map(|i| format!("`{i}`")).collect();
        md.push_str(&format!("\n\nTracks {}", items.join(", ")));
    }
    Some(HoverInfo {
        range: Some(m.range),
        markdown: md,
    })
}

/// The "Tracked in" section of an item's hover, or an empty string.
/// Implements: REQ-TRACKER-STATUS
pub fn item_section(graph: &Graph, id: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for f in &graph.files {
        for m in f
            .trackers
            .iter()
            .filter(|m| m.items.iter().any(|i| i == id))
        {
            let line = match record(graph, m) {
                Some(r) if !r.title.is_empty() => {
                    format!("- [{}]({}) — {} — {}", m.key, m.url, r.status.name, r.title)
                }
                Some(r) => format!("- [{}]({}) — {}", m.key, m.url, r.status.name),
                None => format!("- [{}]({})", m.key, m.url),
            };
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    if lines.is_empty() {
        return String::new();
    }
    format!("**Tracked in**\n\n{}\n\n", lines.join("\n"))
}
