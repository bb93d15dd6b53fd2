//! Editor features of the contract checks: navigation between routes and operations,
//! hover on routes and operations, and the contract quick fixes.

use super::hover::link;
use super::{contains, Edit, FileRange, Texts};
use crate::contract::{Format, Operation};
use crate::diagnostics::Diagnostic;
use crate::facts::FileFacts;
use crate::graph::Graph;
use crate::routes::matching::{OpRef, OpStatus, RouteRef, RouteStatus};
use crate::routes::path::{display, segments, Segment};
use crate::routes::Route;
use crate::text::{line_text, Pos, Range};
use std::path::Path;

/// The routes of `facts` whose declaration contains `pos`.
pub fn routes_at(graph: &Graph, facts: &FileFacts, pos: Pos) -> Vec<RouteRef> {
    let Some(file) = graph.file_index(&facts.path) else {
        return Vec::new();
    };
    let Some(r) = facts.routes.as_deref() else {
        return Vec::new();
    };
    r.routes
        .iter()
        .enumerate()
        .filter(|(_, route)| {
            contains(route.range, pos) || route.method_range.is_some_and(|m| contains(m, pos))
        })
        .map(|(i, _)| RouteRef {
            file,
            route: i as u32,
        })
        .collect()
}

/// The operations a route serves, or, for a method mismatch, those on its path.
pub fn operations_of(graph: &Graph, route: RouteRef) -> Vec<OpRef> {
    match graph.api.route(route).map(|r| &r.status) {
        Some(RouteStatus::Documented(ops)) | Some(RouteStatus::MethodMismatch(ops)) => ops.clone(),
        _ => Vec::new(),
    }
}

/// The routes serving an operation.
pub fn handlers_of(graph: &Graph, id: &str) -> Vec<FileRange> {
    let mut out = Vec::new();
    for (_, _, r) in graph.operations(id) {
        if let Some(OpStatus::Served(routes)) = graph.api.op_status(r) {
            for rr in routes {
                if let Some((f, route)) = graph.route(*rr) {
                    out.push(FileRange {
                        path: f.path.clone(),
                        range: route.range,
                    });
                }
            }
        }
    }
    out
}

/// Implements: REQ-CONTRACT-EDITOR
/// Definition for contract items: from a route to its operation, from an operation to
/// its handlers, from an `operationId` mentioned anywhere (`word`) to the operation.
pub fn definition(
    graph: &Graph,
    facts: &FileFacts,
    pos: Pos,
    word: Option<&str>,
) -> Vec<FileRange> {
    if let Some(c) = facts.contract.as_deref() {
        if let Some(op) = c
            .operations
            .iter()
            .find(|o| o.operation_id.is_some_and(|r| contains(r, pos)) || contains(o.key, pos))
        {
            let handlers = handlers_of(graph, &op.id);
            if !handlers.is_empty() {
                return handlers;
            }
        }
    }
    let mut out: Vec<FileRange> = routes_at(graph, facts, pos)
        .into_iter()
        .flat_map(|r| operations_of(graph, r))
        .filter_map(|o| graph.operation(o))
        .map(|(f, op)| FileRange {
            path: f.path.clone(),
            range: op.operation_id.unwrap_or(op.key),
        })
        .collect();
    if out.is_empty() {
        if let Some(w) = word {
            out.extend(graph.operations(w).map(|(f, op, _)| FileRange {
                path: f.path.clone(),
                range: op.operation_id.unwrap_or(op.key),
            }));
        }
    }
    out.dedup();
    out
}

/// The identifier-like word at `pos` (letters, digits, `_`), for operationId lookups.
pub fn word_at(text: &str, pos: Pos) -> Option<&str> {
    let line = line_text(text, pos.line)?;
    let col = (pos.col as usize).min(line.len());
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let start = line[..col]
        .rfind(|c: char| !is_word(c))
        .map_or(0, |i| i + 1);
    let end = line[col..]
        .find(|c: char| !is_word(c))
        .map_or(line.len(), |i| col + i);
    (start < end).then(|| &line[start..end])
}

/// Markdown describing an operation: signature, summary, parameters, responses,
/// requirements and handlers.
pub fn operation_markdown(graph: &Graph, root: &Path, op: &Operation, file: &FileFacts) -> String {
    let mut md = format!("**{}** `{}`", op.signature(), op.id);
    if let Some(s) = &op.summary {
        md.push_str(&format!(" — {s}"));
    }
    md.push_str(&format!(
        "\n\n{}\n",
        link(root, &file.path, op.key.start.line + 1)
    ));
    if let Some(d) = &op.description {
        md.push_str(&format!("\n{}\n", d.trim()));
    }
    if !op.parameters.is_empty() {
        md.push_str("\n**Parameters**\n\n");
        for p in &op.parameters {
            let req = if p.required { ", required" } else { "" };
            md.push_str(&format!("- `{}` ({}{req})\n", p.name, p.location));
        }
    }
    if !op.responses.is_empty() {
        md.push_str("\n**Responses**\n\n");
        for r in &op.responses {
            match &r.description {
                Some(d) => md.push_str(&format!("- `{}` {d}\n", r.code)),
                None => md.push_str(&format!("- `{}`\n", r.code)),
            }
        }
    }
    if !op.requirements.is_empty() {
        md.push_str("\n**Requirements**\n\n");
        for r in &op.requirements {
            let title = graph
                .definition(&r.id)
                .map(|(_, d)| format!(" {}", d.title))
                .unwrap_or_else(|| " (not defined)".into());
            md.push_str(&format!("- **{}**{title}\n", r.id));
        }
    }
    let handlers = handlers_of(graph, &op.id);
    if !handlers.is_empty() {
        md.push_str("\n**Handled by**\n\n");
        for h in handlers {
            md.push_str(&format!(
                "- {}\n",
                link(root, &h.path, h.range.start.line + 1)
            ));
        }
    }
    md.trim_end().to_string()
}

/// Hover on a route (its operations) or on an operation in a contract.
pub fn hover(graph: &Graph, root: &Path, facts: &FileFacts, pos: Pos) -> Option<(Range, String)> {
    if let Some(c) = facts.contract.as_deref() {
        let op = c
            .operations
            .iter()
            .find(|o| contains(o.key, pos) || o.operation_id.is_some_and(|r| contains(r, pos)))?;
        let range = op
            .operation_id
            .filter(|r| contains(*r, pos))
            .unwrap_or(op.key);
        return Some((range, operation_markdown(graph, root, op, facts)));
    }
    let at = routes_at(graph, facts, pos).into_iter().next()?;
    let result = graph.api.route(at)?;
    let (_, route) = graph.route(at)?;
    let methods = route.methods_label();
    let paths: Vec<String> = result.paths.iter().map(|p| display(&p.segments)).collect();
    let mut md = format!("Route `{methods} {}`", paths.join("`, `"));
    let ops: Vec<String> = match &result.status {
        RouteStatus::Documented(ops) => ops
            .iter()
            .filter_map(|o| graph.operation(*o))
            .map(|(f, op)| operation_markdown(graph, root, op, f))
            .collect(),
        RouteStatus::MethodMismatch(_) => {
            md.push_str(" — its path is in the contract, but not with this method");
            Vec::new()
        }
        RouteStatus::Undocumented => {
            md.push_str(" — in no API contract");
            Vec::new()
        }
        RouteStatus::Ignored => {
            md.push_str(" — ignored by `[contracts] ignore-routes`");
            Vec::new()
        }
    };
    for o in ops {
        md.push_str("\n\n---\n\n");
        md.push_str(&o);
    }
    Some((route.range, md))
}

/// A quick fix: its title and edits.
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    pub preferred: bool,
}

/// Quick fixes for one contract diagnostic.
pub fn fixes(graph: &Graph, texts: &dyn Texts, facts: &FileFacts, d: &Diagnostic) -> Vec<Fix> {
    use crate::catalog::*;
    match d.code {
        METHOD_MISMATCH => method_fixes(graph, texts, d),
        UNDOCUMENTED_ROUTE => contract_stub(graph, texts, d).into_iter().collect(),
        UNIMPLEMENTED_OPERATION => handler_stub(graph, texts, facts, d).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The route a diagnostic sits on.
fn route_for(graph: &Graph, d: &Diagnostic) -> Option<RouteRef> {
    routes_at(graph, graph.file_facts(&d.path)?, d.range.start)
        .into_iter()
        .next()
}

/// `method-mismatch`: change the method in code, or in the contract.
fn method_fixes(graph: &Graph, texts: &dyn Texts, d: &Diagnostic) -> Vec<Fix> {
    let Some(at) = route_for(graph, d) else {
        return Vec::new();
    };
    let Some((_, route)) = graph.route(at) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for op in operations_of(graph, at) {
        let Some((of, o)) = graph.operation(op) else {
            continue;
        };
        if let (Some(mr), Some(code_method)) = (route.method_range, route.methods.first()) {
            let text = texts.text(&d.path);
            let word = text
                .as_deref()
                .and_then(|t| line_text(t, mr.start.line))
                .and_then(|l| l.get(mr.start.col as usize..mr.end.col as usize));
            if let Some(new) = word.and_then(|w| recase_method(w, code_method, &o.method)) {
                out.push(Fix {
                    title: format!(
                        "Change the route's method to {} (as in the contract)",
                        o.method.to_uppercase()
                    ),
                    edits: vec![Edit {
                        path: d.path.clone(),
                        range: mr,
                        new_text: new,
                    }],
                    preferred: true,
                });
            }
        }
        if let Some(m) = route.methods.first() {
            out.push(Fix {
                title: format!(
                    "Change the contract's `{}` to `{}`",
                    o.signature(),
                    m.to_lowercase()
                ),
                edits: vec![Edit {
                    path: of.path.clone(),
                    range: o.key,
                    new_text: match of.contract.as_deref().map(|c| c.format) {
                        Some(Format::Json) => format!("\"{}\"", m.to_lowercase()),
                        _ => m.to_lowercase(),
                    },
                }],
                preferred: false,
            });
        }
    }
    out
}

/// `old` (e.g. `put`, `PUT`, `Put`, `PutMapping`, `HttpPut`, `MapPut`) with its method
/// replaced by `new` in the same style.
pub fn recase_method(old: &str, old_method: &str, new: &str) -> Option<String> {
    let lower = old.to_ascii_lowercase();
    let at = lower.find(&old_method.to_ascii_lowercase())?;
    let word = &old[at..at + old_method.len()];
    let styled = if word.chars().all(|c| c.is_ascii_uppercase()) {
        new.to_ascii_uppercase()
    } else if word.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
        let mut s = new.to_ascii_lowercase();
        s[..1].make_ascii_uppercase();
        s
    } else {
        new.to_ascii_lowercase()
    };
    Some(format!(
        "{}{styled}{}",
        &old[..at],
        &old[at + old_method.len()..]
    ))
}

/// `undocumented-route`: a stub operation in the contract whose paths share the most
/// with the route (YAML contracts).
fn contract_stub(graph: &Graph, texts: &dyn Texts, d: &Diagnostic) -> Option<Fix> {
    let at = route_for(graph, d)?;
    let (_, route) = graph.route(at)?;
    let result = graph.api.route(at)?;
    let full = result.paths.first()?;
    let method = route
        .methods
        .first()
        .map_or("get".to_string(), |m| m.to_lowercase());
    // The contract that shares the longest path prefix with the route.
    let (cf, contract) = graph
        .files
        .iter()
        .filter_map(|f| Some((f, f.contract.as_deref()?)))
        .filter(|(_, c)| c.format == Format::Yaml)
        .max_by_key(|(_, c)| {
            c.paths
                .iter()
                .map(|p| common_prefix(&segments(&p.path), &full.segments))
                .max()
                .unwrap_or(0)
        })?;
    // Drop the contract's base path when the route carries it.
    let mut segs = full.segments.clone();
    for base in &contract.base_paths {
        let b = segments(base);
        if segs.len() > b.len() && segs[..b.len()] == b[..] {
            segs.drain(..b.len());
            break;
        }
    }
    let path = display(&segs);
    let text = texts.text(&cf.path)?;
    let last = contract.paths.last()?;
    let indent = last.key.start.col as usize;
    let unit = if indent == 0 { 2 } else { indent };
    let insert_line = end_of_block(&text, last.key.start.line, indent);
    let pad = |n: usize| " ".repeat(indent + n * unit);
    let mut stub = format!("{}{path}:\n{}{method}:\n", pad(0), pad(1));
    stub.push_str(&format!(
        "{}operationId: {}\n",
        pad(2),
        operation_id(&method, &segs)
    ));
    stub.push_str(&format!(
        "{}summary: Describe {} {path}\n",
        pad(2),
        method.to_uppercase()
    ));
    stub.push_str(&format!("{}x-requirements: []\n", pad(2)));
    let params: Vec<&str> = segs
        .iter()
        .filter_map(|s| match s {
            Segment::Param(p) | Segment::Rest(p) => Some(p.as_str()),
            Segment::Lit(_) => None,
        })
        .collect();
    if !params.is_empty() {
        stub.push_str(&format!("{}parameters:\n", pad(2)));
        for p in params {
            stub.push_str(&format!(
                "{}- name: {p}\n{}  in: path\n{}  required: true\n{}  schema:\n{}    type: string\n",
                pad(3),
                pad(3),
                pad(3),
                pad(3),
                pad(3)
            ));
        }
    }
    stub.push_str(&format!(
        "{}responses:\n{}'200':\n{}description: OK\n",
        pad(2),
        pad(3),
        pad(4)
    ));
    let at = Pos {
        line: insert_line,
        col: 0,
    };
    Some(Fix {
        title: format!("Add `{} {path}` to {}", method.to_uppercase(), cf.path),
        edits: vec![Edit {
            path: cf.path.clone(),
            range: Range { start: at, end: at },
            new_text: stub,
        }],
        preferred: true,
    })
}

fn common_prefix(a: &[Segment], b: &[Segment]) -> usize {
    a.iter()
        .zip(b)
        .take_while(|(x, y)| x == y || (x.is_param() && y.is_param()))
        .count()
}

/// The line after the YAML block that starts at `line` with key indentation `indent`
/// (blank lines at its end excluded).
fn end_of_block(text: &str, line: u32, indent: usize) -> u32 {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut last = line as usize;
    for (i, l) in lines.iter().enumerate().skip(line as usize + 1) {
        let t = l.trim_end_matches('\r');
        if t.trim().is_empty() || t.trim_start().starts_with('#') {
            continue;
        }
        let ind = t.len() - t.trim_start().len();
        if ind <= indent {
            break;
        }
        last = i;
    }
    last as u32 + 1
}

/// `getPaymentsReceipt` for `get /payments/{id}/receipt`.
fn operation_id(method: &str, segs: &[Segment]) -> String {
    let mut s = method.to_lowercase();
    for seg in segs {
        if let Segment::Lit(l) = seg {
            for part in l
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| !p.is_empty())
            {
                let mut p = part.to_lowercase();
                p[..1].make_ascii_uppercase();
                s.push_str(&p);
            }
        }
    }
    s
}

/// `unimplemented-operation`: a handler stub next to the route whose path shares the
/// most with the operation, in that route's framework and style.
fn handler_stub(
    graph: &Graph,
    texts: &dyn Texts,
    facts: &FileFacts,
    d: &Diagnostic,
) -> Option<Fix> {
    let c = facts.contract.as_deref()?;
    let op = c.operations.iter().find(|o| o.key == d.range)?;
    let op_segs = segments(&op.path);
    let variants: Vec<Vec<Segment>> = std::iter::once(op_segs.clone())
        .chain(
            c.base_paths
                .iter()
                .map(|b| segments(&format!("{b}/{}", op.path))),
        )
        .collect();
    // The neighbour: the route with the longest shared prefix, whose own router prefix
    // is a prefix of the operation's path.
    let mut best: Option<(usize, RouteRef, Vec<Segment>)> = None;
    for r in &graph.api.routes {
        let Some((_, route)) = graph.route(r.at) else {
            continue;
        };
        let Some(full) = r.paths.first() else {
            continue;
        };
        let own = match &route.path {
            crate::routes::PathExpr::Lit(p) => segments(p),
            _ => continue,
        };
        if full.unknown_prefix.is_some() || own.len() > full.segments.len() {
            continue;
        }
        let prefix = &full.segments[..full.segments.len() - own.len()];
        for v in &variants {
            if v.len() >= prefix.len() && common_prefix(prefix, v) == prefix.len() {
                let score = common_prefix(&full.segments, v);
                if best.as_ref().is_none_or(|b| score > b.0) {
                    best = Some((score, r.at, v[prefix.len()..].to_vec()));
                }
            }
        }
    }
    let (_, at, rel) = best?;
    let (rf, route) = graph.route(at)?;
    let text = texts.text(&rf.path)?;
    let line = line_text(&text, route.range.start.line)?;
    let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
    let stub = handler_text(route, &op.method, &rel, &op.id)?;
    let body: String = stub
        .lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("{indent}{l}\n")
            }
        })
        .collect();
    // Decorated handlers (Python, Java, C#, NestJS, actix) sit above the neighbour's
    // decorator; statements go above the neighbour's statement.
    let at_line = route.range.start.line;
    let pos = Pos {
        line: at_line,
        col: 0,
    };
    Some(Fix {
        title: format!(
            "Create a handler stub for `{}` in {} ({})",
            op.signature(),
            rf.path,
            route.framework
        ),
        edits: vec![Edit {
            path: rf.path.clone(),
            range: Range {
                start: pos,
                end: pos,
            },
            new_text: body,
        }],
        preferred: true,
    })
}

/// A path in the framework's parameter syntax.
fn framework_path(framework: &str, segs: &[Segment]) -> String {
    let mut out = String::new();
    for s in segs {
        out.push('/');
        match s {
            Segment::Lit(l) => out.push_str(l),
            Segment::Param(p) | Segment::Rest(p) => match framework {
                "express" | "gin" | "echo" | "nestjs" => {
                    out.push(':');
                    out.push_str(p);
                }
                "flask" => out.push_str(&format!("<{p}>")),
                _ => out.push_str(&format!("{{{p}}}")),
            },
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

fn snake(id: &str) -> String {
    let mut s = String::new();
    let mut prev_lower = false;
    for c in id.chars() {
        // `getPayment` → `get_payment`; `GET` stays one word.
        if c.is_ascii_uppercase() && prev_lower {
            s.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        if c.is_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('_') {
            s.push('_');
        }
    }
    s.trim_matches('_').to_string()
}

fn camel(id: &str) -> String {
    let sn = snake(id);
    let mut out = String::new();
    for (i, part) in sn.split('_').enumerate() {
        if i == 0 {
            out.push_str(part);
        } else if !part.is_empty() {
            out.push_str(&part[..1].to_uppercase());
            out.push_str(&part[1..]);
        }
    }
    out
}

/// The stub declaration for one framework (lines without the neighbour's indentation).
fn handler_text(route: &Route, method: &str, rel: &[Segment], id: &str) -> Option<String> {
    let recv = route.receiver.as_deref().unwrap_or("app");
    let path = framework_path(route.framework, rel);
    let lower = method.to_lowercase();
    let upper = method.to_uppercase();
    let title = {
        let mut t = lower.clone();
        t[..1].make_ascii_uppercase();
        t
    };
    let name = camel(id);
    let pascal = {
        let mut p = name.clone();
        if !p.is_empty() {
            p[..1].make_ascii_uppercase();
        }
        p
    };
    Some(match route.framework {
        "express" => format!("{recv}.{lower}('{path}', (req, res) => {{\n  res.status(501).json({{ error: 'not implemented' }});\n}});\n"),
        "nestjs" => format!("@{title}('{}')\n{name}() {{\n  throw new NotImplementedException();\n}}\n\n", path.trim_start_matches('/')),
        "fastapi" => format!("@{recv}.{lower}(\"{path}\")\nasync def {}():\n    raise HTTPException(status_code=501)\n\n\n", snake(id)),
        "flask" => format!("@{recv}.route(\"{path}\", methods=[\"{upper}\"])\ndef {}():\n    abort(501)\n\n\n", snake(id)),
        "spring" => format!("@{title}Mapping(\"{path}\")\npublic ResponseEntity<Void> {name}() {{\n    return ResponseEntity.status(HttpStatus.NOT_IMPLEMENTED).build();\n}}\n\n"),
        "aspnet" => format!("[Http{title}(\"{}\")]\npublic IActionResult {pascal}() => StatusCode(501);\n\n", path.trim_start_matches('/')),
        "aspnet-minimal" => format!("{recv}.Map{title}(\"{path}\", () => Results.StatusCode(501));\n"),
        "gin" => format!("{recv}.{upper}(\"{path}\", func(c *gin.Context) {{ c.Status(http.StatusNotImplemented) }})\n"),
        "echo" => format!("{recv}.{upper}(\"{path}\", func(c echo.Context) error {{ return c.NoContent(http.StatusNotImplemented) }})\n"),
        "chi" => format!("{recv}.{title}(\"{path}\", func(w http.ResponseWriter, r *http.Request) {{ w.WriteHeader(http.StatusNotImplemented) }})\n"),
        "net/http" => format!("{recv}.HandleFunc(\"{upper} {path}\", func(w http.ResponseWriter, r *http.Request) {{ w.WriteHeader(http.StatusNotImplemented) }})\n"),
        "axum" => format!(".route(\"{path}\", {lower}(|| async {{ axum::http::StatusCode::NOT_IMPLEMENTED }}))\n"),
        "actix" => format!("#[{lower}(\"{path}\")]\nasync fn {}() -> HttpResponse {{\n    HttpResponse::NotImplemented().finish()\n}}\n\n", snake(id)),
        _ => return None,
    })
}

// Verifies: REQ-CONTRACT-EDITOR
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_words_keep_their_style() {
        assert_eq!(recase_method("put", "PUT", "post").as_deref(), Some("post"));
        assert_eq!(recase_method("PUT", "PUT", "post").as_deref(), Some("POST"));
        assert_eq!(
            recase_method("PutMapping", "PUT", "post").as_deref(),
            Some("PostMapping")
        );
        assert_eq!(
            recase_method("HttpPut", "PUT", "post").as_deref(),
            Some("HttpPost")
        );
        assert_eq!(
            recase_method("Put", "PUT", "delete").as_deref(),
            Some("Delete")
        );
    }

    #[test]
    fn words_and_names() {
        assert_eq!(
            word_at("see getPayment here", Pos { line: 0, col: 6 }),
            Some("getPayment")
        );
        assert_eq!(word_at("x", Pos { line: 3, col: 0 }), None);
        assert_eq!(snake("getPaymentReceipt"), "get_payment_receipt");
        assert_eq!(camel("GET /payments/{id}"), "getPaymentsId");
        assert_eq!(framework_path("express", &segments("/a/{id}")), "/a/:id");
        assert_eq!(framework_path("flask", &segments("/a/{id}")), "/a/<id>");
    }

    #[test]
    fn yaml_blocks_end_before_the_next_key_at_their_level() {
        let text = "paths:\n  /a:\n    get: {}\n\n  /b:\n    get:\n      x: 1\n\ncomponents: {}\n";
        assert_eq!(end_of_block(text, 4, 2), 7);
    }
}
