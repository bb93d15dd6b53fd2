//! `[cache]` in `throughline.toml`: where the facts cache lives, or that there is none.

use serde::Deserialize;
use std::path::{Component, Path};

/// The default folder, relative to the workspace root. Hidden, so the walk skips it.
pub const DEFAULT_DIR: &str = ".throughline/cache";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCache {
    dir: Option<String>,
    enabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheConfig {
    /// Relative to the workspace root, with `/` separators, never leaving it.
    pub dir: String,
    pub enabled: bool,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            dir: DEFAULT_DIR.to_string(),
            enabled: true,
        }
    }
}

/// Checks `dir`: a path inside the workspace (the trust rule for every configured path).
pub fn resolve(raw: RawCache) -> Result<CacheConfig, String> {
    let dir = match raw.dir {
        None => DEFAULT_DIR.to_string(),
        Some(d) => {
            let trimmed = d.trim_end_matches('/').to_string();
            let escapes = trimmed.is_empty()
                || Path::new(&trimmed).is_absolute()
                || trimmed.starts_with(['/', '\\'])
                || Path::new(&trimmed)
                    .components()
                    .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
                || trimmed.split(['/', '\\']).any(|c| c == ".." || c == ".");
            if escapes {
                return Err(format!(
                    "cache.dir: `{d}` is not a folder inside the workspace; give a path relative to it without `..`"
                ));
            }
            trimmed.replace('\\', "/")
        }
    };
    Ok(CacheConfig {
        dir,
        enabled: raw.enabled.unwrap_or(true),
    })
}

// Verifies: REQ-CACHE
#[cfg(test)]
mod tests {
    use super::*;

    fn raw(dir: Option<&str>) -> RawCache {
        RawCache {
            dir: dir.map(str::to_string),
            enabled: None,
        }
    }

    #[test]
    fn default_and_relative_dirs() {
        assert_eq!(resolve(raw(None)).unwrap().dir, DEFAULT_DIR);
        assert_eq!(resolve(raw(Some("build/tl/"))).unwrap().dir, "build/tl");
    }

    #[test]
    fn dirs_outside_the_workspace_are_refused() {
        for d in ["/tmp/x", "../x", "a/../../x", "", "./x", "\\x"] {
            let e = resolve(raw(Some(d))).unwrap_err();
            assert!(e.contains("inside the workspace"), "{d}: {e}");
        }
    }
}
