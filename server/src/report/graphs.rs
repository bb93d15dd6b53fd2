//! The cone of each top-level item as nodes and edges for `chain_svg`, built from the
//! export (so imported items draw like local ones). Code is one node per file and kind,
//! not per annotation, so a picture stays readable.

use super::chain_svg::{self, Node};
use crate::export::model::{Export, LinkState};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

/// More boxes than this are not worth drawing: code files are left out first, then the
/// cone is cut (the matrix lists everything).
pub const MAX_NODES: usize = 150;

#[derive(Debug, Serialize)]
pub struct Picture {
    pub svg: String,
    /// Items in the cone that the picture leaves out.
    pub omitted: usize,
    /// Whether code files were left out to fit.
    pub without_code: bool,
}

/// One picture per top-level item that the status roll-up lists.
pub fn pictures(export: &Export) -> BTreeMap<String, Picture> {
    let below = children(export);
    let gaps: HashSet<&str> = export
        .status
        .iter()
        .flat_map(|s| &s.requirements)
        .filter(|r| !r.implemented || !r.verified)
        .map(|r| r.id.as_str())
        .collect();
    let failing: HashSet<&str> = export
        .status
        .iter()
        .flat_map(|s| &s.requirements)
        .filter(|r| r.tests == Some(crate::evidence::Verdict::Failed))
        .map(|r| r.id.as_str())
        .collect();
    let suspect: HashSet<&str> = export
        .items
        .iter()
        .filter(|i| i.derives_from.iter().any(|l| l.state == LinkState::Suspect))
        .map(|i| i.id.as_str())
        .collect();
    use rayon::prelude::*;
    // Each layout is independent and costs up to ~100 ms at the node cap: in parallel.
    export
        .status
        .par_iter()
        .filter(|s| !s.id.is_empty())
        .map(|s| {
            let pic = picture(export, &below, &s.id, &gaps, &suspect, &failing);
            (s.id.clone(), pic)
        })
        .collect()
}

/// Item → the items that derive from it.
fn children(export: &Export) -> HashMap<&str, Vec<&str>> {
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    for item in &export.items {
        for l in &item.derives_from {
            out.entry(l.id.as_str()).or_default().push(item.id.as_str());
        }
    }
    out
}

fn picture(
    export: &Export,
    below: &HashMap<&str, Vec<&str>>,
    top: &str,
    gaps: &HashSet<&str>,
    suspect: &HashSet<&str>,
    failing: &HashSet<&str>,
) -> Picture {
    // Breadth first, so a cut keeps the upper layers whole.
    let mut order: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::from([top]);
    let mut queue = VecDeque::from([top]);
    while let Some(id) = queue.pop_front() {
        order.push(id);
        for &c in below.get(id).into_iter().flatten() {
            if seen.insert(c) {
                queue.push_back(c);
            }
        }
    }
    let omitted = order.len().saturating_sub(MAX_NODES);
    order.truncate(MAX_NODES);
    let items: HashMap<&str, &crate::export::model::Item> =
        export.items.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut nodes: Vec<Node> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for id in &order {
        let item = items.get(id);
        let mut class = item
            .and_then(|i| i.layer.clone())
            .unwrap_or_else(|| "item".into());
        if gaps.contains(id) {
            class.push_str(" gap");
        }
        if suspect.contains(id) {
            class.push_str(" suspect");
        }
        if failing.contains(id) {
            class.push_str(" failing");
        }
        index.insert(id.to_string(), nodes.len());
        nodes.push(Node {
            key: id.to_string(),
            label: id.to_string(),
            title: item.map(|i| i.title.clone()).unwrap_or_default(),
            class,
        });
    }
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for id in &order {
        for &c in below.get(id).into_iter().flatten() {
            if let (Some(&a), Some(&b)) = (index.get(*id), index.get(c)) {
                edges.push((a, b));
            }
        }
    }
    let code = code_nodes(export, &index);
    let without_code = nodes.len() + code.len() > MAX_NODES;
    if !without_code {
        for (key, (node, targets)) in code {
            let at = nodes.len();
            index.insert(key, at);
            nodes.push(node);
            edges.extend(targets.into_iter().map(|t| (t, at)));
        }
    }
    Picture {
        svg: chain_svg::draw(&nodes, &edges),
        omitted,
        without_code,
    }
}

/// One node per (file, implements|verifies) naming an item of the picture.
fn code_nodes(
    export: &Export,
    index: &HashMap<String, usize>,
) -> BTreeMap<String, (Node, Vec<usize>)> {
    let mut out: BTreeMap<String, (Node, Vec<usize>)> = BTreeMap::new();
    for a in &export.annotations {
        let Some(&target) = index.get(&a.target) else {
            continue;
        };
        let kind = if a.kind == "verifies" { "test" } else { "code" };
        let key = format!("{kind}:{}", a.location.path);
        let entry = out.entry(key.clone()).or_insert_with(|| {
            let name = a
                .location
                .path
                .rsplit('/')
                .next()
                .unwrap_or(&a.location.path);
            (
                Node {
                    key,
                    label: name.to_string(),
                    title: a.location.path.clone(),
                    class: kind.to_string(),
                },
                Vec::new(),
            )
        });
        if !entry.1.contains(&target) {
            entry.1.push(target);
        }
    }
    out
}
