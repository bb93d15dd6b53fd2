//! `[dialects]` in `throughline.toml`: each dialect is on when its folder exists, and can
//! be turned off, moved, or given more needs.
//!
//! ```toml
//! [dialects.kiro]
//! enabled = false              # default: on when the folder exists
//! folder = "docs/kiro/specs"   # default: .kiro/specs
//! needs = { property = ["test"] }
//! ```

use crate::config::Need;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDialects {
    kiro: Option<RawDialect>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDialect {
    enabled: Option<bool>,
    folder: Option<String>,
    #[serde(default)]
    needs: BTreeMap<String, Vec<Need>>,
}

/// One dialect's resolved settings.
#[derive(Debug, Clone)]
pub struct Dialect {
    pub enabled: Option<bool>,
    /// Workspace-relative, `/`-separated.
    pub folder: String,
    /// Extra needs per item kind (`criterion`, `requirement`, `property`, `task`).
    pub needs: Vec<(String, Vec<Need>)>,
}

#[derive(Debug, Clone)]
pub struct Dialects {
    pub kiro: Dialect,
}

const KIRO_KINDS: &[&str] = &["requirement", "criterion", "property", "task"];

/// Validates `[dialects]`: folders stay inside the workspace, item kinds exist.
/// Implements: REQ-DIALECT-MODEL
pub fn resolve(raw: RawDialects) -> Result<Dialects, String> {
    let kiro = raw.kiro.unwrap_or_default();
    let folder = kiro
        .folder
        .unwrap_or_else(|| super::KIRO_FOLDER.to_string());
    let folder = folder.trim_end_matches('/').to_string();
    let inside = !folder.is_empty()
        && !Path::new(&folder).is_absolute()
        && !folder.split(['/', '\\']).any(|c| c == "..")
        && !folder.contains('\\');
    if !inside {
        return Err(format!(
            "dialects.kiro.folder `{folder}` must be a relative path inside the workspace"
        ));
    }
    for kind in kiro.needs.keys() {
        if !KIRO_KINDS.contains(&kind.as_str()) {
            return Err(format!(
                "dialects.kiro.needs: unknown item kind `{kind}`; known: {}",
                KIRO_KINDS.join(", ")
            ));
        }
    }
    Ok(Dialects {
        kiro: Dialect {
            enabled: kiro.enabled,
            folder,
            needs: kiro.needs.into_iter().collect(),
        },
    })
}

impl Dialects {
    /// The Kiro folder, when the dialect is on for the workspace at `root`.
    pub fn kiro_folder(&self, root: &Path) -> Option<&str> {
        let k = &self.kiro;
        let on = match k.enabled {
            Some(on) => on,
            None => root.join(&k.folder).is_dir(),
        };
        on.then_some(k.folder.as_str())
    }
}

#[cfg(test)]
mod tests {
    // Verifies: REQ-DIALECT-MODEL
    use super::*;

    #[test]
    fn folders_stay_inside_and_kinds_are_known() {
        let parse = |t: &str| resolve(toml::from_str::<RawDialects>(t).unwrap());
        assert_eq!(parse("").unwrap().kiro.folder, ".kiro/specs");
        assert_eq!(
            parse("[kiro]\nfolder = \"specs/\"\n").unwrap().kiro.folder,
            "specs"
        );
        assert!(parse("[kiro]\nfolder = \"../x\"\n")
            .unwrap_err()
            .contains("inside the workspace"));
        assert!(parse("[kiro]\nfolder = \"/etc\"\n").is_err());
        assert!(parse("[kiro]\nneeds = { story = [\"test\"] }\n")
            .unwrap_err()
            .contains("unknown item kind"));
        assert!(toml::from_str::<RawDialects>("[kiro]\nfolders = 1\n").is_err());
        assert!(toml::from_str::<RawDialects>("[speckit]\n").is_err());
    }
}
