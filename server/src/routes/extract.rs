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
struct RouterDef<'t> {
    node: Option<Node<'t>>,
    name: Option<String>,
    export: Option<String>,
    prefix: Option<Node<'t>>,
    parent: Option<Node<'t>>,
    scope: Option<(usize, usize)>,
    is_class: bool,
    framework: &'static str,
}

struct Binding<'t> {
    name: String,
    value: Node<'t>,
    /// Byte range where the name is visible.
    scope: (usize, usize),
    declared_at: usize,
    exported: bool,
}

struct Import {
    local: String,
    module: String,
    name: Option<String>,
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
}

/// Implements: REQ-ROUTES
/// Extracts the routes of one parsed file. Returns `None` when it has none.
pub fn extract(text: &str, tree: &Tree, lang: &'static CodeLanguage) -> Option<RouteFacts> {
    let query = lang.routes_query()?;
    let syntax = lang.route_syntax;
    let names = query.capture_names();
    let root = tree.root_node();
    let mut routers: Vec<RouterDef> = Vec::new();
    let mut router_at: HashMap<(usize, usize), usize> = HashMap::default();
    let mut bindings: Vec<Binding> = Vec::new();
    let mut imports: Vec<Import> = Vec::new();
    let mut raw_routes: Vec<RawRoute> = Vec::new();
    let mut raw_mounts: Vec<RawMount> = Vec::new();
    let mut global: Vec<Node> = Vec::new();
    let src = text.as_bytes();
    let node_text = |n: Node| -> &str { &text[n.byte_range()] };

    let mut cursor = QueryCursor::new();
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
            ..RawRoute::default()
        };
        let mut router = RouterDef::default();
        let mut mount = RawMount {
            local_parent: prop("local-parent") == Some("true"),
            ..RawMount::default()
        };
        let (mut bind_name, mut bind_export, mut bind_value, mut bind_node) =
            (None, None, None, None);
        let (mut imp_local, mut imp_module, mut imp_name) = (None, None, None);
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
                });
            }
        }
        if let Some(module) = imp_module {
            let module = unquote(&module).unwrap_or(module);
            // Go: an import without a name is known by its last path element.
            let Some(local) = imp_local
                .or_else(|| imp_name.clone())
                .or_else(|| module.rsplit('/').next().map(str::to_string))
            else {
                continue;
            };
            let local = local
                .rsplit(['.', ':'])
                .next()
                .unwrap_or(&local)
                .to_string();
            imports.push(Import {
                local,
                module,
                name: imp_name,
            });
        }
    }
    // Several patterns may match one declaration (with and without a handler, say):
    // keep one per declaration, the one that captured the most.
    raw_routes.sort_by_key(|r| {
        let n = r.node.map(|n| (n.start_byte(), n.end_byte()));
        let detail = [r.path, r.methods, r.handler, r.pattern]
            .iter()
            .filter(|x| x.is_some())
            .count();
        (n, std::cmp::Reverse(detail))
    });
    raw_routes.dedup_by_key(|r| r.node.map(|n| (n.start_byte(), n.end_byte())));
    raw_mounts.sort_by_key(|m| {
        (
            m.node.map(|n| (n.start_byte(), n.end_byte())),
            m.prefix.is_none(),
            m.child.map(|c| c.start_byte()),
        )
    });
    raw_mounts.dedup_by(|b, a| {
        a.node.map(|n| n.byte_range()) == b.node.map(|n| n.byte_range())
            && a.child.map(|c| c.byte_range()) == b.child.map(|c| c.byte_range())
    });
    if raw_routes.is_empty() && raw_mounts.is_empty() && global.is_empty() {
        return None;
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
    for r in &routers {
        let prefix = r.prefix.and_then(|p| paths_of(text, p).into_iter().next());
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
        let (Some(parent), Some(child)) = (cx.resolve(parent, 0), cx.resolve(child, 0)) else {
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
            prefix: m.prefix.and_then(|p| paths_of(text, p).into_iter().next()),
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
        let mut methods = Vec::new();
        let mut paths = match r.path {
            Some(p) => paths_of(text, p),
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
        for path in paths {
            out.routes.push(Route {
                router: router.clone(),
                methods: methods.clone(),
                path,
                range,
                handler: r.handler.map(|h| node_text(h).to_string()),
                receiver: r.receiver.map(|h| node_text(h).to_string()),
                method_range,
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
        .filter_map(|n| paths_of(text, n).into_iter().next())
        .collect();
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

struct Resolver<'a, 't> {
    text: &'a str,
    syntax: RouteSyntax,
    routers: &'a [RouterDef<'t>],
    router_at: &'a HashMap<(usize, usize), usize>,
    bindings: &'a [Binding<'t>],
    imports: &'a [Import],
}

impl<'t> Resolver<'_, 't> {
    fn resolve(&self, node: Node<'t>, depth: u32) -> Option<NodeRef> {
        if depth > 16 {
            return None;
        }
        if let Some(&i) = self.router_at.get(&(node.start_byte(), node.end_byte())) {
            return Some(NodeRef::Local(i as u32));
        }
        let kind = node.kind();
        let s = self.syntax;
        if s.is_identifier(kind) {
            return self.resolve_name(&self.text[node.byte_range()], node.start_byte(), depth);
        }
        if let Some(field) = s.call_function_field(kind) {
            let function = node.child_by_field_name(field)?;
            if let Some((object, name)) = s.member_parts(function) {
                // `pkg.Func()` names a function of an imported module; `obj.method()` is a
                // method chain whose router is `obj`.
                let qualifier = &self.text[object.byte_range()];
                if s.is_identifier(object.kind()) && self.import(qualifier).is_some() {
                    return Some(self.qualified(qualifier, &self.text[name.byte_range()]));
                }
                return self.resolve(object, depth + 1);
            }
            if s.is_identifier(function.kind()) {
                return self.resolve_name(&self.text[function.byte_range()], usize::MAX, depth);
            }
            if let Some((q, name)) = s.qualified_parts(function) {
                return Some(
                    self.qualified(&self.text[q.byte_range()], &self.text[name.byte_range()]),
                );
            }
            return None;
        }
        if let Some((object, name)) = s.member_parts(node).or_else(|| s.qualified_parts(node)) {
            let qualifier = &self.text[object.byte_range()];
            if !s.is_identifier(object.kind()) && !s.is_qualified(object.kind()) {
                return None;
            }
            return Some(self.qualified(qualifier, &self.text[name.byte_range()]));
        }
        // `(router)`, `await x`, `&mut cfg`, `new X()`: look through one wrapper.
        let mut c = node.walk();
        let named: Vec<Node> = node.named_children(&mut c).collect();
        match named.as_slice() {
            [only] => self.resolve(*only, depth + 1),
            _ => None,
        }
    }

    /// A bare name at byte `at`: a router parameter or class in scope, a variable in
    /// scope, a function of this file, an import, or else a workspace-wide name.
    fn resolve_name(&self, name: &str, at: usize, depth: u32) -> Option<NodeRef> {
        let innermost_router = self
            .routers
            .iter()
            .enumerate()
            .filter(|(_, r)| r.name.as_deref() == Some(name))
            .filter(|(_, r)| r.scope.is_some_and(|(s, e)| s <= at && at < e) || at == usize::MAX)
            .min_by_key(|(_, r)| r.scope.map_or(usize::MAX, |(s, e)| e - s));
        if let Some((i, _)) = innermost_router {
            return Some(NodeRef::Local(i as u32));
        }
        // Imports before variables: `const x = require('./x')` is both, and the import is
        // what names the other file.
        if let Some(imp) = self.import(name) {
            return Some(NodeRef::External {
                module: Some(imp.module.clone()),
                name: imp.name.clone().unwrap_or_else(|| "default".to_string()),
            });
        }
        // A function that is a router itself (an actix handler) or receives one.
        if let Some((i, _)) = self
            .routers
            .iter()
            .enumerate()
            .find(|(_, r)| r.export.as_deref() == Some(name))
        {
            return Some(NodeRef::Local(i as u32));
        }
        let binding = self
            .bindings
            .iter()
            .filter(|b| b.name == name)
            .filter(|b| {
                at == usize::MAX
                    || (b.scope.0 <= at && at < b.scope.1 && b.declared_at < at)
                    || b.exported
            })
            .min_by_key(|b| (b.scope.1 - b.scope.0, usize::MAX - b.declared_at));
        if let Some(b) = binding {
            if b.value.start_byte() <= at || at == usize::MAX || b.exported {
                return self.resolve(b.value, depth + 1);
            }
        }
        Some(NodeRef::External {
            module: None,
            name: name.to_string(),
        })
    }

    fn import(&self, local: &str) -> Option<&Import> {
        self.imports.iter().find(|i| i.local == local)
    }

    /// `qualifier.name`: through an import when the qualifier is one.
    fn qualified(&self, qualifier: &str, name: &str) -> NodeRef {
        let module = match self.import(qualifier) {
            Some(Import {
                module,
                name: Some(sub),
                ..
            }) => format!("{module}{}{sub}", self.syntax.module_separator()),
            Some(Import { module, .. }) => module.clone(),
            // Go: `s.routes(mux)` is a method of a value, found by name in the package.
            None if self.syntax == RouteSyntax::Go => {
                return NodeRef::External {
                    module: None,
                    name: name.to_string(),
                };
            }
            None => qualifier.to_string(),
        };
        NodeRef::External {
            module: Some(module),
            name: name.to_string(),
        }
    }

    /// The innermost controller class or router-receiving function around `at`.
    fn enclosing_router(&self, at: usize) -> Option<NodeRef> {
        self.routers
            .iter()
            .enumerate()
            .filter(|(_, r)| r.scope.is_some_and(|(s, e)| s <= at && at < e))
            .min_by_key(|(_, r)| r.scope.map_or(usize::MAX, |(s, e)| e - s))
            .map(|(i, _)| NodeRef::Local(i as u32))
    }
}

/// The literal paths a node holds: a string, or each string of an array (`{"/a", "/b"}`
/// in Java annotations); anything else is an expression only configuration can resolve.
fn paths_of(text: &str, node: Node) -> Vec<PathExpr> {
    let raw = text[node.byte_range()].trim();
    if let Some(s) = unquote(raw) {
        return vec![PathExpr::Lit(s)];
    }
    let mut c = node.walk();
    let items: Vec<String> = node
        .named_children(&mut c)
        .filter_map(|n| unquote(text[n.byte_range()].trim()))
        .collect();
    let array_like = raw.starts_with(['[', '{', '(']);
    if array_like && !items.is_empty() {
        return items.into_iter().map(PathExpr::Lit).collect();
    }
    // `value = "/x"` / `path: 'x'` wrappers: the single string inside.
    if !array_like && items.len() == 1 && !raw.contains(['+', '(']) {
        return items.into_iter().map(PathExpr::Lit).collect();
    }
    vec![PathExpr::Expr(raw.to_string())]
}

/// The content of a plain string literal in any supported language, or `None` when the
/// node is not one (an f-string or template with substitutions included).
fn unquote(raw: &str) -> Option<String> {
    let body = raw.trim_start_matches(['r', 'b', 'u', 'R', 'B', 'U', '@']);
    let body = body.trim_start_matches('#');
    let body = body.trim_end_matches('#');
    for q in ["\"\"\"", "'''", "\"", "'", "`"] {
        if let Some(inner) = body.strip_prefix(q).and_then(|b| b.strip_suffix(q)) {
            if body.len() < 2 * q.len() || (q == "`" && inner.contains("${")) {
                return None;
            }
            return Some(inner.to_string());
        }
    }
    None
}

fn is_method(word: &str) -> bool {
    matches!(
        word,
        "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE" | "QUERY"
    )
}

/// The method a route function's name implies: `get`, `GET`, `Get`, `GetMapping`,
/// `HttpGet`, `MapGet`. Names that take every method (`all`, `Any`, `route`) give none.
fn method_of(name: &str) -> Option<String> {
    let n = name.strip_prefix("Http").unwrap_or(name);
    let n = n.strip_prefix("Map").unwrap_or(n);
    let n = n.strip_suffix("Mapping").unwrap_or(n);
    let upper = n.to_ascii_uppercase();
    is_method(&upper).then_some(upper)
}

/// Methods named inside an argument: `methods=['GET', 'POST']`,
/// `RequestMethod.PUT`, `get(h).post(h2)`, `web::get()`. A lowercase word counts only
/// when called (`get(`), so a handler named `get` or a path `/get` is not a method.
fn methods_in(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() || bytes[i] == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let word = &text[start..i];
            let upper = word.to_ascii_uppercase();
            let called = text[i..].trim_start().starts_with('(');
            let quoted_or_constant = word == upper;
            if is_method(&upper) && (called || quoted_or_constant) {
                out.push(upper);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The label stubs and hover use for a framework, from the query's `#set! framework`.
fn framework_name(s: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "express",
        "nestjs",
        "fastapi",
        "flask",
        "spring",
        "aspnet",
        "aspnet-minimal",
        "gin",
        "echo",
        "chi",
        "net/http",
        "axum",
        "actix",
    ];
    KNOWN.iter().find(|k| **k == s).copied().unwrap_or("")
}

// Verifies: REQ-ROUTES
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_words_need_a_call_or_capitals() {
        assert_eq!(methods_in("methods=['GET', 'post']"), ["GET"]);
        assert_eq!(methods_in("get(get_payment).post(create)"), ["GET", "POST"]);
        assert_eq!(methods_in("RequestMethod.PUT"), ["PUT"]);
        assert!(methods_in("get_payment").is_empty());
    }

    #[test]
    fn method_names_of_frameworks() {
        for (n, m) in [
            ("get", "GET"),
            ("GET", "GET"),
            ("GetMapping", "GET"),
            ("HttpPost", "POST"),
            ("MapDelete", "DELETE"),
            ("Patch", "PATCH"),
        ] {
            assert_eq!(method_of(n).as_deref(), Some(m), "{n}");
        }
        assert_eq!(method_of("all"), None);
        assert_eq!(method_of("RequestMapping"), None);
    }

    #[test]
    fn string_literals_of_every_language() {
        for (raw, want) in [
            ("'/a'", Some("/a")),
            ("\"/a\"", Some("/a")),
            ("`/a`", Some("/a")),
            ("`/a/${x}`", None),
            ("r\"/a\"", Some("/a")),
            ("r#\"/a\"#", Some("/a")),
            ("@\"/a\"", Some("/a")),
            ("f\"/a/{x}\"", None),
            ("\"\"", Some("")),
            ("settings.PREFIX", None),
        ] {
            assert_eq!(unquote(raw).as_deref(), want, "{raw}");
        }
    }
}
