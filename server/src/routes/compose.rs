//! Cross-file composition: follows mounts from each route up to the application roots and
//! yields every full path the route is served at.

use super::modules::{module_matches, narrow_by_receiver, normalize, parent_dir, Exports};
use super::path::{segments, Segment};
use super::{NodeRef, PathExpr, RouteFacts};
use crate::config::Contracts;
use crate::facts::{FileFacts, SourceKind};
use crate::languages::{self, RouteSyntax};
use rustc_hash::FxHashMap as HashMap;

/// A router across the workspace: file index (into the graph's files) and local index.
type Global = (u32, u32);

/// One full path of a route.
#[derive(Debug, Clone)]
pub struct FullPath {
    pub segments: Vec<Segment>,
    /// When a prefix is an expression configuration does not know, the segments before
    /// it are unknown: `segments` is then only the known suffix, and this is the
    /// expression.
    pub unknown_prefix: Option<String>,
    /// How the path was composed, outermost prefix first (for `routes --explain`).
    pub steps: Vec<Step>,
}

/// Paths are the same when they serve the same URLs, however they were composed.
impl PartialEq for FullPath {
    fn eq(&self, other: &Self) -> bool {
        self.segments == other.segments && self.unknown_prefix == other.unknown_prefix
    }
}

impl Eq for FullPath {}

/// One prefix or path of a composition, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub file: u32,
    /// 1-based; 0 when the position is not recorded (a global prefix).
    pub line: u32,
    /// As written in the code.
    pub written: PathExpr,
    /// How an expression was resolved: `[contracts.prefixes]`, a constant, or unknown.
    pub resolved: Resolution,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Literal,
    Configured(String),
    Constant(String),
    Unknown,
}

/// A route with its full paths.
#[derive(Debug, Clone)]
pub struct ComposedRoute {
    pub file: u32,
    pub route: u32,
    pub paths: Vec<FullPath>,
}

/// At most this many full paths per router (a router mounted in many places).
const MAX_PATHS: usize = 64;

struct Edge {
    parent: Global,
    /// The file the mount is written in, whose constants its prefix may name.
    file: u32,
    line: u32,
    prefix: Option<PathExpr>,
    replaces: bool,
}

/// Implements: REQ-ROUTES
/// Composes every route of `files`.
pub fn compose(files: &[std::sync::Arc<FileFacts>], contracts: &Contracts) -> Vec<ComposedRoute> {
    let with_routes: Vec<(u32, &FileFacts, &RouteFacts, RouteSyntax)> = files
        .iter()
        .enumerate()
        // Tests build throwaway routers around the real register functions; what they
        // mount is not served.
        .filter(|(_, f)| !f.is_test_file)
        .filter_map(|(i, f)| {
            let r = f.routes.as_deref()?;
            Some((i as u32, &**f, r, syntax_of(f)))
        })
        .collect();
    if with_routes.is_empty() {
        return Vec::new();
    }
    let mut exports: Exports = HashMap::default();
    for &(fi, f, r, syntax) in &with_routes {
        for (name, local) in &r.exports {
            exports
                .entry(name.as_str())
                .or_default()
                .push((fi, f.path.as_str(), syntax, *local));
        }
    }
    let paths: HashMap<u32, &str> = with_routes
        .iter()
        .map(|w| (w.0, w.1.path.as_str()))
        .collect();
    let resolve = |fi: u32, from: &str, syntax: RouteSyntax, r: &NodeRef| -> Vec<Global> {
        match r {
            NodeRef::Local(i) => vec![(fi, *i)],
            NodeRef::External { module, name, hint } => {
                // CommonJS `const users = require('./users'); users.routes()`: a name the
                // module does not export is a member of its default export.
                let named = exports.get(name.as_str()).filter(|c| {
                    module.is_none()
                        || syntax != RouteSyntax::Js
                        || c.iter().any(|c| {
                            module_matches(from, module.as_deref().unwrap_or(""), c.1, syntax)
                        })
                });
                let candidates = match (named, module) {
                    (Some(c), _) => c,
                    (None, Some(_)) if syntax == RouteSyntax::Js => {
                        let Some(c) = exports.get("default") else {
                            return Vec::new();
                        };
                        c
                    }
                    (None, _) => return Vec::new(),
                };
                // Go methods are found by name, in the same file too.
                let same_lang = candidates
                    .iter()
                    .filter(|c| c.2 == syntax && (c.0 != fi || syntax == RouteSyntax::Go));
                match module {
                    Some(m) => same_lang
                        .filter(|c| module_matches(from, m, c.1, syntax))
                        .map(|c| (c.0, c.3))
                        .collect(),
                    None => {
                        let all: Vec<_> = same_lang.collect();
                        // A bare name: prefer the same directory (a Go package).
                        let dir = parent_dir(from);
                        let near: Vec<Global> = all
                            .iter()
                            .filter(|c| parent_dir(c.1) == dir)
                            .map(|c| (c.0, c.3))
                            .collect();
                        let found: Vec<Global> = if near.is_empty() {
                            all.iter().map(|c| (c.0, c.3)).collect()
                        } else {
                            near
                        };
                        match hint {
                            Some(h) if found.len() > 1 => {
                                narrow_by_receiver(found, h, name, from, &exports, &paths)
                            }
                            _ => found,
                        }
                    }
                }
            }
        }
    };

    let mut parents: HashMap<Global, Vec<Edge>> = HashMap::default();
    let mut global_prefixes: HashMap<RouteSyntax, Vec<(u32, PathExpr)>> = HashMap::default();
    for &(fi, f, r, syntax) in &with_routes {
        for m in &r.mounts {
            let ps = resolve(fi, &f.path, syntax, &m.parent);
            for child in resolve(fi, &f.path, syntax, &m.child) {
                for &p in &ps {
                    if p != child {
                        parents.entry(child).or_default().push(Edge {
                            parent: p,
                            file: fi,
                            line: m.range.start.line + 1,
                            prefix: m.prefix.clone(),
                            replaces: m.replaces_child_prefix,
                        });
                    }
                }
            }
        }
        for (dir, local) in &r.autoload {
            let base = normalize(&format!("{}/{dir}", parent_dir(&f.path)));
            for &(gi, g, gr, gs) in &with_routes {
                let Some(rel) = g.path.strip_prefix(&base).and_then(|p| p.strip_prefix('/')) else {
                    continue;
                };
                if gs != syntax {
                    continue;
                }
                let prefix = format!("/{}", parent_dir(rel));
                for (name, child) in &gr.exports {
                    if name == "default" {
                        parents.entry((gi, *child)).or_default().push(Edge {
                            parent: (fi, *local),
                            file: fi,
                            line: 0,
                            prefix: Some(PathExpr::Lit(prefix.clone())),
                            replaces: false,
                        });
                    }
                }
            }
        }
        let list = global_prefixes.entry(syntax).or_default();
        let these = r.global_prefixes.iter().map(|p| (fi, p.clone()));
        if r.applies_to.is_some() {
            // A server root from configuration (`quarkus.http.root-path`) is outermost,
            // before `@ApplicationPath` or `setGlobalPrefix` in code.
            let rest = std::mem::take(list);
            list.extend(these);
            list.extend(rest);
        } else {
            list.extend(these);
        }
    }

    let by_file: HashMap<u32, (&RouteFacts, RouteSyntax)> =
        with_routes.iter().map(|w| (w.0, (w.2, w.3))).collect();
    let lookup = |g: Global| -> Option<(&RouteFacts, RouteSyntax)> { by_file.get(&g.0).copied() };
    let mut consts: HashMap<&str, Vec<(&str, RouteSyntax, &str)>> = HashMap::default();
    for &(_, f, r, syntax) in &with_routes {
        for (name, value) in &r.constants {
            consts.entry(name.as_str()).or_default().push((
                f.path.as_str(),
                syntax,
                value.as_str(),
            ));
        }
    }
    let constant = |fi: u32, expr: &str| -> Option<String> {
        let (facts, syntax) = by_file.get(&fi)?;
        let from = paths.get(&fi)?;
        let r = facts.const_refs.iter().find(|r| r.text == expr)?;
        let mut values = consts
            .get(r.name.as_str())?
            .iter()
            .filter(|c| c.1 == *syntax && c.0 != *from)
            .filter(|c| match &r.module {
                Some(m) => module_matches(from, m, c.0, *syntax),
                // A bare name: a constant of the same package.
                None => parent_dir(c.0) == parent_dir(from),
            })
            .map(|c| c.2);
        let first = values.next()?;
        // Two files defining it differently: not known statically.
        values.all(|v| v == first).then(|| first.to_string())
    };
    let cx = Composer {
        parents: &parents,
        global_prefixes: &global_prefixes,
        contracts,
        lookup: &lookup,
        constant: &constant,
    };
    let mut memo: HashMap<Global, Vec<FullPath>> = HashMap::default();
    let mut out = Vec::new();
    for &(fi, f, r, syntax) in &with_routes {
        for (ri, route) in r.routes.iter().enumerate() {
            let bases: Vec<FullPath> = match (&route.router, route.file_route) {
                (_, Some(kind)) => match super::files::file_route_path(&f.path, kind) {
                    Some(p) => vec![cx.join(
                        (fi, route.range.start.line + 1),
                        FullPath::root(),
                        &PathExpr::Lit(p),
                    )],
                    None => Vec::new(),
                },
                (None, None) => vec![FullPath::root()],
                (Some(nr), None) => {
                    let nodes = resolve(fi, &f.path, syntax, nr);
                    let mut v = Vec::new();
                    for n in nodes {
                        v.extend(cx.paths_of(n, &mut memo, &mut Vec::new()));
                    }
                    v
                }
            };
            let mut paths: Vec<FullPath> = bases
                .into_iter()
                .map(|b| cx.join((fi, route.range.start.line + 1), b, &route.path))
                .collect();
            paths.dedup();
            if !paths.is_empty() {
                out.push(ComposedRoute {
                    file: fi,
                    route: ri as u32,
                    paths,
                });
            }
        }
    }
    out
}

struct Composer<'a> {
    parents: &'a HashMap<Global, Vec<Edge>>,
    global_prefixes: &'a HashMap<RouteSyntax, Vec<(u32, PathExpr)>>,
    contracts: &'a Contracts,
    lookup: &'a dyn Fn(Global) -> Option<(&'a RouteFacts, RouteSyntax)>,
    /// The value of a path expression of a file that names another file's constant.
    constant: &'a dyn Fn(u32, &str) -> Option<String>,
}

impl FullPath {
    fn root() -> FullPath {
        FullPath {
            segments: Vec::new(),
            unknown_prefix: None,
            steps: Vec::new(),
        }
    }
}

impl Composer<'_> {
    /// Every full path router `g` is served at, its own prefix included.
    fn paths_of(
        &self,
        g: Global,
        memo: &mut HashMap<Global, Vec<FullPath>>,
        visiting: &mut Vec<Global>,
    ) -> Vec<FullPath> {
        if let Some(p) = memo.get(&g) {
            return p.clone();
        }
        if visiting.contains(&g) {
            return Vec::new(); // a mount cycle: no path through it
        }
        let Some((facts, syntax)) = (self.lookup)(g) else {
            return Vec::new();
        };
        let Some(router) = facts.routers.get(g.1 as usize) else {
            return Vec::new();
        };
        visiting.push(g);
        let mut out = Vec::new();
        match self.parents.get(&g) {
            Some(edges) if !edges.is_empty() => {
                for e in edges {
                    for base in self.paths_of(e.parent, memo, visiting) {
                        let mut p = base;
                        if let Some(prefix) = &e.prefix {
                            p = self.join((e.file, e.line), p, prefix);
                        }
                        if !e.replaces {
                            if let Some(own) = &router.prefix {
                                p = self.join((g.0, router.range.start.line + 1), p, own);
                            }
                        }
                        out.push(p);
                    }
                }
            }
            // A router known only from use serves nothing until something passes it one.
            _ if router.inferred => {}
            _ => {
                let mut p = FullPath::root();
                if router.is_class {
                    for (file, gp) in self.global_prefixes.get(&syntax).into_iter().flatten() {
                        p = self.join((*file, 0), p, gp);
                    }
                }
                if let Some(own) = &router.prefix {
                    p = self.join((g.0, router.range.start.line + 1), p, own);
                }
                out.push(p);
            }
        }
        visiting.pop();
        out.dedup();
        out.truncate(MAX_PATHS);
        memo.insert(g, out.clone());
        out
    }

    /// `base` followed by `part`, written at `(file, line)`; an unknown expression resets
    /// the known segments.
    fn join(&self, (file, line): (u32, u32), mut base: FullPath, part: &PathExpr) -> FullPath {
        let resolved = match part {
            PathExpr::Lit(_) => Resolution::Literal,
            PathExpr::Expr(e) => match self.contracts.prefixes.get(e.as_str()) {
                Some(v) => Resolution::Configured(v.clone()),
                None => (self.constant)(file, e).map_or(Resolution::Unknown, Resolution::Constant),
            },
        };
        match (&resolved, part) {
            (Resolution::Literal, PathExpr::Lit(s)) => base.segments.extend(segments(s)),
            (Resolution::Configured(s) | Resolution::Constant(s), _) => {
                base.segments.extend(segments(s))
            }
            (_, PathExpr::Expr(e)) | (_, PathExpr::Lit(e)) => {
                base.segments.clear();
                base.unknown_prefix = Some(e.clone());
            }
        }
        base.steps.push(Step {
            file,
            line,
            written: part.clone(),
            resolved,
        });
        base
    }
}

fn syntax_of(f: &FileFacts) -> RouteSyntax {
    if let Some(lang) = f.routes.as_deref().and_then(|r| r.applies_to.as_deref()) {
        return languages::LANGUAGES
            .iter()
            .find(|l| l.name == lang)
            .map_or(RouteSyntax::None, |l| l.route_syntax);
    }
    match f.kind {
        SourceKind::Code(name) => languages::LANGUAGES
            .iter()
            .find(|l| l.name == name)
            .map_or(RouteSyntax::None, |l| l.route_syntax),
        _ => RouteSyntax::None,
    }
}
