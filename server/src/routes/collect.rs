//! The first phase of extraction: runs the route queries on a file and gathers what
//! their captures describe (routers, routes, mounts, bindings, imports), one record per
//! declaration, before anything is resolved.

use super::literals::{framework_name, unquote};
use super::resolve::{Binding, Import, RouterDef};
use crate::languages::RouteSyntax;
use rustc_hash::FxHashMap as HashMap;
use tree_sitter::{Node, Query, QueryCursor, StreamingIterator};

#[derive(Default)]
pub(super) struct RawRoute<'t> {
    pub(super) node: Option<Node<'t>>,
    pub(super) receiver: Option<Node<'t>>,
    pub(super) method: Option<Node<'t>>,
    pub(super) methods: Option<Node<'t>>,
    pub(super) path: Option<Node<'t>>,
    pub(super) pattern: Option<Node<'t>>,
    pub(super) handler: Option<Node<'t>>,
    pub(super) framework: &'static str,
    /// The path is a regular expression (Django `re_path`).
    pub(super) regex: bool,
    /// The declaration also serves `path/{pk}` (a Django REST framework router's detail
    /// route).
    pub(super) expand_detail: bool,
    /// Only a route inside a router (Django `path()` inside `urlpatterns`).
    pub(super) needs_router: bool,
    pub(super) file_route: Option<&'static str>,
}

#[derive(Default)]
pub(super) struct RawMount<'t> {
    pub(super) node: Option<Node<'t>>,
    pub(super) parent: Option<Node<'t>>,
    pub(super) child: Option<Node<'t>>,
    pub(super) prefix: Option<Node<'t>>,
    pub(super) replaces: bool,
    /// The parent must be a router of this file (a call that passes one along).
    pub(super) local_parent: bool,
    /// The child is a module named by a string, serving the router it exports under this
    /// name (Django `include("app.urls")` is that module's `urlpatterns`).
    pub(super) child_module: Option<&'static str>,
    /// The prefix is a regular expression (Django `url(r"^api/", include(...))`).
    pub(super) regex: bool,
}

/// Everything the queries captured in one file.
pub(super) struct Collected<'t> {
    pub(super) routers: Vec<RouterDef<'t>>,
    pub(super) router_at: HashMap<(usize, usize), usize>,
    pub(super) bindings: Vec<Binding<'t>>,
    pub(super) imports: Vec<Import>,
    pub(super) raw_routes: Vec<RawRoute<'t>>,
    pub(super) raw_mounts: Vec<RawMount<'t>>,
    pub(super) global: Vec<Node<'t>>,
    /// Fastify `register(autoload, { dir })`: (loading router, directory expression).
    pub(super) autoloads: Vec<(Node<'t>, Node<'t>)>,
    /// Go `a.Router = mux.NewRouter()`: receivers whose type holds a router.
    pub(super) holder_vars: Vec<Node<'t>>,
    /// Koa `router.prefix('/admin')`: (router expression, prefix).
    pub(super) set_prefix: Vec<(Node<'t>, Node<'t>)>,
}

/// Runs `queries` over the tree at `root` and gathers their captures, deduplicated.
pub(super) fn collect<'t>(
    queries: &[&'static Query],
    text: &'t str,
    root: Node<'t>,
    syntax: RouteSyntax,
) -> Collected<'t> {
    let mut routers: Vec<RouterDef> = Vec::new();
    let mut router_at: HashMap<(usize, usize), usize> = HashMap::default();
    let mut bindings: Vec<Binding> = Vec::new();
    let mut imports: Vec<Import> = Vec::new();
    let mut raw_routes: Vec<RawRoute> = Vec::new();
    let mut raw_mounts: Vec<RawMount> = Vec::new();
    let mut global: Vec<Node> = Vec::new();
    // Fastify `register(autoload, { dir })`: (loading router, directory expression).
    let mut autoloads: Vec<(Node, Node)> = Vec::new();
    // Go `a.Router = mux.NewRouter()`: receivers whose type holds a router.
    let mut holder_vars: Vec<Node> = Vec::new();
    // Koa `router.prefix('/admin')`: (router expression, prefix).
    let mut set_prefix: Vec<(Node, Node)> = Vec::new();
    let src = text.as_bytes();
    let node_text = |n: Node| -> &str { &text[n.byte_range()] };

    let mut cursor = QueryCursor::new();
    for query in queries {
        let names = query.capture_names();
        let mut matches = cursor.matches(query, root, src);
        while let Some(m) = matches.next() {
            let props = query.property_settings(m.pattern_index);
            let prop = |key: &str| {
                props
                    .iter()
                    .find(|p| &*p.key == key)
                    .and_then(|p| p.value.as_deref())
            };
            let framework = framework_name(prop("framework").unwrap_or(""));
            let mut route = RawRoute {
                framework,
                regex: prop("path-syntax") == Some("regex"),
                expand_detail: prop("expand") == Some("detail"),
                needs_router: prop("needs-router") == Some("true"),
                file_route: prop("file-route"),
                ..RawRoute::default()
            };
            let mut router = RouterDef::default();
            let mut mount = RawMount {
                local_parent: prop("local-parent") == Some("true"),
                child_module: prop("child-module"),
                regex: prop("path-syntax") == Some("regex"),
                ..RawMount::default()
            };
            let (mut bind_name, mut bind_export, mut bind_value, mut bind_node) =
                (None, None, None, None);
            let mut bind_receiver: Option<String> = None;
            let (mut imp_local, mut imp_module, mut imp_name) = (None, None, None);
            let mut own_prefix: (Option<Node>, Option<Node>) = (None, None);
            let mut autoload: (Option<Node>, Option<Node>) = (None, None);
            for c in m.captures {
                let n = c.node;
                match names[c.index as usize] {
                    "route" => route.node = Some(n),
                    "route.receiver" => route.receiver = Some(n),
                    "route.method" => route.method = Some(n),
                    "route.methods" => route.methods = Some(n),
                    "route.path" => route.path = Some(n),
                    "route.pattern" => route.pattern = Some(n),
                    "route.handler" => route.handler = Some(n),
                    "router" => router.node = Some(n),
                    "router.name" => router.name = Some(node_text(n).to_string()),
                    "router.export" => router.export = Some(node_text(n).to_string()),
                    "router.prefix" => router.prefix = Some(n),
                    "router.parent" => router.parent = Some(n),
                    "router.scope" => router.scope = Some((n.start_byte(), n.end_byte())),
                    "bind" => bind_node = Some(n),
                    "bind.name" => bind_name = Some(node_text(n).to_string()),
                    "bind.export" => bind_export = Some(node_text(n).to_string()),
                    "bind.value" => bind_value = Some(n),
                    "bind.receiver" => {
                        let t = node_text(n).trim_start_matches('*');
                        bind_receiver = Some(t.split('[').next().unwrap_or(t).to_string());
                    }
                    "mount" => mount.node = Some(n),
                    "mount.parent" => mount.parent = Some(n),
                    "mount.child" => mount.child = Some(n),
                    "mount.prefix" => mount.prefix = Some(n),
                    "mount.prefix-override" => {
                        mount.prefix = Some(n);
                        mount.replaces = true;
                    }
                    "import.local" => imp_local = Some(node_text(n).to_string()),
                    "import.module" => imp_module = Some(node_text(n).to_string()),
                    "import.name" => imp_name = Some(node_text(n).to_string()),
                    "global.prefix" => global.push(n),
                    "holder.var" => holder_vars.push(n),
                    "autoload.parent" => autoload.0 = Some(n),
                    "autoload.dir" => autoload.1 = Some(n),
                    "prefix.router" => own_prefix.0 = Some(n),
                    "prefix.value" => own_prefix.1 = Some(n),
                    _ => {}
                }
            }
            if let Some(node) = router.node {
                router.is_class = prop("class") == Some("true");
                router.framework = framework;
                let key = (node.start_byte(), node.end_byte());
                match router_at.get(&key) {
                    // Two patterns may describe the same object (with and without a prefix).
                    Some(&i) => merge(&mut routers[i], router),
                    None => {
                        router_at.insert(key, routers.len());
                        routers.push(router);
                    }
                }
            }
            if let (Some(r), Some(v)) = own_prefix {
                set_prefix.push((r, v));
            }
            if let (Some(p), Some(d)) = autoload {
                autoloads.push((p, d));
            }
            if route.node.is_some() {
                raw_routes.push(route);
            }
            if mount.node.is_some() {
                raw_mounts.push(mount);
            }
            if let (Some(node), Some(value)) = (bind_node, bind_value) {
                let exported = bind_export.is_some();
                // CommonJS `module.exports = router` is the module's default export.
                let bind_export = bind_export.map(|n| {
                    if n == "exports" {
                        "default".to_string()
                    } else {
                        n
                    }
                });
                if let Some(name) = bind_export.or(bind_name) {
                    let scope = match node.parent() {
                        Some(p) if !exported => (p.start_byte(), p.end_byte()),
                        _ => (0, text.len()),
                    };
                    bindings.push(Binding {
                        name,
                        value,
                        scope,
                        declared_at: node.start_byte(),
                        exported: exported || scope == (0, text.len()) || is_top_level(node),
                        receiver: bind_receiver,
                    });
                }
            }
            if let Some(module) = imp_module {
                let module = unquote(&module).unwrap_or(module);
                // Go: an import without a name is known by its last path element.
                let imp_local_given = imp_local.clone();
                let Some(local) = imp_local
                    .or_else(|| imp_name.clone())
                    .or_else(|| go_package_name(&module))
                else {
                    continue;
                };
                let local = local
                    .rsplit(['.', ':'])
                    .next()
                    .unwrap_or(&local)
                    .to_string();
                // `import "example.com/api/v1"` is package `v1`, `.../chi/v5` is `chi`: both.
                if syntax == RouteSyntax::Go && imp_local_given.is_none() {
                    let last = module.rsplit('/').next().unwrap_or_default().to_string();
                    if last != local {
                        imports.push(Import {
                            local: last,
                            module: module.clone(),
                            name: None,
                        });
                    }
                }
                imports.push(Import {
                    local,
                    module,
                    name: imp_name,
                });
            }
        }
    }
    // Several patterns may match one declaration (with and without a handler, say, or
    // gorilla's `HandleFunc("/x", h)` inside `.Methods("GET")`): keep one per path
    // argument, the one that captured the most.
    let detail = |r: &RawRoute| {
        let n = [r.path, r.methods, r.handler, r.pattern]
            .iter()
            .filter(|x| x.is_some())
            .count();
        std::cmp::Reverse(n)
    };
    let span = |n: Option<Node>| n.map(|n| (n.start_byte(), n.end_byte()));
    raw_routes.sort_by_key(|r| (span(r.node), detail(r)));
    raw_routes.dedup_by_key(|r| span(r.node));
    let key = |r: &RawRoute| span(r.path.or(r.pattern).or(r.node));
    raw_routes.sort_by_key(|r| (key(r), detail(r)));
    raw_routes.dedup_by_key(|r| key(r));
    // The same child of one call may be matched with and without its prefix: keep the
    // one with it (adjacent, so that `dedup_by` sees both).
    raw_mounts.sort_by_key(|m| {
        (
            m.node.map(|n| (n.start_byte(), n.end_byte())),
            m.child.map(|c| c.start_byte()),
            m.parent.map(|c| c.start_byte()),
            m.prefix.is_none(),
        )
    });
    raw_mounts.dedup_by(|b, a| {
        a.node.map(|n| n.byte_range()) == b.node.map(|n| n.byte_range())
            && a.child.map(|c| c.byte_range()) == b.child.map(|c| c.byte_range())
            && a.parent.map(|c| c.byte_range()) == b.parent.map(|c| c.byte_range())
    });
    Collected {
        routers,
        router_at,
        bindings,
        imports,
        raw_routes,
        raw_mounts,
        global,
        autoloads,
        holder_vars,
        set_prefix,
    }
}

fn merge<'t>(into: &mut RouterDef<'t>, from: RouterDef<'t>) {
    into.name = into.name.take().or(from.name);
    into.export = into.export.take().or(from.export);
    into.prefix = into.prefix.or(from.prefix);
    into.parent = into.parent.or(from.parent);
    into.scope = into.scope.or(from.scope);
    into.is_class |= from.is_class;
    if into.framework.is_empty() {
        into.framework = from.framework;
    }
}

fn is_top_level(node: Node) -> bool {
    // A declaration directly in the file, possibly wrapped in an export statement or an
    // expression statement.
    let mut n = node;
    for _ in 0..3 {
        match n.parent() {
            Some(p) if p.parent().is_none() => return true,
            Some(p) => n = p,
            None => return true,
        }
    }
    false
}

/// The name a Go import is known by: its last path element, skipping a major-version
/// suffix (`github.com/go-chi/chi/v5` is `chi`) and a `.vN` one (`gopkg.in/yaml.v3`).
fn go_package_name(module: &str) -> Option<String> {
    let mut parts = module.rsplit('/');
    let last = parts.next()?;
    let is_version =
        |s: &str| s.len() > 1 && s.starts_with('v') && s[1..].bytes().all(|b| b.is_ascii_digit());
    let name = if is_version(last) {
        parts.next().unwrap_or(last)
    } else {
        last
    };
    let name = match name.rsplit_once(".v") {
        Some((n, v)) if v.bytes().all(|b| b.is_ascii_digit()) && !v.is_empty() => n,
        _ => name,
    };
    Some(name.to_string())
}

// Verifies: REQ-ROUTES-GO
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_packages_are_known_by_their_name_not_their_version() {
        for (module, name) in [
            ("github.com/go-chi/chi/v5", "chi"),
            ("github.com/labstack/echo/v4", "echo"),
            ("gopkg.in/yaml.v3", "yaml"),
            ("example.com/shop/internal/users", "users"),
            ("net/http", "http"),
        ] {
            assert_eq!(go_package_name(module).as_deref(), Some(name), "{module}");
        }
    }
}
