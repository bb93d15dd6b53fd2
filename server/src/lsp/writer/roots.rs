//! Which roots the writer keeps: one per client workspace folder, found by the rule in
//! `crate::root`, plus one for each file opened outside them all.

use super::{Root, Writer};
use crate::root::{self, Marker};
use std::path::{Path, PathBuf};

impl Writer {
    /// Implements: REQ-ROOT
    /// Replaces every root with those found for the client's folders.
    pub(super) fn init_roots(&mut self, folders: Vec<PathBuf>) {
        self.roots.clear();
        self.folders.clear();
        for folder in folders {
            self.add_folder(folder);
        }
    }

    pub(super) fn change_folders(&mut self, added: Vec<PathBuf>, removed: Vec<PathBuf>) {
        self.folders.retain(|(f, _)| !removed.contains(f));
        let kept: Vec<PathBuf> = self.folders.iter().map(|(_, r)| r.clone()).collect();
        let open: Vec<PathBuf> = self.docs.keys().cloned().collect();
        // A root stays while a remaining folder maps to it, or while it holds open files
        // that no folder covers (it was adopted for them).
        self.roots.retain(|r| {
            kept.contains(&r.path)
                || (!removed.contains(&r.path) && open.iter().any(|p| p.starts_with(&r.path)))
        });
        for folder in added {
            self.add_folder(folder);
        }
        self.reapply_open_docs(None);
    }

    fn add_folder(&mut self, folder: PathBuf) {
        let found = root::discover_from_dir(&folder);
        if found.path != folder {
            self.log(format!(
                "workspace folder {}: using the root {} above it ({})",
                folder.display(),
                found.path.display(),
                found.marker.describe()
            ));
        }
        if !self.roots.iter().any(|r| r.path == found.path) {
            self.roots
                .push(Root::load(found.path.clone(), self.overrides.clone()));
        }
        self.folders.push((folder, found.path));
    }

    /// Gives a file opened outside every root a root of its own, and a file whose
    /// nearest `throughline.toml` lies below its root the nested root that the CLI would
    /// use for it (so opening the demo from this repository's root serves the demo's
    /// policy). Returns whether a root was added.
    pub(super) fn adopt(&mut self, file: &Path) -> bool {
        let Some(dir) = file.parent().filter(|d| d.is_dir()) else {
            return false;
        };
        let found = root::discover_from_dir(dir);
        if self.roots.iter().any(|r| r.path == found.path) {
            return false;
        }
        if let Some((i, _)) = self.root_of(file) {
            let nested =
                found.marker == Marker::Config && found.path.starts_with(&self.roots[i].path);
            if !nested {
                return false;
            }
        }
        self.log(format!(
            "serving {} from the root {} ({}), by the rule the CLI follows",
            file.display(),
            found.path.display(),
            found.marker.describe()
        ));
        let o = self.overrides.clone();
        let root = match found.marker {
            Marker::Start => Root::load_unwalked(found.path, o),
            _ => Root::load(found.path, o),
        };
        self.roots.push(root);
        // Buffers already open under the new root belong to it now.
        let i = self.roots.len() - 1;
        self.reapply_open_docs(Some(i));
        true
    }

    /// To the server's log and the client's (`window/logMessage`).
    fn log(&self, message: String) {
        tracing::info!("{message}");
        let _ = self.out.send(super::Outgoing::Log(message));
    }
}
