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

use super::collect::{collect, Collected};
use super::infer::infer_param_routers;
use super::literals::{is_method, method_of, methods_in, paths_of, regex_to_template, unquote};
use super::resolve::{function_with_param, method_receiver, Resolver};
use super::{Mount, NodeRef, PathExpr, Route, RouteFacts, Router};
use crate::languages::{CodeLanguage, RouteSyntax};
use crate::text::{LineIndex, Range};
use tree_sitter::{Node, Tree};

/// Whether a file may declare routes: one of the language's framework markers occurs in
/// it. Files without one are never parsed for routes.
pub fn may_have_routes(lang: &'static CodeLanguage, data: &[u8]) -> bool {
    lang.may_have_routes(data)
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
    let Collected {
        mut routers,
        mut router_at,
        bindings,
        imports,
        raw_routes,
        raw_mounts,
        global,
        autoloads,
        holder_vars,
        set_prefix,
    } = collect(&queries, text, root, syntax);
    let node_text = |n: Node| -> &str { &text[n.byte_range()] };
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

/// The range of the first line of `node`, where a multi-line declaration is reported.
fn first_line(index: &LineIndex, text: &str, node: Node) -> Range {
    let start = node.start_byte();
    let end = text[start..node.end_byte()]
        .find('\n')
        .map_or(node.end_byte(), |i| start + i);
    index.range(start, end.max(start))
}
