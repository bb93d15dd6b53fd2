//! Path templates from contracts and code, normalised to segments so that
//! `{paymentId}`, `{payment_id}`, `:id`, `<int:id>` and `{id:\d+}` compare equal.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Segment {
    Lit(String),
    /// A parameter, by name (compared by position only).
    Param(String),
    /// A trailing catch-all: `{path...}`, `*rest`, `{*rest}`, `<path:p>`.
    Rest(String),
}

impl Segment {
    pub fn is_param(&self) -> bool {
        !matches!(self, Segment::Lit(_))
    }
}

/// Splits a path template into segments. Empty segments (a trailing slash, `//`, an
/// empty sub-path) disappear; Go's `{$}` end marker is dropped.
pub fn segments(path: &str) -> Vec<Segment> {
    // Rocket's `/articles?<params..>`: the query is not part of the path.
    let path = path.split_once("?<").map_or(path, |(p, _)| p);
    path.split('/')
        .filter(|s| !s.is_empty() && *s != "{$}")
        .map(segment)
        .collect()
}

fn segment(s: &str) -> Segment {
    // `{name}`, `{name:regex}`, `{name...}` (Go), `{*name}` (ASP.NET, axum 0.8).
    if let Some(inner) = s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        if let Some(rest) = inner.strip_suffix("...") {
            return Segment::Rest(rest.to_string());
        }
        if let Some(rest) = inner.strip_prefix("**").or_else(|| inner.strip_prefix('*')) {
            return Segment::Rest(rest.to_string());
        }
        let name = inner.split([':', '=']).next().unwrap_or(inner);
        return Segment::Param(name.trim_end_matches('?').to_string());
    }
    // Express/Gin `:id` (optionally `:id?` or `:id(\d+)`), Gin/axum 0.7 `*rest`.
    if let Some(name) = s.strip_prefix(':') {
        let name = name.split(['(', '?']).next().unwrap_or(name);
        return Segment::Param(name.to_string());
    }
    if let Some(name) = s.strip_prefix('*') {
        return Segment::Rest(name.to_string());
    }
    // Flask `<id>`, `<int:id>`, `<path:p>`; Rocket `<id>`, `<rest..>`.
    if let Some(inner) = s.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        if let Some(rest) = inner.strip_suffix("..") {
            return Segment::Rest(rest.to_string());
        }
        return match inner.split_once(':') {
            Some(("path", name)) => Segment::Rest(name.to_string()),
            Some((_, name)) => Segment::Param(name.to_string()),
            None => Segment::Param(inner.to_string()),
        };
    }
    // A literal with an embedded parameter (`{id}.json`, `file-:id`) matches by pattern
    // only; treat it as a parameter so it never reads as a different fixed path.
    if s.contains('{') || s.contains('<') {
        return Segment::Param(s.to_string());
    }
    Segment::Lit(s.to_string())
}

/// `/a/{}/b`: the shape of a path, for messages and map keys.
pub fn display(segs: &[Segment]) -> String {
    let mut out = String::new();
    for s in segs {
        out.push('/');
        match s {
            Segment::Lit(l) => out.push_str(l),
            Segment::Param(p) => {
                out.push('{');
                out.push_str(p);
                out.push('}');
            }
            Segment::Rest(p) => {
                out.push('{');
                out.push_str(p);
                out.push_str("...}");
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Parameter names compare equal up to case and `_`/`-` (`payment_id` = `paymentId`).
pub fn same_param_name(a: &str, b: &str) -> bool {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    fold(a) == fold(b)
}

// Verifies: REQ-ROUTE-MATCHING
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_syntaxes_are_one_segment_kind() {
        for p in [
            "/payments/{paymentId}",
            "/payments/{payment_id}",
            "/payments/:id",
            "/payments/<int:id>",
            r"/payments/{id:\d+}",
            "/payments/<id>/",
            "payments//:id(\\d+)",
        ] {
            let s = segments(p);
            assert_eq!(s.len(), 2, "{p}");
            assert_eq!(s[0], Segment::Lit("payments".into()), "{p}");
            assert!(matches!(s[1], Segment::Param(_)), "{p}");
        }
    }

    #[test]
    fn empty_sub_paths_and_trailing_slashes_vanish() {
        assert!(segments("").is_empty());
        assert!(segments("/").is_empty());
        assert_eq!(segments("/a/"), segments("a"));
        assert_eq!(segments("/files/{$}"), segments("/files"));
        assert_eq!(segments("/articles?<params..>"), segments("/articles"));
    }

    #[test]
    fn catch_alls_are_rest_segments() {
        for p in [
            "/f/{path...}",
            "/f/*rest",
            "/f/{*rest}",
            "/f/<path:p>",
            "/f/<rest..>",
        ] {
            assert!(matches!(segments(p)[1], Segment::Rest(_)), "{p}");
        }
    }

    #[test]
    fn param_names_fold_case_and_separators() {
        assert!(same_param_name("payment_id", "paymentId"));
        assert!(!same_param_name("id", "paymentId"));
    }
}
