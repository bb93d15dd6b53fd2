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
    speckit: Option<RawDialect>,
    openspec: Option<RawDialect>,
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
    pub speckit: Dialect,
    pub openspec: Dialect,
}

const KIRO_KINDS: &[&str] = &["requirement", "criterion", "property", "task"];
const OPENSPEC_KINDS: &[&str] = &["requirement", "scenario"];
const SPECKIT_KINDS: &[&str] = &[
    "requirement",
    "success-criterion",
    "story",
    "scenario",
    "task",
];

/// Validates `[dialects]`: folders stay inside the workspace, item kinds exist.
/// Implements: REQ-DIALECT-MODEL
pub fn resolve(raw: RawDialects) -> Result<Dialects, String> {
    Ok(Dialects {
        kiro: dialect("kiro", raw.kiro, super::KIRO_FOLDER, KIRO_KINDS)?,
        speckit: dialect("speckit", raw.speckit, super::SPECKIT_FOLDER, SPECKIT_KINDS)?,
        openspec: dialect(
            "openspec",
            raw.openspec,
            super::OPENSPEC_FOLDER,
            OPENSPEC_KINDS,
        )?,
    })
}

fn dialect(
    name: &str,
    raw: Option<RawDialect>,
    default_folder: &str,
    kinds: &[&str],
) -> Result<Dialect, String> {
    let raw = raw.unwrap_or_default();
    let folder = raw.folder.unwrap_or_else(|| default_folder.to_string());
    let folder = folder.trim_end_matches('/').to_string();
    let inside = !folder.is_empty()
        && !Path::new(&folder).is_absolute()
        && !folder.split(['/', '\\']).any(|c| c == "..")
        && !folder.contains('\\');
    if !inside {
        return Err(format!(
            "dialects.{name}.folder `{folder}` must be a relative path inside the workspace"
        ));
    }
    for kind in raw.needs.keys() {
        if !kinds.contains(&kind.as_str()) {
            return Err(format!(
                "dialects.{name}.needs: unknown item kind `{kind}`; known: {}",
                kinds.join(", ")
            ));
        }
    }
    Ok(Dialect {
        enabled: raw.enabled,
        folder,
        needs: raw.needs.into_iter().collect(),
    })
}

impl Dialects {
    /// The Spec Kit folder, when the dialect is on: by default when some
    /// `specs/<feature>/spec.md` exists.
    pub fn speckit_folder(&self, root: &Path) -> Option<String> {
        let k = &self.speckit;
        let on = match k.enabled {
            Some(on) => on,
            None => std::fs::read_dir(root.join(&k.folder)).is_ok_and(|dir| {
                dir.flatten()
                    .take(10_000)
                    .any(|e| e.path().join("spec.md").is_file())
            }),
        };
        on.then(|| inside_target(root, &k.folder).unwrap_or_else(|| k.folder.clone()))
    }

    /// The OpenSpec folder, when the dialect is on: by default when it has `specs/` or
    /// `changes/`.
    pub fn openspec_folder(&self, root: &Path) -> Option<String> {
        let k = &self.openspec;
        let dir = root.join(&k.folder);
        let on = k
            .enabled
            .unwrap_or_else(|| dir.join("specs").is_dir() || dir.join("changes").is_dir());
        on.then(|| inside_target(root, &k.folder).unwrap_or_else(|| k.folder.clone()))
    }

    /// The Kiro folder, when the dialect is on for the workspace at `root`. Repositories
    /// often make `.kiro/specs` a symbolic link to their docs; the walk never follows
    /// links, so a link that resolves inside the workspace is read at its target.
    pub fn kiro_folder(&self, root: &Path) -> Option<String> {
        let k = &self.kiro;
        let on = match k.enabled {
            Some(on) => on,
            None => root.join(&k.folder).is_dir(),
        };
        if !on {
            return None;
        }
        Some(inside_target(root, &k.folder).unwrap_or_else(|| k.folder.clone()))
    }
}

/// `folder`'s target relative to `root` when it (or a folder on its way) is a link that
/// resolves inside the workspace.
fn inside_target(root: &Path, folder: &str) -> Option<String> {
    let path = root.join(folder);
    let is_link = Path::new(folder)
        .ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .any(|a| {
            root.join(a)
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
        });
    if !is_link {
        return None;
    }
    let target = path.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    let rel = target.strip_prefix(&root).ok()?;
    let rel = rel
        .to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/");
    (!rel.is_empty()).then_some(rel)
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
        assert!(
            toml::from_str::<RawDialects>("[tessl]\n").is_err(),
            "no such dialect"
        );
        assert!(parse("[openspec]\nneeds = { scenario = [\"test\"] }\n").is_ok());
        assert!(parse("[speckit]\nneeds = { story = [\"test\"] }\n").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_specs_folder_is_read_at_its_target_inside_the_workspace() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("docs/specs")).unwrap();
        std::fs::create_dir_all(root.join(".kiro")).unwrap();
        std::os::unix::fs::symlink("../docs/specs", root.join(".kiro/specs")).unwrap();
        let d = resolve(RawDialects::default()).unwrap();
        assert_eq!(d.kiro_folder(root).as_deref(), Some("docs/specs"));
        // A link out of the workspace is not followed: the folder stays as configured,
        // and the walk (which follows no links) reads nothing there.
        let outside = tempfile::tempdir().unwrap();
        std::fs::remove_file(root.join(".kiro/specs")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join(".kiro/specs")).unwrap();
        assert_eq!(d.kiro_folder(root).as_deref(), Some(".kiro/specs"));
    }
}
