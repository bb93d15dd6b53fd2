//! Literal text in route declarations: strings of every supported language, path
//! arguments, and the HTTP methods a function name or argument implies.

use super::PathExpr;
use tree_sitter::Node;

/// The literal paths a node holds: a string, or each string of an array (`{"/a", "/b"}`
/// in Java annotations); anything else is an expression only configuration can resolve.
pub(super) fn paths_of(text: &str, node: Node) -> Vec<PathExpr> {
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
pub(super) fn unquote(raw: &str) -> Option<String> {
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

/// A Django `re_path` regex as a path template: anchors dropped, named groups
/// `(?P<code>[0-9]+)` as `{code}`, other groups as parameters. A regex with alternation or
/// repetition outside groups cannot be one template and stays an expression.
pub(super) fn regex_to_template(p: PathExpr) -> PathExpr {
    let PathExpr::Lit(re) = p else { return p };
    let body = re.trim_start_matches('^').trim_end_matches('$');
    // `articles/feed/?$`: an optional trailing slash.
    let body = body.strip_suffix("/?").unwrap_or(body);
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    let mut unnamed = 0;
    while let Some(c) = chars.next() {
        match c {
            '(' => {
                let mut depth = 1;
                let mut group = String::new();
                for g in chars.by_ref() {
                    match g {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                    group.push(g);
                }
                let name = group
                    .strip_prefix("?P<")
                    .and_then(|g| g.split_once('>'))
                    .map(|(n, _)| n.to_string());
                unnamed += 1;
                out.push('{');
                out.push_str(&name.unwrap_or_else(|| format!("arg{unnamed}")));
                out.push('}');
            }
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '|' | '*' | '+' | '[' | '?' => return PathExpr::Expr(re.clone()),
            c => out.push(c),
        }
    }
    PathExpr::Lit(out)
}

pub(super) fn is_method(word: &str) -> bool {
    matches!(
        word,
        "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE" | "QUERY"
    )
}

/// The method a route function's name implies: `get`, `GET`, `Get`, `GetMapping`,
/// `HttpGet`, `MapGet`. Names that take every method (`all`, `Any`, `route`) give none.
pub(super) fn method_of(name: &str) -> Option<String> {
    let n = name.strip_prefix("Http").unwrap_or(name);
    let n = n.strip_prefix("Map").unwrap_or(n);
    let n = n.strip_suffix("Mapping").unwrap_or(n);
    // Koa's `router.del`.
    let n = if n == "del" { "delete" } else { n };
    let upper = n.to_ascii_uppercase();
    is_method(&upper).then_some(upper)
}

/// Methods named inside an argument: `methods=['GET', 'POST']`,
/// `RequestMethod.PUT`, `get(h).post(h2)`, `web::get()`. A lowercase word counts only
/// when called (`get(`), so a handler named `get` or a path `/get` is not a method.
pub(super) fn methods_in(text: &str) -> Vec<String> {
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
            // Go's `http.MethodGet` constants.
            let (word, go_constant) = match word.strip_prefix("Method") {
                Some(rest) if is_method(&rest.to_ascii_uppercase()) => (rest, true),
                _ => (word, false),
            };
            let upper = word.to_ascii_uppercase();
            let called = text[i..].trim_start().starts_with('(');
            let quoted_or_constant = word == upper || go_constant;
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
pub(super) fn framework_name(s: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "express",
        "fastify",
        "koa",
        "hono",
        "nextjs",
        "nestjs",
        "fastapi",
        "flask",
        "django",
        "drf",
        "spring",
        "jaxrs",
        "aspnet",
        "aspnet-minimal",
        "gin",
        "echo",
        "chi",
        "fiber",
        "gorilla",
        "net/http",
        "axum",
        "actix",
        "rocket",
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
        assert_eq!(methods_in("(http.MethodGet, \"PATCH\")"), ["GET", "PATCH"]);
        assert!(methods_in("get_payment").is_empty());
    }

    #[test]
    fn django_regexes_become_templates() {
        let t = |r: &str| regex_to_template(PathExpr::Lit(r.into()));
        assert_eq!(
            t(r"^api/legacy/(?P<code>[0-9]+)/$"),
            PathExpr::Lit("api/legacy/{code}/".into())
        );
        assert_eq!(
            t(r"^files/([a-z]+)\.txt$"),
            PathExpr::Lit("files/{arg1}.txt".into())
        );
        assert!(matches!(t(r"^(a|b)/x+$"), PathExpr::Expr(_)));
        assert_eq!(
            t(r"^articles/(?P<slug>[-\w]+)/comments/?$"),
            PathExpr::Lit("articles/{slug}/comments".into())
        );
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
