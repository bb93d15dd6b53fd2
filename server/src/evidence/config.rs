//! `[evidence]` in `throughline.toml`:
//!
//! ```toml
//! [evidence]
//! test-results = ["reports/**/*.xml"]   # JUnit XML, globs inside the workspace
//! ```

use serde::Deserialize;
use std::path::{Component, Path};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawEvidence {
    #[serde(default)]
    test_results: Vec<String>,
}

/// `[evidence]` as resolved.
#[derive(Debug, Clone, Default)]
pub struct EvidenceConfig {
    /// Workspace-relative globs of JUnit XML files, `/`-separated.
    pub test_results: Vec<String>,
}

/// Validates `[evidence]`: each glob compiles and stays inside the workspace.
/// Implements: REQ-EVIDENCE-JUNIT
pub fn resolve(raw: RawEvidence) -> Result<EvidenceConfig, String> {
    for g in &raw.test_results {
        let escapes = Path::new(g).is_absolute()
            || g.starts_with('/')
            || g.starts_with('\\')
            || Path::new(g)
                .components()
                .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
            || g.split(['/', '\\']).any(|c| c == "..");
        if escapes {
            return Err(format!(
                "evidence.test-results: `{g}` is outside the workspace; give a path relative to it without `..`"
            ));
        }
        super::load::glob(g).map_err(|e| format!("evidence.test-results: bad glob `{g}`: {e}"))?;
    }
    Ok(EvidenceConfig {
        test_results: raw.test_results,
    })
}

// Verifies: REQ-EVIDENCE-JUNIT
#[cfg(test)]
mod tests {
    use super::*;

    fn raw(globs: &[&str]) -> RawEvidence {
        RawEvidence {
            test_results: globs.iter().map(|g| g.to_string()).collect(),
        }
    }

    #[test]
    fn globs_inside_the_workspace_are_kept() {
        let c = resolve(raw(&["reports/**/*.xml", "junit.xml"])).unwrap();
        assert_eq!(c.test_results, vec!["reports/**/*.xml", "junit.xml"]);
    }

    #[test]
    fn escaping_and_bad_globs_are_refused() {
        for g in ["../x/*.xml", "/tmp/*.xml", "a/../../b.xml"] {
            let e = resolve(raw(&[g])).unwrap_err();
            assert!(e.contains("outside the workspace"), "{g}: {e}");
        }
        let e = resolve(raw(&["reports/[a.xml"])).unwrap_err();
        assert!(e.contains("bad glob"), "{e}");
    }
}
