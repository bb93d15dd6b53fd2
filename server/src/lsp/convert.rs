//! Conversions between domain positions (line + byte column, workspace-relative paths)
//! and LSP positions (UTF-16 or UTF-8 columns, URIs).

use crate::text::{Pos, Range};
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::{self as lsp, Uri};

/// Implements: REQ-LSP-WORKSPACE
/// The negotiated position encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

/// A byte column on `line` to an LSP character offset.
pub fn to_lsp_col(line: &str, byte_col: u32, enc: Encoding) -> u32 {
    let mut b = (byte_col as usize).min(line.len());
    while !line.is_char_boundary(b) {
        b -= 1;
    }
    match enc {
        Encoding::Utf8 => b as u32,
        Encoding::Utf16 => line[..b].encode_utf16().count() as u32,
    }
}

/// An LSP character offset on `line` to a byte column, clamped to the line's end (a
/// position past the end is legal LSP and means the end of the line).
pub fn from_lsp_col(line: &str, character: u32, enc: Encoding) -> u32 {
    match enc {
        Encoding::Utf8 => {
            let mut b = (character as usize).min(line.len());
            while !line.is_char_boundary(b) {
                b -= 1;
            }
            b as u32
        }
        Encoding::Utf16 => {
            let mut units = 0u32;
            for (i, ch) in line.char_indices() {
                let next = units + ch.len_utf16() as u32;
                // At a character, or inside a surrogate pair: round down to its start.
                if units >= character || next > character {
                    return i as u32;
                }
                units = next;
            }
            line.len() as u32
        }
    }
}

/// Line `n` of `text` without its line ending; empty past the end.
pub fn line_of(text: &str, n: u32) -> &str {
    crate::text::line_text(text, n).unwrap_or("")
}

pub fn to_lsp_pos(text: &str, pos: Pos, enc: Encoding) -> lsp::Position {
    lsp::Position {
        line: pos.line,
        character: to_lsp_col(line_of(text, pos.line), pos.col, enc),
    }
}

pub fn to_lsp_range(text: &str, r: Range, enc: Encoding) -> lsp::Range {
    lsp::Range {
        start: to_lsp_pos(text, r.start, enc),
        end: to_lsp_pos(text, r.end, enc),
    }
}

/// An LSP position to a domain position. Lines past the end clamp to the last line's end.
pub fn from_lsp_pos(text: &str, p: lsp::Position, enc: Encoding) -> Pos {
    let lines = text.split('\n').count() as u32;
    if p.line >= lines {
        let last = lines.saturating_sub(1);
        return Pos {
            line: last,
            col: line_of(text, last).len() as u32,
        };
    }
    Pos {
        line: p.line,
        col: from_lsp_col(line_of(text, p.line), p.character, enc),
    }
}

pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

pub fn path_to_uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

// Verifies: REQ-LSP-WORKSPACE
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let line = "é🙂 REQ-1";
        // é = 2 bytes / 1 unit, 🙂 = 4 bytes / 2 units, space = 1.
        assert_eq!(to_lsp_col(line, 7, Encoding::Utf16), 4);
        assert_eq!(from_lsp_col(line, 4, Encoding::Utf16), 7);
        assert_eq!(to_lsp_col(line, 7, Encoding::Utf8), 7);
        // Inside a surrogate pair or past the end: clamp.
        assert_eq!(from_lsp_col(line, 2, Encoding::Utf16), 2);
        assert_eq!(from_lsp_col(line, 99, Encoding::Utf16), line.len() as u32);
    }

    #[test]
    fn cjk_and_positions_past_the_end() {
        let text = "需求 REQ-1\nx";
        assert_eq!(
            to_lsp_pos(text, Pos { line: 0, col: 7 }, Encoding::Utf16).character,
            3
        );
        assert_eq!(
            from_lsp_pos(
                text,
                lsp::Position {
                    line: 9,
                    character: 9
                },
                Encoding::Utf16
            ),
            Pos { line: 1, col: 1 }
        );
    }
}
