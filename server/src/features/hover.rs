//! Hover: an item's title, layer, status, text and whole chain, with clickable
//! `file:line` links.

use super::{annotations_on_line, occurrence_at, Texts};
use crate::config::Need;
use crate::facts::{AnnotationKind, FileFacts};
use crate::graph::Graph;
use crate::text::{Pos, Range};
use crate::trace::{trace, TraceItem};
use std::path::Path;

/// Hover text (Markdown) and the range it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverInfo {
    pub range: Option<Range>,
    pub markdown: String,
}

/// Implements: REQ-LSP-HOVER
/// Hover for the ID under the cursor, or for the annotations on the cursor's line.
pub fn hover(
    graph: &Graph,
    texts: &dyn Texts,
    root: &Path,
    facts: &FileFacts,
    pos: Pos,
) -> Option<HoverInfo> {
    if let Some(info) = crate::trackers::hover::on_key(graph, facts, pos) {
        return Some(info);
    }
    let base = if let Some((range, markdown)) = super::api::hover(graph, root, facts, pos) {
        Some(HoverInfo {
            range: Some(range),
            markdown,
        })
    } else {
        occurrence_at(facts, pos).map(|occ| HoverInfo {
            range: Some(occ.range),
            markdown: item_markdown(graph, texts, root, &occ.id),
        })
    };
    // A suspect link shows what changed above everything else.
    if let Some((range, changed)) = super::drift::suspect_hover(graph, facts, pos) {
        let rest = base.map(|b| b.markdown).unwrap_or_default();
        return Some(HoverInfo {
            range: Some(range),
            markdown: format!("{changed}\n\n---\n\n{rest}").trim_end().to_string(),
        });
    }
    if base.is_some() {
        return base;
    }
    let ids = annotations_on_line(facts, pos.line);
    if ids.is_empty() {
        return None;
    }
    let parts: Vec<String> = ids
        .iter()
        .map(|id| item_markdown(graph, texts, root, id))
        .collect();
    Some(HoverInfo {
        range: None,
        markdown: parts.join("\n\n---\n\n"),
    })
}

/// Status words from the layer's needs and the item's coverage.
pub fn status(graph: &Graph, id: &str) -> Vec<&'static str> {
    let Some(layer) = graph.layer_of(id) else {
        return vec!["unknown layer"];
    };
    let mut out = Vec::new();
    if !layer.derives_from.is_empty() {
        let wanted: Vec<&str> = layer
            .derives_from
            .iter()
            .filter_map(|n| graph.config.layer_by_name(n))
            .map(|l| l.prefix.as_str())
            .collect();
        if !graph
            .links_from(id)
            .any(|(_, l)| wanted.contains(&crate::ids::prefix_of(&l.to.id)))
        {
            out.push("untraced");
        }
    }
    if layer.needs.contains(&Need::Implementation) {
        out.push(if graph.has_coverage(id, AnnotationKind::Implements) {
            "implemented"
        } else {
            "not implemented"
        });
    }
    if layer.needs.contains(&Need::Test) {
        out.push(
            if let Some(word) = super::evidence::verified_word(graph, id) {
                word
            } else if graph.has_coverage(id, AnnotationKind::Verifies) {
                "verified"
            } else {
                "not verified"
            },
        );
    }
    if !layer.covered_by.is_empty() {
        let wanted: Vec<&str> = layer
            .covered_by
            .iter()
            .filter_map(|n| graph.config.layer_by_name(n))
            .map(|l| l.prefix.as_str())
            .collect();
        out.push(
            if graph
                .links_to(id)
                .any(|(_, l)| wanted.contains(&crate::ids::prefix_of(&l.from)))
            {
                "covered"
            } else {
                "uncovered"
            },
        );
    }
    out
}

/// A clickable `path:line` Markdown link.
pub(super) fn link(root: &Path, path: &str, line: u32) -> String {
    let abs = root.join(path);
    let uri = format!("file://{}", abs.to_string_lossy().replace(' ', "%20"));
    format!("[{path}:{line}]({uri}#L{line})")
}

/// The Markdown for one item.
pub fn item_markdown(graph: &Graph, texts: &dyn Texts, root: &Path, id: &str) -> String {
    let Some(item) = trace(graph, id) else {
        let hint = crate::rules::closest_defined(graph, id)
            .map(|c| format!(" Did you mean `{c}`?"))
            .unwrap_or_default();
        return format!("**{id}** is not defined.{hint}");
    };
    let mut md = String::new();
    let title = if item.title.is_empty() {
        String::new()
    } else {
        format!(" — {}", item.title)
    };
    md.push_str(&format!("**{}**{title}\n\n", item.id));
    let layer = item.layer.clone().unwrap_or_else(|| "no layer".into());
    let status = status(graph, id);
    md.push_str(&format!(
        "*{layer}*{}{}",
        if status.is_empty() { "" } else { " · " },
        status.join(" · ")
    ));
    if let Some(at) = &item.defined_at {
        md.push_str(&format!(" · {}", link(root, &at.path, at.line)));
    }
    md.push_str("\n\n");
    // Roll-ups belong to items above the requirements (roadmap items, briefs).
    if graph.layer_of(id).is_some_and(|l| l.needs.is_empty()) {
        let owned = super::drift::workspace_suspect_items(graph);
        let suspect = owned.iter().map(String::as_str).collect();
        if let Some(s) = crate::drift::status::status_of(graph, id, &suspect) {
            md.push_str(&format!("**Status:** {}\n\n", s.summary()));
        }
    }
    md.push_str(&crate::trackers::hover::item_section(graph, id));
    if let Some(changed) = super::drift::changed_implementation_section(graph, root, id) {
        md.push_str(&changed);
        md.push_str("\n\n");
    }
    if let Some(body) = body_excerpt(graph, texts, id) {
        md.push_str(&body);
        md.push_str("\n\n");
    }
    if !item.upstream.is_empty() {
        md.push_str("**Upstream**\n\n");
        upstream(&item.upstream, 0, root, &mut md);
        md.push('\n');
    }
    if !item.derived.is_empty() {
        md.push_str("**Derived**\n\n");
        for d in &item.derived {
            md.push_str(&format!("- {}\n", entry(d, root)));
        }
        md.push('\n');
    }
    for (heading, sites) in [
        ("Implemented by", &item.implemented_by),
        ("Verified by", &item.verified_by),
    ] {
        if sites.is_empty() {
            continue;
        }
        md.push_str(&format!("**{heading}**\n\n"));
        for s in sites {
            md.push_str(&format!(
                "- {} — {}\n",
                s.symbol,
                link(root, &s.site.path, s.site.line)
            ));
        }
        md.push('\n');
    }
    if let Some(results) = super::evidence::results_section(graph, root, id) {
        md.push_str(&results);
    }
    md.trim_end().to_string()
}

fn entry(item: &TraceItem, root: &Path) -> String {
    let at = item
        .defined_at
        .as_ref()
        .map(|s| format!(" — {}", link(root, &s.path, s.line)))
        .unwrap_or_default();
    let title = if item.title.is_empty() {
        String::new()
    } else {
        format!(" {}", item.title)
    };
    format!("**{}**{title}{at}", item.id)
}

fn upstream(items: &[TraceItem], depth: usize, root: &Path, md: &mut String) {
    for i in items {
        md.push_str(&format!("{}- {}\n", "  ".repeat(depth), entry(i, root)));
        upstream(&i.upstream, depth + 1, root, md);
    }
}

/// The first lines of an item's body, as written.
pub fn body_excerpt(graph: &Graph, texts: &dyn Texts, id: &str) -> Option<String> {
    const MAX_LINES: usize = 12;
    let (f, d) = graph.definition(id)?;
    let text = texts.text(&f.path)?;
    let body = text.get(d.body.0..d.body.1)?.trim();
    if body.is_empty() {
        return None;
    }
    let lines: Vec<&str> = body.lines().collect();
    let mut excerpt = lines[..lines.len().min(MAX_LINES)].join("\n");
    if lines.len() > MAX_LINES {
        excerpt.push_str("\n\n…");
    }
    Some(excerpt)
}
