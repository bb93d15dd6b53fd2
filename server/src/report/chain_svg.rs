//! The chain as a picture: one roadmap item's cone laid out in layers with
//! `layout-rs` (Graphviz-style ranking, crossing reduction and placement), drawn as
//! inline SVG through our own `RenderBackend`, so nodes carry the page's classes and
//! item IDs and the page needs no layout code of its own.

use super::html::escape;
use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;
use std::collections::HashMap;

/// One box of the picture.
#[derive(Debug, Clone)]
pub struct Node {
    /// An item ID, or a code file's key (`code:PATH`, `test:PATH`).
    pub key: String,
    pub label: String,
    /// The tooltip: the item's title, or the file's path.
    pub title: String,
    /// CSS classes: the layer kind and gap marks (`gap`, `suspect`, `failing`).
    pub class: String,
}

/// A picture of `nodes` with `edges` (indices, upstream first).
pub fn draw(nodes: &[Node], edges: &[(usize, usize)]) -> String {
    if nodes.is_empty() {
        return String::new();
    }
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    let handles: Vec<_> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let size = Point::new(12.0 + 7.5 * n.label.chars().count() as f64, 30.0);
            let element = Element::create_with_properties(
                ShapeKind::new_box(&n.label),
                StyleAttr::simple(),
                Orientation::TopToBottom,
                size,
                i.to_string(),
            );
            vg.add_node(element)
        })
        .collect();
    for &(from, to) in edges {
        if from < handles.len() && to < handles.len() && from != to {
            vg.add_edge(Arrow::simple(""), handles[from], handles[to]);
        }
    }
    let mut svg = Svg::new(nodes);
    vg.do_it(false, false, false, &mut svg);
    svg.finish()
}

/// Collects shapes as SVG elements with the page's classes.
struct Svg<'n> {
    nodes: &'n [Node],
    body: String,
    max: Point,
    /// Node index by the text drawn inside it (labels are drawn after their box).
    open_label: HashMap<String, usize>,
}

impl<'n> Svg<'n> {
    fn new(nodes: &'n [Node]) -> Svg<'n> {
        Svg {
            nodes,
            body: String::new(),
            max: Point::zero(),
            open_label: HashMap::new(),
        }
    }

    fn grow(&mut self, p: Point) {
        self.max.x = self.max.x.max(p.x + 10.0);
        self.max.y = self.max.y.max(p.y + 10.0);
    }

    fn finish(self) -> String {
        format!(
            "<svg class=\"chain\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" role=\"img\">\
             <defs><marker id=\"arrowhead\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\"/></marker></defs>{}</svg>",
            self.body,
            w = self.max.x,
            h = self.max.y
        )
    }
}

impl RenderBackend for Svg<'_> {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        self.grow(xy.add(size));
        let Some(i) = properties.and_then(|p| p.parse::<usize>().ok()) else {
            return;
        };
        let Some(n) = self.nodes.get(i) else { return };
        self.open_label.insert(n.label.clone(), i);
        self.body.push_str(&format!(
            "<g class=\"node {}\" data-key=\"{}\"><title>{}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"4\"/></g>",
            escape(&n.class),
            escape(&n.key),
            escape(&n.title),
            xy.x,
            xy.y,
            size.x,
            size.y
        ));
    }

    fn draw_line(&mut self, start: Point, stop: Point, _look: &StyleAttr, _p: Option<String>) {
        self.grow(start);
        self.grow(stop);
        self.body.push_str(&format!(
            "<line class=\"edge\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
            start.x, start.y, stop.x, stop.y
        ));
    }

    fn draw_circle(&mut self, xy: Point, size: Point, _look: &StyleAttr, _p: Option<String>) {
        self.grow(xy.add(size));
    }

    fn draw_text(&mut self, xy: Point, text: &str, _look: &StyleAttr) {
        if text.is_empty() {
            return;
        }
        self.grow(xy);
        self.body.push_str(&format!(
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" dominant-baseline=\"middle\">{}</text>",
            xy.x,
            xy.y,
            escape(text)
        ));
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _dashed: bool,
        _head: (bool, bool),
        _look: &StyleAttr,
        _p: Option<String>,
        _text: &str,
    ) {
        if path.len() < 2 {
            return;
        }
        for (a, b) in path {
            self.grow(*a);
            self.grow(*b);
        }
        // The same curve the crate's SVG writer draws: M, C, then S per further point.
        let mut d = format!(
            "M {:.1} {:.1} C {:.1} {:.1}, {:.1} {:.1}, {:.1} {:.1}",
            path[0].0.x,
            path[0].0.y,
            path[0].1.x,
            path[0].1.y,
            path[1].0.x,
            path[1].0.y,
            path[1].1.x,
            path[1].1.y
        );
        for p in &path[2..] {
            d.push_str(&format!(
                " S {:.1} {:.1}, {:.1} {:.1}",
                p.0.x, p.0.y, p.1.x, p.1.y
            ));
        }
        self.body.push_str(&format!(
            "<path class=\"edge\" d=\"{d}\" marker-end=\"url(#arrowhead)\"/>"
        ));
    }

    fn create_clip(&mut self, _xy: Point, _size: Point, _rounded: usize) -> ClipHandle {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(key: &str, class: &str) -> Node {
        Node {
            key: key.into(),
            label: key.into(),
            title: format!("title of {key}"),
            class: class.into(),
        }
    }

    #[test]
    fn every_node_is_drawn_with_its_class_and_key_and_edges_point_down() {
        let nodes = vec![
            node("RM-1", "roadmap"),
            node("BRIEF-1", "brief"),
            node("REQ-1", "requirement gap"),
            node("REQ-2", "requirement"),
        ];
        let svg = draw(&nodes, &[(0, 1), (1, 2), (1, 3)]);
        for n in &nodes {
            assert!(svg.contains(&format!("data-key=\"{}\"", n.key)), "{svg}");
        }
        assert!(svg.contains("class=\"node requirement gap\""));
        assert_eq!(svg.matches("class=\"edge\"").count(), 3, "{svg}");
        // Layered: the roadmap's box is above the requirements'.
        let y = |key: &str| -> f64 {
            let at = svg.find(&format!("data-key=\"{key}\"")).unwrap();
            let rest = &svg[at..];
            let y = rest.find(" y=\"").unwrap() + 4;
            rest[y..y + rest[y..].find('"').unwrap()].parse().unwrap()
        };
        assert!(y("RM-1") < y("BRIEF-1") && y("BRIEF-1") < y("REQ-1"));
    }

    #[test]
    fn labels_and_titles_are_escaped() {
        let mut n = node("REQ-<1>", "requirement");
        n.title = "a & b".into();
        let svg = draw(&[n], &[]);
        assert!(svg.contains("REQ-&lt;1&gt;") && svg.contains("a &amp; b"));
        assert!(!svg.contains("<1>"));
    }
}
