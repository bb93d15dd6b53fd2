//! Output formats for `throughline check`. Each renders the same diagnostics.
//! Implements: REQ-OUTPUT-FORMATS

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::text::{char_col, line_text, Range};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Reads source files on demand, for snippets and character columns.
pub struct Sources {
    root: PathBuf,
    cache: HashMap<String, Option<String>>,
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
    pub fn new(root: &Path) -> Sources {
        Sources {
            root: root.to_path_buf(),
            cache: HashMap::new(),
        }
    }

    /// The file text, if it can still be read.
    pub fn text(&mut self, path: &str) -> Option<&str> {
        self.cache
            .entry(path.to_string())
            .or_insert_with(|| {
                std::fs::read(self.root.join(path))
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
            })
            .as_deref()
    }

    pub fn line(&mut self, path: &str, line: u32) -> Option<&str> {
        self.text(path).and_then(|t| line_text(t, line))
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
