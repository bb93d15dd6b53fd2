//! The API contract rules: operations against routes in code, and operations against
//! the chain.

use super::Draft;
use crate::catalog;
use crate::graph::Graph;
use crate::ids::prefix_of;
use crate::routes::matching::{OpRef, OpStatus, RouteStatus};
use crate::routes::path::display;
use crate::routes::PathExpr;

/// Implements: REQ-CONTRACT-RULES
/// `undocumented-route`, `method-mismatch`, `param-name-mismatch`, `unresolved-prefix`
/// on routes; `unimplemented-operation` and `untraced` on operations.
pub(super) fn check(graph: &Graph, emit: &mut impl FnMut(&'static str, Draft)) {
    // Without any contract there is nothing to hold routes against: every route would be
    // `undocumented-route` (290 on one real service with no OpenAPI document), and a
    // check that floods a workspace that never opted in gets turned off.
    if graph.files.iter().any(|f| f.contract.is_some()) {
        routes(graph, emit);
    }
    operations(graph, emit);
}

fn op_label(graph: &Graph, op: OpRef) -> String {
    match graph.operation(op) {
        Some((f, o)) => format!("`{}` ({}, {})", o.id, o.signature(), f.path),
        None => "an operation".into(),
    }
}

fn routes(graph: &Graph, emit: &mut impl FnMut(&'static str, Draft)) {
    // An unknown prefix is reported once, on the first route that depends on it.
    let mut unknown_seen: std::collections::HashSet<&str> = Default::default();
    for r in &graph.api.routes {
        let Some((f, route)) = graph.route(r.at) else {
            continue;
        };
        let methods = route.methods_label();
        let shown: Vec<String> = r.paths.iter().map(|p| display(&p.segments)).collect();
        let path = shown.first().cloned().unwrap_or_default();
        let also = if shown.len() > 1 {
            format!(" (also mounted as {})", shown[1..].join(", "))
        } else {
            String::new()
        };
        match &r.status {
            // Nothing of its path is known: it may serve any operation.
            RouteStatus::Undocumented if r.unknown => {}
            RouteStatus::Undocumented => emit(
                catalog::UNDOCUMENTED_ROUTE,
                Draft::new(
                    f,
                    route.range,
                    format!("route `{methods} {path}`{also} is in no API contract"),
                )
                .help("add the operation to the contract (a quick fix writes a stub), or list the route under `[contracts] ignore-routes`"),
            ),
            RouteStatus::MethodMismatch(ops) => {
                let mut contract_methods: Vec<String> = ops
                    .iter()
                    .filter_map(|o| graph.operation(*o))
                    .map(|(_, o)| o.method.to_uppercase())
                    .collect();
                contract_methods.sort();
                contract_methods.dedup();
                let mut d = Draft::new(
                    f,
                    route.range,
                    format!(
                        "route `{methods} {path}`: the contract has this path only with {}",
                        contract_methods.join(", ")
                    ),
                )
                .help("change the method here or in the contract so that they agree");
                for o in ops.iter().take(5) {
                    if let Some((of, op)) = graph.operation(*o) {
                        d = d.related(of, op.path_key, format!("{} in the contract", op.signature()));
                    }
                }
                emit(catalog::METHOD_MISMATCH, d);
            }
            RouteStatus::Documented(_) | RouteStatus::Ignored => {}
        }
        for &pi in &r.undocumented_paths {
            let served: Vec<&str> = shown
                .iter()
                .enumerate()
                .filter(|(i, _)| !r.undocumented_paths.contains(i))
                .map(|(_, s)| s.as_str())
                .collect();
            emit(
                catalog::UNDOCUMENTED_ROUTE,
                Draft::new(
                    f,
                    route.range,
                    format!(
                        "route `{methods} {}` is in no API contract (the same declaration is documented as {})",
                        shown[pi],
                        served.join(", ")
                    ),
                )
                .help("this declaration is mounted at several paths; document this one too, or mount it only where the contract says"),
            );
        }
        for (code_name, spec_name, op) in &r.param_hints {
            let mut d = Draft::new(
                f,
                route.range,
                format!(
                    "path parameter `{code_name}` is `{spec_name}` in {}",
                    op_label(graph, *op)
                ),
            );
            if let Some((of, o)) = graph.operation(*op) {
                d = d.related(of, o.path_key, "the contract's path");
            }
            emit(catalog::PARAM_NAME_MISMATCH, d);
        }
        if let Some(expr) = r
            .paths
            .iter()
            .find_map(|p| p.unknown_prefix.as_deref())
            .filter(|e| unknown_seen.insert(e))
        {
            let count = graph
                .api
                .routes
                .iter()
                .filter(|o| {
                    o.paths
                        .iter()
                        .any(|p| p.unknown_prefix.as_deref() == Some(expr))
                })
                .count();
            let is_own = matches!(&route.path, PathExpr::Expr(e) if e == expr);
            let what = if is_own { "path" } else { "prefix" };
            emit(
                catalog::UNRESOLVED_PREFIX,
                Draft::new(
                    f,
                    route.range,
                    format!("the route's {what} `{expr}` is only known at run time; this route and {} more are matched by their known suffix", count - 1),
                )
                .help(format!("set its value in throughline.toml: [contracts.prefixes] \"{expr}\" = \"/…\"")),
            );
        }
    }
}

fn operations(graph: &Graph, emit: &mut impl FnMut(&'static str, Draft)) {
    let wanted: Vec<&str> = graph
        .config
        .contracts
        .derives_from
        .iter()
        .filter_map(|n| graph.config.layer_by_name(n))
        .map(|l| l.prefix.as_str())
        .collect();
    for (fi, f) in graph.files.iter().enumerate() {
        let Some(c) = f.contract.as_deref() else {
            continue;
        };
        for (oi, op) in c.operations.iter().enumerate() {
            let r = OpRef {
                file: fi as u32,
                op: oi as u32,
            };
            if graph.api.op_status(r) == Some(&OpStatus::Unimplemented) {
                emit(
                    catalog::UNIMPLEMENTED_OPERATION,
                    Draft::new(
                        f,
                        op.key,
                        format!("operation `{}` ({}) is served by no route in code", op.id, op.signature()),
                    )
                    .help("declare a route for it (a quick fix writes a handler stub), or remove it from the contract"),
                );
            }
            if !wanted.is_empty()
                && !op
                    .requirements
                    .iter()
                    .any(|req| wanted.contains(&prefix_of(&req.id)))
            {
                let names = graph.config.contracts.derives_from.join(" or ");
                emit(
                    catalog::UNTRACED,
                    Draft::new(
                        f,
                        op.key,
                        format!(
                            "operation `{}` ({}) does not derive from any {names}",
                            op.id,
                            op.signature()
                        ),
                    )
                    .help(format!(
                        "add `x-requirements: [{}-…]` to the operation",
                        wanted.first().copied().unwrap_or("ID")
                    )),
                );
            }
        }
    }
}
