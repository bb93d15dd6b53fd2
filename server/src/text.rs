//! Positions in text: byte offsets to (line, column) and back.
//!
//! Columns are kept in bytes internally; output formats convert to characters (CLI,
//! SARIF) or UTF-16 units (LSP) with the line text at hand.

use serde::Serialize;

/// A 0-based line and a 0-based byte column.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, serde::Deserialize,
)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A half-open range of positions.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, serde::Deserialize,
)]
pub struct Range {
    pub start: Pos,
    pub end: Pos,
}

/// Line start offsets of one text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0u32];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1));
        LineIndex { starts }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset as u32;
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        Pos {
            line: line as u32,
            col: offset - self.starts[line],
        }
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range {
            start: self.pos(start),
            end: self.pos(end),
        }
    }

    /// Byte offset of the start of `line`, clamped to the text.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts.get(line as usize).map(|&s| s as usize)
    }
}

/// The text of line `line` (without its newline), or `None` past the end.
pub fn line_text(text: &str, line: u32) -> Option<&str> {
    text.split('\n')
        .nth(line as usize)
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// Converts a byte column on `line_text` to a 0-based character column, clamping to the
/// line end and to character boundaries.
pub fn char_col(line_text: &str, byte_col: u32) -> usize {
    let mut b = (byte_col as usize).min(line_text.len());
    while !line_text.is_char_boundary(b) {
        b -= 1;
    }
    line_text[..b].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_columns() {
        let idx = LineIndex::new("ab\ncdé\n\nx");
        assert_eq!(idx.pos(0), Pos { line: 0, col: 0 });
        assert_eq!(idx.pos(4), Pos { line: 1, col: 1 });
        assert_eq!(idx.pos(8), Pos { line: 2, col: 0 });
        assert_eq!(idx.pos(9), Pos { line: 3, col: 0 });
    }

    #[test]
    fn char_columns_count_characters_not_bytes() {
        assert_eq!(char_col("é🙂REQ-1", 6), 2);
        assert_eq!(char_col("ab", 99), 2);
        assert_eq!(char_col("é", 1), 0);
    }
}
