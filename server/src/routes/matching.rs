//! Matching composed routes against the contracts' operations.
//!
//! Segments match by position: literal to equal literal, parameter to parameter (names
//! differ at most as a hint). A fixed contract segment may be served by a parameterised
//! route only when no route serves it exactly. Each operation is tried with and without
//! its contract's server base path. HEAD and OPTIONS are implicit: a contract's `head`
//! is served by a GET route, `options` by any route on the path, and code that declares
//! them is never reported.

use super::compose::{ComposedRoute, FullPath};
use super::path::{display, same_param_name, segments, Segment};
use super::variant_index::VariantIndex;
use crate::config::Contracts;
use crate::facts::FileFacts;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// An operation: file index and index in that file's contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpRef {
    pub file: u32,
    pub op: u32,
}

/// A route: file index and index in that file's route facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RouteRef {
    pub file: u32,
    pub route: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteStatus {
    /// Serves these operations.
    Documented(Vec<OpRef>),
    /// Its path is in a contract, but only with other methods (those operations).
    MethodMismatch(Vec<OpRef>),
    Undocumented,
    Ignored,
}

#[derive(Debug, Clone)]
pub struct RouteResult {
    pub at: RouteRef,
    pub paths: Vec<FullPath>,
    pub status: RouteStatus,
    /// Parameters whose names differ: (name in code, name in the contract, operation).
    pub param_hints: Vec<(String, String, OpRef)>,
    /// For a route mounted at several full paths (one register function called with two
    /// groups) that serves operations at some: the indices in `paths` that serve none.
    pub undocumented_paths: Vec<usize>,
    /// A full path depends on a prefix only the environment knows: the route is matched by
    /// its known suffix.
    pub uncertain: bool,
    /// Nothing of a full path is known (the route's own path is an expression): it matches
    /// nothing and is never reported as undocumented, so it cannot be the source of both
    /// an `undocumented-route` and an `unimplemented-operation`.
    pub unknown: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpStatus {
    Served(Vec<RouteRef>),
    /// Not served, but routes on its path have another method (`method-mismatch` is
    /// reported on them instead).
    Mismatched(Vec<RouteRef>),
    Unimplemented,
    Ignored,
}

/// The result of matching a workspace's routes and contracts.
#[derive(Debug, Default)]
pub struct Api {
    pub routes: Vec<RouteResult>,
    pub ops: HashMap<OpRef, OpStatus>,
    route_index: HashMap<RouteRef, usize>,
}

impl Api {
    pub fn route(&self, at: RouteRef) -> Option<&RouteResult> {
        self.route_index.get(&at).map(|&i| &self.routes[i])
    }

    pub fn op_status(&self, op: OpRef) -> Option<&OpStatus> {
        self.ops.get(&op)
    }

    pub fn is_served(&self, op: OpRef) -> bool {
        matches!(self.ops.get(&op), Some(OpStatus::Served(_)))
    }
}

/// One way an operation can be addressed: its path, or its path under a base path.
pub(super) struct Variant {
    pub(super) op: OpRef,
    pub(super) method: String,
    pub(super) segments: Vec<Segment>,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum Fit {
    Exact,
    /// A fixed contract segment served by a code parameter.
    Loose,
}

/// How `code` fits `spec`, segment by segment.
fn fit(code: &[Segment], spec: &[Segment], suffix_only: bool) -> Option<Fit> {
    let spec = if suffix_only {
        // Nothing known (the route's own path is an expression): it fits nothing, rather
        // than every operation.
        if spec.len() < code.len() || code.is_empty() {
            return None;
        }
        &spec[spec.len() - code.len()..]
    } else {
        spec
    };
    let rest_code = matches!(code.last(), Some(Segment::Rest(_)));
    let rest_spec = matches!(spec.last(), Some(Segment::Rest(_)));
    // A catch-all in code (`[...slug]`, `{*rest}`) serves one or more segments.
    let longer_spec = rest_code && spec.len() >= code.len();
    if code.len() != spec.len() && !(rest_code && rest_spec) && !longer_spec {
        return None;
    }
    // Segments beyond the catch-all fit only loosely: a route declared for them wins.
    let mut f = if spec.len() > code.len() {
        Fit::Loose
    } else {
        Fit::Exact
    };
    for (c, s) in code.iter().zip(spec) {
        match (c, s) {
            (Segment::Lit(a), Segment::Lit(b)) if a == b => {}
            (Segment::Param(_), Segment::Param(_)) | (Segment::Rest(_), Segment::Rest(_)) => {}
            (Segment::Rest(_), Segment::Param(_)) => {}
            (Segment::Param(_), Segment::Lit(_)) | (Segment::Rest(_), Segment::Lit(_)) => {
                f = Fit::Loose
            }
            _ => return None,
        }
    }
    Some(f)
}

fn method_fits(code_methods: &[String], spec_method: &str) -> bool {
    let m = spec_method.to_ascii_uppercase();
    if code_methods.is_empty() {
        return true;
    }
    match m.as_str() {
        "HEAD" => code_methods.iter().any(|c| c == "HEAD" || c == "GET"),
        "OPTIONS" => true,
        _ => code_methods.contains(&m),
    }
}

/// Implements: REQ-ROUTE-MATCHING
/// Matches every composed route against every operation.
pub fn match_all(
    files: &[Arc<FileFacts>],
    composed: Vec<ComposedRoute>,
    contracts: &Contracts,
) -> Api {
    let mut variants: Vec<Variant> = Vec::new();
    // Every operation with what the ignore list needs: method and path.
    let mut all_ops: Vec<(OpRef, &str, &str)> = Vec::new();
    for (fi, f) in files.iter().enumerate() {
        let Some(c) = f.contract.as_deref() else {
            continue;
        };
        for (oi, op) in c.operations.iter().enumerate() {
            let r = OpRef {
                file: fi as u32,
                op: oi as u32,
            };
            all_ops.push((r, op.method.as_str(), op.path.as_str()));
            variants.push(Variant {
                op: r,
                method: op.method.clone(),
                segments: segments(&op.path),
            });
            for base in &c.base_paths {
                variants.push(Variant {
                    op: r,
                    method: op.method.clone(),
                    segments: segments(&format!("{base}/{}", op.path)),
                });
            }
        }
    }
    let route_of = |cr: &ComposedRoute| {
        files[cr.file as usize]
            .routes
            .as_deref()
            .and_then(|r| r.routes.get(cr.route as usize))
    };

    let index = VariantIndex::new(&variants);

    // Pass 1: exact fits (path and method) tell which operations have an exact server.
    let mut exactly_served: rustc_hash::FxHashSet<OpRef> = Default::default();
    for cr in &composed {
        let Some(route) = route_of(cr) else { continue };
        for p in &cr.paths {
            for v in index.candidates(p, &variants) {
                if fit(&p.segments, &v.segments, p.unknown_prefix.is_some()) == Some(Fit::Exact)
                    && method_fits(&route.methods, &v.method)
                {
                    exactly_served.insert(v.op);
                }
            }
        }
    }

    let mut api = Api::default();
    let mut served_by: HashMap<OpRef, Vec<RouteRef>> = HashMap::default();
    let mut mismatched_by: HashMap<OpRef, Vec<RouteRef>> = HashMap::default();
    for cr in composed {
        let Some(route) = route_of(&cr) else { continue };
        let at = RouteRef {
            file: cr.file,
            route: cr.route,
        };
        let mut served: Vec<OpRef> = Vec::new();
        let mut same_path: Vec<OpRef> = Vec::new();
        let mut hints = Vec::new();
        let mut unserved_paths = Vec::new();
        for (pi, p) in cr.paths.iter().enumerate() {
            let before = served.len() + same_path.len();
            for v in index.candidates(p, &variants) {
                let Some(f) = fit(&p.segments, &v.segments, p.unknown_prefix.is_some()) else {
                    continue;
                };
                if f == Fit::Loose && exactly_served.contains(&v.op) {
                    continue;
                }
                if method_fits(&route.methods, &v.method) {
                    served.push(v.op);
                    if f == Fit::Exact {
                        hints.extend(param_hints(&p.segments, &v.segments, v.op));
                    }
                } else {
                    same_path.push(v.op);
                }
            }
            if served.len() + same_path.len() == before && p.unknown_prefix.is_none() {
                unserved_paths.push(pi);
            }
        }
        served.sort();
        served.dedup();
        same_path.sort();
        same_path.dedup();
        hints.sort();
        hints.dedup();
        let implicit_only = !route.methods.is_empty()
            && route.methods.iter().all(|m| m == "HEAD" || m == "OPTIONS");
        let ignored = cr
            .paths
            .iter()
            .any(|p| is_ignored(contracts, &route.methods, p));
        let unserved_paths: Vec<usize> = unserved_paths
            .into_iter()
            .filter(|&pi| !is_ignored(contracts, &route.methods, &cr.paths[pi]))
            .collect();
        let status = if !served.is_empty() {
            for op in &served {
                served_by.entry(*op).or_default().push(at);
            }
            RouteStatus::Documented(served)
        } else if ignored || implicit_only {
            RouteStatus::Ignored
        } else if !same_path.is_empty() {
            for op in &same_path {
                mismatched_by.entry(*op).or_default().push(at);
            }
            RouteStatus::MethodMismatch(same_path)
        } else {
            RouteStatus::Undocumented
        };
        let uncertain = cr.paths.iter().any(|p| p.unknown_prefix.is_some());
        let unknown = cr
            .paths
            .iter()
            .any(|p| p.unknown_prefix.is_some() && p.segments.is_empty());
        let undocumented_paths = match status {
            RouteStatus::Documented(_) if !implicit_only => unserved_paths,
            _ => Vec::new(),
        };
        api.route_index.insert(at, api.routes.len());
        api.routes.push(RouteResult {
            at,
            paths: cr.paths,
            status,
            param_hints: hints,
            undocumented_paths,
            uncertain,
            unknown,
        });
    }
    for (op, method, path) in all_ops {
        let status = if let Some(routes) = served_by.remove(&op) {
            OpStatus::Served(routes)
        } else if let Some(routes) = mismatched_by.remove(&op) {
            OpStatus::Mismatched(routes)
        } else {
            if contracts.ignores(method, &display(&segments(path))) {
                OpStatus::Ignored
            } else {
                OpStatus::Unimplemented
            }
        };
        api.ops.insert(op, status);
    }
    api
}

fn is_ignored(contracts: &Contracts, methods: &[String], p: &FullPath) -> bool {
    let path = display(&p.segments);
    if methods.is_empty() {
        contracts.ignores("*", &path)
    } else {
        methods.iter().any(|m| contracts.ignores(m, &path))
    }
}

fn param_hints(code: &[Segment], spec: &[Segment], op: OpRef) -> Vec<(String, String, OpRef)> {
    let spec = &spec[spec.len().saturating_sub(code.len())..];
    code.iter()
        .zip(spec)
        .filter_map(|(c, s)| match (c, s) {
            (Segment::Param(a), Segment::Param(b)) if !same_param_name(a, b) => {
                Some((a.clone(), b.clone(), op))
            }
            _ => None,
        })
        .collect()
}

// Verifies: REQ-ROUTE-MATCHING
#[cfg(test)]
mod tests {
    use super::*;

    fn segs(p: &str) -> Vec<Segment> {
        segments(p)
    }

    #[test]
    fn fits_by_position_and_kind() {
        assert_eq!(
            fit(&segs("/a/:id"), &segs("/a/{x}"), false),
            Some(Fit::Exact)
        );
        assert_eq!(
            fit(&segs("/a/:id"), &segs("/a/search"), false),
            Some(Fit::Loose)
        );
        assert_eq!(fit(&segs("/a/search"), &segs("/a/{id}"), false), None);
        assert_eq!(fit(&segs("/a"), &segs("/a/{id}"), false), None);
        assert_eq!(
            fit(&segs("/b/:id"), &segs("/v1/b/{id}"), true),
            Some(Fit::Exact)
        );
        assert_eq!(
            fit(&segs("/f/{p...}"), &segs("/f/*rest"), false),
            Some(Fit::Exact)
        );
        assert_eq!(
            fit(&segs("/u/{slug...}"), &segs("/u/{id}/posts"), false),
            Some(Fit::Loose)
        );
        assert_eq!(
            fit(&segs("/u/{slug...}"), &segs("/u/{id}"), false),
            Some(Fit::Exact)
        );
        assert_eq!(fit(&segs("/u/{slug...}"), &segs("/v/{id}"), false), None);
    }

    #[test]
    fn implicit_methods() {
        let get = vec!["GET".to_string()];
        assert!(method_fits(&get, "head"));
        assert!(method_fits(&get, "options"));
        assert!(!method_fits(&get, "post"));
        assert!(method_fits(&[], "delete"));
    }
}
