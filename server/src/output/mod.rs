//! Output formats for `throughline check`. Each renders the same diagnostics.
//! Implements: REQ-OUTPUT-FORMATS

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::text::{char_col, LineIndex, Range};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// With `check --base REV`: the findings the change fixed (positions at REV), and where
/// to read REV's files. When a report has one, its diagnostics are the new findings.
pub struct Resolved<'a> {
    pub rev: &'a str,
    pub diagnostics: &'a [crate::diagnostics::Diagnostic],
    pub sources: &'a mut Sources,
}

/// Reads a file's bytes by its workspace-relative path.
pub type Loader = Box<dyn Fn(&str) -> Option<Vec<u8>>>;

/// Reads source files on demand, for snippets and character columns: from the disk, or
/// from elsewhere (the tree of the base revision in `check --base`).
pub struct Sources {
    root: PathBuf,
    load: Option<Loader>,
    /// Each file's text with its line index: a report on a large file (a contract with a
    /// thousand findings) must not rescan the file for every line it quotes.
    cache: HashMap<String, Option<(String, LineIndex)>>,
}

/// A range as 1-based lines and 1-based character columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Sources {
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn new(root: &Path) -> Sources {
        Sources {
            root: root.to_path_buf(),
            load: None,
            cache: HashMap::new(),
        }
    }

    /// Sources read through `load` instead of from the disk; `root` is still the one
    /// reports name.
    pub fn with_loader(root: &Path, load: Loader) -> Sources {
        Sources {
            root: root.to_path_buf(),
            load: Some(load),
            cache: HashMap::new(),
        }
    }

    /// The file text, if it can still be read.
    pub fn text(&mut self, path: &str) -> Option<&str> {
        self.entry(path).map(|(t, _)| t.as_str())
    }

    fn entry(&mut self, path: &str) -> Option<&(String, LineIndex)> {
        if !self.cache.contains_key(path) {
            let bytes = match &self.load {
                Some(load) => load(path),
                None => std::fs::read(self.root.join(path)).ok(),
            };
            let loaded = bytes.map(|b| {
                let t = String::from_utf8_lossy(&b).into_owned();
                let idx = LineIndex::new(&t);
                (t, idx)
            });
            self.cache.insert(path.to_string(), loaded);
        }
        self.cache.get(path).and_then(Option::as_ref)
    }

    pub fn line(&mut self, path: &str, line: u32) -> Option<&str> {
        let (text, idx) = self.entry(path)?;
        let start = idx.line_start(line)?;
        let end = idx
            .line_start(line + 1)
            .map_or(text.len(), |e| e.saturating_sub(1));
        let l = text.get(start..end.max(start))?;
        Some(l.strip_suffix('\r').unwrap_or(l))
    }

    /// Converts a byte range to 1-based lines and character columns.
    pub fn line_col(&mut self, path: &str, range: Range) -> LineCol {
        let col = |s: &mut Sources, line: u32, byte: u32| {
            s.line(path, line)
                .map_or(byte as usize, |l| char_col(l, byte)) as u32
                + 1
        };
        LineCol {
            line: range.start.line + 1,
            column: col(self, range.start.line, range.start.col),
            end_line: range.end.line + 1,
            end_column: col(self, range.end.line, range.end.col),
        }
    }
}
