//! File-system routes: where the file's path is the route's path (Next.js).
//!
//! - App Router: `app/**/route.(js|ts)` exporting `GET`, `POST`, ...; route groups
//!   `(group)` and parallel-route slots `@slot` are not part of the path, and a folder
//!   starting with `_` is private (not routed).
//! - Pages Router: `pages/api/**` default-exporting a handler for every method;
//!   `index` is the folder itself.
//!
//! Segments: `[id]` is a parameter, `[...slug]` and `[[...slug]]` catch-alls.

const EXTS: &[&str] = &["js", "jsx", "ts", "tsx", "mjs", "cjs"];

/// Whether `rel` can be a file-system route, so it is parsed for routes even without a
/// framework marker word.
pub fn is_route_file(rel: &str) -> bool {
    file_route_path(rel, "app").is_some() || file_route_path(rel, "pages").is_some()
}

/// Implements: REQ-ROUTES-FRAMEWORKS
/// The path a file serves as a route of `kind` (`app` or `pages`, as the route query
/// says), or `None` when the file is not one.
pub fn file_route_path(rel: &str, kind: &str) -> Option<String> {
    let (stem, ext) = rel.rsplit_once('.')?;
    if !EXTS.contains(&ext) {
        return None;
    }
    let parts: Vec<&str> = stem.split('/').collect();
    // The routing root: `app/` or `pages/`, at the top or under `src/`.
    let root = match parts.as_slice() {
        [first, ..] if *first == kind => 1,
        ["src", second, ..] if *second == kind => 2,
        _ => return None,
    };
    let rest = &parts[root..];
    let segments: Vec<&str> = match kind {
        "app" => {
            let (last, dirs) = rest.split_last()?;
            if *last != "route" {
                return None;
            }
            if dirs.iter().any(|d| d.starts_with('_')) {
                return None;
            }
            let routed = |d: &str| {
                let group = d.starts_with('(') && d.ends_with(')');
                !group && !d.starts_with('@')
            };
            dirs.iter().copied().filter(|d| routed(d)).collect()
        }
        "pages" => {
            if rest.first() != Some(&"api") {
                return None;
            }
            let mut s: Vec<&str> = rest.to_vec();
            if s.last() == Some(&"index") {
                s.pop();
            }
            s
        }
        _ => return None,
    };
    let mut out = String::new();
    for seg in segments {
        out.push('/');
        out.push_str(&segment(seg));
    }
    Some(if out.is_empty() { "/".to_string() } else { out })
}

fn segment(s: &str) -> String {
    let inner = s
        .strip_prefix("[[")
        .and_then(|r| r.strip_suffix("]]"))
        .or_else(|| s.strip_prefix('[').and_then(|r| r.strip_suffix(']')));
    match inner {
        Some(i) => match i.strip_prefix("...") {
            Some(rest) => format!("{{{rest}...}}"),
            None => format!("{{{i}}}"),
        },
        None => s.to_string(),
    }
}

// Verifies: REQ-ROUTES-FRAMEWORKS
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_app_and_pages_routes() {
        let app = |p: &str| file_route_path(p, "app");
        let pages = |p: &str| file_route_path(p, "pages");
        assert_eq!(app("app/api/posts/route.ts").as_deref(), Some("/api/posts"));
        assert_eq!(
            app("src/app/api/posts/[id]/route.js").as_deref(),
            Some("/api/posts/{id}")
        );
        assert_eq!(
            app("app/(admin)/api/stats/route.ts").as_deref(),
            Some("/api/stats")
        );
        assert_eq!(app("app/@modal/x/route.ts").as_deref(), Some("/x"));
        assert_eq!(app("app/_lib/route.ts"), None);
        assert_eq!(app("app/page.tsx"), None);
        assert_eq!(app("lib/route.ts"), None);
        assert_eq!(
            pages("pages/api/users/[...slug].ts").as_deref(),
            Some("/api/users/{slug...}")
        );
        assert_eq!(pages("pages/api/index.js").as_deref(), Some("/api"));
        assert_eq!(pages("pages/about.tsx"), None);
        assert_eq!(
            pages("src/pages/api/[[...all]].ts").as_deref(),
            Some("/api/{all...}")
        );
        assert!(is_route_file("app/api/x/route.ts"));
        assert!(!is_route_file("app/api/x/route.go"));
    }
}
