//! `throughline export` and `throughline report`: one run over the workspace, every
//! annotation's symbol named, then the export model (JSON) or the page built from it.

use crate::check::{self, Run};
use crate::export;
use std::path::{Path, PathBuf};

/// What `export` and `report` run on.
pub struct Target<'a> {
    pub root: Option<&'a Path>,
    pub path: Option<&'a Path>,
    /// `--test-results`, besides `[evidence] test-results`.
    pub test_results: &'a [PathBuf],
}

/// A checked workspace with every symbol named, and its export.
pub struct Published {
    pub root: PathBuf,
    pub run: Run,
    pub export: export::model::Export,
}

/// Runs over the workspace and builds its export; the error is a usage error's text.
/// Implements: REQ-EXPORT
pub fn publish(target: Target, scope: export::Scope) -> Result<Published, String> {
    let (found, _scope) =
        crate::root::locate(target.root, target.path).map_err(|e| e.to_string())?;
    let root = found.path;
    let mut run = check::run_with(&root, check::check_extraction(), check::Options::default())
        .map_err(|e| e.to_string())?;
    if let crate::drift::LockState::Broken(e) = run.graph.lock.as_ref() {
        return Err(e.to_string());
    }
    crate::evidence::apply(&root, &mut run, target.test_results);
    let read = |p: &str| std::fs::read(root.join(p)).ok();
    export::resolve_symbols(&read, &mut run.graph);
    let name = run
        .graph
        .config
        .name
        .clone()
        .or_else(|| root.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "workspace".to_string());
    let revision = crate::baseline::git::head_commit(&root);
    let export = export::build(&run, &root, name, revision, scope);
    Ok(Published { root, run, export })
}

/// Writes `text` to `output`, or to stdout; the error names the file.
pub fn write_out(output: Option<&Path>, text: &str) -> Result<(), String> {
    use std::io::Write;
    match output {
        Some(p) => {
            std::fs::write(p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))
        }
        None => {
            // A closed pipe (`| head`) is not an error.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            Ok(())
        }
    }
}

/// The export's JSON Schema (`export --schema`, `docs/export.schema.json`).
pub fn schema() -> String {
    let schema = schemars::schema_for!(export::model::Export);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The workspace root relative to the folder a page is written to (`../../` for
/// `out/site/report.html` in the root), for links that open the sources beside it;
/// an absolute `file://` URL when the page lies outside the root.
pub fn root_from(page: &Path, root: &Path) -> String {
    let dir = page.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = match dir {
        Some(d) => d.canonicalize().unwrap_or_else(|_| d.to_path_buf()),
        None => std::env::current_dir().unwrap_or_default(),
    };
    match dir.strip_prefix(root) {
        Ok(rel) => "../".repeat(rel.components().count()),
        Err(_) => format!("file://{}/", root.display()),
    }
}
