//! Routers known only from how they are used: a function parameter routes are declared
//! on, or a method receiver whose type holds a router.

use super::resolve::{function_with_param, method_receiver, receiver_root, Resolver, RouterDef};
use super::NodeRef;
use tree_sitter::Node;

/// Implements: REQ-ROUTES-GO
/// Routers inferred from use: a function parameter that routes are declared on, or that
/// is passed on or grouped like a router, but that nothing in this file identifies (a
/// local wrapper type around chi, an interface). Composition serves its routes only where
/// a caller passes it a known router.
///
/// Go: a method receiver routes are declared on (`a.Get("/projects", h)` in
/// `func (a *App) setRouters()`) is a router, served at the root, when the file assigns a
/// router to a field of that type (`a.Router = mux.NewRouter()`): the type wraps it.
pub(super) fn infer_param_routers<'t>(
    cx: &Resolver<'_, 't>,
    receivers: impl Iterator<Item = Node<'t>>,
    holders: &[String],
) -> Vec<RouterDef<'t>> {
    let mut out: Vec<RouterDef> = Vec::new();
    for recv in receivers {
        let Some(root) = receiver_root(recv, cx.syntax) else {
            continue;
        };
        if !matches!(
            cx.resolve(root, 0),
            Some(NodeRef::External { module: None, .. })
        ) {
            continue;
        }
        let name = &cx.text[root.byte_range()];
        let (f, inferred) = match function_with_param(root, name, cx.text) {
            Some(f) => (f, true),
            None => match method_receiver(root, name, cx.text) {
                Some((m, ty)) if holders.contains(&ty) => (m, false),
                _ => continue,
            },
        };
        let key = (f.start_byte(), f.end_byte());
        if cx.router_at.contains_key(&key)
            || out
                .iter()
                .any(|d| d.node.map(|n| (n.start_byte(), n.end_byte())) == Some(key))
        {
            continue;
        }
        let body = f.child_by_field_name("body").unwrap_or(f);
        out.push(RouterDef {
            node: Some(f),
            name: Some(name.to_string()),
            export: f
                .child_by_field_name("name")
                .map(|n| cx.text[n.byte_range()].to_string()),
            scope: Some((body.start_byte(), body.end_byte())),
            inferred,
            ..RouterDef::default()
        });
    }
    out
}
