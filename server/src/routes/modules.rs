//! Which file an import names, per language: relative and aliased JavaScript modules,
//! dotted Python modules, Go package directories, Rust module paths.

use crate::languages::RouteSyntax;
use rustc_hash::FxHashMap as HashMap;

pub(super) fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

fn strip_ext(path: &str) -> &str {
    match path.rsplit_once('.') {
        Some((stem, _)) if !stem.ends_with('/') && !stem.is_empty() => stem,
        _ => path,
    }
}

/// Normalises `a/b/../c/./d` to `a/c/d`.
pub(super) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `candidate` ends with `suffix` at a path-segment boundary.
fn ends_with_path(candidate: &str, suffix: &str) -> bool {
    candidate == suffix
        || (candidate.ends_with(suffix)
            && candidate[..candidate.len() - suffix.len()].ends_with('/'))
}

/// Whether `module`, as imported from the file `from`, names the file `candidate`.
pub(super) fn module_matches(
    from: &str,
    module: &str,
    candidate: &str,
    syntax: RouteSyntax,
) -> bool {
    let stem = strip_ext(candidate);
    match syntax {
        RouteSyntax::Js => {
            let target = if module.starts_with('.') {
                normalize(&format!("{}/{module}", parent_dir(from)))
            } else {
                // Path aliases (`@/routes/x`, `~/routes/x`): match by suffix.
                normalize(module.trim_start_matches(['@', '~']))
            };
            if target.is_empty() {
                return false;
            }
            // `./tag/tag.controller` names `tag.controller.ts`; `./x.js` names `x.ts`.
            [target.as_str(), strip_ext(&target)].iter().any(|target| {
                stem == *target
                    || stem == format!("{target}/index")
                    || (!module.starts_with('.') && ends_with_path(stem, target))
            })
        }
        RouteSyntax::Python => {
            let dots = module.len() - module.trim_start_matches('.').len();
            let rest = module.trim_start_matches('.').replace('.', "/");
            let target = if dots > 0 {
                let mut dir = parent_dir(from).to_string();
                for _ in 1..dots {
                    dir = parent_dir(&dir).to_string();
                }
                normalize(&format!("{dir}/{rest}"))
            } else {
                rest
            };
            ends_with_path(stem, &target) || ends_with_path(stem, &format!("{target}/__init__"))
        }
        RouteSyntax::Go => {
            // An import path names a package directory; a bare qualifier its last element.
            // A major-version suffix (`/v5`) is not part of the directory.
            let mut parts = module.rsplit('/');
            let last = parts.next().unwrap_or(module);
            let dir = parent_dir(candidate).rsplit('/').next();
            let is_version = last.len() > 1
                && last.starts_with('v')
                && last[1..].bytes().all(|b| b.is_ascii_digit());
            dir == Some(last) || (is_version && dir == parts.next())
        }
        RouteSyntax::Rust => {
            let segs: Vec<&str> = module
                .split("::")
                .filter(|s| !matches!(*s, "crate" | "self" | "super" | ""))
                .collect();
            if segs.is_empty() {
                return false;
            }
            let target = segs.join("/");
            ends_with_path(stem, &target) || ends_with_path(stem, &format!("{target}/mod"))
        }
        // C# and Java resolve by namespace, not by file: any file will do.
        _ => true,
    }
}

/// Exports by name: (file, path, syntax, local router).
pub(super) type Exports<'a> = HashMap<&'a str, Vec<(u32, &'a str, RouteSyntax, u32)>>;

/// Go: of several methods called `name`, those whose receiver the call's hint names: a
/// package (`pkg:…/admin`, for a value `admin.NewAPI()` made) or a type by a field or
/// variable name (`Accounts` for `AccountResource`). Unchanged when none fits.
pub(super) fn narrow_by_receiver(
    found: Vec<(u32, u32)>,
    hint: &str,
    name: &str,
    from: &str,
    exports: &Exports,
    paths: &HashMap<u32, &str>,
) -> Vec<(u32, u32)> {
    let kept: Vec<(u32, u32)> = match hint.strip_prefix("pkg:") {
        Some(module) => found
            .iter()
            .copied()
            .filter(|g| {
                paths
                    .get(&g.0)
                    .is_some_and(|p| module_matches(from, module, p, RouteSyntax::Go))
            })
            .collect(),
        None => {
            let h = hint.to_ascii_lowercase();
            let h = h.trim_end_matches('s');
            let suffix = format!(".{name}");
            found
                .iter()
                .copied()
                .filter(|g| {
                    exports.iter().any(|(k, v)| {
                        let Some(ty) = k.strip_suffix(suffix.as_str()) else {
                            return false;
                        };
                        let ty = ty.to_ascii_lowercase();
                        v.iter().any(|c| (c.0, c.3) == *g)
                            && !h.is_empty()
                            && (ty.contains(h) || h.contains(ty.as_str()))
                    })
                })
                .collect()
        }
    };
    if kept.is_empty() {
        found
    } else {
        kept
    }
}

// Verifies: REQ-ROUTES
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_resolve_to_files_per_language() {
        let js = RouteSyntax::Js;
        assert!(module_matches(
            "src/app.js",
            "./routes/payments",
            "src/routes/payments.js",
            js
        ));
        assert!(module_matches(
            "src/app.ts",
            "./routes",
            "src/routes/index.ts",
            js
        ));
        assert!(module_matches(
            "src/a/app.ts",
            "../routes/x",
            "src/routes/x.ts",
            js
        ));
        assert!(!module_matches(
            "src/app.js",
            "./routes/payments",
            "lib/routes/payments.js",
            js
        ));
        assert!(module_matches(
            "src/routes.ts",
            "./tag/tag.controller",
            "src/tag/tag.controller.ts",
            js
        ));
        assert!(module_matches("src/app.ts", "./x.js", "src/x.ts", js));
        let py = RouteSyntax::Python;
        assert!(module_matches(
            "app/main.py",
            "app.routers.payments",
            "app/routers/payments.py",
            py
        ));
        assert!(module_matches(
            "src/app/main.py",
            ".routers.payments",
            "src/app/routers/payments.py",
            py
        ));
        assert!(module_matches(
            "app/api/v1.py",
            "..routers",
            "app/routers/__init__.py",
            py
        ));
        let go = RouteSyntax::Go;
        assert!(module_matches(
            "cmd/main.go",
            "example.com/app/payments",
            "internal/payments/routes.go",
            go
        ));
        let rs = RouteSyntax::Rust;
        assert!(module_matches(
            "src/main.rs",
            "crate::api::payments",
            "src/api/payments.rs",
            rs
        ));
        assert!(module_matches(
            "src/main.rs",
            "payments",
            "src/payments/mod.rs",
            rs
        ));
        assert!(!module_matches(
            "src/main.rs",
            "payments",
            "src/refunds.rs",
            rs
        ));
    }
}
