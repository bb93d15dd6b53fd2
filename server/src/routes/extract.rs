//! Per-file route extraction: runs a language's `routes.scm` and interprets its captures.
//!
//! The queries do the framework-specific matching; this module only knows a handful of
//! capture names, shared by every language:
//!
//! - `@route` with `@route.receiver`, `@route.method`, `@route.methods`, `@route.path`,
//!   `@route.pattern` (Go's `"GET /x"`), `@route.handler`;
//! - `@router` (a router object) with `@router.name`, `@router.export`, `@router.prefix`,
//!   `@router.parent`, `@router.scope`;
//! - `@bind` (a variable) with `@bind.name` or `@bind.export`, `@bind.value`;
//! - `@mount` with `@mount.parent`, `@mount.child`, `@mount.prefix` or
//!   `@mount.prefix-override`;
//! - `@import` with `@import.local`, `@import.module`, `@import.name`;
//! - `@global.prefix`.
//!
//! Patterns carry `(#set! framework "…")`, and `(#set! class "true")` on controller
//! classes. A receiver is resolved the way a reader would: a router object at that
//! expression, a variable bound to one (innermost scope first), a function that returns
//! or receives one, or an import naming another file's router.

use super::literals::{
    framework_name, is_method, method_of, methods_in, paths_of, regex_to_template, unquote,
};
use super::resolve::{
    function_with_param, method_receiver, receiver_root, Binding, Import, Resolver, RouterDef,
};
use super::{Mount, NodeRef, PathExpr, Route, RouteFacts, Router};
use crate::languages::{CodeLanguage, RouteSyntax};
use crate::text::{LineIndex, Range};
use rustc_hash::FxHashMap as HashMap;
use tree_sitter::{Node, QueryCursor, StreamingIterator, Tree};

/// Whether a file may declare routes: one of the language's framework markers occurs in
/// it. Files without one are never parsed for routes.
pub fn may_have_routes(lang: &'static CodeLanguage, data: &[u8]) -> bool {
    lang.may_have_routes(data)
}

#[derive(Default)]
struct RawRoute<'t> {
    node: Option<Node<'t>>,
    receiver: Option<Node<'t>>,
    method: Option<Node<'t>>,
    methods: Option<Node<'t>>,
    path: Option<Node<'t>>,
    pattern: Option<Node<'t>>,
    handler: Option<Node<'t>>,
    framework: &'static str,
    /// The path is a regular expression (Django `re_path`).
    regex: bool,
    /// The declaration also serves `path/{pk}` (a Django REST framework router's detail
    /// route).
    expand_detail: bool,
    /// Only a route inside a router (Django `path()` inside `urlpatterns`).
    needs_router: bool,
    file_route: Option<&'static str>,
}

#[derive(Default)]
struct RawMount<'t> {
    node: Option<Node<'t>>,
    parent: Option<Node<'t>>,
    child: Option<Node<'t>>,
    prefix: Option<Node<'t>>,
    replaces: bool,
    /// The parent must be a router of this file (a call that passes one along).
    local_parent: bool,
    /// The child is a module named by a string, serving the router it exports under this
    /// name (Django `include("app.urls")` is that module's `urlpatterns`).
    child_module: Option<&'static str>,
    /// The prefix is a regular expression (Django `url(r"^api/", include(...))`).
    regex: bool,
}

/// Implements: REQ-ROUTES
/// Extracts the routes of one parsed file. Returns `None` when it has none.
pub fn extract(
    rel: &str,
    text: &str,
    tree: &Tree,
    lang: &'static CodeLanguage,
) -> Option<RouteFacts> {
    let queries = super::queries::for_file(lang, rel, text);
    if queries.is_empty() {
        return None;
    }
    let syntax = lang.route_syntax;
    let root = tree.root_node();
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
    // A file may declare no route itself and still matter: it returns a router
    // (`func New() *echo.Echo`) or defines a constant another file's prefix names.
    if raw_routes.is_empty()
        && raw_mounts.is_empty()
        && global.is_empty()
        && autoloads.is_empty()
        && !bindings.iter().any(|b| b.exported)
        && !routers.iter().any(|r| r.export.is_some())
    {
        return None;
    }

    let inferred = {
        let cx = Resolver {
            text,
            syntax,
            routers: &routers,
            router_at: &router_at,
            bindings: &bindings,
            imports: &imports,
        };
        let receivers = raw_routes
            .iter()
            .filter_map(|r| r.receiver)
            .chain(raw_mounts.iter().filter_map(|m| m.parent))
            .chain(autoloads.iter().map(|a| a.0))
            .chain(routers.iter().filter_map(|r| r.parent));
        let prefixed: Vec<(usize, Node)> = set_prefix
            .iter()
            .filter_map(|&(r, v)| match cx.resolve(r, 0) {
                Some(NodeRef::Local(i)) => Some((i as usize, v)),
                _ => None,
            })
            .collect();
        let holders: Vec<String> = holder_vars
            .iter()
            .filter_map(|v| method_receiver(*v, &text[v.byte_range()], text).map(|(_, t)| t))
            .collect();
        (infer_param_routers(&cx, receivers, &holders), prefixed)
    };
    let (inferred, prefixed) = inferred;
    for (i, v) in prefixed {
        routers[i].prefix.get_or_insert(v);
    }
    for def in inferred {
        if let Some(n) = def.node {
            router_at.insert((n.start_byte(), n.end_byte()), routers.len());
        }
        routers.push(def);
    }
    let cx = Resolver {
        text,
        syntax,
        routers: &routers,
        router_at: &router_at,
        bindings: &bindings,
        imports: &imports,
    };
    let index = LineIndex::new(text);
    let mut out = RouteFacts::default();
    let mut refs = Vec::new();
    for r in &routers {
        let prefix = r
            .prefix
            .and_then(|p| cx.paths(p, &mut refs).into_iter().next());
        let prefix = match (prefix, r.is_class, &r.name) {
            // ASP.NET: `[controller]` is the class name without its `Controller` suffix.
            (Some(PathExpr::Lit(p)), true, Some(class)) if p.contains("[controller]") => {
                let short = class.strip_suffix("Controller").unwrap_or(class);
                Some(PathExpr::Lit(
                    p.replace("[controller]", &short.to_lowercase()),
                ))
            }
            (p, _, _) => p,
        };
        // Indices must stay aligned with `routers`, so a def is never skipped here.
        out.routers.push(Router {
            prefix,
            is_class: r.is_class,
            inferred: r.inferred,
            range: r
                .node
                .map_or(Range::default(), |n| first_line(&index, text, n)),
        });
    }
    // Group-style routers (`api := r.Group("/api")`) are mounts on their parent.
    for (i, r) in routers.iter().enumerate() {
        if let Some(parent) = r.parent.and_then(|p| cx.resolve(p, 0)) {
            out.mounts.push(Mount {
                parent,
                prefix: None,
                child: NodeRef::Local(i as u32),
                replaces_child_prefix: false,
                range: out.routers[i].range,
            });
        }
    }
    for m in raw_mounts {
        let (Some(node), Some(parent), Some(child)) = (m.node, m.parent, m.child) else {
            continue;
        };
        // A call passed along is a router only when it makes one (`v1.Group("/users")`),
        // not when it merely starts from one (`e.Start(":8080")`).
        if m.local_parent
            && syntax.call_function_field(parent.kind()).is_some()
            && !router_at.contains_key(&(parent.start_byte(), parent.end_byte()))
        {
            continue;
        }
        let child = match (m.child_module, unquote(node_text(child).trim())) {
            (Some(name), Some(module)) => Some(NodeRef::External {
                module: Some(module),
                name: name.to_string(),
                hint: None,
            }),
            _ => cx.resolve(child, 0),
        };
        let (Some(parent), Some(child)) = (cx.resolve(parent, 0), child) else {
            continue;
        };
        if m.local_parent && !matches!(parent, NodeRef::Local(_)) {
            continue;
        }
        if parent == child {
            continue;
        }
        out.mounts.push(Mount {
            parent,
            prefix: m
                .prefix
                .and_then(|p| cx.paths(p, &mut refs).into_iter().next())
                .map(|p| if m.regex { regex_to_template(p) } else { p }),
            child,
            replaces_child_prefix: m.replaces,
            range: first_line(&index, text, node),
        });
    }
    for r in raw_routes {
        let Some(node) = r.node else { continue };
        let router = match r.receiver {
            Some(recv) => match cx.resolve(recv, 0) {
                Some(nr) => Some(nr),
                None => continue, // not a router we can follow: a client call, a Map.get
            },
            None => cx.enclosing_router(node.start_byte()),
        };
        if router.is_none() && r.needs_router {
            continue;
        }
        // A method that forwards its own parameter (`func (r *router) Get(pattern string,
        // h http.HandlerFunc) { r.chi.Get(pattern, h) }`) wraps routing; it declares none.
        if let Some(p) = r.path.filter(|p| syntax.is_identifier(p.kind())) {
            if function_with_param(p, node_text(p), text).is_some() {
                continue;
            }
        }
        let mut methods = Vec::new();
        let mut paths = match r.path {
            Some(p) => cx.paths(p, &mut refs),
            None => vec![PathExpr::Lit(String::new())],
        };
        let mut method_range = r
            .method
            .filter(|m| method_of(node_text(*m)).is_some())
            .map(|m| index.range(m.start_byte(), m.end_byte()));
        if let Some(p) = r.pattern {
            // net/http: "GET /items/{id}", or just "/items/{id}" for every method.
            let Some(PathExpr::Lit(pattern)) = paths_of(text, p).into_iter().next() else {
                continue;
            };
            let (method, path) = match pattern.split_once(' ') {
                Some((m, p)) if is_method(m) => {
                    // The method sits right after the opening quote.
                    let start = r.pattern.map_or(0, |n| n.start_byte() + 1);
                    method_range = Some(index.range(start, start + m.len()));
                    (Some(m.to_string()), p.trim())
                }
                _ => (None, pattern.as_str()),
            };
            // A host-qualified pattern ("example.com/x") keeps only its path.
            let path = path.find('/').map_or(path, |i| &path[i..]);
            methods.extend(method);
            paths = vec![PathExpr::Lit(path.to_string())];
        }
        if let Some(m) = r.method {
            methods.extend(method_of(node_text(m)));
        }
        if let Some(m) = r.methods {
            methods.extend(methods_in(node_text(m)));
        }
        if methods.is_empty()
            && r.method.is_some_and(|m| node_text(m) == "route")
            && syntax == RouteSyntax::Python
        {
            methods.push("GET".to_string()); // Flask's default
        }
        methods.sort();
        methods.dedup();
        // A route without its own path (`router.route('/x').get(h)`) is reported on the
        // path of the router it hangs off, when that router is part of its expression.
        let borrowed_path = match (&router, r.receiver) {
            (Some(NodeRef::Local(i)), Some(recv)) => routers[*i as usize]
                .node
                .filter(|n| recv.start_byte() <= n.start_byte() && n.end_byte() <= recv.end_byte())
                .and(routers[*i as usize].prefix),
            _ => None,
        };
        let range = match r.path.or(r.pattern).or(borrowed_path) {
            Some(p) => index.range(p.start_byte(), p.end_byte()),
            None => first_line(&index, text, node),
        };
        if r.regex {
            paths = paths.into_iter().map(regex_to_template).collect();
        }
        if r.expand_detail {
            let detail: Vec<PathExpr> = paths
                .iter()
                .filter_map(|p| match p {
                    PathExpr::Lit(l) => {
                        Some(PathExpr::Lit(format!("{}/{{pk}}", l.trim_end_matches('/'))))
                    }
                    PathExpr::Expr(_) => None,
                })
                .collect();
            paths.extend(detail);
        }
        for path in paths {
            out.routes.push(Route {
                router: router.clone(),
                methods: methods.clone(),
                path,
                range,
                handler: r.handler.map(|h| node_text(h).to_string()),
                receiver: r.receiver.map(|h| node_text(h).to_string()),
                method_range,
                file_route: r.file_route,
                framework: match (r.framework, &router) {
                    ("", Some(NodeRef::Local(i))) => routers[*i as usize].framework,
                    (f, _) => f,
                },
            });
        }
    }
    let mut exports: Vec<(String, u32)> = Vec::new();
    for b in bindings.iter().filter(|b| b.exported) {
        if let Some(NodeRef::Local(i)) = cx.resolve(b.value, 0) {
            exports.push((b.name.clone(), i));
            if let Some(t) = &b.receiver {
                exports.push((format!("{t}.{}", b.name), i));
            }
        }
    }
    for (i, r) in routers.iter().enumerate() {
        for name in r.export.iter().chain(r.name.iter().filter(|_| r.is_class)) {
            exports.push((name.clone(), i as u32));
        }
    }
    exports.sort();
    exports.dedup();
    out.exports = exports;
    out.global_prefixes = global
        .into_iter()
        .filter_map(|n| cx.paths(n, &mut refs).into_iter().next())
        .collect();
    out.constants = bindings
        .iter()
        .filter(|b| b.exported)
        .filter_map(|b| Some((b.name.clone(), unquote(text[b.value.byte_range()].trim())?)))
        .collect();
    out.const_refs = refs;
    for (parent, dir) in autoloads {
        let Some(NodeRef::Local(i)) = cx.resolve(parent, 0) else {
            continue;
        };
        // `path.join(__dirname, 'routes')`: the last string names the directory.
        let mut c = dir.walk();
        let last = std::iter::once(dir)
            .chain(dir.named_children(&mut c))
            .chain(
                dir.child_by_field_name("arguments")
                    .into_iter()
                    .flat_map(|a| {
                        let mut c = a.walk();
                        a.named_children(&mut c).collect::<Vec<_>>()
                    }),
            )
            .filter_map(|n| unquote(node_text(n).trim()))
            .last();
        if let Some(d) = last {
            // The plugin that loads the routes is the application: fastify-cli starts it.
            if let Some(r) = out.routers.get_mut(i as usize) {
                r.inferred = false;
            }
            out.autoload.push((d, i));
        }
    }
    (!out.is_empty()).then_some(out)
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

/// The range of the first line of `node`, where a multi-line declaration is reported.
fn first_line(index: &LineIndex, text: &str, node: Node) -> Range {
    let start = node.start_byte();
    let end = text[start..node.end_byte()]
        .find('\n')
        .map_or(node.end_byte(), |i| start + i);
    index.range(start, end.max(start))
}

/// Implements: REQ-ROUTES-GO
/// Routers inferred from use: a function parameter that routes are declared on, or that
/// is passed on or grouped like a router, but that nothing in this file identifies (a
/// local wrapper type around chi, an interface). Composition serves its routes only where
/// a caller passes it a known router.
///
/// Go: a method receiver routes are declared on (`a.Get("/projects", h)` in
/// `func (a *App) setRouters()`) is a router, served at the root, when the file assigns a
/// router to a field of that type (`a.Router = mux.NewRouter()`): the type wraps it.
fn infer_param_routers<'t>(
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
